import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import type { ProcessRequest, ProcessRunner } from '../../../src/process/process-runner';
import { MAX_DOCKERFILE_CHARS, MAX_DOCKERFILE_LINES } from '../../../src/scanners/builtin-dockerfile/engine';
import { createBuiltinDockerfileScanner } from '../../../src/scanners/builtin-dockerfile/index';
import { shellcheckDockerfile } from '../../../src/scanners/builtin-dockerfile/shellcheck';
import { BUILTIN_DOCKERFILE_VERSION } from '../../../src/scanners/builtin-dockerfile/scanner';
import { scanWithoutProcesses } from './scan-without-processes';
import { useTemporaryDirectory } from '../../temporary-directory';

/*
 * A 5 MB Dockerfile with findings on every instruction crashed the
 * scanner ("Maximum call stack size exceeded") and dropped every other
 * Dockerfile's findings. These run the whole scanner, not only the engine.
 */

/** A RUN that breaks DL3003, DL3008, DL3013, DL3015 and DL3042. */
const NOISY_RUN = (index: number): string =>
  `RUN apt-get install -y pkg${String(index)} && cd /tmp${String(index)} && pip install foo${String(index)} \\\n    && echo ${String(index)}\n`;

function noisyDockerfile(minimumChars: number): string {
  let text = 'FROM python:3.11-slim AS base\n';
  for (let index = 0; text.length < minimumChars; index++) text += NOISY_RUN(index);
  return text;
}

/** The script files a ShellCheck run is given: its arguments that are not options. */
function scriptFiles(request: ProcessRequest): string[] {
  return request.args.filter((arg) => !arg.startsWith('-'));
}

function processResult(stdout: string): Awaited<ReturnType<ProcessRunner>> {
  return { stdout, stderr: '', exitCode: 0, exitSignal: null, truncated: false, durationMs: 1 };
}

describe('built-in Dockerfile scanner on very large files', function () {
  this.timeout(120_000); // no timing assertions; generous for a busy shared 2-core machine
  const root = useTemporaryDirectory('large-dockerfile-');

  it('reports a 5 MB Dockerfile as one DL1000, keeps it from ShellCheck, and still lints the other Dockerfiles', async () => {
    const huge = noisyDockerfile(5 * 1024 * 1024);
    writeFileSync(join(root(), 'Dockerfile'), huge);
    mkdirSync(join(root(), 'api'));
    writeFileSync(join(root(), 'api', 'Dockerfile'), 'FROM debian:latest\nRUN sudo true\nUSER 1\n');
    // A `shellcheck` on the user's PATH (outside the repository: a repository cannot provide it), answered
    // by an injected runner that records each script it is given.
    const tools = mkdtempSync(join(tmpdir(), 'large-dockerfile-bin-'));
    writeFileSync(join(tools, 'shellcheck'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const shellchecked: string[] = [];
    const fakeShellcheck: ProcessRunner = (request) => {
      if (request.args.includes('--version')) return Promise.resolve(processResult('version: 0.9.0\n'));
      for (const script of scriptFiles(request))
        shellchecked.push(readFileSync(script, 'utf8').split('\n').at(-2) ?? '');
      return Promise.resolve(processResult('{"comments":[]}'));
    };

    const outcome = await createBuiltinDockerfileScanner().scan({
      root: root(),
      config: { ...DEFAULT_CONFIG, ignore: ['bin/**'] },
      runProcess: fakeShellcheck,
      env: { PATH: tools },
    });

    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.location.line, finding.ruleId]),
      [
        ['Dockerfile', 1, 'DL1000'],
        ['api/Dockerfile', 1, 'DL3007'],
        ['api/Dockerfile', 2, 'DL3004'],
      ],
    );
    const tooLarge = outcome.findings[0];
    strictEqual(tooLarge?.severity, 'high');
    strictEqual(
      tooLarge.message,
      `The file is larger than 1 MB (${String(huge.length)} characters); it was not linted. A Dockerfile this large is almost certainly generated or not a Dockerfile: exclude it with an ignore glob in .devsecops.yml, or split it.`,
    );
    deepStrictEqual(shellchecked, ['sudo true'], 'only the normal Dockerfile goes to ShellCheck');
    rmSync(tools, { recursive: true, force: true });
    deepStrictEqual(
      outcome.tools.map((tool) => [tool.name, tool.status, tool.version]),
      [
        ['devsecops-dockerfile', 'ok', BUILTIN_DOCKERFILE_VERSION],
        ['shellcheck', 'ok', '0.9.0'],
      ],
    );
  });

  it('lints a file just under the limits with findings on every instruction (no stack overflow)', async () => {
    // Just under both limits: the most findings one file can produce in practice (about 5 per RUN).
    let text = 'FROM python:3.11-slim AS base\n';
    let runs = 0;
    while (text.length + 200 < MAX_DOCKERFILE_CHARS && runs * 2 + 4 < MAX_DOCKERFILE_LINES) text += NOISY_RUN(runs++);
    writeFileSync(join(root(), 'Dockerfile'), text);

    const outcome = await scanWithoutProcesses(root());

    const perRule = new Map<string, number>();
    for (const finding of outcome.findings) perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
    // Five findings on every RUN, and DS004 (the stage runs as root) once.
    deepStrictEqual(
      [...perRule].sort(([a], [b]) => (a < b ? -1 : 1)),
      [
        ['DL3003', runs],
        ['DL3008', runs],
        ['DL3013', runs],
        ['DL3015', runs],
        ['DL3042', runs],
        ['DS004', 1],
      ],
    );
    strictEqual(outcome.tools[0]?.status, 'ok');
  });

  it('reports a file with more lines than the limit as one DL1000', async () => {
    writeFileSync(join(root(), 'Dockerfile'), `FROM debian:latest\n${'# comment\n'.repeat(MAX_DOCKERFILE_LINES)}`);

    const outcome = await scanWithoutProcesses(root());

    deepStrictEqual(
      outcome.findings.map((finding) => [finding.ruleId, finding.message]),
      [
        [
          'DL1000',
          `The file has ${String(MAX_DOCKERFILE_LINES + 1)} lines, more than the ${String(MAX_DOCKERFILE_LINES)} the linter reads; it was not linted. Exclude it with an ignore glob in .devsecops.yml, or split it.`,
        ],
      ],
    );
  });

  it('stops ShellCheck at maxScripts RUNs per file and says how many were left', async () => {
    let checked = 0;
    const fakeShellcheck: ProcessRunner = (request) => {
      checked += scriptFiles(request).length;
      return Promise.resolve(processResult('{"comments":[]}'));
    };
    const outcome = await shellcheckDockerfile(noisyDockerfile(2_000), 'Dockerfile', {
      runProcess: fakeShellcheck,
      executable: '/usr/bin/shellcheck',
      maxScripts: 3,
    });
    strictEqual(checked, 3);
    deepStrictEqual(outcome, {
      findings: [],
      skippedScripts: (noisyDockerfile(2_000).match(/^RUN /gm)?.length ?? 0) - 3,
    });
  });
});
