import { readIgnorePragma, type IgnorePragma } from '@devsecops/shared/engines';
import { isDockerfilePath, isPythonPath } from '@devsecops/shared/files';

/** A suppression written in a file: a Bandit `# nosec` or a `# hadolint ignore=` pragma. */
export interface InlineSuppression {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** Line of the pragma, 1-based. */
  readonly line: number;
  /** `# nosec` or `# hadolint ignore=`. */
  readonly kind: 'nosec' | 'hadolint';
  /** The rule ids it names; empty: every rule on the line (a bare `# nosec`). */
  readonly rules: readonly string[];
  /** The comment that explains it: the tail after the pragma, or the comment line above; empty when none. */
  readonly reason: string;
  /** Where a hadolint pragma applies beyond the next line: its build stage, or the whole file. */
  readonly scope?: 'stage' | 'file';
}

const NOSEC = /#\s*nosec\b:?([^#]*)(?:#\s*(.*))?$/i;
const COMMENT_LINE = /^\s*#\s*(.*)$/;

/**
 * The `ignore=` pragma on a Dockerfile line, read as the Dockerfile engine reads it (`readIgnorePragma`), so the
 * view lists every pragma that silences a rule: one it missed would be a suppression hidden from a reviewer.
 */
function hadolintIgnoreOn(line: string): IgnorePragma | undefined {
  const comment = /^[ \t]*#(.*)$/.exec(line);
  return comment === null ? undefined : readIgnorePragma(comment[1] ?? '');
}

function ruleIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((rule) => rule.trim())
    .filter((rule) => /^[A-Z]+\d+$/i.test(rule));
}

/**
 * The inline suppressions of one file, for the view's "Suppressed" node: `# nosec [B602] [# reason]` in Python,
 * `# hadolint ignore=DL3007[,…]` in Dockerfiles (with the comment line above as its reason, as the quick fix
 * writes it). Other files have none. Pure.
 */
export function inlineSuppressionsIn(path: string, text: string): InlineSuppression[] {
  const python = isPythonPath(path);
  const dockerfile = isDockerfilePath(path);
  if (!python && !dockerfile) return [];
  const lines = text.split(/\r?\n/);
  const found: InlineSuppression[] = [];
  lines.forEach((content, index) => {
    if (python) {
      const match = NOSEC.exec(content);
      if (match) {
        found.push({
          path,
          line: index + 1,
          kind: 'nosec',
          rules: ruleIds(match[1] ?? ''),
          reason: (match[2] ?? '').trim(),
        });
      }
      return;
    }
    const pragma = hadolintIgnoreOn(content);
    if (pragma === undefined) return;
    const previous = index > 0 ? (lines[index - 1] ?? '') : '';
    const above = COMMENT_LINE.exec(previous);
    const aboveReason = above && hadolintIgnoreOn(previous) === undefined ? (above[1] ?? '') : '';
    found.push({
      path,
      line: index + 1,
      kind: 'hadolint',
      rules: pragma.codes,
      reason: (pragma.comment || aboveReason).trim(),
      ...(pragma.scope === 'line' ? {} : { scope: pragma.scope }),
    });
  });
  return found;
}
