import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Skips a test of a refused permission when it runs as root, saying so in the output: root passes every
 * permission check (a `chmod 0o555` folder is writable to it), so the refusal the test expects cannot happen.
 */
export function skipAsRoot(context: Mocha.Context, refusal: string): void {
  if (process.getuid?.() !== 0) return;
  console.log(`      (skipped as root, which passes every permission check: ${refusal})`);
  context.skip();
}

/**
 * Runs `attempt` while the folder `path` (created when missing) has `mode`, a mode that refuses something
 * (`refusal` says what, for the line printed when the test is skipped as root), then gives the folder back its
 * owner's full access so the test's cleanup can remove it.
 */
export async function whileFolderRefuses<T>(
  context: Mocha.Context,
  path: string,
  mode: number,
  refusal: string,
  attempt: () => Promise<T>,
): Promise<T> {
  skipAsRoot(context, refusal);
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  try {
    return await attempt();
  } finally {
    chmodSync(path, 0o755);
  }
}
