// @devsecops/shared/errors: The one error type: a code, a message safe to show that says what to do, and the cause for the log.
export { DevsecopsError, isDevsecopsError, toDevsecopsError } from './errors/devsecops-error';
export type { ErrorCode } from './errors/devsecops-error';
