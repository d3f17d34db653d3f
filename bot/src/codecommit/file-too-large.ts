/**
 * GetFile refuses a file larger than 6 MiB (the service model's `FileContent` max, 6,291,456 bytes) with
 * `FileTooLargeException`; a `git push` stores such files all the same, so any file of a pull request can be one.
 */
export const GET_FILE_TOO_LARGE = "larger than CodeCommit's GetFile returns, 6 MiB";

/** Whether a GetFile call failed because the file is larger than CodeCommit returns. */
export function isFileTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'FileTooLargeException';
}
