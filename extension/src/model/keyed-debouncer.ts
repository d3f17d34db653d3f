/** Work scheduled for one key; the signal aborts when newer work for the same key supersedes it. */
export type DebouncedTask = (signal: AbortSignal) => Promise<void>;

/**
 * Debounces work per key (a document) and cancels superseded work: scheduling a key again clears its
 * pending timer and aborts its running task, so a slow Bandit run on an old buffer never overwrites
 * the diagnostics of a newer one.
 */
export class KeyedDebouncer {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout | undefined; controller: AbortController }>();

  /**
   * Runs `task` after `delayMs` (milliseconds) unless the key is scheduled again or cancelled first.
   * Errors from the task go to `onError`, never to the caller.
   */
  schedule(key: string, delayMs: number, task: DebouncedTask, onError: (error: unknown) => void): void {
    this.cancel(key);
    const controller = new AbortController();
    const entry = { timer: undefined as NodeJS.Timeout | undefined, controller };
    const start = (): void => {
      entry.timer = undefined;
      task(controller.signal)
        .catch(onError)
        .finally(() => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
        });
    };
    this.pending.set(key, entry);
    // Always on a timer, even for 0 ms: work never runs inside the caller (activation stays cheap).
    entry.timer = setTimeout(start, Math.max(0, delayMs));
  }

  /** Drops pending work for `key` and aborts running work. */
  cancel(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.controller.abort();
    this.pending.delete(key);
  }

  /** True while work for `key` is waiting or running. */
  isBusy(key: string): boolean {
    return this.pending.has(key);
  }

  /** Number of keys with waiting or running work. */
  get size(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
