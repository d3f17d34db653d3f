import {
  paginateGetCommentsForPullRequest,
  PostCommentForPullRequestCommand,
  PostCommentReplyCommand,
  UpdateCommentCommand,
} from '@aws-sdk/client-codecommit';
import type { CodeCommitClient, Comment, Location } from '@aws-sdk/client-codecommit';
import type { DevsecopsError } from '@devsecops/shared/errors';
import type {
  CommentService,
  CommentTarget,
  InlineLocation,
  NewComment,
  NewInlineComment,
  PullRequestComment,
} from '../ports';
import { awsCallError } from './aws-errors';

/** GetCommentsForPullRequest's largest page. */
const MAX_COMMENTS_PAGE_SIZE = 100;

function awsError(action: string, permission: string, cause: unknown): DevsecopsError {
  return awsCallError({ service: 'CodeCommit', action, permission: `codecommit:${permission}` }, cause);
}

function toLocation(location: Location | undefined): InlineLocation | undefined {
  if (location?.filePath === undefined || location.filePosition === undefined) return undefined;
  return {
    filePath: location.filePath,
    filePosition: location.filePosition,
    relativeFileVersion: location.relativeFileVersion === 'BEFORE' ? 'BEFORE' : 'AFTER',
  };
}

function toComment(
  comment: Comment,
  location: InlineLocation | undefined,
  afterCommitId: string | undefined,
): PullRequestComment | undefined {
  if (comment.commentId === undefined || comment.deleted === true) return undefined;
  return {
    commentId: comment.commentId,
    content: comment.content ?? '',
    ...(location === undefined ? {} : { location }),
    ...(afterCommitId === undefined ? {} : { afterCommitId }),
    ...(comment.inReplyTo === undefined ? {} : { inReplyTo: comment.inReplyTo }),
    ...(comment.authorArn === undefined ? {} : { authorArn: comment.authorArn }),
  };
}

/** The CommentService over CodeCommit's pull request comment API (a thin wrapper, no logic). */
export class CodeCommitCommentService implements CommentService {
  private readonly pageSize: number;

  /** `pageSize`: comments per GetCommentsForPullRequest page (1–100, default 100; small in tests). */
  constructor(
    private readonly client: CodeCommitClient,
    options: { readonly pageSize?: number } = {},
  ) {
    this.pageSize = options.pageSize ?? MAX_COMMENTS_PAGE_SIZE;
  }

  async listComments(target: CommentTarget): Promise<PullRequestComment[]> {
    const comments: PullRequestComment[] = [];
    try {
      // No commit ids: CodeCommit then returns comments of every revision of the PR.
      for await (const page of paginateGetCommentsForPullRequest(
        { client: this.client, pageSize: this.pageSize },
        { pullRequestId: target.pullRequestId },
      )) {
        for (const group of page.commentsForPullRequestData ?? []) {
          const location = toLocation(group.location);
          for (const comment of group.comments ?? []) {
            const converted = toComment(comment, location, group.afterCommitId);
            if (converted !== undefined) comments.push(converted);
          }
        }
      }
    } catch (error) {
      throw awsError('list the pull request comments', 'GetCommentsForPullRequest', error);
    }
    return comments;
  }

  private async post(
    target: CommentTarget,
    location: InlineLocation | undefined,
    { content, clientRequestToken }: NewComment,
  ): Promise<PullRequestComment> {
    try {
      const output = await this.client.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: target.pullRequestId,
          repositoryName: target.repositoryName,
          beforeCommitId: target.beforeCommitId,
          afterCommitId: target.afterCommitId,
          content,
          clientRequestToken,
          ...(location === undefined ? {} : { location }),
        }),
      );
      const comment =
        output.comment === undefined ? undefined : toComment(output.comment, location, target.afterCommitId);
      if (comment === undefined) throw new Error('PostCommentForPullRequest returned no comment');
      return comment;
    } catch (error) {
      throw awsError('post a comment', 'PostCommentForPullRequest', error);
    }
  }

  postInline(target: CommentTarget, comment: NewInlineComment): Promise<PullRequestComment> {
    return this.post(target, comment.location, comment);
  }

  postGeneral(target: CommentTarget, comment: NewComment): Promise<PullRequestComment> {
    return this.post(target, undefined, comment);
  }

  async updateComment(commentId: string, content: string): Promise<void> {
    try {
      await this.client.send(new UpdateCommentCommand({ commentId, content }));
    } catch (error) {
      throw awsError('edit a comment', 'UpdateComment', error);
    }
  }

  async postReply(inReplyTo: string, { content, clientRequestToken }: NewComment): Promise<PullRequestComment> {
    try {
      const output = await this.client.send(new PostCommentReplyCommand({ inReplyTo, content, clientRequestToken }));
      const comment = output.comment === undefined ? undefined : toComment(output.comment, undefined, undefined);
      if (comment === undefined) throw new Error('PostCommentReply returned no comment');
      return comment;
    } catch (error) {
      throw awsError('reply to a comment', 'PostCommentReply', error);
    }
  }
}
