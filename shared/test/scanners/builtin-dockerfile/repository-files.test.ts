import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../../src/process/process-runner';
import { BUILTIN_DOCKERFILE_VERSION } from '../../../src/scanners/builtin-dockerfile/scanner';
import { scanWithoutProcesses } from './scan-without-processes';

/*
 * A cloned repository is hostile: the Dockerfile engine reads only regular files inside the repository. A Dockerfile
 * that is a link out of it, a FIFO, or a `.hadolint.yaml` of that kind is never read (nor waited
 * on), and the scan says which file was not scanned and why.
 */
describe('built-in Dockerfile scanner on files it must not read', function () {
  this.timeout(20_000);
  let base: string;
  let root: string;

  async function mkfifo(path: string): Promise<void> {
    const made = await runProcess({ command: 'mkfifo', args: [path], timeoutMs: 10_000 });
    strictEqual(made.exitCode, 0, made.stderr);
  }

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'dockerfile-files-'));
    root = join(base, 'repo');
    mkdirSync(join(root, 'api'), { recursive: true });
    mkdirSync(join(root, 'worker'));
    mkdirSync(join(root, 'web'));
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside', 'Dockerfile'), 'FROM debian:latest\nRUN echo CANARY-outside\n');
  });
  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('lists a Dockerfile that links to /dev/zero or outside, or is a FIFO, as unscanned; lints the rest', async () => {
    symlinkSync('/dev/zero', join(root, 'Dockerfile'));
    symlinkSync('../../outside/Dockerfile', join(root, 'api', 'Dockerfile'));
    await mkfifo(join(root, 'worker', 'Dockerfile'));
    writeFileSync(join(root, 'web', 'Dockerfile'), 'FROM debian:latest\nUSER 1\n');
    symlinkSync('Dockerfile', join(root, 'web', 'Containerfile'));

    const started = Date.now();
    const outcome = await scanWithoutProcesses(root);

    strictEqual(Date.now() - started < 10_000, true, 'nothing blocked');
    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.ruleId]),
      [
        ['web/Containerfile', 'DL3007'],
        ['web/Dockerfile', 'DL3007'],
      ],
      'a link that stays inside is read under its own name',
    );
    const ignoreHint = 'or add it to `ignore` in .devsecops.yml to leave it out on purpose.';
    deepStrictEqual(outcome.tools[0], {
      name: 'devsecops-dockerfile',
      category: 'dockerfile',
      version: BUILTIN_DOCKERFILE_VERSION,
      durationMs: outcome.tools[0]?.durationMs,
      status: 'ok',
      unscanned: [
        {
          path: 'Dockerfile',
          reason: `Dockerfile is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it, ${ignoreHint}`,
        },
        {
          path: 'api/Dockerfile',
          reason: `api/Dockerfile is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it, ${ignoreHint}`,
        },
        {
          path: 'worker/Dockerfile',
          reason: `worker/Dockerfile is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file, ${ignoreHint}`,
        },
      ],
    });
    strictEqual(JSON.stringify(outcome).includes('CANARY'), false);
  });

  it('fails the engine, naming the file, when .hadolint.yaml is a FIFO or a link out of the repository', async () => {
    writeFileSync(join(root, 'Dockerfile'), 'FROM debian:latest\n');
    writeFileSync(join(base, 'outside', 'hadolint.yaml'), 'ignored: [CANARY-outside]\n');
    const cases: [() => Promise<void>, string][] = [
      [
        () => mkfifo(join(root, '.hadolint.yaml')),
        '.hadolint.yaml is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
      ],
      [
        () => {
          symlinkSync(join(base, 'outside', 'hadolint.yaml'), join(root, '.hadolint.yml'));
          return Promise.resolve();
        },
        '.hadolint.yml is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.',
      ],
    ];
    for (const [make, reason] of cases) {
      rmSync(join(root, '.hadolint.yaml'), { force: true });
      rmSync(join(root, '.hadolint.yml'), { force: true });
      await make();
      const outcome = await scanWithoutProcesses(root);
      deepStrictEqual(
        outcome.tools.map((tool) => [tool.name, tool.status, tool.errorCode, tool.reason]),
        [['devsecops-dockerfile', 'failed', 'FILE_UNREADABLE', reason]],
      );
    }
  });
});
