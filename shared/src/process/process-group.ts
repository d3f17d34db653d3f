/**
 * Sends `signal` to every process of group `pgid` (POSIX). Returns false when the group has no process left
 * to receive it.
 */
function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops every process of group `pgid`: SIGTERM now, so that each can clean up (a JVM helper releasing its
 * database lock), then SIGKILL after `graceMs` for whatever ignored it. Nobody waits for the SIGKILL: its timer
 * does not keep this process alive. `ended` is called once nothing more will be sent, at once when the group
 * is already empty.
 */
export function stopProcessGroup(pgid: number, graceMs: number, ended: () => void): void {
  if (!signalGroup(pgid, 'SIGTERM')) {
    ended();
    return;
  }
  const killTimer = setTimeout(() => {
    signalGroup(pgid, 'SIGKILL');
    ended();
  }, graceMs);
  killTimer.unref();
}
