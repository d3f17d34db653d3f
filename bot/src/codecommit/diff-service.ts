import { posix } from 'node:path';
import { GetFileCommand, paginateGetDifferences } from '@aws-sdk/client-codecommit';
import type { CodeCommitClient, Difference } from '@aws-sdk/client-codecommit';
import { DevsecopsError } from '@devsecops/shared/errors';
import { BANDIT_CONFIG_FILE, isDockerfilePath, isPythonPath } from '@devsecops/shared/files';
import { SCANNER_CONFIG_FILE_NAMES } from '../approval/policy-changes';
import { pathsOpenedThrough } from '../diff/linked-paths';
import { MAX_FILES_LISTED, TooManyChangedFilesError } from '../diff/too-many-files';
import { diffFileTexts } from '../diff/text-diff';
import { fileWithoutLines, type FileDiff, type PullRequestDiff } from '../diff/pull-request-diff';
import type { DiffService } from '../ports';
import { awsCallError } from './aws-errors';
import { GET_FILE_TOO_LARGE, isFileTooLarge } from './file-too-large';

/** Files larger than this are not line-diffed (no inline comments on them); 1 MiB. */
export const MAX_DIFFED_FILE_BYTES = 1024 * 1024;

/**
 * Changed files whose text the bot reads (one or two GetFile calls each): enough for any reviewable pull request,
 * few enough that a pull request of thousands of files cannot run the bot past its Lambda's time limit.
 */
export const MAX_FILES_READ = 500;

/**
 * Milliseconds from the start of reading the changed files after which no file is line-diffed any more (each
 * diff also stops at DIFF_TIMEOUT_MS): the files left count as rewritten, every line added. Without it, hundreds of large files edited throughout (each diff stopping
 * at its own limit) would run the bot past its Lambda's time limit.
 */
export const DIFF_BUDGET_MS = 60_000;

/** GetFile calls in flight at once: enough to hide latency, few enough to stay under API throttling. */
const BLOB_CONCURRENCY = 8;

