import { deepStrictEqual } from 'node:assert/strict';
import { analyzeDockerfile } from '../../../src/scanners/builtin-dockerfile/engine';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import type { HadolintConfig } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import { reportsOf } from './rule-reports';

/**
 * The general forms of commands, options, versions and stages, one table per
 * rule family. Each expectation was worked out from hadolint's source (the
 * function named in the comment), not from running this engine: `lines` are
 * the lines the rule reports, `[]` when it stays silent.
 */
interface FormCase {
  readonly rule: string;
  readonly dockerfile: string;
  readonly lines: readonly number[];
  readonly config?: Partial<HadolintConfig>;
}

function linesOf(testCase: FormCase): number[] {
  const config = { ...DEFAULT_HADOLINT_CONFIG, ...testCase.config };
  return analyzeDockerfile(testCase.dockerfile, config)
    .filter((result) => result.code === testCase.rule)
    .map((result) => result.location.line);
}

function table(title: string, cases: readonly FormCase[]): void {
  describe(title, () => {
    for (const testCase of cases) {
      const expected = testCase.lines.length === 0 ? 'passes' : `catches line ${testCase.lines.join(', ')}`;
      it(`${testCase.rule} ${expected}: ${JSON.stringify(testCase.dockerfile)}`, () => {
        deepStrictEqual(linesOf(testCase), testCase.lines);
      });
    }
  });
}

const run = (rule: string, script: string, fires: boolean): FormCase => ({
  rule,
  dockerfile: `RUN ${script}`,
  lines: fires ? [1] : [],
});

// Options and their values (Shell.hs: getAllFlags, dropFlagArg, getValueId, countFlag).
table('options: long, short, clustered, =-joined, repeated', [
  // --name=value carries its own value: the next word is still a package.
  run('DL3013', 'pip install --root-user-action=ignore flask', true),
  run('DL3013', 'pip install --root-user-action=ignore flask==3.0.3', false),
  // --name value: the value word is dropped (DL3013's option list), the package after it is checked.
  run('DL3013', 'pip install --root-user-action ignore flask', true),
  run('DL3013', 'pip install --root-user-action ignore flask==3.0.3', false),
  run('DL3013', 'pip install --index-url=https://pypi.example/simple requests==2.32.3', false),
  run('DL3013', 'pip install -i https://pypi.example/simple requests', true),
  run('DL3013', 'pip install --no-cache-dir --upgrade "requests>=2.31"', false),
  // An option outside the list keeps its value as a package word (hadolint's own reading).
  run('DL3013', 'pip install --log /tmp/pip.log flask==3.0.3', false),
  run('DL3013', 'pip install --log pip.log flask==3.0.3', true),
  run('DL3016', 'npm install --registry=https://npm.example express', true),
  run('DL3016', 'npm install --registry=https://npm.example express@4.19.2', false),
  run('DL3016', 'npm install --registry https://npm.example express@4.19.2', false),
  run('DL3016', 'npm install --loglevel=warn --save-exact express@4.19.2', false),
  run('DL3018', 'apk add --repository=https://dl-cdn.example/edge/testing flow=0.78.0-r0', false),
  run('DL3018', 'apk add --virtual .build-deps gcc=13.2.1-r0', false),
  run('DL3018', 'apk add -t .build-deps gcc', true),
  run('DL3008', 'apt-get install -y --no-install-recommends -t bookworm-backports curl=7.88.1-10', false),
  run('DL3008', 'apt-get install -y --target-release=bookworm-backports curl', true),
  // Quiet levels (DL3014.hs: countFlag "q" == 2, countFlag "quiet" == 2, "-q=2").
  run('DL3014', 'apt-get install -q=2 curl', false),
  run('DL3014', 'apt-get install --quiet --quiet curl', false),
  run('DL3014', 'apt-get -q -q install curl', false),
  run('DL3014', 'apt-get -qq install curl', false),
  run('DL3014', 'apt-get install -q curl', true),
  run('DL3014', 'apt-get install --quiet curl', true),
  // hadolint reports -qqq (countFlag == 2); we do not, on purpose (DL3014 differsFromHadolint).
  run('DL3014', 'apt-get install -qqq curl', false),
  run('DL3014', 'apt-get install -yq curl', false),
  run('DL3014', 'apt-get install --assume-yes curl', false),
]);

