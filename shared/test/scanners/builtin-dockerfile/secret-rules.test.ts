import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { DS001 } from '../../../src/scanners/builtin-dockerfile/rules/secret-rules';
import { lintDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { lineTable, reportTable, ruleTable } from './rule-forms';

/**
 * The secret rules. DL3064's answers come from hadolint's DL3064.hs: an ARG or ENV name that is one
 * of its known credential names (compared in upper case) or whose lower-case form contains one of
 * its suspicious parts; values are not read, and ONBUILD triggers count too. DS001–DS003 are this
 * engine's own rules, as their documentation states them: a credential-shaped value or a literal
 * value under a credential-like name (DS001), a credential written into a RUN command (DS002), a
 * download piped straight into an interpreter (DS003).
 */

/** Each entry is the script of a one-line RUN. */
const RUN = { line: (script: string) => `RUN ${script}` };

const SUSPICIOUS_PARTS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

// hadolint's whole list of known credential names (DL3064.hs): 13 of them no suspicious part would catch on its own
// (`AWS_ACCESS_KEY_ID`, `DOCKER_EMAIL`, `TRAVIS_SUDO`…), so the rule must know them by name.
const HADOLINT_KNOWN_NAMES = [
  'ACCESS_TOKEN',
  'APPLICATION_KEY',
  'APP_SECRET',
  'AUTH_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'BITTREX_API_KEY',
  'BITTREX_API_SECRET',
  'CF_PASSWORD',
  'CF_USERNAME',
  'CIRCLE_TOKEN',
  'CI_DEPLOY_PASSWORD',
  'CI_DEPLOY_USER',
  'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL',
  'DOCKER_PASSWORD',
  'DOCKER_USERNAME',
  'FACEBOOK_ACCESS_TOKEN',
  'FACEBOOK_APP_ID',
  'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN',
  'FIREBASE_TOKEN',
  'FOSSA_API_KEY',
  'GH_ENTERPRISE_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITHUB_TOKEN',
  'HEROKU_API_KEY',
  'HEROKU_API_USER',
  'NPM_AUTH_TOKEN',
  'NPM_TOKEN',
  'OKTA_AUTHN_GROUPID',
  'OKTA_CLIENT_ORGURL',
  'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID',
  'OKTA_OAUTH2_CLIENTSECRET',
  'OPENAI_API_KEY',
  'OS_PASSWORD',
  'OS_USERNAME',
  'POSTGRES_PASSWORD',
  'SLACK_TOKEN',
  'STRIPE_API_KEY',
  'STRIPE_DEVICE_NAME',
  'TRAVIS_OS_NAME',
  'TRAVIS_SECURE_ENV_VARS',
  'TRAVIS_SUDO',
  'VAULT_CLIENT_KEY',
  'VAULT_TOKEN',
];

lineTable('DL3064: names of ARG and ENV', 'DL3064', {
  fires: [
    ...HADOLINT_KNOWN_NAMES.map((name) => `ENV ${name}=x`),
    ...HADOLINT_KNOWN_NAMES.map((name) => `ARG ${name.toLowerCase()}`),
    ...SUSPICIOUS_PARTS.map((part) => `ARG MY_${part.toUpperCase()}_FILE`),
    'ENV aws_access_key_id=placeholder',
    'ENV HOME=/app DB_PASSWORD_FILE=/run/secrets/db',
    'ONBUILD ARG GITHUB_TOKEN',
  ],
  passes: ['ARG apikey', 'ARG VERSION=1.0', 'ENV HOME=/app PATH=/app/bin', 'LABEL password=none'],
});

// A value of each credential shape (secret-masking.ts: AWS key id, GitHub, GitLab and Slack tokens, a private key).
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB_TOKEN = `ghp_${'a1B2'.repeat(9)}`;

const PLACEHOLDERS = ['changeme', 'CHANGEME', 'xxx', 'XXXXXX', '<password>', 'none', 'null', 'false', 'true'];

lineTable('DS001: credentials in ENV and ARG', 'DS001', {
  fires: [
    `ENV BUILD_ID=${AWS_KEY_ID}`,
    `ARG CACHE_BUSTER=${GITHUB_TOKEN}`,
    'ENV DB_PASSWORD=hunter22',
    'ARG DB_PASSWORD=hunter22',
    'ENV db_password=hunter22',
    'ENV DB_PASSWD=hunter22',
    'ENV GPG_PASSPHRASE=hunter22',
    'ENV APP_SECRET=hunter22',
    'ENV NPM_TOKEN=hunter22',
    'ENV STRIPE_API_KEY=hunter22',
    'ENV STRIPE_APIKEY=hunter22',
    'ENV S3_ACCESS_KEY=hunter22',
    'ENV S3_ACCESSKEY=hunter22',
    'ENV SSH_PRIVATE_KEY=hunter22',
    'ENV SSH_PRIVATEKEY=hunter22',
    'ENV GCP_CREDENTIALS=hunter22',
    'ENV GCP_CREDENTIAL=hunter22',
    'ENV PASSWORD_HINT=hunter22',
    'ENV xx_password=xx',
    'ENV DB_PASSWORD=$1',
    'ENV DB_PASSWORD="changeme2"',
    'ENV DB_PASSWORD="my changeme"',
    'ENV DB_PASSWORD="<password> here"',
    'ONBUILD ENV DB_PASSWORD=hunter22',
    // The legacy form after a pair: the key takes the rest of the line, so its value cannot pass for another key.
    'ENV HOME=/app DB_PASSWORD hunter22',
    'ENV DB_PASSWORD hunter22',
  ],
  passes: [
    'ENV PASSWORDLESS=yes',
    'ENV TOKENIZER=bert',
    'ARG DB_PASSWORD',
    'ENV DB_PASSWORD=',
    'ENV DB_PASSWORD=" "',
    'ENV DB_PASSWORD=$DB_PASSWORD',
    'ENV DB_PASSWORD=${DB_PASSWORD}',
    'ENV DB_PASSWORD=" $DB_PASSWORD"',
    'ENV DB_PASSWORD=" changeme "',
    'LABEL DB_PASSWORD=hunter22',
    ...PLACEHOLDERS.map((placeholder) => `ENV DB_PASSWORD="${placeholder}"`),
  ],
});

lineTable(
  'DS002: credentials in RUN',
  'DS002',
  {
    fires: [
      `aws configure set aws_access_key_id ${AWS_KEY_ID}`,
      'DB_PASSWORD=hunter22 ./migrate',
      'DB_PASSWD=hunter22 ./migrate',
      'export GITHUB_TOKEN=abcd1234',
      'export api_key="abcd1234"',
      'export APIKEY=abcd1234',
      'MY_SECRET_VALUE=abcd ./run',
      'git clone https://deploy:hunter22@git.example.com/app.git',
      // A scheme found inside a longer word: digits and signs before its first letter, letters before it.
      'pip install git+https://deploy:hunter22@git.example.com/app.git',
      'echo 1http://deploy:hunter22@git.example.com',
      'echo .+-svn+ssh://deploy:hunter22@svn.example.com',
      'echo xhttps://deploy:hunter22@git.example.com',
      'mysql -u root -p hunter22 app',
      'mysql -u root -p  hunter22 app',
      'psql --password=hunter22',
      'docker login --password hunter22 registry.example',
      'curl --token abcd1234 https://api.example',
      'wget --api-key abcd1234 https://api.example',
      'git config --secret abcd1234',
      'curl -u admin:hunter22 https://api.example',
      'curl -fsSL --user deploy:hunter22 https://api.example',
      'curl --user=deploy:hunter22 https://api.example',
    ],
    passes: [
      'curl -u admin:$PASSWORD https://api.example',
      'curl -u admin https://api.example',
      'docker run -u 1000:1000 image && curl https://api.example',
      'useradd -u 1000 app',
      'TOKEN=abc ./run',
      'TOKEN=$TOKEN ./run',
      'TOKEN="$TOKEN" ./run',
      'git clone https://deploy:$TOKEN@git.example.com/app.git',
      'git clone https://git.example.com/app.git',
      'mysql -u root -p $DB_PASSWORD app',
      'mysql -u root -p abc app',
      'mysqldump -p hunter22 app',
      'useradd -p hunter22 app',
    ],
  },
  RUN,
);
ruleTable('DS002: RUN instructions only', [
  { rule: 'DS002', lines: ['FROM alpine:3.20', 'CMD mysql -u root -p hunter22 app'], reported: [] },
  { rule: 'DS002', lines: ['FROM alpine:3.20', 'ONBUILD RUN DB_PASSWORD=hunter22 ./migrate'], reported: [2] },
]);

const INTERPRETERS = ['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node'];

lineTable(
  'DS003: downloads piped into an interpreter',
  'DS003',
  {
    fires: [
      ...INTERPRETERS.map((interpreter) => `curl -fsSL https://get.example/install | ${interpreter}`),
      'wget -qO- https://get.example/install | sh',
      '/usr/bin/curl -fsSL https://get.example/install | /bin/bash -s -- --yes',
      'curl -fsSL https://get.example/install | tee /tmp/install | sh',
      'curl -fsSL https://get.example/install | sudo sh',
      'curl -fsSL https://get.example/install | sudo bash -',
      'true | cat && curl -fsSL https://get.example/install | sh',
      'true | cat; curl -fsSL https://get.example/install | sh',
      'true | cat || curl -fsSL https://get.example/install | sh',
    ],
    passes: [
      // Each pipeline on its own: a download in one and an interpreter after a pipe in the next are not one stream.
      ...['&&', '||', ';'].map(
        (separator) => `curl -fsSL https://get.example/app.tgz | tar -xz ${separator} echo done | sh`,
      ),
      'curl -fsSL https://get.example/key | sudo tee /etc/apt/keyrings/example.asc',
      'curl -fsSL https://get.example/app.tgz | tar -xz',
      'curl -fsSLo /tmp/install https://get.example/install && sh /tmp/install',
      'cat /tmp/install | sh',
      'curl -fsSL https://get.example/app.sh | tee /tmp/app.sh',
      'curl -fsSL https://get.example/install -d "a | sh"',
      'sh -c true | curl -fsSL -d @- https://get.example/upload',
      'curl -fsSL https://get.example/install || sh /tmp/fallback',
    ],
  },
  RUN,
);
ruleTable('DS003: RUN instructions only', [
  { rule: 'DS003', lines: ['FROM alpine:3.20', 'CMD curl -fsSL https://get.example/install | sh'], reported: [] },
]);

/** The link and CWE of this engine's credential rules (798: use of hard-coded credentials). */
const HARD_CODED = { helpUri: 'https://cwe.mitre.org/data/definitions/798.html', cwe: [798] };

/** DS001's message for the first credential-like pair of an ENV or ARG. */
const literalIn = (instruction: string): string =>
  `${instruction} holds what looks like a credential; it stays readable in the image. Pass it with RUN --mount=type=secret instead.`;

reportTable('secret rules: what they report', [
  {
    lines: ['FROM alpine:3.20', 'ARG GITHUB_TOKEN'],
    reports: [
      {
        code: 'DL3064',
        severity: 'warning',
        message: 'ARG and ENV values end up in the image history: do not pass secrets through them; use build secrets.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3064',
        cwe: [538],
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'ENV HOME=/app DB_PASSWORD=hunter22 API_TOKEN=abcd1234', 'ARG AUTH_TOKEN=abcd1234'],
    reports: [
      { code: 'DS001', severity: 'error', message: literalIn('ENV DB_PASSWORD'), ...HARD_CODED, line: 2 },
      { code: 'DS001', severity: 'error', message: literalIn('ARG AUTH_TOKEN'), ...HARD_CODED, line: 3 },
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN DB_PASSWORD=hunter22 ./migrate'],
    reports: [
      {
        code: 'DS002',
        severity: 'error',
        message:
          'A RUN command contains a literal credential, which stays in the image history: use RUN --mount=type=secret.',
        ...HARD_CODED,
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN curl -fsSL https://get.example/install | sh'],
    reports: [
      {
        code: 'DS003',
        line: 2,
        severity: 'warning',
        cwe: [494],
        helpUri: 'https://cwe.mitre.org/data/definitions/494.html',
        message:
          'A script is downloaded and piped straight into a shell: download it, verify a checksum or signature, then run it.',
      },
    ],
  },
]);

// `devsecops rules` shows DS001 with its default message; each finding words its own (the ENV or ARG it names).
describe('DS002 on a long word (attack: a Dockerfile that freezes the editor)', () => {
  // The editor lints on the extension host's thread: a line just under the size cap that takes the URL check
  // quadratic time freezes the editor (a 1 MB word of letters took about 10 minutes).
  for (const [label, word] of [
    ['letters', 'a'.repeat(200_000)],
    ['letters, then a scheme without credentials', `${'a'.repeat(200_000)}://host`],
    ['digits before letters', `${'1'.repeat(100_000)}${'a'.repeat(100_000)}://host`],
  ] as const) {
    it(`checks a 200,000-character word of ${label} in well under a second`, () => {
      const started = performance.now();
      const findings = lintDockerfile(`FROM alpine:3.20\nUSER app\nRUN echo ${word}\n`, 'Dockerfile');
      const elapsed = performance.now() - started;
      deepStrictEqual(
        findings.filter((finding) => finding.ruleId === 'DS002'),
        [],
      );
      ok(elapsed < 1000, `${elapsed.toFixed(0)} ms`);
    });
  }

  it('still finds the credential after such a word', () => {
    const findings = lintDockerfile(
      `FROM alpine:3.20\nUSER app\nRUN echo ${'a'.repeat(200_000)}https://deploy:hunter22@git.example.com\n`,
      'Dockerfile',
    );
    deepStrictEqual(
      findings.filter((finding) => finding.ruleId === 'DS002').map((finding) => finding.location.line),
      [3],
    );
  });
});

describe('DS001: its catalog entry', () => {
  it('says what the rule checks', () => {
    strictEqual(
      DS001.message,
      'A credential is written into ENV/ARG and stays readable in the image: pass it with RUN --mount=type=secret.',
    );
  });
});
