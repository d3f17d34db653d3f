/** The signals that mean "stop": Ctrl-C, a polite kill, and the terminal going away. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `stop` on SIGINT, SIGTERM and SIGHUP until the returned function is called. Handling them (instead
 * of Node's default, exiting at once) is what lets the CLI stop its tools' process groups before it exits;
 * the handler stays installed, so a second signal while stopping cannot fall back to the default either.
 * (SIGKILL cannot be handled: the process watchdog covers that case, see `process/watchdog.ts`.)
 */
export function stopOnSignals(stop: (signal: NodeJS.Signals) => void): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => stop(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