// Quoting and escapes (ShellCheck's oversimplify: quotes removed, escapes resolved).
table('quoting and escapes', [
  run('DL3008', 'apt-get install -y "curl=7.88.1-10" \'wget=1.21.3-1\'', false),
  run('DL3008', 'apt-get install -y cu"rl"=7.88.1-10', false),
  run('DL3008', 'apt-get install -y curl\\=7.88.1-10', false),
  run('DL3008', '"apt-get" install -y curl', true),
  run('DL3004', "sh -c 'sudo ls'", false),
  run('DL3004', 'echo "$(sudo id -u)"', true),
  run('DL3003', 'cd /app && make', true),
  run('DL3003', 'echo "cd /app"', false),
  run('DL3013', 'pip install "flask[async]==3.0.3"', false),
  run('DL3013', "pip install 'flask[async]'", true),
]);

// Every package manager's version syntax.
table('version syntax per package manager', [
  // apk (DL3018.hs): =, ~, >, < in any combination, or a .apk file.
  run('DL3018', 'apk add --no-cache "git>=2.40"', false),
  run('DL3018', 'apk add --no-cache "git<3"', false),
  run('DL3018', 'apk add --no-cache git~2.52', false),
  run('DL3018', 'apk add --no-cache git=~2.52', false),
  run('DL3018', 'apk add --no-cache ./pkgs/tool-1.0-r0.apk', false),
  run('DL3018', 'apk add --no-cache git', true),
  // pip (DL3013.hs): specifiers, VCS with @ref, wheels/sdists, paths and URLs, -r, -c, .
  run('DL3013', 'pip install "requests!=2.0" "urllib3~=2.2" "idna===3.7"', false),
  run('DL3013', 'pip install git+https://github.com/psf/requests.git@v2.32.3', false),
  run('DL3013', 'pip install git+https://github.com/psf/requests.git', true),
  run('DL3013', 'pip install ./dist/app-1.0-py3-none-any.whl', false),
  run('DL3013', 'pip install https://files.example/app-1.0.tar.gz', false),
  run('DL3013', 'pip install -r requirements.txt', false),
  run('DL3013', 'pip install -c constraints.txt flask', false),
  run('DL3013', 'pip install .', false),
  run('DL3013', 'python3 -m pip install flask', true),
  run('DL3013', 'python3 -m pip --no-cache-dir install flask', false),
  run('DL3013', 'pip3.12 install flask', true),
  run('DL3013', 'pipx install black', true),
  run('DL3013', 'pipenv install black', false),
  // npm (DL3016.hs): @version, tags, git URLs with #ref, tarballs, folders; only `npm install`.
  run('DL3016', 'npm install express@latest', false),
  run('DL3016', 'npm install @scope/pkg', true),
  run('DL3016', 'npm install @scope/pkg@1.2.3', false),
  run('DL3016', 'npm install git+https://github.com/expressjs/express.git#4.19.2', false),
  run('DL3016', 'npm install git+https://github.com/expressjs/express.git', true),
  run('DL3016', 'npm install ./vendor/pkg.tgz', false),
  run('DL3016', 'npm i express', false),
  run('DL3016', 'npm ci', false),
  // `/app` is the first non-flag word, so `install` is not first and hadolint does not check it.
  run('DL3016', 'npm --prefix /app install express', false),
  // gem (DL3028.hs gems): name:version, -v/--version anywhere, option values skipped, words after --.
  run('DL3028', 'gem install rails:7.1.3', false),
  run('DL3028', 'gem install rails -v 7.1.3', false),
  run('DL3028', 'gem install rails --version=7.1.3', false),
  run('DL3028', 'gem install --install-dir /opt/gems rails:7.1.3', false),
  run('DL3028', 'gem install --install-dir /opt/gems rails', true),
  run('DL3028', 'gem install rails:7.1.3 -- --with-cflags=-O2 extra', false),
  run('DL3028', 'gem install rails', true),
  // go (DL3062.hs): module@version (not @latest/@none), local paths.
  run('DL3062', 'go install .', false),
  run('DL3062', 'go install ./...', false),
  run('DL3062', 'go run .', false),
  run('DL3062', 'go run ./cmd/server --port 8080', false),
  run('DL3062', 'go install golang.org/x/tools/gopls@v0.16.1', false),
  run('DL3062', 'go install golang.org/x/tools/gopls@none', true),
  run('DL3062', 'go install golang.org/x/tools/gopls', true),
  run('DL3062', 'go install tool', false),
  // yum/dnf (DL3033.hs/DL3041.hs): name-version with a digit part, .rpm, module name:stream.
  run('DL3033', 'yum install -y httpd-2.4.57-5.el9', false),
  run('DL3033', 'yum install -y ./local/pkg-1.0.rpm', false),
  // packageVersionFixed looks for a `-` before it looks at `.rpm`.
  run('DL3033', 'yum install -y ./local/pkg.rpm', true),
  run('DL3033', 'yum install -y httpd-tools', true),
  run('DL3041', 'dnf install -y python3.12-3.12.1-4.el9', false),
  run('DL3041', 'dnf module install -y nodejs:20', false),
  run('DL3041', 'dnf module install -y nodejs', true),
  run('DL3041', 'dnf install --releasever 9 -y httpd-2.4.57', true),
  // zypper (DL3037.hs): =, >=, >, <=, < or .rpm.
  run('DL3037', 'zypper install -y "curl>=8.0"', false),
  run('DL3037', 'zypper install -y curl=8.6.0', false),
  run('DL3037', 'zypper install -y curl', true),
]);

