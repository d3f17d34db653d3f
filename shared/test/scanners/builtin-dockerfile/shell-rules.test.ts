import { deepStrictEqual } from 'node:assert/strict';
import { isNonPosixShell } from '../../../src/scanners/builtin-dockerfile/rules/shell-rules';
import type { RuleCase } from './rule-forms';
import { lineTable, reportTable, ruleTable } from './rule-forms';

/**
 * The rules about commands inside RUN. Expected answers come from hadolint's rule sources (DL3001,
 * DL3003, DL3004, DL3027, DL3046, DL3047, DL3059, DL4001, DL4005, DL4006) and their specs.
 */

/** Each entry is the script of a one-line RUN. */
const RUN = { line: (script: string) => `RUN ${script}` };

const file = (rule: string, lines: readonly string[], reported: readonly number[]): RuleCase => ({
  rule,
  lines,
  reported,
});

// DL3001.hs: any command named free, kill, mount, ps, service, shutdown, ssh, top or vim.
lineTable(
  'DL3001: commands with no use in a build',
  'DL3001',
  {
    fires: [
      'free -m',
      'kill 1',
      'mount /dev/sda1 /mnt',
      'ps aux',
      'service nginx start',
      'shutdown -h now',
      'ssh git@example.com',
      'top -b -n 1',
      'vim /etc/hosts',
      'apt-get update && top -b -n 1',
    ],
    passes: ['apt-get install -y openssh-client && true', 'sshd -t', 'echo top'],
  },
  RUN,
);

// DL3003.hs (not in ONBUILD), DL3004.hs, DL3027.hs: the command's own name.
lineTable(
  'DL3003: cd',
  'DL3003',
  {
    fires: ['cd /app && make'],
    passes: ['make -C /app', 'echo cd'],
  },
  RUN,
);
lineTable(
  'DL3004: sudo',
  'DL3004',
  {
    // ShellCheck's getCommandName names `exec [-cl] [-a name] cmd` by `cmd`; an option it does not know leaves `exec`.
    fires: ['sudo apt-get update', 'exec sudo ls', 'exec -a name -cl sudo ls', 'exec -- sudo ls'],
    passes: ['apt-get install -y sudo', 'exec -x sudo ls', 'exec --foo sudo ls'],
  },
  RUN,
);
lineTable(
  'DL3027: apt',
  'DL3027',
  {
    fires: [
      'apt install -y python3',
      'true && apt install -y python3',
      'case "$PM" in apt) apt install -y python3;; esac',
      'coproc apt install -y python3',
    ],
    // A `case` pattern is no command (ShellCheck reads `apt)` as a pattern).
    passes: [
      'apt-get install -y python3',
      'apt-cache show python3',
      'case "$PM" in apt) apt-get install -y python3;; yum|dnf) yum install -y python3;; esac',
      'case "$PM" in (apt) true;& other) true;;& *) true; esac',
    ],
  },
  RUN,
);
// A here-document's body is data for its command (ShellCheck reads it as such), also inside a RUN heredoc.
ruleTable('DL3003, DL3004: here-document bodies are not commands', [
  file(
    'DL3003',
    ['FROM alpine:3.20', 'RUN <<EOF', "cat > /entrypoint.sh <<'SH'", 'cd /app', 'exec "$@"', 'SH', 'EOF'],
    [],
  ),
  file(
    'DL3003',
    ['FROM alpine:3.20', 'RUN <<EOF', 'cat > /entrypoint.sh <<SH', 'cd /app', 'SH', 'cd /srv', 'EOF'],
    [2],
  ),
  file(
    'DL3004',
    ['FROM alpine:3.20', 'RUN <<EOF', 'cat <<-NOTE >&2', '\t\tsudo is not used here', '\tNOTE', 'EOF'],
    [],
  ),
  file('DL3004', ['FROM alpine:3.20', 'RUN <<EOF', 'cat <<NOTE; sudo ls', 'text', 'NOTE', 'EOF'], [2]),
  // The substitutions of an unquoted body run (a command cannot hide in one); a quoted body is text only.
  file(
    'DL3004',
    ['FROM alpine:3.20', 'RUN <<EOF', 'cat > /x <<CONF', 'key=$(sudo cat /etc/shadow)', 'CONF', 'EOF'],
    [2],
  ),
  file('DL3004', ['FROM alpine:3.20', 'RUN <<EOF', 'cat > /x <<CONF', 'user=`sudo id -un`', 'CONF', 'EOF'], [2]),
  file('DL3004', ['FROM alpine:3.20', 'RUN <<EOF', "cat > /x <<'CONF'", 'key=$(sudo id)', 'CONF', 'EOF'], []),
  file('DL3004', ['FROM alpine:3.20', 'RUN <<EOF', 'cat > /x <<CONF', 'key=\\$(sudo id)', 'CONF', 'EOF'], []),
]);
ruleTable('DL3001, DL3003, DL3004: ONBUILD triggers', [
  file('DL3001', ['FROM alpine:3.20', 'ONBUILD RUN top'], [2]),
  file('DL3003', ['FROM alpine:3.20', 'ONBUILD RUN cd /app'], []),
  file('DL3004', ['FROM alpine:3.20', 'ONBUILD RUN sudo ls'], [2]),
]);

