import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import type { HostileRepository } from './hostile-repository';
import { hostileCli, hostileRepository, removeHostileCli } from './hostile-repository';

/** How the CLI ended after a signal, and how long it took. */
interface Stopped {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly afterSignalMs: number;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the CLI bundle as a real child process, sends SIGTERM once `ready()` holds, and
 * reports how it ended. The child is killed outright if it outlives the deadline.
 */
async function terminateWhen(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: () => boolean },
): Promise<Stopped> {
  const cli = await hostileCli();
  const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await waitFor(options.ready, `the CLI to get going (stderr so far: ${stderr})`);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const { code, signal } = await ended;
    return { code, signal, stderr, afterSignalMs: Date.now() - signalledAt };
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
}

/*
 * A scan stuck on a read once ignored SIGTERM. Reads no longer block (see
 * filesystem.test.ts), and a stop signal ends a running scan, its tools and a database
 * download promptly, leaving nothing behind.
 */
describe('hostile repository: stopping (CLI bundle, real child processes)', function () {
  this.timeout(120_000);
  after(removeHostileCli);
  const repositories: HostileRepository[] = [];
  let server: Server | undefined;
  afterEach(async () => {
    for (const repository of repositories.splice(0)) repository.dispose();
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  });

  it('stops a scan promptly on SIGTERM, with its tool, while the tool hangs', async () => {
    const repository = await hostileRepository({ 'app/main.py': 'print("hello")\n' });
    repositories.push(repository);
    // A `bandit` that never finishes: it records its pid, then becomes a long sleep (same pid).
    const tools = join(repository.outside, 'bin');
    mkdirSync(tools);
    const pidFile = join(repository.outside, 'bandit.pid');
    writeFileSync(
      join(tools, 'bandit'),
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "bandit 1.7.5"; exit 0; fi\necho $$ > ${pidFile}\nexec sleep 300\n`,
    );
    chmodSync(join(tools, 'bandit'), 0o755);

    const stopped = await terminateWhen(['scan', '.', '--only', 'sast'], {
      cwd: repository.root,
      env: {
        ...process.env,
        PATH: `${tools}:${process.env['PATH'] ?? ''}`,
        DEVSECOPS_CACHE_DIR: join(repository.outside, 'cache'),
      },
      ready: () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '',
    });

    strictEqual(stopped.code, 2, stopped.stderr);
    ok(stopped.afterSignalMs < 10_000, `stopped ${String(stopped.afterSignalMs)} ms after SIGTERM`);
    ok(stopped.stderr.includes('The scan was cancelled.'), stopped.stderr);
    const toolPid = Number(readFileSync(pidFile, 'utf8').trim());
    await waitFor(() => !isRunning(toolPid), 'the hung tool to be gone', 10_000);
  });

  it('stops a database download on SIGTERM and removes its partial file', async () => {
    const repository = await hostileRepository({});
    repositories.push(repository);
    // Headers and a first chunk of a "large" export, then nothing: a download that hangs.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      response.write(Buffer.alloc(64 * 1024));
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${String((listening.address() as AddressInfo).port)}/all.zip`;
    const cache = join(repository.outside, 'cache');
    const osv = join(cache, 'osv');
    const downloads = (): string[] =>
      existsSync(osv) ? readdirSync(osv).filter((name) => name.includes('.download-')) : [];

    const stopped = await terminateWhen(['db', 'update', '--from', url], {
      cwd: repository.root,
      env: { ...process.env, DEVSECOPS_CACHE_DIR: cache },
      ready: () => downloads().length > 0,
    });

    strictEqual(stopped.code, 2, stopped.stderr);
    ok(stopped.afterSignalMs < 10_000, `stopped ${String(stopped.afterSignalMs)} ms after SIGTERM`);
    ok(stopped.stderr.includes('The database update was cancelled; the current database was kept.'), stopped.stderr);
    deepStrictEqual(readdirSync(osv), [], 'no partial download is left');
  });

  it('removes the downloads of an update that was killed outright, at the next update', async () => {
    const repository = await hostileRepository({});
    repositories.push(repository);
    const cache = join(repository.outside, 'cache');
    const osv = join(cache, 'osv');
    mkdirSync(osv, { recursive: true });
    // What `kill -9` during a download leaves: a partial file named after a process that is gone.
    const gone = await runProcess({ command: process.execPath, args: ['-p', 'process.pid'], timeoutMs: 10_000 });
    const leftover = `PyPI-all.zip.download-${gone.stdout.trim()}-0badf00d`;
    writeFileSync(join(osv, leftover), 'partial');
    const snapshot = join(__dirname, '..', '..', 'shared', 'data', 'osv', 'PyPI-pypa-advisory-database-2024-10-10.zip');

    const result = await repository.runCli(['db', 'update', '--from', snapshot], {
      env: { DEVSECOPS_CACHE_DIR: cache },
    });

    strictEqual(result.exitCode, 0, result.stderr);
    deepStrictEqual(readdirSync(osv).sort(), ['PyPI-all.source.json', 'PyPI-all.zip', 'index']);
  });
});
