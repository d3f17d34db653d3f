import type { Finding } from './finding';

/**
 * Values that are credentials whatever they are called: the Dockerfile rules
 * find them with these, and every finding's text is masked with them.
 */
export const CREDENTIAL_VALUE_PATTERNS: readonly RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub token
  /\bglpat-[A-Za-z0-9_-]{20,}\b/, // GitLab token
  /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/, // Slack token
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/**
 * Long command-line flags whose value is a credential (`docker login --password …`, `--api-key …`), as a regex
 * alternation: DS002 flags a line that sets one, and the HTML report masks their values on every line it shows.
 */
export const CREDENTIAL_FLAG_NAMES = 'password|token|api-key|secret';

/** The same shapes, global, for replacing; a private key is masked from its BEGIN line to its END line. */
const MASKED_VALUE_PATTERNS: readonly RegExp[] = [
  ...CREDENTIAL_VALUE_PATTERNS.slice(0, -1).map((pattern) => new RegExp(pattern.source, 'g')),
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Bandit's B105/B106/B107 text (every version): `Possible hardcoded password: '<the literal>'`. */
const BANDIT_PASSWORD_MESSAGE = /^(Possible hardcoded password: )'([\s\S]*)'$/;

/**
 * `scheme://user:password@host`: the password part (already masked ones are left alone). A scheme is
 * tried only where a run of scheme characters begins, its leading digits, `+`, `.` and `-` skipped
 * (a scheme starts with a letter): tried at every position of a long run, the pattern re-read the rest
 * of the run each time, quadratic in a message of one long word (128 KB took 12 s).
 */
const URL_PASSWORD = /(?<![a-z0-9+.-])([0-9+.-]*)([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)(?!\*\*\*@)[^\s/@]+@/gi;

/** Values at least this long keep their first and last two characters; shorter ones are masked whole. */
const PARTLY_SHOWN_MIN_LENGTH = 12;

/**
 * A secret as reports show it: enough to recognise (the first and last two
 * characters of a long value, and its length), never enough to use. Values
 * shorter than 12 characters are masked whole, since four characters of a
 * short password give most of it away. Counts code points, so a character
 * outside the BMP is never cut in half.
 */
export function maskSecret(value: string): string {
  const characters = Array.from(value);
  const length = `${characters.length} character${characters.length === 1 ? '' : 's'}`;
  if (characters.length < PARTLY_SHOWN_MIN_LENGTH) return `*** (masked, ${length})`;
  return `${characters.slice(0, 2).join('')}…${characters.slice(-2).join('')} (masked, ${length})`;
}

/** Masks every credential-shaped value in a text; idempotent (a masked text is returned unchanged). */
export function maskSecretsInText(text: string): string {
  const password = BANDIT_PASSWORD_MESSAGE.exec(text);
  let masked = password === null ? text : `${password[1] ?? ''}${maskSecret(password[2] ?? '')}`;
  for (const pattern of MASKED_VALUE_PATTERNS) masked = masked.replace(pattern, (value) => maskSecret(value));
  return masked.replace(URL_PASSWORD, (_whole, lead: string, prefix: string) => `${lead}${prefix}***@`);
}

/**
 * A finding with the secrets in its text masked: the message, the fix's
 * description and every string in its properties (a tool may quote the line).
 * Everything that makes the finding (tool, rule, location, fingerprint) is
 * kept, so masking never changes which finding it is. Called where findings
 * are made (`assignFingerprints`, SARIF import), so no output shows a secret.
 */
export function maskFindingSecrets(finding: Finding): Finding {
  const message = maskSecretsInText(finding.message);
  const fix =
    finding.fix === undefined ? undefined : { ...finding.fix, description: maskSecretsInText(finding.fix.description) };
  const properties = finding.properties === undefined ? undefined : maskJsonStrings(finding.properties);
  const unchanged =
    message === finding.message && fix?.description === finding.fix?.description && properties === finding.properties;
  if (unchanged) return finding;
  return {
    ...finding,
    message,
    ...(fix === undefined ? {} : { fix }),
    ...(properties === undefined ? {} : { properties }),
  };
}

/** The same JSON value with every string masked; the very same object when nothing needed masking. */
function maskJsonStrings<T>(value: T): T {
  if (typeof value === 'string') {
    const masked = maskSecretsInText(value);
    return (masked === value ? value : masked) as T;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = value.map((item: unknown) => maskJsonStrings(item));
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]: [string, unknown]) => [key, item, maskJsonStrings(item)]);
    const changed = entries.some(([, item, masked]) => masked !== item);
    return (changed ? Object.fromEntries(entries.map(([key, , masked]) => [key, masked])) : value) as T;
  }
  return value;
}