// DL3046.hs: useradd without -l/--no-log-init, with -u/--uid, and a value after -u longer than five characters.
lineTable(
  'DL3046: useradd with a high UID',
  'DL3046',
  {
    fires: ['useradd -u 123456 app', 'true && useradd -u 123456 app', 'useradd -m -u 123456 app'],
    passes: [
      'useradd -u 12345 app',
      'useradd -l -u 123456 app',
      'useradd --no-log-init -u 123456 app',
      'useradd -u 123456 -l app',
      'useradd app',
      'adduser -u 123456 app',
    ],
  },
  RUN,
);

// DL3047.hs: wget needs --progress, -q/--quiet, -o/--output-file, -a/--append-output, --no-verbose or -nv.
lineTable(
  'DL3047: wget progress',
  'DL3047',
  {
    fires: [
      'wget https://example.com/app.tgz',
      'wget -O /tmp/app.tgz https://example.com/app.tgz',
      'curl -q https://example.com/app.tgz && wget https://example.com/b.tgz',
    ],
    passes: [
      'wget --progress=dot:giga https://example.com/app.tgz',
      'wget -q https://example.com/app.tgz',
      'wget --quiet https://example.com/app.tgz',
      'wget -o /tmp/wget.log https://example.com/app.tgz',
      'wget --output-file=/tmp/wget.log https://example.com/app.tgz',
      'wget -a /tmp/wget.log https://example.com/app.tgz',
      'wget --append-output=/tmp/wget.log https://example.com/app.tgz',
      'wget --no-verbose https://example.com/app.tgz',
      'wget -nv https://example.com/app.tgz',
      'curl https://example.com/app.tgz',
    ],
  },
  RUN,
);

// DL4005.hs: ln with /bin/sh among its words.
lineTable(
  'DL4005: linking over /bin/sh',
  'DL4005',
  {
    fires: ['ln -sf /bin/bash /bin/sh', 'true && ln -sf /bin/bash /bin/sh'],
    passes: [
      'ln -s foo bar && unrelated && something_with /bin/sh',
      'cp /bin/bash /bin/sh',
      'ln -s /bin/bash /bin/sh.bak',
    ],
  },
  RUN,
);

// DL4001.hs: per stage, a RUN using wget or curl once the stage has used both; ONBUILD triggers are a file of their
// own (no FROM resets them).
ruleTable('DL4001: wget and curl in one stage', [
  file('DL4001', ['FROM alpine:3.20', 'RUN wget https://a', 'RUN curl https://b'], [3]),
  file('DL4001', ['FROM alpine:3.20', 'RUN wget https://a && curl https://b'], [2]),
  file('DL4001', ['FROM alpine:3.20', 'RUN wget https://a', 'RUN wget https://b'], []),
  // The elements of an array assignment are words, not a command.
  file('DL4001', ['FROM alpine:3.20', 'RUN tools=(curl jq) && wget https://a'], []),
  file('DL4001', ['FROM alpine:3.20', 'RUN tools=(jq "$(curl https://b)") && wget https://a'], [2]),
  file(
    'DL4001',
    ['FROM alpine:3.20', 'RUN wget https://a', 'RUN curl https://b', 'RUN true', 'RUN wget https://c'],
    [3, 5],
  ),
  file('DL4001', ['FROM alpine:3.20', 'RUN wget https://a', 'FROM alpine:3.20', 'RUN curl https://b'], []),
  file('DL4001', ['FROM alpine:3.20', 'ONBUILD RUN wget https://a', 'RUN curl https://b'], []),
  file('DL4001', ['FROM alpine:3.20', 'RUN wget https://a', 'CMD curl https://b'], []),
  file(
    'DL4001',
    ['FROM alpine:3.20 AS a', 'ONBUILD RUN wget https://a', 'FROM alpine:3.20', 'ONBUILD RUN curl https://b'],
    [4],
  ),
]);