// Stages by name and by index, chains of stages (DL3022, DL3023, DL3057, DL3009, DL3060).
table('stages by name and by index, chains of stages', [
  { rule: 'DL3022', dockerfile: 'FROM alpine:3.20\nFROM alpine:3.20\nCOPY --from=0 /a /a\n', lines: [] },
  { rule: 'DL3022', dockerfile: 'FROM alpine:3.20\nCOPY --from=1 /a /a\nFROM alpine:3.20\n', lines: [2] },
  { rule: 'DL3022', dockerfile: 'FROM alpine:3.20\nCOPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /bin/\n', lines: [] },
  {
    rule: 'DL3022',
    dockerfile: 'ARG UV=ghcr.io/astral-sh/uv:0.4.0\nFROM alpine:3.20\nCOPY --from=$UV /uv /bin/\n',
    lines: [3],
  },
  { rule: 'DL3022', dockerfile: 'FROM alpine:3.20\nCOPY --from=later /a /a\nFROM alpine:3.20 AS later\n', lines: [2] },
  { rule: 'DL3023', dockerfile: 'FROM alpine:3.20 AS app\nCOPY --from=app /a /b\n', lines: [2] },
  // DL3057 (goodStage/recurseGood): a HEALTHCHECK marks its stage and the stages it builds on good,
  // and a stage built FROM a good stage is good. So here even `other` is good: base1 was marked good.
  {
    rule: 'DL3057',
    dockerfile: 'FROM alpine:3.20 AS base0\nFROM base0 AS base1\nHEALTHCHECK NONE\nFROM base1\n',
    lines: [],
  },
  {
    rule: 'DL3057',
    dockerfile:
      'FROM alpine:3.20 AS base0\nFROM base0 AS base1\nFROM base1 AS base2\nHEALTHCHECK NONE\nFROM base1 AS other\n',
    lines: [],
  },
  {
    rule: 'DL3057',
    dockerfile: 'FROM alpine:3.20 AS base0\nFROM base0 AS base1\nHEALTHCHECK NONE\nFROM alpine:3.20 AS other\n',
    lines: [4],
  },
  { rule: 'DL3057', dockerfile: 'FROM alpine:3.20 AS a\nHEALTHCHECK NONE\nFROM alpine:3.20\n', lines: [3] },
  // DL3009/DL3060: a stage counts when its FROM equals the last FROM, or its alias is built on.
  {
    rule: 'DL3009',
    dockerfile: 'FROM debian:12\nRUN apt-get update\nFROM debian:12\nUSER 1\n',
    lines: [2],
  },
  {
    rule: 'DL3009',
    dockerfile: 'FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nUSER 1\n',
    lines: [],
  },
  {
    rule: 'DL3009',
    dockerfile: 'FROM debian:12 AS build\nRUN apt-get update\nFROM build\nUSER 1\n',
    lines: [2],
  },
  { rule: 'DL3060', dockerfile: 'FROM node:20\nRUN yarn cache clean && yarn install\n', lines: [2] },
  { rule: 'DL3060', dockerfile: 'FROM node:20\nRUN yarn install && yarn cache clean\n', lines: [] },
  {
    rule: 'DL3060',
    dockerfile: 'FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn/v6 yarn install\n',
    lines: [],
  },
  {
    rule: 'DL3045',
    dockerfile: 'FROM alpine:3.20 AS base\nWORKDIR /app\nFROM base\nCOPY a b\n',
    lines: [],
  },
  {
    rule: 'DL3045',
    dockerfile: 'FROM alpine:3.20 AS base\nWORKDIR /app\nFROM alpine:3.20\nCOPY a b\n',
    lines: [4],
  },
  { rule: 'DL3063', dockerfile: 'FROM alpine:3.20 AS scratch\n', lines: [1] },
  { rule: 'DL3063', dockerfile: 'FROM alpine:3.20 AS context\n', lines: [1] },
  { rule: 'DL3063', dockerfile: 'FROM alpine:3.20 AS build\n', lines: [] },
]);

