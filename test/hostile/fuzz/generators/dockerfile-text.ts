// Dockerfiles built from instruction fragments: every keyword (any case, ONBUILD, unknown ones),
// flags, image references, shell scripts with quotes, expansions, heredocs and escapes, exec-form
// JSON (valid and broken), key=value pairs, continuations, the escape directive and hadolint pragmas.
import fc from 'fast-check';
import { hostileString, hostileWord, lineEnd, PROTOTYPE_WORDS } from './hostile-text';

/** Pieces of shell a RUN line is made of. */
const SHELL_PIECES = [
  'apt-get update',
  'apt-get install -y curl',
  'apt-get install --no-install-recommends -y python3=3.11.2-1',
  'rm -rf /var/lib/apt/lists/*',
  'pip install flask',
  'pip3 install --no-cache-dir -r requirements.txt',
  'python -m pip install x==1.0',
  'apk add --no-cache bash',
  'apk upgrade',
  'yum install -y httpd',
  'yum clean all',
  'dnf install -y x',
  'zypper install x',
  'npm install express',
  'gem install rails',
  'go install x@latest',
  'curl -fsSL https://x/install.sh | bash',
  'wget -qO- https://x | sh',
  'sudo make install',
  'cd /app',
  'useradd -m app',
  'chmod 777 /x',
  'echo "$SECRET" > /x',
  'export PASSWORD=hunter2',
  'ssh-keyscan github.com',
  'ln -s /a /b',
  'command -v x',
  'busybox wget x',
  '&&',
  '||',
  '|',
  '|&',
  ';',
  ';;',
  '&',
  '(',
  ')',
  '((',
  '))',
  '$(',
  '$((1+2))',
  '`',
  '${',
  '}',
  '${VAR:-default}',
  '$VAR',
  '$1',
  '$@',
  "$'\\n'",
  '"',
  "'",
  '\\',
  '\\\n',
  '<(',
  '>(',
  '2>&1',
  '>/dev/null',
  '<<EOF',
  '<<-EOF',
  "<<'EOF'",
  '<<<',
  'if',
  'then',
  'fi',
  'for x in a b; do',
  'done',
  'case $x in',
  'esac',
  '[[',
  ']]',
  '!',
  '{',
  'time',
  '# comment',
  'x=1',
  'a+=b',
];

/** A shell script from real fragments and hostile words. */
export const shellScript: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SHELL_PIECES) }, { weight: 1, arbitrary: hostileWord }), {
    maxLength: 14,
  })
  .chain((pieces) => fc.constantFrom(' ', '', '  ', '\t').map((separator) => pieces.join(separator)));

const IMAGES = [
  'debian:12',
  'debian',
  'debian:latest',
  'python:3.11-slim@sha256:0123456789abcdef',
  'localhost:5000/team/app:1.0',
  'ghcr.io/o/r',
  'docker.io/library/python:3.11',
  'scratch',
  'base',
  '$IMAGE',
  '${BASE:-debian}:12',
  'a:b:c',
  '@',
  ':',
  '/',
  'UPPER/Case',
];

const FLAGS = [
  '--from=base',
  '--from=0',
  '--mount=type=cache,target=/root/.cache',
  '--mount=type=secret,id=x',
  '--mount=from=other,target=/x',
  '--chown=1000:1000',
  '--chmod=777',
  '--platform=$BUILDPLATFORM',
  '--link',
  '--network=none',
  '--security=insecure',
  '--interval=5s',
  '--=',
  '--x="a b"',
  "--y='c d'",
  '--',
  '-x',
];

const flags = fc.array(fc.constantFrom(...FLAGS), { maxLength: 3 }).map((list) => list.join(' '));

const execForm = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom('/bin/sh', '-c', 'apt-get install -y x', 'python', 'app.py'), hostileWord), {
      maxLength: 4,
    })
    .map((items) => JSON.stringify(items)),
  fc.constantFrom(
    '["a",',
    '[]',
    '[1, 2]',
    '["a" "b"]',
    "['single']",
    '[ "x" ]',
    '["\\u0000"]',
    '[{"a":1}]',
    '["unterminated]',
  ),
);

const pair = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('KEY', 'org.opencontainers.image.version', 'com.docker.x', 'a..b', ...PROTOTYPE_WORDS),
      hostileWord,
    ),
    fc.constantFrom('=', ' ', '=', '=='),
    fc.oneof(
      fc.constantFrom(
        'value',
        '"a b"',
        "'c d'",
        '"unterminated',
        'a\\ b',
        '$VAR',
        '',
        'https://x',
        'MIT',
        '2024-01-01T00:00:00Z',
      ),
      hostileWord,
    ),
  )
  .map(([key, separator, value]) => `${key}${separator}${value}`);

