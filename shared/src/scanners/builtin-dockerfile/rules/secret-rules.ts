import { CREDENTIAL_FLAG_NAMES, CREDENTIAL_VALUE_PATTERNS } from '../../../findings/secret-masking';
import type { DockerInstruction } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { instructionRule } from '../rule';

/** Names that suggest a credential (`DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
const SENSITIVE_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|_)/i;

const hasSecretValue = (text: string): boolean => CREDENTIAL_VALUE_PATTERNS.some((pattern) => pattern.test(text));
/** A literal value worth reporting: not empty, not a variable reference, not an obvious placeholder. */
const isLiteral = (value: string): boolean =>
  value.trim() !== '' &&
  !/^\$\{?[A-Za-z_]/.test(value.trim()) &&
  !/^(changeme|xxx+|<.*>|none|null|false|true)$/i.test(value.trim());

/**
 * Variable names hadolint's DL3064 knows to be credentials, but none of the suspicious parts below would catch.
 * The rest of hadolint's list (`GITHUB_TOKEN`, `POSTGRES_PASSWORD`… 35 names) each hold such a part, and the rule's
 * tests check every name of the whole list.
 */
const KNOWN_SENSITIVE_NAMES = new Set([
  'APPLICATION_KEY',
  'AWS_ACCESS_KEY_ID',
  'CI_DEPLOY_USER',
  'DOCKER_EMAIL',
  'FACEBOOK_APP_ID',
  'HEROKU_API_USER',
  'OKTA_AUTHN_GROUPID',
  'OKTA_CLIENT_ORGURL',
  'OKTA_OAUTH2_CLIENTID',
  'STRIPE_DEVICE_NAME',
  'TRAVIS_OS_NAME',
  'TRAVIS_SECURE_ENV_VARS',
  'TRAVIS_SUDO',
]);

/** Lower-case parts of a name that make DL3064 suspicious of it. */
const SUSPICIOUS_NAME_PARTS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

const isSensitiveName = (name: string): boolean =>
  KNOWN_SENSITIVE_NAMES.has(name.toUpperCase()) ||
  SUSPICIOUS_NAME_PARTS.some((part) => name.toLowerCase().includes(part));

/** DL3064: ARG/ENV names that suggest secrets (hadolint's name lists; values are not looked at). */
export const DL3064 = instructionRule({
  code: 'DL3064',
  severity: 'warning',
  message: 'ARG and ENV values end up in the image history: do not pass secrets through them; use build secrets.',
  cwe: [538],
  fails: (instruction) =>
    (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') &&
    instruction.pairs.some((pair) => isSensitiveName(pair.key)),
});

/** DS001: a literal credential in ENV or ARG. */
export const DS001: DockerfileRule = {
  code: 'DS001',
  severity: 'error',
  message:
    'A credential is written into ENV/ARG and stays readable in the image: pass it with RUN --mount=type=secret.',
  helpUri: 'https://cwe.mitre.org/data/definitions/798.html',
  cwe: [798],
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      const pair = instruction.pairs.find(
        (candidate) =>
          candidate.value !== null &&
          (hasSecretValue(candidate.value) || (SENSITIVE_NAME.test(candidate.key) && isLiteral(candidate.value))),
      );
      if (pair) hits.push({ location: instruction.location, message: secretMessage(instruction, pair.key) });
    }
    return hits;
  },
};

function secretMessage(instruction: DockerInstruction, key: string): string {
  return `${instruction.keyword} ${key} holds what looks like a credential; it stays readable in the image. Pass it with RUN --mount=type=secret instead.`;
}

const INLINE_SECRET_FLAGS = new RegExp(String.raw`(?:^|\s)(?:-p|--(?:${CREDENTIAL_FLAG_NAMES}))[=\s]+(?!\$)\S{4,}`);
const INLINE_SECRET_ASSIGNMENT =
  /\b[A-Za-z_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY)[A-Za-z_]*=(?!\$)["']?[^\s"'$]{4,}/i;
/**
 * A URL with a password. It is tried only where a run of scheme characters begins (the lookbehind), the
 * run's leading digits and signs skipped to its first letter: the same matches as the plain
 * `[a-z][a-z0-9+.-]*://…`, which was tried at every letter of a run and read the run to its end each time,
 * minutes of the extension host on one long word (a 1 MB RUN line of letters).
 */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?!\$)[^\s/@]+@/i;
/** curl's `-u user:password` / `--user user:password`, within one curl command (`docker run -u 1000:1000` is not). */
const CURL_USER_CREDENTIALS = /\bcurl\b[^|;&\n]*\s(?:-u|--user)(?:=|\s+)["']?[^\s:"']+:(?!\$)[^\s"'$]{4,}/;

/** DS002: a credential written literally in a RUN command. */
export const DS002: DockerfileRule = {
  code: 'DS002',
  severity: 'error',
  message:
    'A RUN command contains a literal credential, which stays in the image history: use RUN --mount=type=secret.',
  helpUri: 'https://cwe.mitre.org/data/definitions/798.html',
  cwe: [798],
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter((instruction) => {
        if (instruction.keyword !== 'RUN') return false;
        const text = instruction.shell().original;
        return (
          hasSecretValue(text) ||
          INLINE_SECRET_ASSIGNMENT.test(text) ||
          URL_CREDENTIALS.test(text) ||
          CURL_USER_CREDENTIALS.test(text) ||
          (/\b(mysql|psql|docker|curl|wget|git)\b/.test(text) && INLINE_SECRET_FLAGS.test(text))
        );
      })
      .map((instruction) => ({ location: instruction.location })),
};

const DOWNLOADERS = new Set(['curl', 'wget']);
const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node']);

/** DS003: piping a download straight into a shell. */
export const DS003: DockerfileRule = {
  code: 'DS003',
  severity: 'warning',
  message:
    'A script is downloaded and piped straight into a shell: download it, verify a checksum or signature, then run it.',
  helpUri: 'https://cwe.mitre.org/data/definitions/494.html',
  cwe: [494],
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter((instruction) => {
        if (instruction.keyword !== 'RUN' || !instruction.shell().hasPipes) return false;
        // Look at each pipeline: a downloader on the left of a `|` and an interpreter on its right.
        return instruction
          .shell()
          .original.split(/&&|\|\||;|\n/)
          .some((segment) => {
            const stages = segment.split('|').map((part) => part.trim().split(/\s+/)[0] ?? '');
            const download = stages.findIndex((name) => DOWNLOADERS.has(name.slice(name.lastIndexOf('/') + 1)));
            return (
              download !== -1 &&
              stages.slice(download + 1).some((name) => {
                const base = name.slice(name.lastIndexOf('/') + 1);
                return INTERPRETERS.has(base) || (base === 'sudo' && segment.includes('sh'));
              })
            );
          });
      })
      .map((instruction) => ({ location: instruction.location })),
};