// ARG and ENV scoping (DL3066, DL3033/DL3041, DL3042, DL3006).
table('ARG before and after FROM, ENV per stage', [
  { rule: 'DL3066', dockerfile: 'ARG APP_UID=10001\nFROM alpine:3.20\nUSER ${APP_UID}\n', lines: [] },
  { rule: 'DL3066', dockerfile: 'FROM alpine:3.20\nARG APP_UID=10001\nUSER $APP_UID:$APP_UID\n', lines: [] },
  { rule: 'DL3066', dockerfile: 'FROM alpine:3.20\nUSER ${APP_UID}\nARG APP_UID=10001\n', lines: [2] },
  { rule: 'DL3066', dockerfile: 'FROM alpine:3.20\nUSER app\n', lines: [2] },
  { rule: 'DL3066', dockerfile: 'FROM alpine:3.20\nUSER 10001:app\n', lines: [] },
  {
    rule: 'DL3041',
    dockerfile: 'ARG GIT_VER=2.51.0\nFROM fedora:42\nRUN dnf install -y "git-core-${GIT_VER}"\n',
    lines: [],
  },
  { rule: 'DL3041', dockerfile: 'FROM fedora:42\nRUN dnf install -y "git-core-${GIT_VER}"\n', lines: [2] },
  {
    rule: 'DL3041',
    dockerfile: 'FROM fedora:42 AS a\nENV V=2.51.0\nFROM fedora:42\nRUN dnf install -y git-core-$V\n',
    lines: [4],
  },
  {
    rule: 'DL3042',
    dockerfile: 'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask==3.0.3\n',
    lines: [],
  },
  {
    rule: 'DL3042',
    dockerfile: 'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install flask==3.0.3\n',
    lines: [4],
  },
  { rule: 'DL3006', dockerfile: 'ARG BASE=alpine:3.20\nFROM $BASE\n', lines: [] },
  { rule: 'DL3006', dockerfile: 'ARG NAME=alpine\nFROM library/$NAME\n', lines: [2] },
]);

