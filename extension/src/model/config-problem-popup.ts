/**
 * The popup for a folder's policy file that cannot be used (CONFIG_INVALID, or a file that cannot be read), or
 * undefined when every problem in it was said before: the file is read again on each save, and the problems
 * themselves are marked on its lines, so a popup per save of the same mistakes would only be noise. A problem
 * that moved to another line is the same problem. `said` holds what was said, per folder; it is updated.
 */
export function configProblemPopup(root: string, message: string, said: Set<string>): string | undefined {
  const [head = message, ...details] = message.split('\n');
  // Each detail reads `.devsecops.yml:7: what is wrong`: the line number is left out of what counts as new.
  const problems = details.length === 0 ? [head] : details.map((detail) => detail.replace(/^[^\n]*?:\d+: /, ''));
  const unsaid = problems.map((problem) => `${root}\0${problem}`).filter((key) => !said.has(key));
  if (unsaid.length === 0) return undefined;
  for (const key of unsaid) said.add(key);
  const count = details.length === 1 ? 'one problem' : `${String(details.length)} problems`;
  const summary = details.length === 0 ? head : `${head.replace(/:$/, '')} (${count}).`;
  return `DevSecOps: ${summary} Scans use the defaults until it is fixed; each problem is marked in the file.`;
}

/** The folder's policy is valid again: a later mistake is said again, even one said before. */
export function forgetSaidConfigProblems(root: string, said: Set<string>): void {
  for (const key of said) if (key.startsWith(`${root}\0`)) said.delete(key);
}
