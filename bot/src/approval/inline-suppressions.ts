import { isDockerfilePath, isPythonPath } from '@devsecops/shared/files';
import type { PullRequestDiff } from '../diff/pull-request-diff';
import type { PolicyChange } from './policy-changes';

/**
 * Bandit's `# nosec` (optionally `: B602,B607` or `B602`), searched in every comment token: Bandit 1.7.4 (Debian
 * 12) tests `'#nosec' in comment or '# nosec' in comment`, later versions search `#\s*nosec:?…`; both take
 * `# nosecurity` too. This pattern covers both. It is matched on the whole line, so a `# nosec` inside a string
 * is listed too, which asks a reviewer to look once more than needed, never once less.
 */
const BANDIT_NOSEC = /#\s*nosec/;

/** hadolint's `# hadolint ignore=…`, `# hadolint global ignore=…` and `# hadolint stage ignore=…`. */
const HADOLINT_IGNORE = /^\s*#\s*hadolint\s+(?:(?:global|stage)\s+)?ignore\s*=/;

/** The most characters of a pragma line the summary quotes. */
const MAX_QUOTED_CHARACTERS = 120;

/**
 * The inline suppressions a pull request adds: a `# nosec` in Python, a `# hadolint ignore=` in a Dockerfile,
 * each on a line the pull request adds or changes. The scan honours them (that is what they are for), so the
 * findings they hide never reach the reports; a suppression the author writes for their own code is exactly
 * what a security reviewer should see before it merges. A changed source whose text could not be read is
 * listed as well: the bot cannot say it adds none.
 */
export function inlineSuppressionsAdded(diff: PullRequestDiff): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const file of diff.values()) {
    const pragma = isPythonPath(file.path) ? BANDIT_NOSEC : isDockerfilePath(file.path) ? HADOLINT_IGNORE : undefined;
    if (pragma === undefined || file.changeType === 'deleted') continue;
    if (file.addedText === undefined) {
      changes.push({
        kind: 'inline-suppression',
        location: { path: file.path, line: 1 },
        detail:
          file.storedAs === undefined
            ? 'the bot could not read this file (binary or too large) to look for inline suppressions'
            : `the bot could not read this ${file.storedAs === 'symlink' ? 'symbolic link' : 'submodule'}'s target to look for inline suppressions`,
      });
      continue;
    }
    const lines = [...file.addedText.entries()].sort(([a], [b]) => a - b);
    for (const [line, text] of lines) {
      if (!pragma.test(text)) continue;
      changes.push({ kind: 'inline-suppression', location: { path: file.path, line }, detail: quoted(text) });
    }
  }
  return changes;
}

function quoted(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= MAX_QUOTED_CHARACTERS ? trimmed : `${trimmed.slice(0, MAX_QUOTED_CHARACTERS)}…`;
}