// Trusted registries (DL3026, hadolint 2.15: COPY --from and RUN --mount from= too).
table('trusted registries', [
  {
    rule: 'DL3026',
    dockerfile: 'FROM registry.example.com/base:1\nCOPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /bin/\n',
    lines: [2],
    config: { trustedRegistries: ['registry.example.com'] },
  },
  {
    rule: 'DL3026',
    dockerfile:
      'FROM registry.example.com/base:1 AS build\nFROM registry.example.com/base:1\nCOPY --from=build /a /a\n',
    lines: [],
    config: { trustedRegistries: ['registry.example.com'] },
  },
  {
    rule: 'DL3026',
    dockerfile: 'FROM mirror.registry.example.com/base:1\n',
    lines: [],
    config: { trustedRegistries: ['mirror.*'] },
  },
  {
    rule: 'DL3026',
    dockerfile: 'FROM alpine:3.20\n',
    lines: [],
    config: { trustedRegistries: ['*'] },
  },
]);

// Rules hadolint applies to the file's own instructions only, not to ONBUILD triggers.
table('ONBUILD triggers', [
  { rule: 'DL3003', dockerfile: 'FROM alpine:3.20\nONBUILD RUN cd /app\n', lines: [] },
  { rule: 'DL3004', dockerfile: 'FROM alpine:3.20\nONBUILD RUN sudo ls\n', lines: [2] },
  { rule: 'DL3020', dockerfile: 'FROM alpine:3.20\nONBUILD ADD app.py /app/\n', lines: [] },
  { rule: 'DL3045', dockerfile: 'FROM alpine:3.20\nONBUILD COPY a b\n', lines: [] },
  { rule: 'DL3060', dockerfile: 'FROM node:20 AS build\nONBUILD RUN yarn install\nFROM alpine:3.20\n', lines: [2] },
]);

// Other per-rule forms read from hadolint's source.
table('other forms', [
  run('DL3046', 'useradd -u 1000000 app', true),
  run('DL3046', 'useradd --uid 1000000 app', false),
  run('DL3046', 'useradd -l -u 1000000 app', false),
  run('DL3046', 'useradd -u ${APP_UID} app', true),
  run('DL3040', 'dnf upgrade -y && dnf clean all', false),
  run('DL3040', 'dnf upgrade -y', true),
  run('DL3040', 'dnf groupinstall -y "Development Tools"', false),
  run('DL3042', 'pip install --no-cache-dir flask==3.0.3', false),
  run('DL3042', 'pip install flask==3.0.3', true),
  run('DL3042', 'pipx install black==24.4.2', false),
  run('DL3042', 'PIP_NO_CACHE_DIR=1 pip install flask==3.0.3', false),
  { rule: 'DL3024', dockerfile: 'FROM alpine:3.20 AS Build\nFROM alpine:3.20 AS build\n', lines: [] },
  {
    rule: 'DL3050',
    dockerfile: 'LABEL a="1" b="2" c="3"\n',
    lines: [1],
    config: { labelSchema: { a: 'text' }, strictLabels: true },
  },
  { rule: 'DL3055', dockerfile: 'LABEL h="2DBFAE9"\n', lines: [1], config: { labelSchema: { h: 'hash' } } },
  { rule: 'DL3055', dockerfile: 'LABEL h="2dbfae91"\n', lines: [1], config: { labelSchema: { h: 'hash' } } },
  {
    rule: 'DL3054',
    dockerfile: 'LABEL l="MIT OR Apache-2.0"\n',
    lines: [1],
    config: { labelSchema: { l: 'spdx' } },
  },
]);

const file = (rule: string, lines: readonly string[], reported: readonly number[]): FormCase => ({
  rule,
  dockerfile: `${lines.join('\n')}\n`,
  lines: reported,
});

