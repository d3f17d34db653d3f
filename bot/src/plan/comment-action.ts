import type { InlineLocation } from '../ports';

/** One write the post stage will make. */
export type CommentAction =
  | {
      readonly kind: 'post-inline';
      readonly fingerprint: string;
      readonly location: InlineLocation;
      readonly content: string;
      /** Idempotency token: PR + source commit + fingerprint + content hash. */
      readonly clientRequestToken: string;
    }
  | { readonly kind: 'post-summary'; readonly content: string; readonly clientRequestToken: string }
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
