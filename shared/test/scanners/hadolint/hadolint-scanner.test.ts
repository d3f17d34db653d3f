import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionSettings } from '../../../src/config/execution-settings';
import { runProcess } from '../../../src/process/process-runner';
import { createHadolintScanner } from '../../../src/scanners/hadolint/hadolint-scanner';
import { createProject, executionWith, onlyToolRun, scanProject, useFakeToolProject } from '../../scan/fake-tools';

/**
 * A stand-in for hadolint 2.12 (not installable here): records its arguments
 * and prints, for each file it is given, the JSON hadolint prints for
 * `FROM python:latest` + `RUN cd /app` (format as in the real report
 * fixtures/scanner-reports/real-hadolint-tool_check.json), exiting 1 as
 * hadolint does when it reports something.
 */
function fakeHadolintScript(argsFile: string): string {
  return `case "$1" in --version) echo "Haskell Dockerfile Linter 2.12.0"; exit 0;; esac
printf '%s\\n' "$@" > ${argsFile}
sep=""
printf '['
for f in "$@"; do
  case "$f" in -*|json) continue;; esac
  case "$f" in *.yaml) continue;; esac
  printf '%s{"code":"DL3007","column":1,"file":"%s","level":"warning","line":1,"message":"Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag"}' "$sep" "$f"
  sep=","
  printf ',{"code":"DL3003","column":1,"file":"%s","level":"warning","line":2,"message":"Use WORKDIR to switch to a directory"}' "$f"
done
printf ']\\n'
exit 1`;
}

/** The user's hadolint settings (flags or their own config file). */
function hadolintRuns(hadolint: ExecutionSettings['hadolint']): ExecutionSettings {
  return executionWith('hadolint', hadolint);
}

