import { existsSync, readFileSync } from 'node:fs';

/** Alive and not a zombie (a killed orphan in a container may wait for a PID 1 that never reaps). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Aborts once `count` processes have written their pid to `file` (polling, so no fixed delay races the children). */
export function abortWhenPids(file: string, count: number, controller: AbortController): void {
  const timer = setInterval(() => {
    const pids = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (pids.length >= count) {
      clearInterval(timer);
      controller.abort();
    }
  }, 25);
}

/** Waits up to ~5 s for the processes to be gone; returns those still alive. */
export async function survivors(pids: readonly number[]): Promise<number[]> {
  for (let attempt = 0; attempt < 50 && pids.some(isAlive); attempt++) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return pids.filter(isAlive);
}
