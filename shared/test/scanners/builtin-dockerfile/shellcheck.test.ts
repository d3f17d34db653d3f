import { deepStrictEqual, ok } from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { runProcess } from '../../../src/process/process-runner';
import type { ProcessRunner } from '../../../src/process/process-runner';
import { createBuiltinDockerfileScanner } from '../../../src/scanners/builtin-dockerfile/index';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import { readPragmas } from '../../../src/scanners/builtin-dockerfile/pragmas';
import { shellcheckDockerfile, shellcheckScripts } from '../../../src/scanners/builtin-dockerfile/shellcheck';
import { loadHadolintCases } from './hadolint-cases';
import { skipUnlessInstalled } from '../../require-in-ci';

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
        [5, '#!/bin/bash', true, false],
        [8, '#!/bin/sh', true, false],
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
          error: 'shellcheck printed output that is not its JSON format; is it older than 0.7?',
        },
      );
    }
  });

  it('reports SC findings through the scanner at the RUN line, honouring ignore pragmas', async function () {
    skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
    this.timeout(60_000);
    const root = mkdtempSync(join(tmpdir(), 'devsecops-shellcheck-'));
    try {
      writeFileSync(
        join(root, 'Dockerfile'),
        'FROM debian:12\nRUN echo $HOME \\\n  && true\n# hadolint ignore=SC2086\nRUN echo $HOME\nUSER 1\n',
      );
      const outcome = await createBuiltinDockerfileScanner().scan({ root, config: DEFAULT_CONFIG, runProcess });
      deepStrictEqual(
        outcome.findings.map((finding) => [finding.ruleId, finding.location.line, finding.nativeSeverity]),
        [['SC2086', 2, 'info']],
      );
      deepStrictEqual(
        outcome.tools.map((tool) => [tool.name, tool.status]),
        [
          ['devsecops-dockerfile', 'ok'],
          ['shellcheck', 'ok'],
        ],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
