import type { ErrorCode } from '../src/errors/devsecops-error';
import { isDevsecopsError } from '../src/errors/devsecops-error';

/** An error check for `throws` and `rejects`: the error is the product's own error, with this code. */
export function errorWithCode(code: ErrorCode): (error: unknown) => boolean {
  return (error) => isDevsecopsError(error) && error.code === code;
}