describe('hadolint scanner (fake hadolint on PATH)', () => {
  const tool = useFakeToolProject('hadolint', fakeHadolintScript, {
    Dockerfile: 'FROM python:latest\nRUN cd /app\n',
    'services/api/Dockerfile.prod': 'FROM python:latest\nRUN cd /app\n',
    '.hadolint.yaml': 'ignored: [DL3008]\n',
    'app.py': 'print(1)\n',
  });

  it('runs `hadolint -f json --config .hadolint.yaml <Dockerfiles>` on absolute paths and maps levels', async () => {
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      env: { PATH: tool().fakes.path },
    });
    deepStrictEqual(readFileSync(tool().argsFile, 'utf8').trim().split('\n'), [
      '-f',
      'json',
      '--config',
      join(tool().project.root, '.hadolint.yaml'),
      join(tool().project.root, 'Dockerfile'),
      join(tool().project.root, 'services/api/Dockerfile.prod'),
    ]);
    deepStrictEqual(
      outcome.findings.map(
        (f) => `${f.location.path}:${f.location.line}:${f.location.column ?? ''} ${f.ruleId} ${f.severity}`,
      ),
      [
        'Dockerfile:1:1 DL3007 medium',
        // DL3003 (cd in RUN) is a warning to hadolint and style to us: the same table as the built-in engine.
        'Dockerfile:2:1 DL3003 info',
        'services/api/Dockerfile.prod:1:1 DL3007 medium',
        'services/api/Dockerfile.prod:2:1 DL3003 info',
      ],
    );
    deepStrictEqual(outcome.tools, [
      {
        name: 'hadolint',
        category: 'dockerfile',
        status: 'ok',
        version: '2.12.0',
        durationMs: onlyToolRun(outcome).durationMs,
      },
    ]);
  });

  it('lints an unsaved Dockerfile buffer via a temporary copy with the same base name', async () => {
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      env: { PATH: tool().fakes.path },
      buffers: new Map([['services/api/Dockerfile.prod', 'FROM python:latest\n']]),
    });
    const args = readFileSync(tool().argsFile, 'utf8').trim().split('\n');
    ok(args.at(-1)?.endsWith('/Dockerfile.prod'), 'temporary copy keeps the base name');
    deepStrictEqual(
      outcome.findings.map((f) => f.location.path),
      ['services/api/Dockerfile.prod', 'services/api/Dockerfile.prod'],
    );
  });

  it('is skipped with the install hint when hadolint is not on PATH', async () => {
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      env: { PATH: '/nonexistent' },
    });
    strictEqual(onlyToolRun(outcome).status, 'skipped');
    ok((onlyToolRun(outcome).reason ?? '').includes('Install hadolint'));
    ok((onlyToolRun(outcome).reason ?? '').includes('tools.hadolint.path'));
  });

  it('fails naming where the user set the path when it is not an executable', async () => {
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      execution: hadolintRuns({ path: tool().project.root, sources: { path: 'tools.hadolint.path' } }),
    });
    deepStrictEqual(
      [onlyToolRun(outcome).status, onlyToolRun(outcome).errorCode, onlyToolRun(outcome).reason],
      [
        'failed',
        'TOOL_NOT_FOUND',
        `hadolint (\`${tool().project.root}\`, set in tools.hadolint.path) was not found: it is not an executable file. Fix the path, or remove the setting to use hadolint from PATH.`,
      ],
    );
  });

  it('stops a hadolint that runs longer than its time limit and reports TOOL_TIMEOUT', async () => {
    const hanging = tool().fakes.add(
      'hanging-hadolint',
      'if [ "$1" = "--version" ]; then echo "Haskell Dockerfile Linter 2.12.0"; exit 0; fi\nexec sleep 30',
    );
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      execution: hadolintRuns({ path: hanging, timeoutSeconds: 0.5 }),
    });
    deepStrictEqual(
      [onlyToolRun(outcome).status, onlyToolRun(outcome).errorCode, onlyToolRun(outcome).reason],
      [
        'failed',
        'TOOL_TIMEOUT',
        'hadolint timed out and was stopped. Did not finish within 0.5 s. If it needs longer on this repository, raise its time limit (default 120 s) with --hadolint-timeout, DEVSECOPS_HADOLINT_TIMEOUT_SECONDS or tools.hadolint.timeoutSeconds in your own configuration file.',
      ],
    );
  });

  it('fails naming hadolint with an excerpt when it prints something that is not JSON', async () => {
    const broken = tool().fakes.add('broken-hadolint', 'echo "hadolint: <stdin>:1:1 unexpected end of input"\nexit 1');
    const outcome = await scanProject(createHadolintScanner(), tool().project.root, {
      execution: hadolintRuns({ path: broken }),
    });
    strictEqual(onlyToolRun(outcome).status, 'failed');
    strictEqual(onlyToolRun(outcome).errorCode, 'TOOL_OUTPUT_INVALID');
    ok((onlyToolRun(outcome).reason ?? '').startsWith('hadolint printed output that is not valid hadolint JSON'));
    ok((onlyToolRun(outcome).reason ?? '').includes('unexpected end of input'));
  });
  it('does not run hadolint when .hadolint.yaml is a FIFO or a link out of the repository (hadolint would read it)', async () => {
    const outside = createProject({ 'hadolint.yaml': 'ignored: [DL3007]\n' });
    try {
      rmSync(join(tool().project.root, '.hadolint.yaml'));
      symlinkSync(join(outside.root, 'hadolint.yaml'), join(tool().project.root, '.hadolint.yaml'));
      const linked = onlyToolRun(
        await scanProject(createHadolintScanner(), tool().project.root, {
          env: { PATH: tool().fakes.path },
        }),
      );
      deepStrictEqual(
        [linked.status, linked.errorCode, linked.reason],
        [
          'failed',
          'FILE_UNREADABLE',
          '.hadolint.yaml is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.',
        ],
      );
      rmSync(join(tool().project.root, '.hadolint.yaml'));
      const fifo = await runProcess({
        command: 'mkfifo',
        args: [join(tool().project.root, '.hadolint.yml')],
        timeoutMs: 10_000,
      });
      strictEqual(fifo.exitCode, 0, fifo.stderr);
      const piped = onlyToolRun(
        await scanProject(createHadolintScanner(), tool().project.root, {
          env: { PATH: tool().fakes.path },
        }),
      );
      strictEqual(
        piped.reason,
        '.hadolint.yml is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
      );
      strictEqual(existsSync(tool().argsFile), false, 'hadolint never ran');
    } finally {
      outside.remove();
    }
  });
});
