import { ServiceError } from './service-error';

/** What the emulator reads from a SigV4 `Authorization` header. The signature itself is not verified: there is no secret to check it against. */
export interface SigV4Credential {
  /** Access key id from the credential scope; it identifies the caller (see `callerArn`). */
  readonly accessKeyId: string;
  /** Date part of the scope, YYYYMMDD. */
  readonly date: string;
  readonly region: string;
  /** Signing name, e.g. `codecommit`. */
  readonly service: string;
  readonly signedHeaders: readonly string[];
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Checks that a request is SigV4-signed in the right shape, as AWS's front door does
 * before any service code runs: no header → `MissingAuthenticationTokenException` (403),
 * a malformed one → `IncompleteSignatureException` (400), signed for another service
 * → `InvalidSignatureException` (403).
 */
export function parseSigV4(
  authorization: string | undefined,
  amzDate: string | undefined,
  expectedService: string,
): SigV4Credential {
  if (authorization === undefined || authorization === '')
    throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match)
    throw new ServiceError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in AWS4-HMAC-SHA256 form. Authorization=${authorization.slice(0, 40)}`,
      400,
    );
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = ''] = match;
  const headers = signedHeaders.split(';');
  if (!headers.includes('host'))
    throw new ServiceError('IncompleteSignatureException', "'Host' must be a signed header.", 400);
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(date))
    throw new ServiceError(
      'IncompleteSignatureException',
      'X-Amz-Date must be present, in YYYYMMDDTHHMMSSZ form, and match the credential scope date.',
      400,
    );
  if (service !== expectedService)
    throw new ServiceError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expectedService}'.`,
      403,
    );
  return { accessKeyId, date, region, service, signedHeaders: headers };
}