/** What to compare: the diff base (merge base) and the pull request's source commit. */
export interface CodeCommitDiffRequest {
  readonly repositoryName: string;
  /** Commit the diff starts from: the merge base, else the destination commit. */
  readonly beforeCommit: string;
  /** The source commit. */
  readonly afterCommit: string;
  /**
   * Scanner config files the destination's policy names besides the root names (its `tools.bandit.configFile`),
   * repository-relative and normalised: the scanners read them through links as well.
   */
  readonly configFiles?: readonly string[];
  /** Changed files read at most (default MAX_FILES_READ); the others are in the diff unread. */
  readonly maxFilesRead?: number;
  /** Milliseconds all line diffs may take together (default DIFF_BUDGET_MS). */
  readonly diffBudgetMs?: number;
  /** Changed files listed at most (default MAX_FILES_LISTED); more is TooManyChangedFilesError. */
  readonly maxFilesListed?: number;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Why one side of a changed file has no text to line-diff. */
interface Unreadable {
  readonly unreadable: string;
}

/** Text of a file, or why it is not read as text: binary (has a NUL byte) or too large to diff. */
function textOfFile(content: Uint8Array): string | Unreadable {
  if (content.byteLength > MAX_DIFFED_FILE_BYTES)
    return { unreadable: 'larger than 1 MiB, the most the bot line-diffs' };
  if (content.includes(0)) return { unreadable: 'binary' };
  return Buffer.from(content).toString('utf8');
}

/** Whether the verdict reads the file's text (inline suppressions): Python files and Dockerfiles. */
function textMatters(difference: Difference): boolean {
  const path = difference.afterBlob?.path ?? difference.beforeBlob?.path ?? '';
  return isPythonPath(path) || isDockerfilePath(path);
}

/**
 * Each changed file, with why it is not read when it is beyond `maxFilesRead`: the files whose text the verdict
 * needs are read first, so that other files in bulk (data, assets) leave them checked.
 */
function filesToRead(
  differences: readonly Difference[],
  maxFilesRead: number,
): { readonly difference: Difference; readonly notRead?: string }[] {
  if (differences.length <= maxFilesRead) return differences.map((difference) => ({ difference }));
  const first = [...differences.keys()]
    .sort(
      (a, b) =>
        Number(textMatters(differences[b] as Difference)) - Number(textMatters(differences[a] as Difference)) || a - b,
    )
    .slice(0, maxFilesRead);
  const read = new Set(first);
  const why = `one of ${String(differences.length)} changed files: the bot reads ${String(maxFilesRead)} at most, Python files and Dockerfiles first`;
  return differences.map((difference, index) => (read.has(index) ? { difference } : { difference, notRead: why }));
}

/** What a blob's Git mode says it is, when not a regular file (`100644`, `100755`) nor absent. */
function notRegularFile(mode: string | undefined): FileDiff['storedAs'] {
  if (mode === undefined || mode.startsWith('100')) return undefined;
  return mode === '120000' ? 'symlink' : 'submodule';
}

/**
 * The PR diff from CodeCommit: GetDifferences (every page) lists changed files, GetFile reads both
 * sides (by commit and path, which also works where GetBlob is not offered), and the `diff` package
 * line-diffs them. Submodules and symlinks are listed as changed, with no lines to comment on.
 */
export function codeCommitDiffService(client: CodeCommitClient, request: CodeCommitDiffRequest): DiffService {
  const readFileAt = async (commit: string, filePath: string): Promise<string | Unreadable> => {
    let output;
    try {
      output = await client.send(
        new GetFileCommand({ repositoryName: request.repositoryName, commitSpecifier: commit, filePath }),
      );
    } catch (error) {
      // One file too large to fetch must not cost the whole review: the file is reported as unread instead.
      if (isFileTooLarge(error)) return { unreadable: GET_FILE_TOO_LARGE };
      throw error;
    }
    return output.fileContent === undefined ? '' : textOfFile(output.fileContent);
  };

  /** One changed file's diff; `notRead` says why its text is not read; line diffs end at `diffDeadline`. */
  const diffOne = async (
    difference: Difference,
    notRead: string | undefined,
    diffDeadline: number,
  ): Promise<FileDiff | undefined> => {
    const before = difference.beforeBlob;
    const after = difference.afterBlob;
    const path = after?.path ?? before?.path;
    if (path === undefined) return undefined;
    const changeType = after === undefined ? 'deleted' : before === undefined ? 'added' : 'modified';
    const storedAs = notRegularFile(after?.mode) ?? notRegularFile(before?.mode);
    if (storedAs !== undefined) {
      // Still a change of the pull request: a `.hadolint.yaml` committed as a link is read through it by the
      // scanners, so the policy check must see its path even though it has no lines.
      return fileWithoutLines(path, changeType, { storedAs });
    }
    if (notRead !== undefined) return fileWithoutLines(path, changeType, { unreadable: notRead });
    const [beforeText, afterText] = await Promise.all([
      before?.path === undefined ? Promise.resolve(undefined) : readFileAt(request.beforeCommit, before.path),
      after?.path === undefined ? Promise.resolve(undefined) : readFileAt(request.afterCommit, after.path),
    ]);
    const unreadable =
      typeof beforeText === 'object' ? beforeText : typeof afterText === 'object' ? afterText : undefined;
    if (unreadable !== undefined) {
      // Binary or too large: the file is in the diff (the summary says why it was not read) with no lines.
      return fileWithoutLines(path, changeType, { unreadable: unreadable.unreadable });
    }
    return diffFileTexts(
      path,
      before === undefined || typeof beforeText === 'object' ? undefined : beforeText,
      after === undefined || typeof afterText === 'object' ? undefined : afterText,
      diffDeadline - Date.now(),
    );
  };

  /** The target of the link at `path` in the source commit, as written, when it is a link. */
  const linkAt = async (path: string): Promise<string | undefined> => {
    let output;
    try {
      output = await client.send(
        new GetFileCommand({
          repositoryName: request.repositoryName,
          commitSpecifier: request.afterCommit,
          filePath: path,
        }),
      );
    } catch (error) {
      // A folder, or a path through a link (CodeCommit stores the link, not what it points to): no link here.
      if (error instanceof Error && error.name === 'FileDoesNotExistException') return undefined;
      // A link's blob is a path, never megabytes: a file too large to fetch is no link.
      if (isFileTooLarge(error)) return undefined;
      throw error;
    }
    if (output.fileMode !== 'SYMLINK' || output.fileContent === undefined) return undefined;
    return Buffer.from(output.fileContent).toString('utf8');
  };

  /**
   * `.bandit` files committed as links below the root: Bandit reads a `.bandit` wherever it is in the tree (and so
   * does the scan), through a link too. Found in a listing of the source commit (GetDifferences without a base).
   */
  const nestedBanditLinks = async (): Promise<string[]> => {
    const found: string[] = [];
    for await (const page of paginateGetDifferences(
      { client },
      { repositoryName: request.repositoryName, afterCommitSpecifier: request.afterCommit },
    )) {
      for (const difference of page.differences ?? []) {
        const blob = difference.afterBlob;
        if (blob?.path === undefined || blob.mode !== '120000' || !blob.path.includes('/')) continue;
        if (posix.basename(blob.path) === BANDIT_CONFIG_FILE) found.push(blob.path);
      }
    }
    return found;
  };

  /**
   * The scanners read their own configs by name through links inside the repository, so a pull request that
   * edits a file on the way a config is opened (the link's target, a link further on, a file in a linked folder)
   * changes the config without touching its name: such a config counts as changed.
   */
  const linksToChangedFiles = async (diff: ReadonlyMap<string, FileDiff>): Promise<FileDiff[]> => {
    const names = new Set([
      ...SCANNER_CONFIG_FILE_NAMES,
      ...(request.configFiles ?? []),
      ...(await nestedBanditLinks()),
    ]);
    const unchanged = [...names].filter((name) => !diff.has(name));
    const links = await mapLimited(unchanged, BLOB_CONCURRENCY, async (name): Promise<FileDiff | undefined> => {
      const opened = await pathsOpenedThrough(name, linkAt, (path) => diff.has(path));
      if (!opened.some((path) => diff.has(path))) return undefined;
      return fileWithoutLines(name, 'modified', { storedAs: 'symlink' });
    });
    return links.filter((link): link is FileDiff => link !== undefined);
  };

  return {
    async pullRequestDiff(): Promise<PullRequestDiff> {
      const differences: Difference[] = [];
      try {
        for await (const page of paginateGetDifferences(
          { client },
          {
            repositoryName: request.repositoryName,
            beforeCommitSpecifier: request.beforeCommit,
            afterCommitSpecifier: request.afterCommit,
          },
        )) {
          differences.push(...(page.differences ?? []));
          const limit = request.maxFilesListed ?? MAX_FILES_LISTED;
          if (differences.length > limit) throw new TooManyChangedFilesError(limit);
        }
        const diffDeadline = Date.now() + (request.diffBudgetMs ?? DIFF_BUDGET_MS);
        const files = await mapLimited(
          filesToRead(differences, request.maxFilesRead ?? MAX_FILES_READ),
          BLOB_CONCURRENCY,
          ({ difference, notRead }) => diffOne(difference, notRead, diffDeadline),
        );
        const diff = new Map(files.flatMap((file) => (file === undefined ? [] : [[file.path, file] as const])));
        for (const link of await linksToChangedFiles(diff)) diff.set(link.path, link);
        return diff;
      } catch (error) {
        if (error instanceof DevsecopsError) throw error;
        throw awsCallError(
          {
            service: 'CodeCommit',
            action:
              `read the changes of ${request.repositoryName} between ${request.beforeCommit.slice(0, 12)} and ` +
              request.afterCommit.slice(0, 12),
            permission: 'codecommit:GetDifferences and codecommit:GetFile',
          },
          error,
        );
      }
    },
  };
}
