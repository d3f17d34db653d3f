/**
 * Codes for every failure the product reports. A code is stable (logs, tests,
 * JSON output key on it); the message may be reworded.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'TOOL_NOT_FOUND'
  | 'TOOL_FAILED'
  | 'TOOL_OUTPUT_INVALID'
  | 'TOOL_OUTPUT_TOO_LARGE'
  | 'TOOL_TIMEOUT'
  | 'CANCELLED'
  | 'FILE_UNREADABLE'
  | 'INPUT_INVALID'
  | 'DATABASE_INVALID'
  | 'DATABASE_MISSING'
  | 'NETWORK'
  | 'AWS'
  | 'PIPELINE_INVALID'
  | 'INTERNAL';

/**
 * The one error type. `message` is safe to show a user and says what to do;
 * `cause` keeps the underlying error for the log; `detail` carries bounded
 * extra context (e.g. an excerpt of a tool's output).
 */
export class DevsecopsError extends Error {
  override readonly name = 'DevsecopsError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; detail?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.detail !== undefined) this.detail = options.detail;
  }

  readonly detail?: string;
}

/**
 * True for a DevsecopsError, including one thrown by another bundle of this code (the CLI loads its AWS
 * part as a separate file, whose copy of the class is a different constructor).
 */
export function isDevsecopsError(error: unknown): error is DevsecopsError {
  return (
    error instanceof DevsecopsError ||
    (error instanceof Error &&
      error.name === 'DevsecopsError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}

/** Converts anything thrown into a DevsecopsError, keeping the original as the cause. */
export function toDevsecopsError(error: unknown, fallbackCode: ErrorCode = 'INTERNAL'): DevsecopsError {
  if (isDevsecopsError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new DevsecopsError(fallbackCode, text, { cause: error });
}

/** At most `maxChars` of `text`, marked when cut, for error messages that quote tool output. */
export function boundedExcerpt(text: string, maxChars = 500): string {
  const trimmed = text.trim();
  return trimmed.length <= maxChars
    ? trimmed
    : `${trimmed.slice(0, maxChars)}… (${trimmed.length - maxChars} more characters)`;
}
