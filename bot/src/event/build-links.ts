import type { BuildLinks } from './pull-request';

type JsonObject = Readonly<Record<string, unknown>>;

/** `arn:aws:codebuild:<region>:<account>:build/<project>:<build uuid>`, the `build-id` of a build event. */
const BUILD_ARN =
  /^arn:aws:codebuild:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):build\/([A-Za-z0-9][A-Za-z0-9_-]{1,254}):([0-9a-f-]{36})$/;

/** Hosts of the AWS console (commercial partition), where the event's log link must point. */
function isConsoleHost(hostname: string): boolean {
  return hostname === 'console.aws.amazon.com' || hostname.endsWith('.console.aws.amazon.com');
}

function logUrlOf(detail: JsonObject): string | undefined {
  const info = detail['additional-information'];
  const logs = typeof info === 'object' && info !== null ? (info as JsonObject)['logs'] : undefined;
  const link = typeof logs === 'object' && logs !== null ? (logs as JsonObject)['deep-link'] : undefined;
  if (typeof link !== 'string') return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' && isConsoleHost(url.hostname) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The build's reports tab in the CodeBuild console, from the build ARN's parts (each checked against its format). */
function reportsUrlOf(detail: JsonObject): string | undefined {
  const buildId = detail['build-id'];
  const match = typeof buildId === 'string' ? BUILD_ARN.exec(buildId) : null;
  if (match === null) return undefined;
  const [, region = '', account = '', project = '', uuid = ''] = match;
  return (
    `https://${region}.console.aws.amazon.com/codesuite/codebuild/${account}/projects/${project}` +
    `/build/${project}%3A${uuid}/reports?region=${region}`
  );
}

/**
 * Links to a build from its "Build State Change" event: the log's console deep link as the event gives it
 * (only an https link into the AWS console), and the reports tab built from the build ARN, so nothing from
 * the event becomes a link anywhere else. Undefined when the event has neither.
 */
export function buildLinksOf(detail: JsonObject): BuildLinks | undefined {
  const logUrl = logUrlOf(detail);
  const reportsUrl = reportsUrlOf(detail);
  if (logUrl === undefined && reportsUrl === undefined) return undefined;
  return { ...(logUrl === undefined ? {} : { logUrl }), ...(reportsUrl === undefined ? {} : { reportsUrl }) };
}
