/**
 * An error the emulator answers with: `{"__type": name, "message": message}` and the
 * HTTP status. Client errors are 400 (the models declare no other status for these
 * services); 5xx is for internal failures and injected faults.
 */
export class ServiceError extends Error {
  constructor(
    /** The error shape's name, e.g. `RepositoryDoesNotExistException`; the SDK maps it to its class. */
    override readonly name: string,
    message: string,
    /** HTTP status code. */
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

/** Shorthand for the many "X does not exist" / "X is invalid" answers. */
export function clientError(name: string, message: string): ServiceError {
  return new ServiceError(name, message, 400);
}
