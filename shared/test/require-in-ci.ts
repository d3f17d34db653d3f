/**
 * Skips a test whose system tool is missing on a developer's machine, with the reason printed; in CI
 * (CI=true), where .ci/run installs every such tool, a missing one is a broken setup and fails instead.
 */
export function skipUnlessInstalled(context: Mocha.Context, installed: boolean, reason: string): void {
  if (installed) return;
  if (process.env['CI'] === 'true') throw new Error(`${reason} (CI must install it: see .ci/run)`);
  console.log(`    skipped: ${reason}`);
  context.skip();
}
