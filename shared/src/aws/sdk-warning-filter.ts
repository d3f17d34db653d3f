/**
 * AWS SDK v3 releases print a `NodeVersionSupportWarning` on Node 20 through
 * `process.emitWarning` when the first client is built. It is advice for the SDK's
 * own maintainers' schedule, not something a `devsecops` user can act on, and it
 * would land in the CLI's stderr and in test output. This drops exactly that
 * warning and passes every other warning through unchanged.
 *
 * Only a program's entry point installs it (the CLIs): it replaces `process.emitWarning` for the whole
 * process, which in a VS Code extension host belongs to every installed extension, so importing the AWS
 * clients never does.
 */
const FILTERED_PREFIX = 'NodeVersionSupportWarning';

let installed = false;

function warningText(warning: unknown): string {
  if (typeof warning === 'string') return warning;
  return warning instanceof Error ? `${warning.name}: ${warning.message}` : '';
}

/** Installs the filter once per process (idempotent). */
export function filterSdkNodeVersionWarning(): void {
  if (installed) return;
  installed = true;
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  const filtered = (warning: unknown, ...rest: unknown[]): void => {
    if (warningText(warning).includes(FILTERED_PREFIX)) return;
    original(warning, ...rest);
  };
  process.emitWarning = filtered;
}
