import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { runProcess } from '../../../src/process/process-runner';
import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinDockerfileScanner } from '../../../src/scanners/builtin-dockerfile/index';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import { readPragmas } from '../../../src/scanners/builtin-dockerfile/pragmas';
import { shellcheckDockerfile, shellcheckScripts } from '../../../src/scanners/builtin-dockerfile/shellcheck';
import type { ScannerOutcome } from '../../../src/scanners/scanner';
import { loadHadolintCases } from './hadolint-cases';
import { skipUnlessInstalled } from '../../require-in-ci';
import { useTemporaryDirectory } from '../../temporary-directory';

const SHELLCHECK = '/usr/bin/shellcheck';

describe('ShellCheck on RUN scripts', () => {
  it('builds one script per shell-form RUN with the stage shell and the ARG/ENV names', () => {
    const dockerfile = parseDockerfile(
      'ARG version=1\nARG unset\nFROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo $version\nRUN ["echo", "exec form is skipped"]\nFROM debian:12\nRUN echo hi\n',
    );
    const scripts = shellcheckScripts(dockerfile, readPragmas(dockerfile));
    deepStrictEqual(
      scripts.map((script) => [
        script.location.line,
        script.script.split('\n')[0],
        script.script.includes('export version=1'),
        script.script.includes('export unset='),
      ]),
      [
        // ARGs before the first FROM only serve FROM lines: a stage must declare them again.
        [5, '#!/bin/bash', false, false],
        [8, '#!/bin/sh', false, false],
      ],
    );
  });

  it('gives each RUN the names its stage and the stages it builds on declared, with or without a value', () => {
    const dockerfile = parseDockerfile(
      [
        'ARG TOOLCHAIN=stable',
        'RUN echo "$TOOLCHAIN"',
        'FROM alpine:3.20 AS deps',
        'ARG MIRROR',
        'ENV CACHE_DIR=/cache LANG C.UTF-8',
        'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
        'RUN echo "$MIRROR $CACHE_DIR"',
        'FROM deps AS build',
        'ARG TARGET',
        'RUN echo "$TARGET $CACHE_DIR"',
        'FROM alpine:3.20',
        'RUN echo "$CACHE_DIR"',
        'ONBUILD ARG PLUGIN',
        'ONBUILD RUN echo "$PLUGIN $CACHE_DIR"',
        '',
      ].join('\n'),
    );
    const names = (script: string): string[] =>
      [...script.matchAll(/^export (\w+)=1$/gm)]
        .map((match) => match[1] ?? '')
        .filter((name) => !/proxy/i.test(name))
        .sort();
    deepStrictEqual(
      shellcheckScripts(dockerfile, readPragmas(dockerfile)).map((script) => [
        script.location.line,
        script.script.split('\n')[0],
        names(script.script),
      ]),
      [
        [2, '#!/bin/sh', ['TOOLCHAIN']],
        [7, '#!/bin/ash', ['CACHE_DIR', 'LANG', 'MIRROR']],
        // FROM deps carries on deps' names and shell.
        [10, '#!/bin/ash', ['CACHE_DIR', 'LANG', 'MIRROR', 'TARGET']],
        // A FROM that builds on no stage starts afresh.
        [12, '#!/bin/sh', []],
        // ONBUILD triggers run in the child build: only ONBUILD ARG/ENV count there.
        [14, '#!/bin/sh', ['PLUGIN']],
      ],
    );
  });

  it('skips everything under a PowerShell shell pragma', () => {
    const dockerfile = parseDockerfile('# hadolint shell=powershell\nFROM x:1\nRUN Get-Item $x\n');
    deepStrictEqual(shellcheckScripts(dockerfile, readPragmas(dockerfile)), []);
  });

  describe('agrees with hadolint’s ShellCheck spec cases (needs /usr/bin/shellcheck)', function () {
    this.timeout(60_000);
    before(function () {
      skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
    });
    for (const testCase of loadHadolintCases().filter((candidate) => candidate.rule === 'SC*')) {
      it(`${testCase.expect}: ${testCase.description} (${testCase.source})`, async () => {
        const outcome = await shellcheckDockerfile(testCase.dockerfile, 'Dockerfile', {
          runProcess,
          executable: SHELLCHECK,
        });
        deepStrictEqual(outcome.error, undefined);
        const found = outcome.findings.length > 0;
        ok(
          testCase.expect === 'catches' ? found : !found,
          JSON.stringify(outcome.findings.map((f) => [f.ruleId, f.message])),
        );
      });
    }
  });

  it('reports a name declared only before FROM as unassigned in the stage, and a stage-declared one as set', async function () {
    skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
    this.timeout(60_000);
    const rulesAt = async (text: string): Promise<[string, number][]> => {
      const outcome = await shellcheckDockerfile(text, 'Dockerfile', { runProcess, executable: SHELLCHECK });
      deepStrictEqual(outcome.error, undefined);
      return outcome.findings.map((finding) => [finding.ruleId, finding.location.line]);
    };
    deepStrictEqual(await rulesAt('ARG release=12\nFROM debian:bookworm\nRUN echo "$release"\n'), [['SC2154', 3]]);
    deepStrictEqual(await rulesAt('ARG release=12\nFROM debian:bookworm\nARG release\nRUN echo "$release"\n'), []);
    deepStrictEqual(
      await rulesAt('FROM debian:bookworm AS base\nENV workdir=/srv\nFROM base\nRUN echo "$workdir"\n'),
      [],
    );
  });

  it("reports output that is not ShellCheck's JSON shape as an error instead of throwing or inventing findings (fuzz)", async () => {
    const outputs = [
      '{"comments": 5}',
      '{"comments": "\\\\"}',
      '{"comments": [null]}',
      '{"comments": [{"code": "x", "level": "info", "message": "m"}]}',
      'null',
    ];
    for (const stdout of outputs) {
      const fake: ProcessRunner = () =>
        Promise.resolve({ stdout, stderr: '', exitCode: 1, exitSignal: null, truncated: false, durationMs: 1 });
      deepStrictEqual(
        await shellcheckDockerfile('FROM debian:12\nRUN echo $HOME\n', 'Dockerfile', {
          runProcess: fake,
          executable: 'shellcheck',
        }),
        {
          findings: [],
          error: 'shellcheck printed output that is not its JSON format; is it older than 0.7? (RUN at line 2)',
        },
      );
    }
  });

  describe('through the built-in Dockerfile scanner, on disk', () => {
    const root = useTemporaryDirectory('devsecops-shellcheck-');
    /** Each tool run of a scan: its name and status. */
    const toolStatuses = (outcome: ScannerOutcome): string[][] => outcome.tools.map((tool) => [tool.name, tool.status]);
    const BOTH_TOOLS_OK = [
      ['devsecops-dockerfile', 'ok'],
      ['shellcheck', 'ok'],
    ];

    it('starts ShellCheck once for the RUNs of many Dockerfiles, whatever their names', async function () {
      skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
      this.timeout(120_000);
      const names = ['Dockerfile', '-x.Dockerfile', '--norc.Dockerfile', 'a b;$(id).Dockerfile', 'Dockerfile.\n'];
      for (let service = 0; service < 40; service++) {
        mkdirSync(join(root(), String(service)));
        for (const name of names) {
          writeFileSync(join(root(), String(service), name), 'FROM debian:12\nRUN echo $a\nRUN cd /x\nUSER 1\n');
        }
      }
      const runs: string[][] = [];
      const recording: ProcessRunner = (request) => {
        runs.push([...request.args]);
        return runProcess(request);
      };
      const outcome = await createBuiltinDockerfileScanner().scan({
        root: root(),
        config: DEFAULT_CONFIG,
        runProcess: recording,
        env: { PATH: '/usr/bin:/bin' },
      });
      // The version, then 400 RUN scripts in two runs.
      deepStrictEqual(
        runs.map((args) => (args.includes('--version') ? 'version' : args.filter((arg) => arg.startsWith('/')).length)),
        ['version', 250, 150],
      );
      const shellcheckFindings = outcome.findings.filter((finding) => finding.ruleId.startsWith('SC'));
      deepStrictEqual(
        new Set(shellcheckFindings.map((finding) => `${finding.ruleId}@${String(finding.location.line)}`)),
        new Set(['SC2154@2', 'SC2086@2', 'SC2164@3']),
      );
      strictEqual(shellcheckFindings.length, 200 * 3);
      deepStrictEqual(
        new Set(shellcheckFindings.map((finding) => finding.location.path)),
        new Set(Array.from({ length: 40 }, (_, service) => names.map((name) => `${String(service)}/${name}`)).flat()),
      );
      deepStrictEqual(toolStatuses(outcome), BOTH_TOOLS_OK);
    });

    it('reports SC findings through the scanner at the RUN line, honouring ignore pragmas', async function () {
      skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
      this.timeout(60_000);
      writeFileSync(
        join(root(), 'Dockerfile'),
        'FROM debian:12\nRUN echo $HOME \\\n  && true\n# hadolint ignore=SC2086\nRUN echo $HOME\nUSER 1\n',
      );
      const outcome = await createBuiltinDockerfileScanner().scan({ root: root(), config: DEFAULT_CONFIG, runProcess });
      deepStrictEqual(
        outcome.findings.map((finding) => [finding.ruleId, finding.location.line, finding.nativeSeverity]),
        [['SC2086', 2, 'info']],
      );
      deepStrictEqual(toolStatuses(outcome), BOTH_TOOLS_OK);
    });
  });
});
