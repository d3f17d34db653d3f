import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runProcess, type ProcessResult } from '@devsecops/shared/process';

/** A file of a commit's tree. */
export interface TreeEntry {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** Git mode: `100644`, `100755`, `120000`. */
  readonly mode: string;
  readonly blobId: string;
}

/** A commit as `git cat-file commit` shows it. */
export interface GitCommit {
  readonly commitId: string;
  readonly treeId: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
}

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
  /** `<epoch seconds> <+zone>`, as git stores it. */
  readonly date: string;
}

/** One changed file between two commits (`git diff-tree --raw`). */
export interface TreeDifference {
  readonly changeType: 'A' | 'M' | 'D';
  readonly before?: TreeEntry;
  readonly after?: TreeEntry;
}

/** A file to write in a new commit. */
export interface FileWrite {
  readonly path: string;
  readonly content: Buffer;
  /** Git mode, `100644` or `100755`. */
  readonly mode: string;
}

interface GitRunOptions {
  /** Extra environment (GIT_INDEX_FILE, author identity). */
  readonly env?: Record<string, string>;
  readonly input?: Buffer | string;
  /** Run without `--git-dir` (for `git init`). */
  readonly noGitDir?: boolean;
  readonly stdoutEncoding?: 'utf8' | 'base64';
}

/** Thrown when a git command fails for a reason the caller did not anticipate. */
export class GitCommandError extends Error {}

const ZERO_ID = '0000000000000000000000000000000000000000';

/**
 * A bare git repository driven through git's plumbing commands (argument arrays, never
 * a shell). Every commit the emulator's CodeCommit makes is a real git commit here.
 */
export class GitRepository {
  constructor(readonly gitDir: string) {}

  static async create(gitDir: string): Promise<GitRepository> {
    const repository = new GitRepository(gitDir);
    await repository.git(['init', '--quiet', '--bare', gitDir], { noGitDir: true });
    return repository;
  }