// Who the image runs as. DL3002 as hadolint reads it (`root`, `0`, `root:…` and `0:…` are root; the last USER of a
// stage counts); DL3066 as documented on the rule; DS004, this engine's own rule: the last stage, with the stages it
// is built FROM, never sets USER outside ONBUILD (reported at the last FROM; `scratch` has no user to run as).
table('USER', [
  file('DL3002', ['FROM alpine', 'USER 0'], [2]),
  file('DL3002', ['FROM alpine', 'USER root:root'], [2]),
  file('DL3002', ['FROM alpine', 'USER 0:0'], [2]),
  file('DL3002', ['FROM alpine', 'USER 10001:0'], []),
  file('DL3002', ['FROM alpine', 'USER rooter'], []),
  file('DL3002', ['FROM alpine', 'USER root', 'USER 10001'], []),
  file('DL3002', ['FROM alpine', 'USER root \t'], [2]),
  file('DL3002', ['USER root', 'FROM alpine'], []),
  file('DL3066', ['ARG UID=10001', 'FROM alpine', 'USER $UID'], []),
  file('DL3066', ['ARG UID=10001', 'FROM alpine', 'USER ${UID}:${UID}'], []),
  file('DL3066', ['ARG UID=10001', 'FROM alpine', 'USER ${OTHER}'], [3]),
  file('DL3066', ['FROM alpine', 'USER app:10001'], [2]),
  file('DL3066', ['FROM alpine', 'USER 1app'], [2]),
  file('DL3066', ['FROM alpine', 'USER 10001 \t'], []),
  file('DL3066', ['FROM alpine', 'ONBUILD USER app'], []),
  file('DS004', ['FROM alpine', 'RUN true'], [1]),
  file('DS004', ['FROM alpine', 'USER 10001'], []),
  file('DS004', ['FROM alpine', 'USER root'], []),
  file('DS004', ['FROM scratch', 'COPY a /a'], []),
  file('DS004', ['USER 10001', 'FROM alpine'], [2]),
  file('DS004', ['FROM alpine', 'ONBUILD USER 10001'], [1]),
  file('DS004', ['FROM alpine AS base', 'USER 10001', 'FROM base', 'RUN true'], []),
  file('DS004', ['FROM alpine AS build', 'USER 10001', 'FROM alpine', 'RUN true'], [3]),
  file('DS004', ['FROM alpine AS a', 'FROM a AS b', 'USER 10001', 'FROM b'], []),
]);

// What the USER rules tell the reader, whole: the tables above check only where they fire. DS004 is this engine's own
// rule, so its text and its CWE (250, execution with unnecessary privileges) are pinned here rather than in
// hadolint's rules.json.
describe('USER rules: what they report', () => {
  const cases = [
    {
      lines: ['FROM alpine AS build', 'USER 10001', 'FROM alpine:3.20', 'RUN true'],
      code: 'DS004',
      severity: 'warning',
      message: 'The image never sets USER, so its processes run as root: add a USER with an unprivileged id.',
      helpUri: 'https://cwe.mitre.org/data/definitions/250.html',
      cwe: [250],
      line: 3,
    },
    {
      lines: ['FROM alpine:3.20', 'USER root'],
      code: 'DL3002',
      severity: 'warning',
      message: 'The last USER of the image is root: switch to an unprivileged user before the image ends.',
      helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3002',
      cwe: [250],
      line: 2,
    },
    {
      lines: ['FROM alpine:3.20', 'USER app'],
      code: 'DL3066',
      severity: 'info',
      message: 'Prefer a numeric user id (USER 10001:10001): names may not resolve the same way on the host.',
      helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3066',
      cwe: undefined,
      line: 2,
    },
  ];
  for (const { lines, ...expected } of cases) {
    it(`${expected.code} at line ${expected.line}: ${JSON.stringify(lines)}`, () => {
      deepStrictEqual(reportsOf(expected.code, lines), [expected]);
    });
  }
});
