// A root hook plugin (mocha loads it with `require`): after every test and every other root hook, the run fails,
// naming them, if it leaves behind what would keep a process alive or running that was not there at the start:
// a handle (a server, a socket, a child process it still waits for), a timer, or a child process. The CLI, the
// bot's Lambda and the extension host run the same code, where such a leak is a command that does not return or a
// Lambda that runs to its time limit; `exit: true` in .mocharc.cjs would hide it from a passing run.
import type { Context, Hook } from 'mocha';
import { childrenOf, isAlive, isWatchdog } from '../shared/test/pipeline/process-helpers';
import { pendingTimerOrigins, recordTimerOrigins } from './timer-origins';
import { existsSync, readFileSync } from 'node:fs';

recordTimerOrigins();

/** How long the check waits for what is still closing (a child being reaped, a socket ending). */
const SETTLE_MS = 5000;

/** The handles Node reports as keeping the event loop alive (an internal, long-stable API; unref'd ones are left out). */
function refHandles(): object[] {
  return (process as NodeJS.Process & { _getActiveHandles(): object[] })._getActiveHandles();
}

/** This process's children, read from /proc; none where there is no /proc (macOS), handles and timers still checked. */
function children(): number[] {
  return existsSync('/proc/self/stat') ? childrenOf(process.pid) : [];
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8')
      .replaceAll('\0', ' ')
      .trim()
      .slice(0, 200);
  } catch {
    return '';
  }
}

/**
 * Children that live as long as this process by design, and never keep it alive: the process runner's watchdog
 * (one per process, `shared/src/process/watchdog.ts`) and the esbuild service that tsx compiles tests with.
 */
function expectedChild(pid: number): boolean {
  return isWatchdog(pid) || /\/@?esbuild\/.*\besbuild --service=/.test(commandLine(pid));
}

function describeHandle(handle: object): string {
  const named = handle as {
    constructor?: { name?: string };
    pid?: number;
    spawnargs?: string[];
    remoteAddress?: string;
    remotePort?: number;
    address?: () => unknown;
  };
  const kind = named.constructor?.name ?? 'handle';
  if (Array.isArray(named.spawnargs)) return `${kind} ${String(named.pid)}: ${named.spawnargs.join(' ').slice(0, 200)}`;
  if (named.remoteAddress !== undefined) return `${kind} to ${named.remoteAddress}:${String(named.remotePort)}`;
  if (typeof named.address === 'function') {
    try {
      return `${kind} listening on ${JSON.stringify(named.address())}`;
    } catch {
      return kind;
    }
  }
  return kind;
}

/** What is left now that was not there at the start, one line each. */
function leftovers(handlesAtStart: ReadonlySet<object>, childrenAtStart: ReadonlySet<number>): string[] {
  const handles = refHandles()
    .filter((handle) => !handlesAtStart.has(handle))
    .map((handle) => `handle ${describeHandle(handle)}`);
  const strayChildren = children()
    .filter((pid) => !childrenAtStart.has(pid) && isAlive(pid) && !expectedChild(pid))
    .map((pid) => `child process ${String(pid)}: ${commandLine(pid)}`);
  return [...handles, ...strayChildren, ...pendingTimerOrigins()];
}

async function settledLeftovers(
  handlesAtStart: ReadonlySet<object>,
  childrenAtStart: ReadonlySet<number>,
): Promise<string[]> {
  const deadline = Date.now() + SETTLE_MS;
  let found = leftovers(handlesAtStart, childrenAtStart);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100).unref());
    found = leftovers(handlesAtStart, childrenAtStart);
  }
  return found;
}

export const mochaHooks = {
  beforeAll(this: Context): void {
    const handlesAtStart = new Set(refHandles());
    const childrenAtStart = new Set(children());
    // Root hooks of plugins run before those of test files; registered now, this one runs after all of them,
    // so what a file's own root `after` closes is not reported.
    const root = (this.test as Hook | undefined)?.parent;
    root?.afterAll('leaves no handle, timer or child process behind', async function (this: Context) {
      this.timeout(SETTLE_MS + 10_000);
      const found = await settledLeftovers(handlesAtStart, childrenAtStart);
      if (found.length > 0) {
        throw new Error(
          `The run left ${String(found.length)} thing(s) that keep a process alive or running:\n  ${found.join('\n  ')}`,
        );
      }
    });
  },
};