// DL4006.hs: a RUN with a pipe needs a SHELL of bash, zsh or ash with -o pipefail in its stage, or a non-POSIX shell.
ruleTable('DL4006: pipefail', [
  file('DL4006', ['FROM alpine:3.20', 'RUN wget -O - https://a | wc -l'], [2]),
  file('DL4006', ['FROM alpine:3.20', 'RUN wget -O - https://a || true'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/usr/bin/zsh", "-o", "pipefail", "-c"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/sh", "-o", "pipefail", "-c"]', 'RUN a | b'], [3]),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-c"]', 'RUN a | b'], [3]),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-o", "errexit", "-c"]', 'RUN a | b'], [3]),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-e", "pipefail", "-c"]', 'RUN a | b'], [3]),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["pwsh", "-c"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["powershell.exe"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'SHELL ["cmd", "/S", "/C"]', 'RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'RUN a | b', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN c | d'], [2]),
  file(
    'DL4006',
    ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["/bin/sh", "-c"]', 'RUN a | b'],
    [4],
  ),
  file(
    'DL4006',
    ['FROM alpine:3.20', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'FROM alpine:3.20', 'RUN a | b'],
    [4],
  ),
  file('DL4006', ['FROM alpine:3.20', 'ONBUILD RUN a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'CMD a | b'], []),
  file('DL4006', ['FROM alpine:3.20', 'ONBUILD SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN a | b'], [3]),
]);

// DL3059.hs: a RUN right after a RUN with the same flags, when neither holds more than one command.
ruleTable('DL3059: consecutive RUNs', [
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN b', 'RUN c'], [3, 4]),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', '# a comment', 'RUN b'], [4]),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'WORKDIR /app', 'RUN b'], []),
  file('DL3059', ['FROM alpine:3.20', 'RUN a && b', 'RUN c'], []),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN b && c'], []),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN b && c', 'RUN d'], []),
  file('DL3059', ['FROM alpine:3.20', 'RUN --network=none a', 'RUN --network=none b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN --network=none a', 'RUN b'], []),
  // Flags compare as hadolint's parsed RunFlags: a set of mounts, each a record of its options.
  file(
    'DL3059',
    [
      'FROM alpine:3.20',
      'RUN --mount=type=cache,target=/root/.cache a',
      'RUN --mount=target=/root/.cache,type=cache b',
    ],
    [3],
  ),
  file(
    'DL3059',
    ['FROM alpine:3.20', 'RUN --mount=type=cache,target=/c a', 'RUN --mount=type=cache,destination=/c b'],
    [3],
  ),
  file('DL3059', ['FROM alpine:3.20', 'RUN --mount=target=/src a', 'RUN --mount=type=bind,target=/src b'], [3]),
  file(
    'DL3059',
    [
      'FROM alpine:3.20',
      'RUN --network=none --mount=type=secret,id=a a',
      'RUN --mount=type=secret,id=a --network=none b',
    ],
    [3],
  ),
  file('DL3059', ['FROM alpine:3.20', 'RUN --mount=type=cache,target=/c a', 'RUN --mount=type=tmpfs,target=/c b'], []),
  file(
    'DL3059',
    ['FROM alpine:3.20', 'RUN --mount=type=cache,target=/c,ro a', 'RUN --mount=type=cache,target=/c b'],
    [],
  ),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'ONBUILD RUN b', 'RUN c'], []),
  file('DL3059', ['FROM alpine:3.20', 'ONBUILD RUN a', 'ONBUILD RUN b'], []),
  // Only a literal word names a command (ShellCheck's getLiteralString), and `[ … ]` is a test, not a command:
  // each of these RUNs holds one command.
  file('DL3059', ['FROM alpine:3.20', 'RUN $CMD && a', 'RUN b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN ${TOOLS}/b && c'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN a', 'RUN `which b` --version'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN /opt/tool* --version && a', 'RUN b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN [ -f /etc/x ] && a', 'RUN b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN "a"', 'RUN b'], [3]),
  // `time` is a command of its own for ShellCheck, so a timed command makes two.
  file('DL3059', ['FROM alpine:3.20', 'RUN time -p make', 'RUN b'], []),
  // A function's name is no command of its own.
  file('DL3059', ['FROM alpine:3.20', 'RUN f() { a; }', 'RUN b'], [3]),
  file('DL3059', ['FROM alpine:3.20', 'RUN function f { a; }', 'RUN b'], [3]),
]);

