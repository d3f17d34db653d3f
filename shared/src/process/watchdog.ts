import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Makes every process group this process starts die with it, however it dies.
 *
 * Each tool or build step leads its own process group, so a timeout or a cancel can stop everything it
 * started. The price: a signal to *our* process group (`kill -- -<pgid>`, a terminal's SIGHUP) does not
 * reach them, and if we are SIGKILLed we cannot relay anything. So, on the first spawn, we start one small
 * watchdog process in a session of its own (out of reach of whatever kills our group), holding the read end
 * of a pipe from us. We tell it each group we start (`+pgid`) and each one that finished (`-pgid`). When the
 * pipe closes — we exited, normally or not, SIGKILL included, since the kernel closes our end — it sends
 * SIGTERM to the groups still registered, then SIGKILL two seconds later, and exits.
 *
 * The watchdog is Node itself (`-e` with the fixed program below: no file to find, nothing interpolated).
 *
 * Should the watchdog itself end first (someone killed it), the next start brings a new one and tells it every
 * group still registered; a group that ends meanwhile is only forgotten, which needs no watchdog.
 *
 * The gaps: a group is registered right after its spawn returns, so a process killed within those few
 * microseconds (milliseconds, on a starved machine) leaves that one group unregistered; and between the
 * watchdog's death and the next start, the groups running are watched by nothing.
 */

/** Seconds between SIGTERM and SIGKILL, as for a cancelled tool. */
const GRACE_MS = 2000;

const WATCHDOG_PROGRAM = `'use strict';
const groups = new Set();
let pending = '';
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const killAll = (signal) => {
  for (const pgid of groups) {
    try { process.kill(-pgid, signal); } catch { groups.delete(pgid); }
  }
};
let ending = false;
const end = () => {
  if (ending) return;
  ending = true;
  if (groups.size === 0) process.exit(0);
  killAll('SIGTERM');
  setTimeout(() => { killAll('SIGKILL'); process.exit(0); }, ${String(GRACE_MS)});
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let newline = pending.indexOf('\\n'); newline >= 0; newline = pending.indexOf('\\n')) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === '+') groups.add(pgid);
    else if (line[0] === '-') groups.delete(pgid);
  }
});
process.stdin.on('end', end);
process.stdin.on('error', end);
`;

/** The pipe to the running watchdog; undefined before the first start and once it has ended or failed. */
let channel: Writable | undefined;
/** The groups registered and not released yet: what a new watchdog is told when an earlier one has ended. */
const registered = new Set<number>();

function startWatchdog(): Writable | undefined {
  try {
    const child = spawn(process.execPath, ['-e', WATCHDOG_PROGRAM], {
      // A session of its own: no signal meant for our process group or terminal reaches it.
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Inside VS Code `process.execPath` is Electron, which behaves as Node with this variable.
      env: { ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    const stdin = child.stdin;
    // It ended, could not start, or its pipe broke: the next spawn starts another (only this one's end counts).
    const lost = (): void => {
      if (channel === stdin) channel = undefined;
    };
    child.on('error', lost);
    child.on('exit', lost);
    child.unref();
    // Null despite its type when the spawn failed for want of file descriptors (EMFILE, ENFILE).
    if ((stdin as Writable | null) === null) return undefined;
    // Neither the watchdog nor its pipe keeps this process alive.
    (stdin as Writable & { unref?: () => void }).unref?.();
    stdin.on('error', lost);
    for (const pgid of registered) stdin.write(`+${String(pgid)}\n`);
    return stdin;
  } catch {
    return undefined;
  }
}

/**
 * Starts the watchdog if it is not running yet. Call it before spawning: registering a group is then one
 * pipe write right after the spawn, so there is no moment (starting Node takes a while on a busy machine)
 * in which a new group is running but unknown to the watchdog.
 */
export function ensureWatchdog(): void {
  if (process.platform === 'win32') return;
  channel ??= startWatchdog();
}

/**
 * Registers a process group to be stopped if this process dies before it ends; call the returned function
 * once the group's leader has exited. Best effort: if the watchdog cannot start, cancellation and timeouts
 * still work, only an abrupt death of this process would leave the group running.
 */
export function watchProcessGroup(pgid: number): () => void {
  // Registered before the start, so a watchdog started here is told of it once, by startWatchdog.
  const starting = channel === undefined;
  registered.add(pgid);
  ensureWatchdog();
  if (!starting) channel?.write(`+${String(pgid)}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    registered.delete(pgid);
    // Only a running watchdog needs telling; none is started just to forget a group.
    channel?.write(`-${String(pgid)}\n`);
  };
}
