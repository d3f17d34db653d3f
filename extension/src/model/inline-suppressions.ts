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
/**
 * hadolint's ignore pragmas as the Dockerfile engine reads them (and hadolint, Hadolint/Pragma.hs): spaces or tabs
 * around `=` and `,`, a `# comment` after the codes, and the `global` and `stage` forms. A form this misses would be
 * a suppression the view hides.
 */
const HADOLINT_IGNORE =
  /^[ \t]*#[ \t]*hadolint[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=[ \t]*([\w]+(?:[ \t]*,[ \t]*[\w]+)*)[ \t]*(?:#\s*(.*))?$/i;
const COMMENT_LINE = /^\s*#\s*(.*)$/;

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
    const match = HADOLINT_IGNORE.exec(content);
    if (!match) return;
    const above = index > 0 ? COMMENT_LINE.exec(lines[index - 1] ?? '') : null;
    const aboveReason = above && !HADOLINT_IGNORE.test(lines[index - 1] ?? '') ? (above[1] ?? '') : '';
    const form = match[1]?.toLowerCase();
    found.push({
      path,
      line: index + 1,
      kind: 'hadolint',
      rules: ruleIds(match[2] ?? ''),
      reason: ((match[3] ?? '') || aboveReason).trim(),
      ...(form === 'global' ? { scope: 'file' as const } : form === 'stage' ? { scope: 'stage' as const } : {}),
    });
  });
  return found;
}