const heredoc = fc
  .tuple(fc.constantFrom('EOF', 'END', '"EOF"', "'EOF'", '-EOF', 'E O F', ''), shellScript, fc.boolean())
  .map(([name, body, closed]) => {
    const bare = name.replace(/^-/, '').replace(/^["']|["']$/g, '');
    return `<<${name}\n${body}\n${closed ? bare : ''}`;
  });

/** Arguments that fit a keyword, or anything. */
function argumentsOf(keyword: string): fc.Arbitrary<string> {
  switch (keyword.toUpperCase()) {
    case 'FROM':
      return fc
        .tuple(flags, fc.constantFrom(...IMAGES), fc.constantFrom('', ' AS build', ' as base', ' AS', ' AS a b'))
        .map(([flagText, image, alias]) => `${flagText} ${image}${alias}`);
    case 'RUN':
      return fc
        .tuple(flags, fc.oneof(shellScript, execForm, heredoc))
        .map(([flagText, script]) => `${flagText} ${script}`);
    case 'COPY':
    case 'ADD':
      return fc
        .tuple(
          flags,
          fc.array(
            fc.constantFrom('.', 'src/', 'https://x/a.tar.gz', 'git@github.com:x/y.git', '*.py', '/app/', 'a b'),
            { maxLength: 3 },
          ),
          fc.boolean(),
        )
        .chain(([flagText, sources, useHeredoc]) =>
          useHeredoc ? heredoc.map((doc) => `${flagText} ${doc}`) : fc.constant(`${flagText} ${sources.join(' ')}`),
        );
    case 'ENV':
    case 'ARG':
    case 'LABEL':
      return fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => pairs.join(' '));
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return fc.oneof(execForm, shellScript);
    case 'HEALTHCHECK':
      return fc.oneof(
        fc.constantFrom('NONE', 'CMD curl -f http://localhost/', '--interval=5s CMD true', 'CMD', ''),
        shellScript.map((script) => `CMD ${script}`),
      );
    case 'EXPOSE':
      return fc
        .array(fc.constantFrom('80', '80/tcp', '8000-9000', '$PORT', '-1', '99999999999', '22', 'udp'), {
          maxLength: 3,
        })
        .map((ports) => ports.join(' '));
    case 'USER':
      return fc.constantFrom('root', '0', 'app:app', '$USER', '0:0', '');
    default:
      return fc.oneof(fc.constantFrom('/app', '/', 'SIGKILL', '9', '["/data"]', 'x y'), hostileWord);
  }
}

const KEYWORDS = [
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'LABEL',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'HEALTHCHECK',
  'EXPOSE',
  'USER',
  'WORKDIR',
  'VOLUME',
  'STOPSIGNAL',
  'MAINTAINER',
  'ONBUILD RUN',
  'ONBUILD FROM',
  'ONBUILD ONBUILD',
  'ONBUILD',
  'from',
  'Run',
  'FROMX',
  'CMD[',
];

/** One instruction: a keyword and arguments that fit it; sometimes split by continuations. */
const instruction = fc
  .constantFrom(...KEYWORDS)
  .chain((keyword) => argumentsOf(keyword.split(' ').at(-1) ?? keyword).map((args) => ({ keyword, args })))
  .chain(({ keyword, args }) =>
    fc
      .tuple(fc.nat(), fc.constantFrom('', '', ' \\\n', '\\\n  ', ' \\\n# comment inside\n', ' \\\n\n', '`\n'))
      .map(([at, split]) => {
        const position = args.length === 0 ? 0 : at % args.length;
        return `${keyword} ${args.slice(0, position)}${split}${args.slice(position)}`;
      }),
  );

const PRAGMAS = [
  '# hadolint ignore=DL3008,DL3009',
  '# hadolint ignore=DL3008 , SC2086 # because',
  '#hadolint ignore=DL3007',
  '# hadolint global ignore=DL3006',
  '# hadolint stage ignore=DL3002',
  '# hadolint shell=powershell',
  '# hadolint shell=',
  '# hadolint ignore=',
  '# hadolint ignore=constructor',
  '# hadolint ignore',
  '# escape=`',
  '# escape=\\',
  '# escape=x',
  '# syntax=docker/dockerfile:1',
  '# comment',
  '#',
];

/** A line of a Dockerfile. */
const dockerfileLine = fc.oneof(
  { weight: 8, arbitrary: instruction },
  { weight: 2, arbitrary: fc.constantFrom(...PRAGMAS) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t') },
  { weight: 1, arbitrary: hostileString },
);

/** A whole Dockerfile built from lines. */
export const builtDockerfile: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(dockerfileLine, { maxLength: 14 }),
    lineEnd,
    fc.constantFrom('', '', '\uFEFF', '# escape=`\n', '# syntax=x\n# escape=`\n'),
  )
  .map(([lines, end, prologue]) => `${prologue}${lines.join(end)}`);