  /** Full commit id of a commit id, branch name or ref, or undefined when it does not name a commit. */
  async resolveCommit(specifier: string): Promise<string | undefined> {
    if (specifier.startsWith('-')) return undefined;
    const result = await this.run(['rev-parse', '--verify', '--quiet', `${specifier}^{commit}`]);
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** Tip commit of a branch, or undefined. */
  async branchTip(branch: string): Promise<string | undefined> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** Branch names with their tips, sorted by name. */
  async branches(): Promise<{ name: string; commitId: string }[]> {
    const output = await this.git(['for-each-ref', '--format=%(refname:lstrip=2) %(objectname)', 'refs/heads']);
    return output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', commitId = ''] = line.split(' ');
        return { name, commitId };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async tagExists(name: string): Promise<boolean> {
    return (await this.run(['rev-parse', '--verify', '--quiet', `refs/tags/${name}`])).exitCode === 0;
  }

  /**
   * Moves (or creates) a branch only if it still points at `expectedOld` (undefined: must
   * not exist). Returns false when someone else moved it first.
   */
  async updateBranch(branch: string, commitId: string, expectedOld: string | undefined): Promise<boolean> {
    const result = await this.run(['update-ref', `refs/heads/${branch}`, commitId, expectedOld ?? ZERO_ID]);
    return result.exitCode === 0;
  }

  async readCommit(commitId: string): Promise<GitCommit> {
    const text = await this.git(['cat-file', 'commit', commitId]);
    const [head = '', ...messageParts] = text.split('\n\n');
    const parents: string[] = [];
    let treeId = '';
    let author: GitIdentity = { name: '', email: '', date: '' };
    let committer = author;
    for (const line of head.split('\n')) {
      const space = line.indexOf(' ');
      const key = line.slice(0, space);
      const value = line.slice(space + 1);
      if (key === 'tree') treeId = value;
      else if (key === 'parent') parents.push(value);
      else if (key === 'author') author = parseIdentity(value);
      else if (key === 'committer') committer = parseIdentity(value);
    }
    return { commitId, treeId, parents, message: messageParts.join('\n\n'), author, committer };
  }

  /** Every file of a commit, recursively, sorted by path. */
  async listFiles(commitId: string): Promise<TreeEntry[]> {
    const output = await this.git(['ls-tree', '-r', '-z', '--full-tree', commitId]);
    return parseLsTree(output);
  }

  /** The entry at `filePath` in a commit (file or folder), or undefined. */
  async entryAt(
    commitId: string,
    filePath: string,
  ): Promise<(TreeEntry & { type: 'blob' | 'tree' | 'commit' }) | undefined> {
    const output = await this.git(['ls-tree', '-z', '--full-tree', commitId, '--', filePath]);
    const record = output.split('\0').find((line) => line !== '');
    if (record === undefined) return undefined;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', blobId = ''] = record.slice(0, tab).split(' ');
    const entryPath = record.slice(tab + 1);
    if (entryPath !== filePath) return undefined;
    return { path: entryPath, mode, blobId, type: type as 'blob' | 'tree' | 'commit' };
  }

  /** A blob's exact bytes (binary files included). */
  async readBlob(blobId: string): Promise<Buffer> {
    return Buffer.from(await this.git(['cat-file', 'blob', blobId], { stdoutEncoding: 'base64' }), 'base64');
  }

  /** Files changed from `before` (undefined: the empty tree) to `after`. */
  async differences(before: string | undefined, after: string): Promise<TreeDifference[]> {
    if (before === undefined) {
      return (await this.listFiles(after)).map((entry) => ({ changeType: 'A', after: entry }));
    }
    const output = await this.git(['diff-tree', '-r', '-z', '--no-renames', '--raw', before, after]);
    const fields = output.split('\0');
    const differences: TreeDifference[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i] ?? '';
      const filePath = fields[i + 1] ?? '';
      if (!meta.startsWith(':')) continue;
      const [oldMode = '', newMode = '', oldId = '', newId = '', status = ''] = meta.slice(1).split(' ');
      const beforeEntry = { path: filePath, mode: oldMode, blobId: oldId };
      const afterEntry = { path: filePath, mode: newMode, blobId: newId };
      if (status === 'A') differences.push({ changeType: 'A', after: afterEntry });
      else if (status === 'D') differences.push({ changeType: 'D', before: beforeEntry });
      else differences.push({ changeType: 'M', before: beforeEntry, after: afterEntry });
    }
    return differences.sort(
      (a, b) => (a.after ?? a.before)?.path.localeCompare((b.after ?? b.before)?.path ?? '') ?? 0,
    );
  }

  /** Whether `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await this.run(['merge-base', '--is-ancestor', ancestor, descendant])).exitCode === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const result = await this.run(['merge-base', a, b]);
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /**
   * Writes a commit whose tree is `parent`'s tree with `writes` added or replaced and
   * `deletes` removed, using a private index so concurrent commits cannot mix.
   */
  async commit(request: {
    parent: string | undefined;
    writes: readonly FileWrite[];
    deletes: readonly string[];
    message: string;
    authorName: string;
    authorEmail: string;
  }): Promise<{ commitId: string; treeId: string }> {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'codecommit-index-'));
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    try {
      if (request.parent === undefined) await this.git(['read-tree', '--empty'], { env });
      else await this.git(['read-tree', request.parent], { env });
      for (const write of request.writes) {
        const blobId = (await this.git(['hash-object', '-w', '--stdin'], { input: write.content })).trim();
        await this.git(['update-index', '--add', '--cacheinfo', `${write.mode},${blobId},${write.path}`], { env });
      }
      for (const deleted of request.deletes) await this.git(['update-index', '--force-remove', '--', deleted], { env });
      const treeId = (await this.git(['write-tree'], { env })).trim();
      const identity = {
        GIT_AUTHOR_NAME: request.authorName,
        GIT_AUTHOR_EMAIL: request.authorEmail,
        GIT_COMMITTER_NAME: request.authorName,
        GIT_COMMITTER_EMAIL: request.authorEmail,
      };
      const parentArgs = request.parent === undefined ? [] : ['-p', request.parent];
      const commitId = (
        await this.git(['commit-tree', treeId, ...parentArgs], { env: identity, input: request.message })
      ).trim();
      return { commitId, treeId };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Tree id of a commit. */
  async treeOf(commitId: string): Promise<string> {
    return (await this.git(['rev-parse', `${commitId}^{tree}`])).trim();
  }

  /** Writes a commit's files into `directory` (a plain checkout, no .git), as CodeBuild's DOWNLOAD_SOURCE does. */
  async exportTo(commitId: string, directory: string): Promise<void> {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'codecommit-export-'));
    try {
      await this.git(['--work-tree', directory, 'checkout', '--force', commitId, '--', '.'], {
        env: { GIT_INDEX_FILE: path.join(scratch, 'index') },
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /**
   * A clone into `directory` with the commit checked out (detached HEAD) and `origin` pointing back here, as
   * CodeBuild clones a CodeCommit source: the whole history when `depth` is undefined or 0, else `depth`
   * commits of each branch, fetching the commit itself when no branch tip reaches it within that depth.
   */
  async cloneTo(commitId: string, directory: string, depth?: number): Promise<void> {
    const shallow = depth !== undefined && depth > 0 ? ['--depth', String(depth), '--no-single-branch'] : [];
    // A file:// URL, so that --depth applies (a plain path clones locally, in full).
    const origin = pathToFileURL(this.gitDir).href;
    await this.git(['clone', '--quiet', '--no-checkout', ...shallow, origin, directory], { noGitDir: true });
    const inClone = ['-C', directory];
    const present = await this.run([...inClone, 'cat-file', '-e', `${commitId}^{commit}`], { noGitDir: true });
    if (present.exitCode !== 0) {
      await this.git([...inClone, 'fetch', '--quiet', ...shallow.slice(0, 2), 'origin', commitId], { noGitDir: true });
    }
    await this.git([...inClone, 'checkout', '--quiet', '--detach', commitId], { noGitDir: true });
  }

  private async git(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.exitCode !== 0)
      throw new GitCommandError(`git ${args.join(' ')} failed (${String(result.exitCode)}): ${result.stderr.trim()}`);
    return result.stdout;
  }

  private run(args: readonly string[], options: GitRunOptions = {}): Promise<ProcessResult> {
    const gitDirArgs = options.noGitDir ? [] : ['--git-dir', this.gitDir];
    return runProcess({
      command: 'git',
      args: [...gitDirArgs, ...args],
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: os.tmpdir(),
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        LANG: 'C',
        ...options.env,
      },
      ...(options.input === undefined ? {} : { input: options.input }),
      ...(options.stdoutEncoding === undefined ? {} : { stdoutEncoding: options.stdoutEncoding }),
      timeoutMs: 60_000,
    });
  }
}

function parseIdentity(value: string): GitIdentity {
  const match = /^(.*) <(.*)> (\d+ [+-]\d{4})$/.exec(value);
  return match
    ? { name: match[1] ?? '', email: match[2] ?? '', date: match[3] ?? '' }
    : { name: value, email: '', date: '' };
}

function parseLsTree(output: string): TreeEntry[] {
  return output
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => {
      const tab = record.indexOf('\t');
      const [mode = '', , blobId = ''] = record.slice(0, tab).split(' ');
      return { path: record.slice(tab + 1), mode, blobId };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
