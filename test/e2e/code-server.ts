import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from './wait-until';

/** code-server's version the extension is tested on (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';

/** The code-server executable: $CODE_SERVER_PATH, else what test/e2e/install-code-server.sh installed. */
export function findCodeServer(): string | undefined {
  const fromEnv = process.env['CODE_SERVER_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const cache = process.env['DEVSECOPS_E2E_CACHE'] ?? join(homedir(), '.cache', 'devsecops-e2e');
  const installed = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
  return existsSync(installed) ? installed : undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Installs a .vsix into an extensions folder the way a user would (`--install-extension`). */
export function installExtension(codeServer: string, vsix: string, extensionsDir: string, userDataDir: string): void {
  const result = spawnSync(
    codeServer,
    ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (${result.status}): ${result.stdout}\n${result.stderr}`);
  }
}

/** Writes user settings (and the same as machine settings, where code-server reads machine-scoped ones). */
export async function writeSettings(userDataDir: string, settings: Readonly<Record<string, unknown>>): Promise<void> {
  for (const scope of ['User', 'Machine']) {
    await mkdir(join(userDataDir, scope), { recursive: true });
    await writeFile(join(userDataDir, scope, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  }
}

/** A running code-server. */
export interface CodeServer {
  /** The workbench URL with the folder open. */
  readonly url: string;
  /** What code-server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly codeServer: string;
  readonly folder: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Extra environment for code-server and its extension host (e.g. dummy AWS credentials). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts code-server on a free loopback port without auth and waits until it answers. */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    options.codeServer,
    [
      // Its own config file, so nothing is written to the user's ~/.config/code-server.
      '--config',
      join(options.userDataDir, 'code-server.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--extensions-dir',
      options.extensionsDir,
      '--user-data-dir',
      options.userDataDir,
      options.folder,
    ],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const base = `http://127.0.0.1:${port}`;
  const answers = async (): Promise<boolean> => {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      return (await fetch(`${base}/healthz`)).ok;
    } catch {
      return false; // Not listening yet.
    }
  };
  await waitUntil(
    answers,
    (ok) => ok,
    { expected: `code-server to answer on ${base}/healthz`, describe: () => `no answer; its output:\n${output}` },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return {
    url: `${base}/?folder=${encodeURIComponent(options.folder)}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Gone.
          }
          resolve();
        }, 5000).unref();
      }),
  };
}
