/** Whether this is a CI run: any non-empty `CI` (CI services set `true`, `1` or their own name). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env['CI'] ?? '') !== '';
}

/**
 * Skips a test whose system tool is missing on a developer's machine, with the reason printed; in CI
 * (any non-empty CI), where .ci/run installs every such tool, a missing one is a broken setup and fails instead.
 */
export function skipUnlessInstalled(context: Mocha.Context, installed: boolean, reason: string): void {
  if (installed) return;
  if (isCi()) throw new Error(`${reason} (CI must install it: see .ci/run)`);
  console.log(`    skipped: ${reason}`);
  context.skip();
}
