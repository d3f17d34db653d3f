import { DevsecopsError } from '@devsecops/shared/errors';

/**
 * Changed files a pull request may have for the bot to review it: the list alone costs a request per 100, and the
 * review must end within its Lambda's time limit whatever a pull request adds.
 */
export const MAX_FILES_LISTED = 20_000;

/** A pull request with more changed files than the bot lists: it is not reviewed (no verdict), and says so. */
export class TooManyChangedFilesError extends DevsecopsError {
  constructor(readonly limit: number) {
    super(
      'INPUT_INVALID',
      `The pull request changes more than ${String(limit)} files, more than the bot reviews: split it, or have a security reviewer approve it.`,
    );
  }
}
