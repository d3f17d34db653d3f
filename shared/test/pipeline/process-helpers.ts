import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Alive and not a zombie (a killed orphan in a container may wait for a PID 1 that never reaps). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Aborts once `count` processes have written their pid to `file` (polling, so no fixed delay races the children).
 * Polling ends when the controller is aborted, by this poll or by anything else, and a call made after that
 * starts none: callers start it from log lines, which may be read after the abort, and a poll left running
 * once the test has removed `file` would never see its pids and would keep the test process alive for good.
 */
export function abortWhenPids(file: string, count: number, controller: AbortController): void {
  if (controller.signal.aborted) return;
  const timer = setInterval(() => {
    const pids = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (pids.length >= count) controller.abort();
  }, 25);
  controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

/** The processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // The parent is the 4th field, after the command in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** The live processes (zombies aside) of process group `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // State, parent and process group follow the command in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z') members.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** Whether `pid` is a watchdog (`shared/src/process/watchdog.ts`): this Node, started with `-e` and its program. */
export function isWatchdog(pid: number): boolean {
  try {
    const [command, flag] = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    return command === process.execPath && flag === '-e';
  } catch {
    return false;
  }
}

/** Waits up to ~5 s for the processes to be gone; returns those still alive. */
export async function survivors(pids: readonly number[]): Promise<number[]> {
  for (let attempt = 0; attempt < 50 && pids.some(isAlive); attempt++) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return pids.filter(isAlive);
}

/** Processes (other than zombies) working in `dir` or naming it on their command line. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const inside = cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir);
      if (inside && !/^\d+ \(.*\) Z/.test(state)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits up to ~5 s for every process working in `dir` (or naming it) to be gone; returns those still there. */
export async function processesLeftIn(dir: string): Promise<string[]> {
  for (let attempt = 0; attempt < 50 && processesIn(dir).length > 0; attempt++) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return processesIn(dir);
}
