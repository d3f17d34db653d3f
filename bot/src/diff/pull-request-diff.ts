/** How a file changed between the diff's base and the pull request's source commit. */
export type FileChangeType = 'added' | 'modified' | 'deleted';

/** One changed file, seen from the AFTER side (the source commit), where inline comments go. */
export interface FileDiff {
  /** Repository-relative POSIX path in the AFTER version (the BEFORE path for a deleted file). */
  readonly path: string;
  readonly changeType: FileChangeType;
  /** AFTER-side line numbers (1-based) the pull request added or changed. */
  readonly addedLines: ReadonlySet<number>;
  /** AFTER-side line numbers (1-based) shown in the diff's hunks: added lines and their unchanged context. */
  readonly contextLines: ReadonlySet<number>;
  /** Number of lines in the AFTER version, when the file's text was read; undefined from a bare patch. */
  readonly afterLineCount?: number;
  /**
   * The text of each added line (AFTER-side number → line without its end), for what a pull request writes
   * into its files (an inline `# nosec`). Undefined when the file's text could not be read (binary, too large).
   */
  readonly addedText?: ReadonlyMap<number, string>;
  /**
   * The whole AFTER text, kept for Python files and Dockerfiles only (undefined for others, and when it was not
   * read): Bandit's `# nosec` covers every line of its statement, and `# hadolint ignore=` the whole instruction
   * after it, so one on an unchanged line can hide what a changed line of the same statement adds.
   */
  readonly afterText?: string;
  /**
   * Why the file's text was not read, when it was not (`binary`, too large to diff, larger than the code host
   * returns): the file then has no lines, and what it adds is unknown to the bot.
   */
  readonly unreadable?: string;
  /**
   * Set when either side is not a regular file: a symbolic link (its text is the path it points to, which the
   * scanners follow when they read a config by name) or a submodule. Neither has lines to comment on.
   */
  readonly storedAs?: 'symlink' | 'submodule';
}

/**
 * A changed file the bot has no lines of: a link or submodule (`storedAs`), or a file whose text it did not read
 * (`unreadable` says why). Nothing in it can be commented on, and what it adds is unknown.
 */
export function fileWithoutLines(
  path: string,
  changeType: FileChangeType,
  why: Pick<FileDiff, 'storedAs' | 'unreadable'>,
): FileDiff {
  return { path, changeType, addedLines: new Set(), contextLines: new Set(), afterLineCount: 0, ...why };
}

/** Every changed file of a pull request, keyed by AFTER path. */
export type PullRequestDiff = ReadonlyMap<string, FileDiff>;
