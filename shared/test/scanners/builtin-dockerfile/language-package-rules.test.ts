import { deepStrictEqual } from 'node:assert/strict';
import { DL3042, DL3060 } from '../../../src/scanners/builtin-dockerfile/rules/language-package-rules';
import { lineTable, reportTable, ruleTable } from './rule-forms';

/**
 * The language package-manager rules (pip, npm, yarn, gem, go). Expected answers come from hadolint's
 * rule sources and specs (DL3013, DL3016, DL3028, DL3042, DL3060, DL3062) and pip's, npm's and Go's
 * documented requirement syntax, never from running these rules.
 */

/** Each entry is the script of a one-line RUN. */
const RUN = { line: (script: string) => `RUN ${script}` };

// DL3013.hs: a package is pinned by a version operator, a VCS URL with @ref, a .whl/.tar.gz file or a path; the
// value word of each option in its list is not a package; -r/--requirement, `.` and -c/--constraint are left alone.
lineTable(
  'DL3013: pip install pins',
  'DL3013',
  {
    fires: [
      'pip install flask',
      'apt-get update && pip install flask',
      'pip3 install flask',
      'python3 -m pip install flask',
      'pip install --upgrade pip',
      'pip install flask==3.0.3 requests',
      'pip install git+https://github.com/pallets/flask.git',
      'pip install svn+https://svn.example/flask/trunk',
      'pip install bzr+lp:flask',
      'pip install flask.zip',
      // A name that starts like a VCS scheme is still no path: it needs a version.
      'pip install gitpython',
      // `time` and its flags run the timed command (ShellCheck's readTimeSuffix).
      'time -p pip install flask',
      'pip install ./vendor/gitpython git+https://github.com/gitpython-developers/GitPython',
    ],
    passes: [
      'pip install flask==3.0.3',
      'pip install "flask>=3"',
      'pip install "flask<=3"',
      'pip install "flask>3"',
      'pip install "flask<4"',
      'pip install "flask!=3.0.0"',
      'pip install "flask~=3.0"',
      'pip install "flask===3.0.3"',
      'pip install git+https://github.com/pallets/flask.git@3.0.3',
      'pip install bzr+lp:flask@42',
      'pip install flask-3.0.3-py3-none-any.whl',
      'pip install flask-3.0.3.tar.gz',
      // A wheel or sdist is a pinned file whatever its name starts with, `git`/`svn` (VCS schemes) too.
      'pip install gitdb-4.0.11-py3-none-any.whl',
      'pip install svn_tools-1.0.tar.gz',
      'pip install git+https://example.com/dist/tool-1.0-py3-none-any.whl',
      'pip install ./vendor/flask',
      'pip install -r requirements.txt',
      'pip install --requirement requirements.txt',
      'pip install .',
      'pip install -c constraints.txt flask',
      'pip install --constraint constraints.txt flask',
      'pip download flask',
      'pipenv install flask',
    ],
  },
  RUN,
);
ruleTable('DL3013: pip install pins: whole files', [
  { rule: 'DL3013', lines: ['FROM python:3.12', 'ONBUILD RUN pip install flask'], reported: [2] },
  { rule: 'DL3013', lines: ['FROM python:3.12', 'ENV pip=install', 'CMD pip install flask'], reported: [] },
]);

/** pip's options that take a value (DL3013.hs' list): their value word is not read as a package. */
const PIP_OPTIONS_WITH_VALUES = [
  '--abi cp312',
  '-b build',
  '--build build',
  '-e editable',
  '--editable editable',
  '--extra-index-url mirror',
  '-f links',
  '--find-links links',
  '-i mirror',
  '--index-url mirror',
  '--implementation cp',
  '--no-binary :all:',
  '--only-binary :none:',
  '--platform manylinux2014_x86_64',
  '--prefix usr',
  '--progress-bar off',
  '--proxy proxy',
  '--python python3',
  '--python-version 3.12',
  '--root root',
  '--root-user-action ignore',
  '--src src',
  '-t target',
  '--target target',
  '--trusted-host mirror',
  '--upgrade-strategy eager',
];

