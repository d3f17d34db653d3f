import { isDockerfilePath, isPythonPath, splitLines } from '@devsecops/shared/files';
import type { FileDiff, PullRequestDiff } from '../diff/pull-request-diff';
import { pythonStatements } from './python-statements';
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

/** hadolint's `# hadolint ignore=…` for the instruction after it (not `global` or `stage`). */
const HADOLINT_NEXT_INSTRUCTION_IGNORE = /^\s*#\s*hadolint\s+ignore\s*=/;

/** A Dockerfile line continued on the next: it ends in the escape character (`\`, or `` ` `` by directive). */
const CONTINUED = /[\\`]\s*$/;

/** `RUN <<EOF`, `COPY <<-"END" …`: the heredoc's terminator word. */
const HEREDOC = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/;

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
            ? `the bot could not read this file (${file.unreadable ?? 'binary or too large'}) to look for inline suppressions`
            : `the bot could not read this ${file.storedAs === 'symlink' ? 'symbolic link' : 'submodule'}'s target to look for inline suppressions`,
      });
      continue;
    }
    const fileChanges: PolicyChange[] = [];
    for (const [line, text] of file.addedText) {
      if (!pragma.test(text)) continue;
      fileChanges.push({ kind: 'inline-suppression', location: { path: file.path, line }, detail: quoted(text) });
    }
    if (file.afterText !== undefined) {
      fileChanges.push(
        ...(pragma === BANDIT_NOSEC ? unchangedNosecCoveringChanges(file) : unchangedIgnoreCoveringChanges(file)),
      );
    }
    changes.push(...fileChanges.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0)));
  }
  return changes;
}

/**
 * Bandit skips a finding when any line of its node holds a `# nosec` (`utils.get_nosec` over the node's
 * `linerange`), so a `# nosec` the destination already had on the first line of a call written over several
 * lines also hides what the pull request writes into a later line of it (`shell=True`). Each such `# nosec`
 * on an unchanged line of a statement the pull request changes is listed, at its own line.
 */
function unchangedNosecCoveringChanges(file: FileDiff): PolicyChange[] {
  const lines = splitLines(file.afterText ?? '');
  const changes: PolicyChange[] = [];
  for (const statement of pythonStatements(lines)) {
    if (statement.firstLine === statement.lastLine || statement.comments.size === 0) continue;
    const changed: number[] = [];
    for (let line = statement.firstLine; line <= statement.lastLine; line += 1) {
      if (file.addedLines.has(line)) changed.push(line);
    }
    if (changed.length === 0) continue;
    for (const [line, comment] of statement.comments) {
      if (file.addedLines.has(line) || !BANDIT_NOSEC.test(comment)) continue;
      changes.push({
        kind: 'inline-suppression',
        location: { path: file.path, line },
        detail: `${quoted(lines[line - 1] ?? '')} (unchanged, and covers changed line${changed.length === 1 ? '' : 's'} ${changed.join(', ')} of its statement)`,
      });
    }
  }
  return changes;
}

function quoted(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= MAX_QUOTED_CHARACTERS ? trimmed : `${trimmed.slice(0, MAX_QUOTED_CHARACTERS)}…`;
}

/**
 * hadolint's `# hadolint ignore=` silences its rules on the instruction after it. One the pull request keeps
 * above an instruction it changes (the instruction's line, a continuation line, a heredoc line) hides what the
 * change adds there under the destination's old exception; each is listed, at its own line.
 */
function unchangedIgnoreCoveringChanges(file: FileDiff): PolicyChange[] {
  const lines = splitLines(file.afterText ?? '');
  const changes: PolicyChange[] = [];
  lines.forEach((text, index) => {
    const pragmaLine = index + 1;
    if (file.addedLines.has(pragmaLine) || !HADOLINT_NEXT_INSTRUCTION_IGNORE.test(text)) return;
    const changed = instructionLinesAfter(lines, pragmaLine).filter((line) => file.addedLines.has(line));
    if (changed.length === 0) return;
    changes.push({
      kind: 'inline-suppression',
      location: { path: file.path, line: pragmaLine },
      detail: `${quoted(text)} (unchanged, and covers changed line${changed.length === 1 ? '' : 's'} ${changed.join(', ')} of the instruction after it)`,
    });
  });
  return changes;
}

/** The lines (1-based) of the instruction that starts on the line after `pragmaLine`: continuations and heredocs. */
function instructionLinesAfter(lines: readonly string[], pragmaLine: number): number[] {
  const covered: number[] = [];
  let terminator: string | undefined;
  for (let line = pragmaLine + 1; line <= lines.length; line += 1) {
    const text = lines[line - 1] ?? '';
    covered.push(line);
    if (terminator !== undefined) {
      if (text.trim() === terminator) terminator = undefined;
      else continue;
    } else {
      terminator = HEREDOC.exec(text)?.[1];
      if (terminator !== undefined) continue;
    }
    if (!CONTINUED.test(text)) break;
  }
  return covered;
}
