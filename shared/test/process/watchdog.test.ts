import { deepStrictEqual, ok } from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf, isWatchdog, survivors } from '../pipeline/process-helpers';
import { useTemporaryDirectory } from '../temporary-directory';

const RUNNER = join(__dirname, '..', '..', 'src', 'process', 'process-runner.ts');
const HELPERS = join(__dirname, '..', 'pipeline', 'process-helpers.ts');

/**
 * A stand-in for the CLI: a Node process (its own process group, as a shell would start it) that runs a
 * tool through runProcess; the tool starts a grandchild, and both write their pids and sleep. The tool
 * waits a second first: the CLI is killed "a moment later", not in the microseconds between a spawn and
 * the registration that follows it (see watchdog.ts).
 */
function startCli(dir: string, requestOptions = ''): { pid: number; pids: () => number[] } {
  const pidFile = join(dir, 'pids');
  const script = join(dir, 'cli.ts');
  writeFileSync(
    script,
    `import { runProcess } from ${JSON.stringify(RUNNER)};
void runProcess({ command: 'sh', args: ['-c', 'sleep 1; echo $$ >> ${pidFile}; sleep 300 & echo $! >> ${pidFile}; wait']${requestOptions} });
setInterval(() => undefined, 1000);
`,
  );
  const cli = spawn(process.execPath, ['-r', 'tsx/cjs', script], {
    detached: true,
    stdio: 'ignore',
    cwd: join(__dirname, '..', '..', '..'),
  });
  if (cli.pid === undefined) throw new Error('could not start the stand-in CLI');
  return {
    pid: cli.pid,
    pids: () =>
      existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [],
  };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a tool started by runProcess dies with the process that started it', function () {
  this.timeout(40_000);
  const scratch = useTemporaryDirectory('devsecops-watchdog-');

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`when the whole process group of the CLI gets ${signal} (the tool leads a group of its own)`, async () => {
      const cli = startCli(scratch());
      await waitFor(() => cli.pids().length === 2, 20_000);
      const [tool, grandchild] = cli.pids();
      ok(tool !== undefined && grandchild !== undefined);
      ok(childrenOf(cli.pid).some(isWatchdog), 'a watchdog beside the tool');
      process.kill(-cli.pid, signal);
      // The watchdog sends SIGTERM at once and SIGKILL two seconds later; zombies count as gone.
      deepStrictEqual(await survivors([cli.pid, tool, grandchild]), []);
    });
  }

  it('when the watchdog itself died first: the next start brings a new one, which learns the groups still running', async () => {
    const dir = scratch();
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    const script = join(dir, 'cli.ts');
    const tool = (pidFile: string): string =>
      `{ command: 'sh', args: ['-c', 'echo $$ >> ${pidFile}; sleep 300 & echo $! >> ${pidFile}; wait'] }`;
    // The watchdog is killed once the first tool runs; a second tool starts after that.
    writeFileSync(
      script,
      `import { existsSync, readFileSync } from 'node:fs';
import { runProcess } from ${JSON.stringify(RUNNER)};
import { childrenOf, isWatchdog } from ${JSON.stringify(HELPERS)};
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\\n').length : 0);
void runProcess(${tool(first)});
const poll = setInterval(() => {
  if (lines(${JSON.stringify(first)}) < 2) return;
  clearInterval(poll);
  for (const pid of childrenOf(process.pid).filter(isWatchdog)) process.kill(pid, 'SIGKILL');
  setTimeout(() => void runProcess(${tool(second)}), 500);
}, 50);
setInterval(() => undefined, 1000);
`,
    );
    const cli = spawn(process.execPath, ['-r', 'tsx/cjs', script], {
      detached: true,
      stdio: 'ignore',
      cwd: join(__dirname, '..', '..', '..'),
    });
    const pids = (file: string): number[] =>
      existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
    await waitFor(() => pids(first).length === 2 && pids(second).length === 2, 20_000);
    process.kill(-(cli.pid ?? 0), 'SIGKILL');
    const tools = [...pids(first), ...pids(second)];
    const left = await survivors([cli.pid ?? 0, ...tools]);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    deepStrictEqual(left, []);
  });

  it('except for a program that ends with its parent: no watchdog is started for it, nor would one stop it', async () => {
    const cli = startCli(scratch(), ', endsWithParent: true');
    await waitFor(() => cli.pids().length === 2, 20_000);
    const [tool, grandchild] = cli.pids();
    ok(tool !== undefined && grandchild !== undefined);
    ok(childrenOf(cli.pid).includes(tool));
    deepStrictEqual(childrenOf(cli.pid).filter(isWatchdog), [], 'no watchdog beside the tool');
    process.kill(-cli.pid, 'SIGKILL');
    // `sh` does not watch its parent: it outlives the CLI, which is why only programs that do may ask for this.
    deepStrictEqual(await survivors([cli.pid, tool, grandchild]), [tool, grandchild]);
    for (const pid of [tool, grandchild]) process.kill(pid, 'SIGKILL');
  });
});
