import type { ServiceError } from '../protocol/service-error';

/** The one STS call the product makes (the bot asks who it is), on AWS's query protocol. */
export const STS_OPERATIONS: readonly string[] = ['GetCallerIdentity'];

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** True for a request on the query protocol (form-encoded `Action=…&Version=…`), which is how STS is called. */
export function isQueryRequest(contentType: string | undefined, target: unknown): boolean {
  return target === undefined && (contentType ?? '').startsWith('application/x-www-form-urlencoded');
}

/** `GetCallerIdentity`'s answer: the caller's ARN, its access key as user id, and the account. */
export function callerIdentityXml(
  callerArn: string,
  accessKeyId: string,
  accountId: string,
  requestId: string,
): string {
  return (
    `<GetCallerIdentityResponse xmlns="${XML_NAMESPACE}"><GetCallerIdentityResult>` +
    `<Arn>${xmlText(callerArn)}</Arn><UserId>${xmlText(accessKeyId)}</UserId><Account>${accountId}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</GetCallerIdentityResponse>`
  );
}

/** An error on the query protocol, as STS answers it. */
export function queryErrorXml(error: ServiceError, requestId: string): string {
  const type = error.statusCode >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${type}</Type><Code>${xmlText(error.name)}</Code>` +
    `<Message>${xmlText(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
