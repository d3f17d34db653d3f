import { match } from 'node:assert/strict';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import { file, run, table, wholeReports } from './rule-forms';

/**
 * The apt rules (DL3008, DL3009, DL3014, DL3015) in their general forms. The
 * expected answers are read off hadolint's rule sources (src/Hadolint/Rule/
 * DL3008.hs … DL3015.hs, with the helpers of src/Hadolint/Shell.hs), not taken
 * from this engine.
 */

// DL3008.hs: every package of `apt-get install` (its words but flags, `install` and the value of -t/--target-release)
// must hold a `=` or a `/`, or end in `.deb`.
table('DL3008: apt-get install with pinned versions', [
  run('DL3008', 'apt-get install -y curl=7.88.1-10 wget', true),
  run('DL3008', 'apt-get install -y curl wget=1.21.3-1', true),
  run('DL3008', 'apt-get install -y curl=7.88.1-10 wget=1.21.3-1', false),
  run('DL3008', 'apt-get install -y --target-release bookworm-backports curl=7.88.1-10', false),
  run('DL3008', 'apt-get install -y -t bookworm-backports curl=7.88.1-10', false),
  run('DL3008', 'apt-get install -y curl/bookworm-backports', false),
  run('DL3008', 'apt-get install -y tool_1.0_amd64.deb', false),
  run('DL3008', 'apt-get install -y deb-tool', true),
  run('DL3008', 'apt-get install -y curl=7.88.1-10 && apt-get install -y wget', true),
  run('DL3008', 'apt-get update', false),
  run('DL3008', 'apt install -y curl', false),
  // The command ShellCheck's getCommandName finds: behind exec (and its -c, -l, -a name), and in a bash function.
  run('DL3008', 'exec apt-get install -y curl', true),
  run('DL3008', 'exec -c -a name apt-get install -y curl', true),
  run('DL3008', 'function setup { apt-get install -y curl; }', true),
  run('DL3008', 'function setup() { apt-get install -y curl=7.88.1-10; }', false),
  // A name that is expanded at run time is no command for hadolint.
  run('DL3008', '$APT install -y curl', false),
]);

// DL3014.hs: `apt-get install` needs one of the flags y, yes, qq, assume-yes (so `--qq` too), `-q` given twice,
// `--quiet` given twice, or the word `-q=2`. Every apt-get install of the RUN is checked.
table('DL3014: apt-get install without -y', [
  run('DL3014', 'apt-get install -y curl', false),
  run('DL3014', 'apt-get install --qq curl', false),
  run('DL3014', 'apt-get update && apt-get install curl', true),
  run('DL3014', 'apt-get install -y curl && apt-get install wget', true),
  run('DL3014', 'apt-get install wget && apt-get install -y curl', true),
  run('DL3014', 'apt-get update', false),
  run('DL3014', 'apt-get remove curl', false),
]);

// DL3015.hs: every `apt-get install` needs the flag --no-install-recommends or the word APT::Install-Recommends=false.
table('DL3015: apt-get install without --no-install-recommends', [
  run('DL3015', 'apt-get install python', true),
  run('DL3015', 'apt-get -y install python', true),
  run('DL3015', 'apt-get install --no-install-recommends python', false),
  run('DL3015', 'apt-get -o APT::Install-Recommends=false install python', false),
  run('DL3015', 'apt-get install -y --no-install-suggests python', true),
  run('DL3015', 'apt-get update && apt-get install -y --no-install-recommends python', false),
  run('DL3015', 'apt-get install -y --no-install-recommends curl && apt-get install -y wget', true),
  run('DL3015', 'apt-get update', false),
  run('DL3015', 'echo done', false),
]);

// DL3009.hs: a RUN with `apt-get update` (or apt, aptitude) forgets the lists unless a command is `rm` with one word
// `-rf` or `/var/lib/apt/lists/*` (cmdHasArgs matches any one word), or the RUN mounts a cache at
// /var/lib/apt/lists, or caches at both /var/lib/apt and /var/cache/apt. Only RUNs are read.
table('DL3009: apt lists left in the image', [
  file('DL3009', ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl'], [2]),
  file('DL3009', ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /tmp/build'], []),
  file('DL3009', ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -r /var/lib/apt/lists/*'], []),
  file('DL3009', ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -r /tmp/build'], [2]),
  file('DL3009', ['FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt apt-get update'], [2]),
  file('DL3009', ['FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt apt-get update'], [2]),
  file(
    'DL3009',
    [
      'FROM debian:12',
      'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update',
    ],
    [],
  ),
  file('DL3009', ['FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update'], []),
  file('DL3009', ['FROM debian:12', 'CMD apt-get update'], []),
  file('DL3009', ['FROM debian:12', 'ENTRYPOINT apt-get update', 'RUN apt-get update'], [3]),
]);

// What the apt rules tell the reader, whole: the tables above check only where they fire.
wholeReports('apt rules: what they report', [
  {
    lines: ['FROM debian:12', 'RUN apt-get install -y --no-install-recommends curl'],
    code: 'DL3008',
    severity: 'warning',
    message: 'Pin package versions in apt-get install (package=version) so builds are repeatable.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3008',
    cwe: [1357],
    line: 2,
  },
  {
    lines: ['FROM debian:12', 'RUN apt-get install --no-install-recommends curl=7.88.1-10'],
    code: 'DL3014',
    severity: 'warning',
    message: 'Give apt-get install -y so the build never waits for an answer.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3014',
    cwe: undefined,
    line: 2,
  },
  {
    lines: ['FROM debian:12', 'RUN apt-get install -y curl=7.88.1-10'],
    code: 'DL3015',
    severity: 'info',
    message: 'Add --no-install-recommends to apt-get install to keep recommended extras out of the image.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3015',
    cwe: undefined,
    line: 2,
  },
  {
    lines: ['FROM debian:12', 'RUN apt-get update'],
    code: 'DL3009',
    severity: 'info',
    message: 'Remove /var/lib/apt/lists/* in the same RUN as apt-get update, or the package lists stay in the layer.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3009',
    cwe: undefined,
    line: 2,
  },
]);

// `devsecops rules` shows where a rule knowingly parts from hadolint; the reason must name what differs.
describe('apt rules: how they differ from hadolint', () => {
  const differs = (code: string): string => ALL_RULES.find((rule) => rule.code === code)?.differsFromHadolint ?? '';

  it('DL3014 says a quiet level above 2 counts as -y here', () => {
    match(differs('DL3014'), /-qqq/);
  });

  it('DL3009 names the clean-up the released rule accepts', () => {
    match(differs('DL3009'), /removing \/var\/lib\/apt\/lists\/\* no longer satisfies it/);
  });
});
