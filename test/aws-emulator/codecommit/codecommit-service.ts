import { pullRequestEvent, referenceEvent, repositoryArn, type ServiceEvent } from './codecommit-events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CallContext, ServiceHandler } from '../protocol/json-server';
import { KeyedMutex } from '../protocol/keyed-mutex';
import { clientError, ServiceError } from '../protocol/service-error';
import { loadServiceModel, type ServiceModel } from '../protocol/service-model';
import type { ValidationFailure } from '../protocol/shape-codec';
import { memberErrorName } from '../protocol/validation-names';
import { GitRepository, type FileWrite, type TreeEntry } from './git-repository';

/** CodeCommit's documented limit on a comment, in characters. */
export const COMMENT_CONTENT_LIMIT = 10_240;
const MAX_FILE_ENTRIES = 100;
/**
 * The largest file GetFile returns, in bytes: the service model's `FileContent` shape (what GetFile answers with,
 * and what CreateCommit and PutFile take) has `max` 6,291,456. A larger blob, which a `git push` can store, is
 * refused with `FileTooLargeException`.
 */
export const GET_FILE_SIZE_LIMIT = 6 * 1024 * 1024;
const MAX_APPROVAL_RULES = 25;

const FILE_MODES: Readonly<Record<string, string>> = { NORMAL: '100644', EXECUTABLE: '100755', SYMLINK: '120000' };

function fileModeName(gitMode: string): string {
  if (gitMode === '100755') return 'EXECUTABLE';
  if (gitMode === '120000') return 'SYMLINK';
  return 'NORMAL';
}

interface RepositoryState {
  readonly repositoryId: string;
  readonly repositoryName: string;
  readonly description?: string;
  readonly creationDate: Date;
  lastModifiedDate: Date;
  defaultBranch?: string;
  readonly git: GitRepository;
}

interface ApprovalRuleState {
  readonly approvalRuleId: string;
  readonly approvalRuleName: string;
  readonly approvalRuleContent: string;
  readonly ruleContentSha256: string;
  readonly creationDate: Date;
  readonly lastModifiedDate: Date;
  readonly lastModifiedUser: string;
}

interface PullRequestState {
  readonly pullRequestId: string;
  readonly title: string;
  readonly description?: string;
  readonly creationDate: Date;
  lastActivityDate: Date;
  status: 'OPEN' | 'CLOSED';
  readonly authorArn: string;
  readonly clientRequestToken?: string;
  readonly repositoryName: string;
  /** Full ref, `refs/heads/<branch>`. */
  readonly sourceReference: string;
  readonly destinationReference: string;
  sourceCommit: string;
  destinationCommit: string;
  mergeBase?: string;
  isMerged: boolean;
  mergedBy?: string;
  revisionId: string;
  readonly approvalRules: ApprovalRuleState[];
  /** Approval state per user for the current revision. */
  approvals: Map<string, 'APPROVE' | 'REVOKE'>;
}

interface CommentState {
  readonly commentId: string;
  content: string;
  readonly inReplyTo?: string;
  readonly creationDate: Date;
  lastModifiedDate: Date;
  readonly authorArn: string;
  deleted: boolean;
  readonly clientRequestToken?: string;
  /** The thread (same PR, commits and location) the comment belongs to. */
  readonly threadKey: string;
}

interface CommentThread {
  readonly key: string;
  readonly pullRequestId: string;
  readonly repositoryName: string;
  readonly beforeCommitId: string;
  readonly afterCommitId: string;
  readonly beforeBlobId?: string;
  readonly afterBlobId?: string;
  readonly location?: { filePath: string; filePosition?: number; relativeFileVersion?: string };
  readonly commentIds: string[];
}

/** Members whose error names do not follow `<Member>RequiredException` / `Invalid<Member>Exception`. */
const ERROR_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  'content:required': 'CommentContentRequiredException',
  'content:max': 'CommentContentSizeLimitExceededException',
  'filePath:required': 'PathRequiredException',
  'filePath:invalid': 'InvalidPathException',
  'folderPath:required': 'PathRequiredException',
  'afterCommitSpecifier:required': 'CommitRequiredException',
  'afterCommitSpecifier:invalid': 'InvalidCommitException',
  'beforeCommitId:required': 'CommitIdRequiredException',
  'afterCommitId:required': 'CommitIdRequiredException',
  'beforeCommitId:invalid': 'InvalidCommitIdException',
  'afterCommitId:invalid': 'InvalidCommitIdException',
  'sourceReference:required': 'ReferenceNameRequiredException',
  'sourceReference:invalid': 'InvalidReferenceNameException',
  'inReplyTo:required': 'CommentIdRequiredException',
  'inReplyTo:invalid': 'InvalidCommentIdException',
  'relativeFileVersion:invalid': 'InvalidRelativeFileVersionEnumException',
  'fileContent:max': 'FileContentSizeLimitExceededException',
  'fileMode:invalid': 'InvalidFileModeException',
  'maxResults:invalid': 'InvalidMaxResultsException',
  'MaxResults:invalid': 'InvalidMaxResultsException',
};

type Input = Record<string, unknown>;