lineTable(
  'DL3013: the value of an option is not a package',
  'DL3013',
  {
    fires: PIP_OPTIONS_WITH_VALUES.map((option) => `pip install ${option} flask`),
    passes: PIP_OPTIONS_WITH_VALUES.map((option) => `pip install ${option} flask==3.0.3`),
  },
  RUN,
);

// DL3042.hs: --no-cache-dir, a truthy PIP_NO_CACHE_DIR (ENV for the stage and the stages built FROM it by name, or in
// the script), a cache mount at .cache/pip, or pipx/pipenv (their own caches).
lineTable(
  'DL3042: pip cache',
  'DL3042',
  {
    fires: [
      'pip install flask==3.0.3',
      'python3 -m pip install flask==3.0.3',
      'PIP_NO_CACHE_DIR=no pip install flask==3.0.3',
      'pip install pkg yes==1.0',
      '--mount=type=cache,target=/root/.cache/npm pip install flask==3.0.3',
    ],
    passes: [
      'pip install --no-cache-dir flask==3.0.3',
      'pipx install black==24.4.2',
      '/usr/local/bin/pipx install black==24.4.2',
      'python3 -m pipenv run python -m pip install flask==3.0.3',
      'python3 -m pipx run python -m pip install flask==3.0.3',
      'PIP_NO_CACHE_DIR=1 pip install flask==3.0.3',
      'PIP_NO_CACHE_DIR=yes pip install flask==3.0.3',
      'export PIP_NO_CACHE_DIR=On && pip install flask==3.0.3',
      '--mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3',
    ],
  },
  RUN,
);
ruleTable('DL3042: pip cache: whole files', [
  ...['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES'].map((truthy) => ({
    rule: 'DL3042',
    lines: ['FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${truthy}`, 'RUN pip install flask==3.0.3'],
    reported: [],
  })),
  ...['0', 'false', 'off', 'no', ''].map((falsy) => ({
    rule: 'DL3042',
    lines: ['FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${falsy}`, 'RUN pip install flask==3.0.3'],
    reported: [3],
  })),
  {
    rule: 'DL3042',
    lines: ['FROM python:3.12', 'ENV PIP_NO_CACHE_DIRS=1', 'RUN pip install flask==3.0.3'],
    reported: [3],
  },
  {
    rule: 'DL3042',
    lines: ['FROM python:3.12', 'RUN pip install flask==3.0.3', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install a==1'],
    reported: [2],
  },
  // A truthy ENV covers the stages built FROM its stage, whatever they are called, and no other stage.
  ...(
    [
      ['FROM base', []],
      ['FROM base AS app', []],
      ['FROM debian:12', [4]],
    ] as const
  ).map(([from, reported]) => ({
    rule: 'DL3042',
    lines: ['FROM python:3.12 AS base', 'ENV PIP_NO_CACHE_DIR=1', from, 'RUN pip install flask==3.0.3'],
    reported,
  })),
  { rule: 'DL3042', lines: ['FROM python:3.12', 'CMD pip install flask==3.0.3'], reported: [] },
  {
    rule: 'DL3042',
    lines: [
      'FROM python:3.12 AS base',
      'ENV PIP_NO_CACHE_DIR=1',
      'FROM debian:12 AS app',
      'RUN pip install a==1',
      'FROM app',
      'RUN pip install b==1',
    ],
    reported: [4, 6],
  },
  // Stages are keyed by name: a stage without alias shares the setting of an earlier stage of the same image.
  {
    rule: 'DL3042',
    lines: ['FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=1', 'FROM python:3.11', 'RUN pip install flask==3.0.3'],
    reported: [],
  },
  // ONBUILD triggers are a pass of their own: an ONBUILD ENV covers the ONBUILD RUNs after it, not the file's RUNs.
  {
    rule: 'DL3042',
    lines: [
      'FROM python:3.12',
      'ONBUILD ENV PIP_NO_CACHE_DIR=1',
      'ONBUILD RUN pip install a==1',
      'RUN pip install b==1',
    ],
    reported: [4],
  },
  { rule: 'DL3042', lines: ['FROM python:3.12', 'ONBUILD RUN pip install a==1'], reported: [2] },
]);

// DL3016.hs: only `npm install` with `install` first; pinned by @version (after an @scope/), a git URL with #ref,
// a tarball or a path; --loglevel and --registry take a value.
lineTable(
  'DL3016: npm install pins',
  'DL3016',
  {
    fires: [
      'npm install express',
      'apt-get update && npm install express',
      'npm install express@4.19.2 cors',
      'npm install -g express',
      'npm install @scope/pkg',
      'npm install git+https://github.com/npm/cli.git',
      'npm install git+ssh://git@github.com:npm/cli.git',
      'npm install git+http://github.com/npm/cli.git',
      'npm install git://github.com/npm/cli.git',
      'npm install pkg.zip',
      'npm install pkg/sub',
      'npm install --registry https://npm.example express',
    ],
    passes: [
      'npm install',
      'npm install express@4.19.2',
      'npm install @scope/pkg@1.0.0',
      'npm install @my-scope/pkg@1.0.0',
      'npm install git+https://github.com/npm/cli.git#v10.8.1',
      'npm install pkg.tar',
      'npm install pkg.tar.gz',
      'npm install pkg.tgz',
      'npm install /src/pkg',
      'npm install ./pkg',
      'npm install ../pkg',
      'npm install ~/pkg',
      'npm install --loglevel warn express@4.19.2',
      'npm install --registry https://npm.example express@4.19.2',
      'npm i express',
      'npm ci',
      'npm run install express',
      'npx install express',
    ],
  },
  RUN,
);
ruleTable('DL3016: npm install pins: whole files', [
  { rule: 'DL3016', lines: ['FROM node:20', 'ONBUILD RUN npm install express'], reported: [2] },
]);

// DL3060: yarn install needs a later yarn cache clean in the same RUN, or a cache mount at .cache/yarn.
lineTable(
  'DL3060: yarn cache',
  'DL3060',
  {
    fires: [
      'yarn install',
      'yarn cache clean && yarn install',
      'yarn cache list && yarn install',
      '--mount=type=cache,target=/root/.cache/pip yarn install',
    ],
    passes: [
      'yarn install && yarn cache clean',
      // DL3060.hs' cmdHasArgs: any yarn command with a `cache` or a `clean` word counts as the clean-up.
      'yarn install && yarn cache dir',
      'yarn install && yarn clean',
      'yarn add left-pad',
      'npm install && yarn cache clean',
      '--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install',
    ],
  },
  RUN,
);

// DL3028.hs: gems are the words before `--`, an option word skipping the word after it; -v/--version pins them all.
lineTable(
  'DL3028: gem install pins',
  'DL3028',
  {
    fires: [
      'gem install rails',
      'apt-get update && gem install rails',
      'gem i rails',
      'gem install rails:7.1.3 puma',
      'gem install --install-dir /opt/gems rails',
      'gem install rails -- --with-pg-config=/usr/bin/pg_config',
    ],
    passes: [
      'gem install rails:7.1.3',
      'gem i rails:7.1.3',
      'gem install rails:7.1.3 puma:6.4.2',
      'gem install rails -v 7.1.3',
      'gem install rails --version 7.1.3',
      'gem install rails --version=7.1.3',
      'gem install rails:7.1.3 --install-dir /opt/gems',
      'gem install rails:7.1.3 -- --use-system-libraries true',
      'gem update rails',
      'bundle install rails',
    ],
  },
  RUN,
);
ruleTable('DL3028: gem install pins: whole files', [
  { rule: 'DL3028', lines: ['FROM ruby:3.3', 'ONBUILD RUN gem install rails'], reported: [2] },
]);

// DL3062: the first non-flag word after `go run`; without a go run, each target of go install/get.
lineTable(
  'DL3062: go module versions',
  'DL3062',
  {
    fires: [
      'go install example.com/cmd/tool',
      'go install example.com/cmd/tool@latest',
      'go install example.com/a@v1.2.3 example.com/b',
      'go get example.com/pkg',
      'go get -tool example.com/tool',
      'go run example.com/cmd/tool@latest',
    ],
    passes: [
      'go install example.com/cmd/tool@v1.2.3',
      'go install /go/src/app',
      'go install ./cmd/app',
      'go get example.com/pkg@v1.2.3',
      'go get -tool example.com/tool@v1.2.3',
      'go run example.com/cmd/tool@v1.2.3 --flag value',
      'go run example.com/cmd/tool@v1.2.3 unpinned/arg',
      'go run ./cmd/app && go install example.com/cmd/tool',
      'go build ./...',
      'go mod download',
    ],
  },
  RUN,
);
ruleTable('DL3062: go module versions: whole files', [
  { rule: 'DL3062', lines: ['FROM golang:1.22', 'ONBUILD RUN go install example.com/cmd/tool'], reported: [2] },
]);

const wiki = (code: string): string => `https://github.com/hadolint/hadolint/wiki/${code}`;

reportTable('language package rules: what they report', [
  {
    lines: ['FROM python:3.12', 'RUN pip install --no-cache-dir flask'],
    reports: [
      {
        code: 'DL3013',
        severity: 'warning',
        message: 'Pin versions in pip install (package==version) or install from a requirements/constraints file.',
        helpUri: wiki('DL3013'),
        cwe: [1357],
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM python:3.12', 'RUN pip install flask==3.0.3'],
    reports: [
      {
        code: 'DL3042',
        severity: 'warning',
        message: 'Use pip install --no-cache-dir (or PIP_NO_CACHE_DIR=1) so pip’s cache does not end up in the image.',
        helpUri: wiki('DL3042'),
        cwe: undefined,
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM node:20', 'RUN npm install express'],
    reports: [
      {
        code: 'DL3016',
        severity: 'warning',
        message: 'Pin versions in npm install (package@version); a bare npm install from package-lock.json is fine.',
        helpUri: wiki('DL3016'),
        cwe: [1357],
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM node:20', 'RUN yarn install'],
    reports: [
      {
        code: 'DL3060',
        severity: 'info',
        message: 'Run yarn cache clean after yarn install in the same RUN, or the cache stays in the layer.',
        helpUri: wiki('DL3060'),
        cwe: undefined,
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM ruby:3.3', 'RUN gem install rails'],
    reports: [
      {
        code: 'DL3028',
        severity: 'warning',
        message: 'Pin versions in gem install (gem:version or -v version).',
        helpUri: wiki('DL3028'),
        cwe: [1357],
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM golang:1.22', 'RUN go install example.com/cmd/tool@latest'],
    reports: [
      {
        code: 'DL3062',
        severity: 'warning',
        message: 'Pin the module version in go install/get/run (module@v1.2.3), not @latest or nothing.',
        helpUri: wiki('DL3062'),
        cwe: [1357],
        line: 2,
      },
    ],
  },
]);

// `devsecops rules` prints why these two keep hadolint's released rule.
describe('pip and yarn cache rules: how they differ from hadolint', () => {
  it('names the clean-up each released rule asks for', () => {
    const released = (cleanup: string): string =>
      `hadolint's development branch (after 2.15) turns this rule into "use a BuildKit cache mount": ${cleanup} no longer satisfies it there, only a cache or tmpfs mount does. ` +
      'This engine keeps the released 2.15 rule, as the hadolint cases the project pins expect.';
    deepStrictEqual(
      [DL3042.differsFromHadolint, DL3060.differsFromHadolint],
      [released('pip install --no-cache-dir (or PIP_NO_CACHE_DIR)'), released('yarn cache clean')],
    );
  });
});
