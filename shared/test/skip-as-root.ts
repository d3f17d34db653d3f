/**
 * Skips a test of a refused permission when it runs as root, saying so in the output: root passes every
 * permission check (a `chmod 0o555` folder is writable to it), so the refusal the test expects cannot happen.
 */
export function skipAsRoot(context: Mocha.Context, refusal: string): void {
  if (process.getuid?.() !== 0) return;
  console.log(`      (skipped as root, which passes every permission check: ${refusal})`);
  context.skip();
}