function str(input: Input, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

function isCommitIdShape(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}

/** The call's `revisionId`, which must have a revision ID's shape (64 hex digits). */
function revisionIdOf(input: Input): string {
  const revisionId = str(input, 'revisionId') ?? '';
  if (!/^[0-9a-f]{64}$/.test(revisionId))
    throw clientError('InvalidRevisionIdException', `${revisionId} is not a revision ID.`);
  return revisionId;
}

/** Approving or evaluating is only allowed against the pull request's current revision. */
function checkCurrentRevision(state: PullRequestState, revisionId: string): void {
  if (revisionId !== state.revisionId)
    throw clientError('RevisionNotCurrentException', 'The pull request changed; get its current revision ID.');
}

/** A path CodeCommit accepts: relative, no empty, `.` or `..` segments, nothing under `.git`. */
function normalisePath(raw: string): string | undefined {
  const trimmed = raw.replace(/^\/+/, '');
  const segments = trimmed.split('/');
  if (trimmed === '' || segments.some((s) => s === '' || s === '.' || s === '..') || segments[0] === '.git')
    return undefined;
  return trimmed;
}

function branchOfReference(reference: string): string {
  return reference.startsWith('refs/heads/') ? reference.slice('refs/heads/'.length) : reference;
}

function newRevisionId(): string {
  return randomBytes(32).toString('hex');
}

function lineCount(content: Buffer): number {
  const text = content.toString('utf8');
  if (text === '') return 0;
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** `*` globs in approval pool members (ARNs or `CodeCommitApprovers:<account>:<user>`). */
function poolMemberMatches(member: string, userArn: string): boolean {
  const short = /^CodeCommitApprovers:(\d+):(.+)$/.exec(member);
  if (short) return userArn.endsWith(`/${short[2] ?? ''}`) && userArn.includes(`:${short[1] ?? ''}:`);
  const pattern = new RegExp(
    `^${member
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return pattern.test(userArn);
}

interface ApprovalStatement {
  readonly needed: number;
  readonly pool?: readonly string[];
}

function parseApprovalRuleContent(content: string): ApprovalStatement[] | undefined {
  try {
    const parsed = JSON.parse(content) as { Version?: unknown; Statements?: unknown };
    if (parsed.Version !== '2018-11-08' || !Array.isArray(parsed.Statements) || parsed.Statements.length === 0)
      return undefined;
    const statements: ApprovalStatement[] = [];
    for (const raw of parsed.Statements as unknown[]) {
      const statement = raw as { Type?: unknown; NumberOfApprovalsNeeded?: unknown; ApprovalPoolMembers?: unknown };
      if (statement.Type !== 'Approvers') return undefined;
      const needed = statement.NumberOfApprovalsNeeded;
      if (typeof needed !== 'number' || !Number.isInteger(needed) || needed < 1) return undefined;
      const pool = statement.ApprovalPoolMembers;
      if (pool !== undefined && (!Array.isArray(pool) || pool.some((m) => typeof m !== 'string'))) return undefined;
      statements.push(pool === undefined ? { needed } : { needed, pool: pool as string[] });
    }
    return statements;
  } catch {
    return undefined;
  }
}

/** Where the emulator's CodeCommit keeps state, and how it names things. */
export interface CodeCommitOptions {
  /** Folder for the bare git repositories. */
  readonly dataDir: string;
  readonly accountId: string;
  readonly region: string;
  /** Receives the events CodeCommit sends to EventBridge (branch moves, pull requests created or updated). */
  readonly onEvent?: (event: ServiceEvent) => void;
}

/**
 * CodeCommit backed by real git repositories on disk: every commit, branch and diff is
 * git's; pull requests, comments and approvals are kept in memory.
 */
export class CodeCommitService implements ServiceHandler {
  readonly model: ServiceModel = loadServiceModel('codecommit');
  private readonly repositories = new Map<string, RepositoryState>();
  private readonly pullRequests = new Map<string, PullRequestState>();
  private readonly comments = new Map<string, CommentState>();
  private readonly threads = new Map<string, CommentThread>();
  private readonly locks = new KeyedMutex();
  private nextPullRequestNumber = 1;

  constructor(private readonly options: CodeCommitOptions) {}

  validationErrorName(operation: string, failure: ValidationFailure): string {
    return memberErrorName(this.model, operation, failure, ERROR_NAME_OVERRIDES, 'InvalidParameterException');
  }

  /** The git repository behind a CodeCommit repository (CodeBuild checks out from it). */
  gitRepository(name: string): GitRepository | undefined {
    return this.repositories.get(name)?.git;
  }

  async handle(operation: string, input: Input, context: CallContext): Promise<unknown> {
    switch (operation) {
      case 'CreateRepository':
        return this.createRepository(input);
      case 'GetRepository':
        return { repositoryMetadata: this.metadata(this.repository(input)) };
      case 'DeleteRepository': {
        const name = str(input, 'repositoryName') ?? '';
        const state = this.repositories.get(name);
        this.repositories.delete(name);
        return state ? { repositoryId: state.repositoryId } : {};
      }
      case 'ListRepositories':
        return this.listRepositories(input);
      case 'CreateCommit':
        return this.createCommit(input);
      case 'PutFile':
        return this.putFile(input);
      case 'GetFile':
        return this.getFile(input);
      case 'GetFolder':
        return this.getFolder(input);
      case 'GetDifferences':
        return this.getDifferences(input);
      case 'GetCommit':
        return this.getCommit(input);
      case 'GetBranch':
        return this.getBranch(input);
      case 'CreateBranch':
        return this.createBranch(input);
      case 'ListBranches': {
        const repository = this.repository(input);
        return { branches: (await repository.git.branches()).map((b) => b.name) };
      }
      case 'CreatePullRequest':
        return this.createPullRequest(input, context);
      case 'GetPullRequest':
        return { pullRequest: this.pullRequestView(await this.pullRequest(input)) };
      case 'ListPullRequests':
        return this.listPullRequests(input);
      case 'UpdatePullRequestStatus':
        return this.updatePullRequestStatus(input);
      case 'MergePullRequestByFastForward':
        return this.mergeByFastForward(input, context);
      case 'PostCommentForPullRequest':
        return this.postComment(input, context);
      case 'PostCommentReply':
        return this.postReply(input, context);
      case 'UpdateComment':
        return this.updateComment(input, context);
      case 'DeleteCommentContent':
        return this.deleteCommentContent(input);
      case 'GetComment':
        return { comment: this.commentView(this.comment(str(input, 'commentId') ?? '')) };
      case 'GetCommentsForPullRequest':
        return this.getComments(input);
      case 'CreatePullRequestApprovalRule':
        return this.createApprovalRule(input, context);
      case 'UpdatePullRequestApprovalState':
        return this.updateApprovalState(input, context);
      case 'GetPullRequestApprovalStates':
        return this.getApprovalStates(input);
      case 'EvaluatePullRequestApprovalRules':
        return this.evaluateApprovalRules(input);
      default:
        throw clientError('UnsupportedOperationException', `The emulator does not implement CodeCommit ${operation}.`);
    }
  }

  // Repositories

  private async createRepository(input: Input): Promise<unknown> {
    const name = str(input, 'repositoryName') ?? '';
    if (this.repositories.has(name))
      throw clientError('RepositoryNameExistsException', `Repository named ${name} already exists`);
    const gitDir = path.join(this.options.dataDir, 'codecommit', `${name}.git`);
    await mkdir(path.dirname(gitDir), { recursive: true });
    const git = await GitRepository.create(gitDir);
    const now = new Date();
    const description = str(input, 'repositoryDescription');
    const state: RepositoryState = {
      repositoryId: randomUUID(),
      repositoryName: name,
      ...(description === undefined ? {} : { description }),
      creationDate: now,
      lastModifiedDate: now,
      git,
    };
    this.repositories.set(name, state);
    return { repositoryMetadata: this.metadata(state) };
  }

  private listRepositories(input: Input): unknown {
    const order = str(input, 'order') === 'descending' ? -1 : 1;
    const byDate = str(input, 'sortBy') === 'lastModifiedDate';
    const repositories = [...this.repositories.values()].sort((a, b) =>
      byDate
        ? order * (a.lastModifiedDate.getTime() - b.lastModifiedDate.getTime())
        : order * a.repositoryName.localeCompare(b.repositoryName),
    );
    return {
      repositories: repositories.map((r) => ({ repositoryName: r.repositoryName, repositoryId: r.repositoryId })),
    };
  }

  private metadata(state: RepositoryState): unknown {
    const { region, accountId } = this.options;
    return {
      accountId,
      repositoryId: state.repositoryId,
      repositoryName: state.repositoryName,
      repositoryDescription: state.description,
      defaultBranch: state.defaultBranch,
      lastModifiedDate: state.lastModifiedDate,
      creationDate: state.creationDate,
      cloneUrlHttp: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${state.repositoryName}`,
      cloneUrlSsh: `ssh://git-codecommit.${region}.amazonaws.com/v1/repos/${state.repositoryName}`,
      Arn: `arn:aws:codecommit:${region}:${accountId}:${state.repositoryName}`,
    };
  }

  private repository(input: Input): RepositoryState {
    const name = str(input, 'repositoryName');
    if (name === undefined) throw clientError('RepositoryNameRequiredException', 'A repository name is required.');
    const state = this.repositories.get(name);
    if (!state) throw clientError('RepositoryDoesNotExistException', `${name} does not exist`);
    return state;
  }

  // Commits and files

  /** Resolves a commit specifier (id, branch, ref); default: the default branch. */
  private async commitOf(repository: RepositoryState, specifier: string | undefined): Promise<string> {
    const spec = specifier ?? repository.defaultBranch;
    if (spec === undefined) throw clientError('CommitDoesNotExistException', 'The repository has no commits yet.');
    const commitId = await repository.git.resolveCommit(spec);
    if (commitId === undefined)
      throw clientError('CommitDoesNotExistException', `Could not find commit, branch or tag ${spec}.`);
    return commitId;
  }

  /** Checks branch and parent the way CreateCommit and PutFile do; returns the parent to commit on. */
  private async parentForCommit(repository: RepositoryState, branch: string, parentCommitId: string | undefined) {
    if (await repository.git.tagExists(branch))
      throw clientError('BranchNameIsTagNameException', `${branch} is a tag name, not a branch.`);
    const tip = await repository.git.branchTip(branch);
    const hasBranches = (await repository.git.branches()).length > 0;
    if (parentCommitId !== undefined && !isCommitIdShape(parentCommitId))
      throw clientError('InvalidParentCommitIdException', `${parentCommitId} is not a valid commit id.`);
    if (tip === undefined) {
      if (hasBranches) throw clientError('BranchDoesNotExistException', `Branch ${branch} does not exist.`);
      return undefined;
    }
    if (parentCommitId === undefined)
      throw clientError(
        'ParentCommitIdRequiredException',
        'A parent commit ID is required: use GetBranch to get the tip of the branch.',
      );
    if ((await repository.git.resolveCommit(parentCommitId)) === undefined)
      throw clientError('ParentCommitDoesNotExistException', `Parent commit ${parentCommitId} does not exist.`);
    if (parentCommitId !== tip)
      throw clientError(
        'ParentCommitIdOutdatedException',
        `The parent commit ID ${parentCommitId} is not the tip of ${branch} (${tip}).`,
      );
    return tip;
  }

  private async createCommit(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const branch = str(input, 'branchName') ?? '';
    return this.locks.run(repository.repositoryName, async () => {
      const parent = await this.parentForCommit(repository, branch, str(input, 'parentCommitId'));
      const puts = (input['putFiles'] as Input[] | undefined) ?? [];
      const deletes = (input['deleteFiles'] as Input[] | undefined) ?? [];
      const modes = (input['setFileModes'] as Input[] | undefined) ?? [];
      const count = puts.length + deletes.length + modes.length;
      if (count === 0) throw clientError('FileEntryRequiredException', 'The commit must add, delete or change a file.');
      if (count > MAX_FILE_ENTRIES)
        throw clientError(
          'MaximumFileEntriesExceededException',
          `At most ${MAX_FILE_ENTRIES} file entries per commit.`,
        );
      const existing = new Map(
        (parent === undefined ? [] : await repository.git.listFiles(parent)).map((e) => [e.path, e]),
      );
      const seen = new Set<string>();
      const claim = (raw: string): string => {
        const filePath = normalisePath(raw);
        if (filePath === undefined) throw clientError('InvalidPathException', `${raw} is not a valid path.`);
        if (seen.has(filePath))
          throw clientError('PutFileEntryConflictException', `${filePath} appears in more than one file entry.`);
        seen.add(filePath);
        return filePath;
      };
      const writes: FileWrite[] = [];
      const added: unknown[] = [];
      const updated: unknown[] = [];
      const deleted: unknown[] = [];
      for (const entry of puts) {
        const filePath = claim(str(entry, 'filePath') ?? '');
        const content = entry['fileContent'] as Buffer | undefined;
        const source = entry['sourceFile'] as Input | undefined;
        if (content !== undefined && source !== undefined)
          throw clientError(
            'FileContentAndSourceFileSpecifiedException',
            `${filePath}: give content or a source file, not both.`,
          );
        let bytes: Buffer;
        let mode = FILE_MODES[str(entry, 'fileMode') ?? ''];
        if (content !== undefined) bytes = content;
        else if (source !== undefined) {
          const from = existing.get(normalisePath(str(source, 'filePath') ?? '') ?? '');
          if (!from)
            throw clientError('FileDoesNotExistException', `Source file ${String(source['filePath'])} does not exist.`);
          bytes = await repository.git.readBlob(from.blobId);
          mode ??= from.mode;
        } else {
          throw clientError(
            'SourceFileOrContentRequiredException',
            `${filePath}: file content or a source file is required.`,
          );
        }
        mode ??= existing.get(filePath)?.mode ?? '100644';
        this.checkPathConflicts(existing, filePath);
        writes.push({ path: filePath, content: bytes, mode });
        (existing.has(filePath) ? updated : added).push({ absolutePath: filePath, fileMode: fileModeName(mode) });
      }
      for (const entry of modes) {
        const filePath = claim(str(entry, 'filePath') ?? '');
        const from = existing.get(filePath);
        if (!from) throw clientError('FileDoesNotExistException', `${filePath} does not exist.`);
        const mode = FILE_MODES[str(entry, 'fileMode') ?? ''] ?? from.mode;
        writes.push({ path: filePath, content: await repository.git.readBlob(from.blobId), mode });
        updated.push({ absolutePath: filePath, fileMode: fileModeName(mode) });
      }
      const deletePaths: string[] = [];
      for (const entry of deletes) {
        const filePath = claim(str(entry, 'filePath') ?? '');
        const from = existing.get(filePath);
        if (!from) throw clientError('FileDoesNotExistException', `${filePath} does not exist.`);
        deletePaths.push(filePath);
        deleted.push({ absolutePath: filePath, blobId: from.blobId, fileMode: fileModeName(from.mode) });
      }
      const result = await this.writeCommit(repository, branch, parent, writes, deletePaths, {
        message: str(input, 'commitMessage') ?? '',
        name: str(input, 'authorName'),
        email: str(input, 'email'),
      });
      const blobs = new Map((await repository.git.listFiles(result.commitId)).map((e) => [e.path, e.blobId]));
      const withBlob = (files: unknown[]) =>
        files.map((f) => ({ ...(f as Input), blobId: blobs.get((f as { absolutePath: string }).absolutePath) }));
      return { ...result, filesAdded: withBlob(added), filesUpdated: withBlob(updated), filesDeleted: deleted };
    });
  }

  private checkPathConflicts(existing: ReadonlyMap<string, TreeEntry>, filePath: string): void {
    const segments = filePath.split('/');
    for (let i = 1; i < segments.length; i++) {
      if (existing.has(segments.slice(0, i).join('/')))
        throw clientError(
          'FileNameConflictsWithDirectoryNameException',
          `${segments.slice(0, i).join('/')} is a file.`,
        );
    }
    for (const other of existing.keys()) {
      if (other.startsWith(`${filePath}/`))
        throw clientError('DirectoryNameConflictsWithFileNameException', `${filePath} is a folder.`);
    }
  }

  private async writeCommit(
    repository: RepositoryState,
    branch: string,
    parent: string | undefined,
    writes: FileWrite[],
    deletes: string[],
    author: { message: string; name: string | undefined; email: string | undefined },
  ): Promise<{ commitId: string; treeId: string }> {
    const result = await repository.git.commit({
      parent,
      writes,
      deletes,
      message: author.message,
      authorName: author.name ?? 'AWS CodeCommit',
      authorEmail: author.email ?? 'codecommit@example.invalid',
    });
    if (parent !== undefined && result.treeId === (await repository.git.treeOf(parent)))
      throw clientError('NoChangeException', 'The commit changes nothing: the files are already like that.');
    if (!(await repository.git.updateBranch(branch, result.commitId, parent)))
      throw clientError('ParentCommitIdOutdatedException', `${branch} moved while the commit was written; retry.`);
    repository.defaultBranch ??= branch;
    repository.lastModifiedDate = new Date();
    await this.branchMoved(repository, branch, parent, result.commitId);
    return result;
  }

  private async putFile(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const branch = str(input, 'branchName') ?? '';
    const filePath = normalisePath(str(input, 'filePath') ?? '');
    if (filePath === undefined)
      throw clientError('InvalidPathException', `${String(input['filePath'])} is not a valid path.`);
    return this.locks.run(repository.repositoryName, async () => {
      const parent = await this.parentForCommit(repository, branch, str(input, 'parentCommitId'));
      const content = input['fileContent'] as Buffer;
      const existing = new Map(
        (parent === undefined ? [] : await repository.git.listFiles(parent)).map((e) => [e.path, e]),
      );
      const previous = existing.get(filePath);
      const mode = FILE_MODES[str(input, 'fileMode') ?? ''] ?? previous?.mode ?? '100644';
      if (previous && previous.mode === mode && (await repository.git.readBlob(previous.blobId)).equals(content))
        throw clientError('SameFileContentException', `${filePath} already has this content.`);
      this.checkPathConflicts(existing, filePath);
      const result = await this.writeCommit(repository, branch, parent, [{ path: filePath, content, mode }], [], {
        message: str(input, 'commitMessage') ?? '',
        name: str(input, 'name'),
        email: str(input, 'email'),
      });
      const entry = await repository.git.entryAt(result.commitId, filePath);
      return { ...result, blobId: entry?.blobId };
    });
  }

  private async getFile(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const commitId = await this.commitOf(repository, str(input, 'commitSpecifier'));
    const filePath = normalisePath(str(input, 'filePath') ?? '');
    if (filePath === undefined)
      throw clientError('InvalidPathException', `${String(input['filePath'])} is not a valid path.`);
    const entry = await repository.git.entryAt(commitId, filePath);
    if (!entry || entry.type !== 'blob')
      throw clientError('FileDoesNotExistException', `${filePath} does not exist at commit ${commitId}.`);
    const content = await repository.git.readBlob(entry.blobId);
    if (content.length > GET_FILE_SIZE_LIMIT)
      throw clientError(
        'FileTooLargeException',
        `${filePath} is ${content.length} bytes; the file size limit of GetFile is ${GET_FILE_SIZE_LIMIT} bytes.`,
      );
    return {
      commitId,
      blobId: entry.blobId,
      filePath,
      fileMode: fileModeName(entry.mode),
      fileSize: content.length,
      fileContent: content,
    };
  }

  private async getFolder(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const commitId = await this.commitOf(repository, str(input, 'commitSpecifier'));
    const raw = str(input, 'folderPath') ?? '';
    const folderPath = raw === '/' || raw === '' ? '' : normalisePath(raw);
    if (folderPath === undefined) throw clientError('InvalidPathException', `${raw} is not a valid path.`);
    const files = await repository.git.listFiles(commitId);
    const prefix = folderPath === '' ? '' : `${folderPath}/`;
    const inside = files.filter((f) => f.path.startsWith(prefix));
    if (inside.length === 0) throw clientError('FolderDoesNotExistException', `${raw} does not exist at ${commitId}.`);
    const subFolders = new Set<string>();
    const direct: TreeEntry[] = [];
    for (const file of inside) {
      const rest = file.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) direct.push(file);
      else subFolders.add(rest.slice(0, slash));
    }
    const entryView = (f: TreeEntry, fileMode: string) => ({
      blobId: f.blobId,
      absolutePath: f.path,
      relativePath: f.path.slice(prefix.length),
      fileMode,
    });
    return {
      commitId,
      folderPath: raw,
      subFolders: [...subFolders].sort().map((name) => ({ absolutePath: `${prefix}${name}`, relativePath: name })),
      files: direct.filter((f) => f.mode !== '120000').map((f) => entryView(f, fileModeName(f.mode))),
      symbolicLinks: direct.filter((f) => f.mode === '120000').map((f) => entryView(f, 'SYMLINK')),
      subModules: [],
    };
  }

  private async getDifferences(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const after = await this.commitOf(repository, str(input, 'afterCommitSpecifier'));
    const beforeSpec = str(input, 'beforeCommitSpecifier');
    const before = beforeSpec === undefined ? undefined : await this.commitOf(repository, beforeSpec);
    let differences = await repository.git.differences(before, after);
    const beforePath = str(input, 'beforePath');
    const afterPath = str(input, 'afterPath');
    const under = (p: string | undefined, root: string) => p !== undefined && (p === root || p.startsWith(`${root}/`));
    if (beforePath !== undefined || afterPath !== undefined) {
      differences = differences.filter(
        (d) =>
          (beforePath !== undefined && under(d.before?.path, beforePath)) ||
          (afterPath !== undefined && under(d.after?.path, afterPath)),
      );
      for (const [p, commit] of [
        [beforePath, before],
        [afterPath, after],
      ] as const) {
        if (p === undefined || commit === undefined) continue;
        const files = await repository.git.listFiles(commit);
        if (!files.some((f) => under(f.path, p)) && differences.length === 0)
          throw clientError('PathDoesNotExistException', `${p} does not exist.`);
      }
    }
    return {
      differences: differences.map((d) => ({
        changeType: d.changeType,
        beforeBlob: d.before && { blobId: d.before.blobId, path: d.before.path, mode: d.before.mode },
        afterBlob: d.after && { blobId: d.after.blobId, path: d.after.path, mode: d.after.mode },
      })),
    };
  }

  private async getCommit(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const commitId = str(input, 'commitId') ?? '';
    if (!/^[0-9a-f]{4,40}$/.test(commitId))
      throw clientError('InvalidCommitIdException', `${commitId} is not a commit id.`);
    const resolved = await repository.git.resolveCommit(commitId);
    if (resolved === undefined)
      throw clientError('CommitIdDoesNotExistException', `Commit ${commitId} does not exist.`);
    const commit = await repository.git.readCommit(resolved);
    return {
      commit: {
        commitId: commit.commitId,
        treeId: commit.treeId,
        parents: commit.parents,
        message: commit.message,
        author: commit.author,
        committer: commit.committer,
        additionalData: '',
      },
    };
  }

  private async getBranch(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const branch = str(input, 'branchName');
    if (branch === undefined) throw clientError('BranchNameRequiredException', 'A branch name is required.');
    const tip = await repository.git.branchTip(branch);
    if (tip === undefined) throw clientError('BranchDoesNotExistException', `Branch ${branch} does not exist.`);
    return { branch: { branchName: branch, commitId: tip } };
  }

  private async createBranch(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const branch = str(input, 'branchName') ?? '';
    const commitId = str(input, 'commitId') ?? '';
    if (!isCommitIdShape(commitId)) throw clientError('InvalidCommitIdException', `${commitId} is not a commit id.`);
    if ((await repository.git.resolveCommit(commitId)) === undefined)
      throw clientError('CommitDoesNotExistException', `Commit ${commitId} does not exist.`);
    if (/[\s~^:?*[\\]|\.\.|^\.|\/\.|\.lock$|\/$|^\/|@\{/.test(branch))
      throw clientError('InvalidBranchNameException', `${branch} is not a valid branch name.`);
    if (!(await repository.git.updateBranch(branch, commitId, undefined)))
      throw clientError('BranchNameExistsException', `Branch ${branch} already exists.`);
    repository.defaultBranch ??= branch;
    await this.branchMoved(repository, branch, undefined, commitId);
    return {};
  }

  private arnOf(repository: RepositoryState): string {
    return repositoryArn(this.options.region, this.options.accountId, repository.repositoryName);
  }

  /**
   * A branch was created or moved: the repository's event, then, for each open pull request from that branch,
   * its new revision and a pullRequestSourceBranchUpdated event (EventBridge gets these as pushes happen). The
   * emulator does not track who pushed: the caller is the account's root.
   */
  private async branchMoved(
    repository: RepositoryState,
    branch: string,
    oldCommitId: string | undefined,
    commitId: string,
  ): Promise<void> {
    const onEvent = this.options.onEvent;
    if (onEvent === undefined) return;
    const caller = `arn:aws:iam::${this.options.accountId}:root`;
    onEvent(referenceEvent(this.arnOf(repository), repository, branch, oldCommitId, commitId, caller));
    for (const state of this.pullRequests.values()) {
      if (state.repositoryName !== repository.repositoryName || state.status !== 'OPEN') continue;
      if (state.sourceReference !== `refs/heads/${branch}`) continue;
      const before = state.sourceCommit;
      await this.refresh(state);
      if (!state.isMerged && state.sourceCommit !== before) {
        onEvent(pullRequestEvent(this.arnOf(repository), 'pullRequestSourceBranchUpdated', state, caller));
      }
    }
  }

  // Pull requests

  private async createPullRequest(input: Input, context: CallContext): Promise<unknown> {
    const title = str(input, 'title') ?? '';
    if (title.trim() === '') throw clientError('TitleRequiredException', 'A pull request title is required.');
    const targets = (input['targets'] as Input[] | undefined) ?? [];
    if (targets.length === 0) throw clientError('TargetsRequiredException', 'A pull request target is required.');
    if (targets.length > 1)
      throw clientError('MultipleRepositoriesInPullRequestException', 'A pull request can target one repository.');
    const target = targets[0] ?? {};
    if (str(input, 'clientRequestToken') === undefined)
      throw clientError('ClientRequestTokenRequiredException', 'A client request token is required.');
    const repository = this.repository(target);
    const sourceBranch = branchOfReference(str(target, 'sourceReference') ?? '');
    const destinationBranch = branchOfReference(str(target, 'destinationReference') ?? repository.defaultBranch ?? '');
    const sourceCommit = await repository.git.branchTip(sourceBranch);
    if (sourceCommit === undefined)
      throw clientError('ReferenceDoesNotExistException', `Reference refs/heads/${sourceBranch} does not exist.`);
    const destinationCommit = await repository.git.branchTip(destinationBranch);
    if (destinationCommit === undefined)
      throw clientError('ReferenceDoesNotExistException', `Reference refs/heads/${destinationBranch} does not exist.`);
    if (sourceBranch === destinationBranch)
      throw clientError('SourceAndDestinationAreSameException', 'The source and destination are the same branch.');
    const now = new Date();
    const mergeBase = await repository.git.mergeBase(sourceCommit, destinationCommit);
    const description = str(input, 'description');
    const token = str(input, 'clientRequestToken');
    const state: PullRequestState = {
      pullRequestId: String(this.nextPullRequestNumber++),
      title,
      ...(description === undefined ? {} : { description }),
      creationDate: now,
      lastActivityDate: now,
      status: 'OPEN',
      authorArn: context.callerArn,
      ...(token === undefined ? {} : { clientRequestToken: token }),
      repositoryName: repository.repositoryName,
      sourceReference: `refs/heads/${sourceBranch}`,
      destinationReference: `refs/heads/${destinationBranch}`,
      sourceCommit,
      destinationCommit,
      ...(mergeBase === undefined ? {} : { mergeBase }),
      isMerged: false,
      revisionId: newRevisionId(),
      approvalRules: [],
      approvals: new Map(),
    };
    this.pullRequests.set(state.pullRequestId, state);
    this.options.onEvent?.(pullRequestEvent(this.arnOf(repository), 'pullRequestCreated', state, context.callerArn));
    return { pullRequest: this.pullRequestView(state) };
  }

  private async pullRequest(input: Input): Promise<PullRequestState> {
    const id = str(input, 'pullRequestId');
    if (id === undefined) throw clientError('PullRequestIdRequiredException', 'A pull request ID is required.');
    if (!/^\d+$/.test(id)) throw clientError('InvalidPullRequestIdException', `${id} is not a pull request ID.`);
    const state = this.pullRequests.get(id);
    if (!state) throw clientError('PullRequestDoesNotExistException', `Pull request ${id} does not exist.`);
    await this.refresh(state);
    return state;
  }

  /** Follows pushes: a moved source branch is a new revision (approvals reset); a merged source closes the PR. */
  private async refresh(state: PullRequestState): Promise<void> {
    if (state.status !== 'OPEN') return;
    const repository = this.repositories.get(state.repositoryName);
    if (!repository) return;
    const source = await repository.git.branchTip(branchOfReference(state.sourceReference));
    const destination = await repository.git.branchTip(branchOfReference(state.destinationReference));
    if (source === undefined || destination === undefined) return;
    if (source !== state.sourceCommit) {
      state.sourceCommit = source;
      state.revisionId = newRevisionId();
      state.approvals = new Map();
      state.lastActivityDate = new Date();
    }
    state.destinationCommit = destination;
    const base = await repository.git.mergeBase(source, destination);
    if (base !== undefined) state.mergeBase = base;
    if (await repository.git.isAncestor(source, destination)) {
      state.isMerged = true;
      state.status = 'CLOSED';
    }
  }

  /** The pull request and the repository the call names, which must be the pull request's own. */
  private async pullRequestInRepository(
    input: Input,
  ): Promise<{ state: PullRequestState; repository: RepositoryState }> {
    const state = await this.pullRequest(input);
    const repository = this.repository(input);
    if (repository.repositoryName !== state.repositoryName)
      throw clientError(
        'RepositoryNotAssociatedWithPullRequestException',
        'The repository is not part of this pull request.',
      );
    return { state, repository };
  }

  private pullRequestView(state: PullRequestState): unknown {
    return {
      pullRequestId: state.pullRequestId,
      title: state.title,
      description: state.description,
      lastActivityDate: state.lastActivityDate,
      creationDate: state.creationDate,
      pullRequestStatus: state.status,
      authorArn: state.authorArn,
      clientRequestToken: state.clientRequestToken,
      revisionId: state.revisionId,
      pullRequestTargets: [
        {
          repositoryName: state.repositoryName,
          sourceReference: state.sourceReference,
          destinationReference: state.destinationReference,
          sourceCommit: state.sourceCommit,
          destinationCommit: state.destinationCommit,
          mergeBase: state.mergeBase,
          mergeMetadata: {
            isMerged: state.isMerged,
            ...(state.isMerged && state.mergedBy !== undefined
              ? { mergedBy: state.mergedBy, mergeOption: 'FAST_FORWARD_MERGE', mergeCommitId: state.sourceCommit }
              : {}),
          },
        },
      ],
      approvalRules: state.approvalRules.map((rule) => ({ ...rule })),
    };
  }

  private async listPullRequests(input: Input): Promise<unknown> {
    const repository = this.repository(input);
    const status = str(input, 'pullRequestStatus');
    const author = str(input, 'authorArn');
    const ids: string[] = [];
    for (const state of this.pullRequests.values()) {
      if (state.repositoryName !== repository.repositoryName) continue;
      await this.refresh(state);
      if (status !== undefined && state.status !== status) continue;
      if (author !== undefined && state.authorArn !== author) continue;
      ids.push(state.pullRequestId);
    }
    // Newest first, as CodeCommit lists them.
    return { pullRequestIds: ids.sort((a, b) => Number(b) - Number(a)) };
  }

  private async updatePullRequestStatus(input: Input): Promise<unknown> {
    const state = await this.pullRequest(input);
    const status = str(input, 'pullRequestStatus');
    if (status === undefined) throw clientError('PullRequestStatusRequiredException', 'A status is required.');
    if (status === 'OPEN' && state.status === 'CLOSED')
      throw clientError('InvalidPullRequestStatusUpdateException', 'A closed pull request cannot be reopened.');
    state.status = status as 'OPEN' | 'CLOSED';
    state.lastActivityDate = new Date();
    return { pullRequest: this.pullRequestView(state) };
  }

  private async mergeByFastForward(input: Input, context: CallContext): Promise<unknown> {
    const { state, repository } = await this.pullRequestInRepository(input);
    if (state.status === 'CLOSED')
      throw clientError('PullRequestAlreadyClosedException', 'The pull request is closed.');
    const expected = str(input, 'sourceCommitId');
    if (expected !== undefined && expected !== state.sourceCommit)
      throw clientError(
        'TipOfSourceReferenceIsDifferentException',
        'The source branch moved; fetch the pull request again.',
      );
    const evaluation = this.evaluate(state);
    if (!evaluation.approved)
      throw clientError('PullRequestApprovalRulesNotSatisfiedException', 'The approval rules are not satisfied.');
    if (!(await repository.git.isAncestor(state.destinationCommit, state.sourceCommit)))
      throw clientError('ManualMergeRequiredException', 'The branches diverged; a fast-forward merge is not possible.');
    const expectedOld = state.destinationCommit;
    const moved = await repository.git.updateBranch(
      branchOfReference(state.destinationReference),
      state.sourceCommit,
      expectedOld,
    );
    if (!moved) throw clientError('ConcurrentReferenceUpdateException', 'The destination branch moved; retry.');
    state.isMerged = true;
    state.mergedBy = context.callerArn;
    state.status = 'CLOSED';
    state.destinationCommit = state.sourceCommit;
    await this.branchMoved(repository, branchOfReference(state.destinationReference), expectedOld, state.sourceCommit);
    return { pullRequest: this.pullRequestView(state) };
  }

  // Comments

  private checkContent(content: string | undefined): string {
    if (content === undefined || content === '')
      throw clientError('CommentContentRequiredException', 'The comment is empty; add content.');
    if (content.length > COMMENT_CONTENT_LIMIT)
      throw clientError(
        'CommentContentSizeLimitExceededException',
        `The comment has ${content.length} characters; the limit is ${COMMENT_CONTENT_LIMIT}.`,
      );
    return content;
  }

  private async postComment(input: Input, context: CallContext): Promise<unknown> {
    const { state, repository } = await this.pullRequestInRepository(input);
    const content = this.checkContent(str(input, 'content'));
    const token = str(input, 'clientRequestToken');
    const beforeCommitId = str(input, 'beforeCommitId') ?? '';
    const afterCommitId = str(input, 'afterCommitId') ?? '';
    for (const id of [beforeCommitId, afterCommitId])
      if (!isCommitIdShape(id)) throw clientError('InvalidCommitIdException', `${id} is not a full commit id.`);
    if (beforeCommitId === afterCommitId)
      throw clientError('BeforeCommitIdAndAfterCommitIdAreSameException', 'The before and after commits are the same.');
    for (const id of [beforeCommitId, afterCommitId])
      if ((await repository.git.resolveCommit(id)) === undefined)
        throw clientError('CommitDoesNotExistException', `Commit ${id} does not exist.`);
    const rawLocation = input['location'] as Input | undefined;
    let location: CommentThread['location'];
    let beforeBlobId: string | undefined;
    let afterBlobId: string | undefined;
    if (rawLocation !== undefined) {
      const rawPath = str(rawLocation, 'filePath');
      if (rawPath === undefined) throw clientError('PathRequiredException', 'The comment location needs a file path.');
      const filePath = normalisePath(rawPath);
      if (filePath === undefined) throw clientError('InvalidPathException', `${rawPath} is not a valid path.`);
      const version = str(rawLocation, 'relativeFileVersion');
      const position = rawLocation['filePosition'] as number | undefined;
      if (position !== undefined && version === undefined)
        throw clientError('InvalidFileLocationException', 'A file position needs relativeFileVersion BEFORE or AFTER.');
      const beforeEntry = await repository.git.entryAt(beforeCommitId, filePath);
      const afterEntry = await repository.git.entryAt(afterCommitId, filePath);
      if (!beforeEntry && !afterEntry)
        throw clientError('PathDoesNotExistException', `${filePath} exists in neither commit.`);
      beforeBlobId = beforeEntry?.blobId;
      afterBlobId = afterEntry?.blobId;
      if (position !== undefined) {
        const entry = version === 'BEFORE' ? beforeEntry : afterEntry;
        if (!entry)
          throw clientError(
            'PathDoesNotExistException',
            `${filePath} does not exist in the ${String(version)} version.`,
          );
        const lines = lineCount(await repository.git.readBlob(entry.blobId));
        if (position < 1 || position > lines)
          throw clientError(
            'InvalidFilePositionException',
            `Line ${position} does not exist in the ${String(version)} version of ${filePath} (${lines} lines).`,
          );
      }
      location = {
        filePath,
        ...(position === undefined ? {} : { filePosition: position }),
        ...(version === undefined ? {} : { relativeFileVersion: version }),
      };
    }
    const key = JSON.stringify([
      state.pullRequestId,
      repository.repositoryName,
      beforeCommitId,
      afterCommitId,
      location ?? null,
    ]);
    let thread = this.threads.get(key);
    if (!thread) {
      thread = {
        key,
        pullRequestId: state.pullRequestId,
        repositoryName: repository.repositoryName,
        beforeCommitId,
        afterCommitId,
        ...(beforeBlobId === undefined ? {} : { beforeBlobId }),
        ...(afterBlobId === undefined ? {} : { afterBlobId }),
        ...(location === undefined ? {} : { location }),
        commentIds: [],
      };
      this.threads.set(key, thread);
    }
    const comment = this.addComment(thread, content, context, token, undefined);
    state.lastActivityDate = new Date();
    return {
      repositoryName: thread.repositoryName,
      pullRequestId: thread.pullRequestId,
      beforeCommitId,
      afterCommitId,
      beforeBlobId,
      afterBlobId,
      location,
      comment: this.commentView(comment),
    };
  }

  private addComment(
    thread: CommentThread,
    content: string,
    context: CallContext,
    token: string | undefined,
    inReplyTo: string | undefined,
  ): CommentState {
    const now = new Date();
    const comment: CommentState = {
      commentId: randomUUID(),
      content,
      ...(inReplyTo === undefined ? {} : { inReplyTo }),
      creationDate: now,
      lastModifiedDate: now,
      authorArn: context.callerArn,
      deleted: false,
      ...(token === undefined ? {} : { clientRequestToken: token }),
      threadKey: thread.key,
    };
    this.comments.set(comment.commentId, comment);
    thread.commentIds.push(comment.commentId);
    return comment;
  }

  private comment(commentId: string): CommentState {
    if (commentId === '') throw clientError('CommentIdRequiredException', 'A comment ID is required.');
    const comment = this.comments.get(commentId);
    if (!comment) {
      if (!/^[0-9a-f-]{36}$/.test(commentId))
        throw clientError('InvalidCommentIdException', `${commentId} is not a comment ID.`);
      throw clientError('CommentDoesNotExistException', `Comment ${commentId} does not exist.`);
    }
    return comment;
  }

  private commentView(comment: CommentState): unknown {
    return {
      commentId: comment.commentId,
      content: comment.content,
      inReplyTo: comment.inReplyTo,
      creationDate: comment.creationDate,
      lastModifiedDate: comment.lastModifiedDate,
      authorArn: comment.authorArn,
      deleted: comment.deleted,
      clientRequestToken: comment.clientRequestToken,
      callerReactions: [],
      reactionCounts: {},
    };
  }

  private postReply(input: Input, context: CallContext): unknown {
    const parent = this.comment(str(input, 'inReplyTo') ?? '');
    const content = this.checkContent(str(input, 'content'));
    const thread = this.threads.get(parent.threadKey);
    if (!thread) throw new ServiceError('InternalFailure', 'Comment thread lost.', 500);
    const reply = this.addComment(thread, content, context, str(input, 'clientRequestToken'), parent.commentId);
    return { comment: this.commentView(reply) };
  }

  private updateComment(input: Input, context: CallContext): unknown {
    const comment = this.comment(str(input, 'commentId') ?? '');
    const content = this.checkContent(str(input, 'content'));
    if (comment.deleted) throw clientError('CommentDeletedException', 'The comment was deleted.');
    if (comment.authorArn !== context.callerArn)
      throw clientError('CommentNotCreatedByCallerException', 'Only the comment author can edit it.');
    comment.content = content;
    comment.lastModifiedDate = new Date();
    return { comment: this.commentView(comment) };
  }

  private deleteCommentContent(input: Input): unknown {
    const comment = this.comment(str(input, 'commentId') ?? '');
    if (comment.deleted) throw clientError('CommentDeletedException', 'The comment was already deleted.');
    comment.deleted = true;
    comment.content = '';
    comment.lastModifiedDate = new Date();
    return { comment: this.commentView(comment) };
  }

  private async getComments(input: Input): Promise<unknown> {
    const state = await this.pullRequest(input);
    const repositoryName = str(input, 'repositoryName');
    if (repositoryName !== undefined) {
      this.repository(input);
      if (repositoryName !== state.repositoryName)
        throw clientError(
          'RepositoryNotAssociatedWithPullRequestException',
          'The repository is not part of this pull request.',
        );
    }
    const before = str(input, 'beforeCommitId');
    const after = str(input, 'afterCommitId');
    const data = [...this.threads.values()]
      .filter(
        (t) =>
          t.pullRequestId === state.pullRequestId &&
          (before === undefined || t.beforeCommitId === before) &&
          (after === undefined || t.afterCommitId === after),
      )
      .map((t) => ({
        pullRequestId: t.pullRequestId,
        repositoryName: t.repositoryName,
        beforeCommitId: t.beforeCommitId,
        afterCommitId: t.afterCommitId,
        beforeBlobId: t.beforeBlobId,
        afterBlobId: t.afterBlobId,
        location: t.location,
        comments: t.commentIds.map((id) => this.commentView(this.comment(id))),
      }));
    return { commentsForPullRequestData: data };
  }

  // Approval rules

  private async createApprovalRule(input: Input, context: CallContext): Promise<unknown> {
    const state = await this.pullRequest(input);
    if (state.status === 'CLOSED')
      throw clientError('PullRequestAlreadyClosedException', 'The pull request is closed.');
    const name = str(input, 'approvalRuleName') ?? '';
    const content = str(input, 'approvalRuleContent') ?? '';
    if (state.approvalRules.some((rule) => rule.approvalRuleName === name))
      throw clientError('ApprovalRuleNameAlreadyExistsException', `An approval rule named ${name} exists.`);
    if (parseApprovalRuleContent(content) === undefined)
      throw clientError(
        'InvalidApprovalRuleContentException',
        'Approval rule content must be JSON: {"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": N, ...}]}.',
      );
    if (state.approvalRules.length >= MAX_APPROVAL_RULES)
      throw clientError('NumberOfRulesExceededException', `At most ${MAX_APPROVAL_RULES} approval rules.`);
    const now = new Date();
    const rule: ApprovalRuleState = {
      approvalRuleId: randomUUID(),
      approvalRuleName: name,
      approvalRuleContent: content,
      ruleContentSha256: createHash('sha256').update(content).digest('hex'),
      creationDate: now,
      lastModifiedDate: now,
      lastModifiedUser: context.callerArn,
    };
    state.approvalRules.push(rule);
    return { approvalRule: { ...rule } };
  }

  private async updateApprovalState(input: Input, context: CallContext): Promise<unknown> {
    const state = await this.pullRequest(input);
    const revisionId = revisionIdOf(input);
    if (state.status === 'CLOSED')
      throw clientError('PullRequestAlreadyClosedException', 'The pull request is closed.');
    checkCurrentRevision(state, revisionId);
    if (context.callerArn === state.authorArn)
      throw clientError(
        'PullRequestCannotBeApprovedByAuthorException',
        'The author cannot approve their own pull request.',
      );
    state.approvals.set(context.callerArn, str(input, 'approvalState') as 'APPROVE' | 'REVOKE');
    state.lastActivityDate = new Date();
    return {};
  }

  private async getApprovalStates(input: Input): Promise<unknown> {
    const state = await this.pullRequest(input);
    const revisionId = revisionIdOf(input);
    const approvals = revisionId === state.revisionId ? [...state.approvals] : [];
    return {
      approvals: approvals
        .filter(([, value]) => value === 'APPROVE')
        .map(([userArn, approvalState]) => ({ userArn, approvalState })),
    };
  }

  private async evaluateApprovalRules(input: Input): Promise<unknown> {
    const state = await this.pullRequest(input);
    const revisionId = revisionIdOf(input);
    checkCurrentRevision(state, revisionId);
    return { evaluation: this.evaluate(state) };
  }

  private evaluate(state: PullRequestState) {
    const approvers = [...state.approvals].filter(([, value]) => value === 'APPROVE').map(([user]) => user);
    const satisfied: string[] = [];
    const notSatisfied: string[] = [];
    for (const rule of state.approvalRules) {
      const statements = parseApprovalRuleContent(rule.approvalRuleContent) ?? [];
      const ok = statements.every(
        (s) =>
          approvers.filter((user) => s.pool === undefined || s.pool.some((m) => poolMemberMatches(m, user))).length >=
          s.needed,
      );
      (ok ? satisfied : notSatisfied).push(rule.approvalRuleName);
    }
    return {
      approved: notSatisfied.length === 0,
      overridden: false,
      approvalRulesSatisfied: satisfied,
      approvalRulesNotSatisfied: notSatisfied,
    };
  }
}
