import type { NewComment, NewInlineComment } from '../ports';

/** One write the post stage will make. */
export type CommentAction =
  // A finding's comment on its line; the idempotency token is PR + source commit + fingerprint + content hash.
  | (NewInlineComment & { readonly kind: 'post-inline'; readonly fingerprint: string })
  // The summary, a PR-level comment.
  | (NewComment & { readonly kind: 'post-summary' })
  | {
      readonly kind: 'update';
      readonly commentId: string;
      readonly content: string;
      /**
       * Why: the finding's text changed, it was fixed, it moved to another line, the comment repeats another
       * one for the same finding or is a second summary, or the summary changed.
       */
      readonly reason:
        | 'finding-changed'
        | 'finding-resolved'
        | 'finding-moved'
        | 'duplicate-comment'
        | 'duplicate-summary'
        | 'summary-changed';
      /** The finding the comment is about; absent for the summary. */
      readonly fingerprint?: string;
    };
