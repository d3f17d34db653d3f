import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '@devsecops/shared/reports';
import type { ProcessResult } from '@devsecops/shared/process';
import type { Entry, HostileRepository } from './hostile-repository';
import { hostileRepository, PRODUCT_PIPELINE, removeHostileCli } from './hostile-repository';

/*
 * The scanned tree is the repository and nothing else: each attack is a repository built here and
 * scanned by the real CLI bundle, under a deadline. Nothing outside the repository may be read
 * (the canary in every outside file, and in the CLI's environment, never appears in any output),
 * no FIFO or /dev/zero may hang or flood the scan, and every file left unread is named.
 */
describe('hostile repository: reading out of the tree (CLI bundle)', function () {
  this.timeout(180_000);
  after(removeHostileCli);
  const repositories: HostileRepository[] = [];
  afterEach(() => {
    for (const repository of repositories.splice(0)) repository.dispose();
  });

  async function scanOf(
    entries: Readonly<Record<string, Entry>>,
    only: string,
    extraArgs: readonly string[] = [],
  ): Promise<{ repository: HostileRepository; result: ProcessResult }> {
    const repository = await hostileRepository(entries);
    repositories.push(repository);
    const result = await repository.runCli([
      'scan',
      '.',
      '--only',
      only,
      '--format',
      'json',
      '--output',
      'report.json',
      ...extraArgs,
    ]);
    strictEqual(result.failure, undefined, `the scan finished on its own: ${result.stderr}`);
    assertNothingLeaked(repository, result);
    return { repository, result };
  }

  function assertNothingLeaked(repository: HostileRepository, result: ProcessResult): void {
    const everything = `${result.stdout}\n${result.stderr}\n${repository.writtenText()}`;
    strictEqual(everything.includes(repository.canary), false, `the canary leaked:\n${everything}`);
  }

  function includesLine(stderr: string, line: string): void {
    ok(stderr.split('\n').includes(line), `stderr lacks:\n${line}\n--- stderr ---\n${stderr}`);
  }

  const outsideLink = (name: string, ignorable = true): string =>
    `${name} is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it${ignorable ? ', or add it to `ignore` in .devsecops.yml to leave it out on purpose' : ''}.`;
  const fifo = (name: string, ignorable = true): string =>
    `${name} is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file${ignorable ? ', or add it to `ignore` in .devsecops.yml to leave it out on purpose' : ''}.`;

  it('refuses a requirements include through a folder linked to /etc, in one line that names the include', async () => {
    const scanned = await scanOf(
      {
        sysetc: { symlink: '{OUTSIDE}/etc' },
        'app/requirements.txt': 'requests==2.0.0\n-r ../sysetc/passwd\n',
      },
      'sca',
      ['--fail-on', 'low'],
    );
    const { repository, result } = scanned;
    includesLine(
      result.stderr,
      `devsecops: devsecops-sca: app/requirements.txt:2:1: ../sysetc/passwd (included here) was not read: ${outsideLink('sysetc/passwd', false)}`,
    );
    ok(
      result.stderr.includes(
        'devsecops: devsecops-sca: app/requirements.txt is not fully scanned: Not every file it includes was read',
      ),
    );
    // requests 2.0.0 has advisories: what could be read was still checked. (The exit code is for
    // incompleteness to decide: a manifest left partly unscanned is never a pass.)
    const report = JSON.parse(readFileSync(join(repository.root, 'report.json'), 'utf8')) as {
      findings: { path: string; line: number }[];
    };
    deepStrictEqual(
      [...new Set(report.findings.map((finding) => `${finding.path}:${String(finding.line)}`))],
      ['app/requirements.txt:1'],
    );
    ok(result.exitCode !== 0, 'never a pass');
  });

  it('never echoes /proc/self/environ (the canary is in the CLI environment), by path or through a link', async () => {
    const { result } = await scanOf(
      {
        proc: { symlink: '/proc/self' },
        'requirements.txt': '-r /proc/self/environ\n-r proc/environ\n-c ../../../../../../proc/self/environ\n',
      },
      'sca',
    );
    includesLine(
      result.stderr,
      'devsecops: devsecops-sca: requirements.txt:1:1: /proc/self/environ is an absolute path, outside the repository; not read.',
    );
    includesLine(
      result.stderr,
      `devsecops: devsecops-sca: requirements.txt:2:1: proc/environ (included here) was not read: ${outsideLink('proc/environ', false)}`,
    );
  });

  for (const [kind, entry] of [
    ['a link to /dev/zero', { symlink: '/dev/zero' }],
    ['a link to a file outside', { symlink: '{OUTSIDE}/secret.txt' }],
    ['a FIFO', { fifo: true }],
  ] as const) {
    const refusal = (name: string): string => ('fifo' in entry ? fifo(name) : outsideLink(name));

    it(`lists a requirements file that is ${kind} as not scanned, at once`, async () => {
      const { result } = await scanOf({ 'requirements.txt': entry, 'requirements-dev.txt': 'flask\n' }, 'sca');
      includesLine(result.stderr, `devsecops: devsecops-sca: ${refusal('requirements.txt')}`);
    });

    it(`lists a pyproject.toml or lockfile that is ${kind} as not scanned, at once`, async () => {
      const names = ['a/pyproject.toml', 'b/poetry.lock', 'c/uv.lock', 'd/Pipfile.lock', 'e/pylock.toml'];
      const { repository, result } = await scanOf(
        { ...Object.fromEntries(names.map((name) => [name, entry])), 'requirements.txt': 'flask\n' },
        'sca',
      );
      for (const name of names) includesLine(result.stderr, `devsecops: devsecops-sca: ${refusal(name)}`);
      const report = JSON.parse(readFileSync(join(repository.root, 'report.json'), 'utf8')) as JsonReport;
      deepStrictEqual(
        report.tools.flatMap((tool) => (tool.unscanned ?? []).map((file) => file.path)),
        names,
      );
    });

    it(`lists a Dockerfile that is ${kind} as not scanned, at once`, async () => {
      const { result } = await scanOf(
        { Dockerfile: entry, 'api/Dockerfile': 'FROM python:3.12-slim\nUSER 1\n' },
        'dockerfile',
      );
      includesLine(result.stderr, `devsecops: devsecops-dockerfile: ${refusal('Dockerfile')}`);
    });

    it(`stops with exit 2 when .devsecops.yml is ${kind}, rather than scan with the defaults`, async () => {
      const { result } = await scanOf({ '.devsecops.yml': entry, 'requirements.txt': 'flask\n' }, 'sca');
      strictEqual(result.exitCode, 2);
      const name = '.devsecops.yml';
      includesLine(result.stderr, `devsecops: ${'fifo' in entry ? fifo(name, false) : outsideLink(name, false)}`);
    });

    it(`fails the Dockerfile engine (exit 2) when .hadolint.yaml is ${kind}`, async () => {
      const { result } = await scanOf(
        { '.hadolint.yaml': entry, Dockerfile: 'FROM python:3.12-slim\nUSER 1\n' },
        'dockerfile',
      );
      strictEqual(result.exitCode, 2);
      const name = '.hadolint.yaml';
      includesLine(
        result.stderr,
        `devsecops: devsecops-dockerfile failed: ${'fifo' in entry ? fifo(name, false) : outsideLink(name, false)}`,
      );
    });
  }

  it('never reads a .py that is a link to /dev/zero or outside, or a FIFO, to fingerprint a finding on it', async () => {
    // Which paths findings name is up to the tool's report, so up to the repository: here a stand-in for
    // Bandit reports a finding on each hostile file, and the CLI reads their lines for fingerprints.
    const repository = await hostileRepository({
      'zero.py': { symlink: '/dev/zero' },
      'linked.py': { symlink: '{OUTSIDE}/secret.txt' },
      'fifo.py': { fifo: true },
      'app.py': 'import os\nos.system(cmd)\n',
    });
    repositories.push(repository);
    const tools = join(repository.outside, 'bin');
    mkdirSync(tools);
    const result = (file: string): string =>
      `{"filename": "./${file}", "test_id": "B605", "line_number": 1, "issue_severity": "HIGH", "issue_confidence": "HIGH", "issue_text": "Starting a process with a shell."}`;
    const report = `{"results": [${['zero.py', 'linked.py', 'fifo.py', 'app.py'].map(result).join(', ')}], "errors": []}`;
    writeFileSync(
      join(tools, 'bandit'),
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "bandit 1.7.5"; exit 0; fi\necho '${report}'\nexit 1\n`,
    );
    chmodSync(join(tools, 'bandit'), 0o755);
    const scanned = await repository.runCli(['scan', '.', '--only', 'sast', '--format', 'json'], {
      env: { PATH: `${tools}:${process.env['PATH'] ?? ''}`, DEVSECOPS_CACHE_DIR: join(repository.outside, 'cache') },
    });
    strictEqual(scanned.failure, undefined, scanned.stderr);
    assertNothingLeaked(repository, scanned);
    // The three were never handed to Bandit: each is listed as not scanned, so the result is incomplete (exit 2).
    strictEqual(scanned.exitCode, 2, scanned.stderr);
    const scan = JSON.parse(scanned.stdout) as JsonReport;
    strictEqual(new Set(scan.findings.map((finding) => finding.fingerprint)).size, 4, 'every finding is fingerprinted');
    deepStrictEqual(scan.tools.find((tool) => tool.name === 'bandit')?.unscanned, [
      { path: 'fifo.py', reason: fifo('fifo.py') },
      { path: 'linked.py', reason: outsideLink('linked.py') },
      { path: 'zero.py', reason: outsideLink('zero.py') },
    ]);
  });

  it('reads a link that stays inside the repository like the file itself', async () => {
    const { result } = await scanOf(
      {
        'deps/pinned.txt': 'requests==2.0.0\n',
        'requirements.txt': { symlink: 'deps/pinned.txt' },
      },
      'sca',
      ['--fail-on', 'low'],
    );
    strictEqual(result.exitCode, 1, result.stderr);
  });

  it('does not read a buildspec outside the pipeline definition folder, nor quote it', async () => {
    const repository = await hostileRepository({
      'ci/pipeline.yml':
        'version: 1\nstages:\n  - name: checks\n    actions:\n      - name: sca\n        buildspec: ../../outside/etc/shadow\n',
    });
    repositories.push(repository);
    const result = await repository.runCli(['pipeline', 'run', '.', '--definition', 'ci/pipeline.yml']);
    strictEqual(result.failure, undefined, result.stderr);
    strictEqual(result.exitCode, 2);
    assertNothingLeaked(repository, result);
    ok(
      result.stderr.includes(
        `stages[0].actions[0] (sca): its buildspec ../../outside/etc/shadow is outside the pipeline definition's folder (${join(repository.root, 'ci')}): not read.`,
      ),
      result.stderr,
    );
  });

  it('writes no report through a reports folder or log file that links out of the repository', async () => {
    for (const entries of [
      { reports: { symlink: '{OUTSIDE}' } },
      { 'reports/logs/sca.log': { symlink: '{OUTSIDE}/secret.txt' } },
    ] as const) {
      const repository = await hostileRepository({ ...entries, 'requirements.txt': 'flask\n' });
      repositories.push(repository);
      const before = readdirSync(repository.outside).sort();
      const result = await repository.runCli(['pipeline', 'run', '.', '--definition', PRODUCT_PIPELINE]);
      strictEqual(result.failure, undefined, result.stderr);
      strictEqual(result.exitCode, 2, result.stderr);
      ok(result.stderr.includes('where the pipeline writes its reports: nothing is written through it'), result.stderr);
      deepStrictEqual(readdirSync(repository.outside).sort(), before);
      strictEqual(readFileSync(join(repository.outside, 'secret.txt'), 'utf8'), `${repository.canary}==1.0\n`);
    }
  });

  it('runs the local pipeline on a hostile repository without any outside text in its logs and reports', async () => {
    const repository = await hostileRepository({
      sysetc: { symlink: '{OUTSIDE}/etc' },
      'requirements.txt': 'flask==3.0.0\n-r sysetc/passwd\n',
      Dockerfile: { symlink: '{OUTSIDE}/Dockerfile' },
      'app/Dockerfile': 'FROM python:3.12-slim\nUSER 1\n',
    });
    repositories.push(repository);
    writeFileSync(join(repository.root, 'app', 'main.py'), 'print("hello")\n');
    const result = await repository.runCli(
      ['pipeline', 'run', '.', '--definition', PRODUCT_PIPELINE, '--continue-on-failure'],
      {
        deadlineMs: 170_000,
      },
    );
    strictEqual(result.failure, undefined, result.stderr);
    assertNothingLeaked(repository, result);
    ok(
      repository.writtenText().includes('sysetc/passwd (included here) was not read'),
      'the sca log names the refused include',
    );
  });
});