describe('isNonPosixShell', () => {
  // hadolint's nonPosixShells (pwsh, powershell, cmd) at the start of the SHELL line; also as the base name of a
  // path to the program, in any case.
  const cases: readonly (readonly [string, boolean])[] = [
    ['pwsh -c', true],
    ['powershell.exe -Command', true],
    ['cmd /S /C', true],
    ['  pwsh -c', true],
    ['/usr/bin/pwsh -c', true],
    ['C:\\Windows\\System32\\cmd.exe /S /C', true],
    ['PowerShell -Command', true],
    ['/bin/bash -c', false],
    ['/bin/sh -c', false],
    ['bash -c pwsh', false],
    ['', false],
  ];
  for (const [line, expected] of cases) {
    it(`${JSON.stringify(line)} → ${expected}`, () => {
      deepStrictEqual(isNonPosixShell(line), expected);
    });
  }
});

const wiki = (code: string): string => `https://github.com/hadolint/hadolint/wiki/${code}`;
const report = (code: string, severity: string, message: string, line: number, cwe?: readonly number[]) => ({
  code,
  severity,
  message,
  helpUri: wiki(code),
  cwe,
  line,
});

reportTable('shell rules: what they report', [
  {
    lines: ['FROM alpine:3.20', 'RUN top -b -n 1'],
    reports: [
      report(
        'DL3001',
        'info',
        'This command (ssh, vim, service, ps, top, kill, mount, shutdown…) has no use while building an image.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN cd /app'],
    reports: [report('DL3003', 'warning', 'Use WORKDIR to change directory instead of cd in RUN.', 2)],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN sudo ls'],
    reports: [
      report(
        'DL3004',
        'error',
        'Do not use sudo in RUN: builds already run as the current USER. Use gosu or su-exec to drop privileges.',
        2,
        [250],
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN apt install -y curl'],
    reports: [
      report(
        'DL3027',
        'warning',
        'Use apt-get or apt-cache in scripts: apt is meant for interactive use and its interface may change.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN useradd -u 123456 app'],
    reports: [
      report(
        'DL3046',
        'warning',
        'useradd with a high UID needs -l (--no-log-init), or the lastlog file makes the image huge.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN wget https://example.com/a'],
    reports: [
      report(
        'DL3047',
        'info',
        'Give wget --progress=dot:giga (or -q / -nv): its default progress bar floods build logs.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN ln -sf /bin/bash /bin/sh'],
    reports: [
      report(
        'DL4005',
        'warning',
        'Use the SHELL instruction to change the default shell instead of linking over /bin/sh.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN wget -q https://a && curl https://b'],
    reports: [
      report('DL4001', 'warning', 'Use either wget or curl, not both: one download tool keeps the image smaller.', 2),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN a | b'],
    reports: [
      report(
        'DL4006',
        'warning',
        'Set the shell option -o pipefail (SHELL ["/bin/bash", "-o", "pipefail", "-c"]) before a RUN with a pipe, so a failing first command fails the build.',
        2,
      ),
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'RUN a', 'RUN b'],
    reports: [
      report(
        'DL3059',
        'info',
        'Several RUN instructions in a row each make a layer: consider joining them with &&.',
        3,
      ),
    ],
  },
]);
