import { match } from 'node:assert/strict';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import { file, run, table, wholeReports } from './rule-forms';

/**
 * The apk rules (DL3018, DL3019) in their general forms. The expected answers
 * are read off hadolint's rule sources (src/Hadolint/Rule/DL3018.hs, with the
 * `<`/`>` bounds of hadolint PR #1201, and DL3019.hs) and Alpine's documented
 * `apk add` syntax, not taken from this engine.
 */

// DL3018.hs: every package of `apk add` (its words but flags, `add` and the value word of -t, --virtual, --repository
// and -X) holds one of `=`, `~`, `<`, `>`, or ends in `.apk`. Every apk add of the RUN is checked.
table('DL3018: apk add with pinned versions', [
  run('DL3018', 'apk add --no-cache curl=8.9.1-r0', false),
  run('DL3018', 'apk add --no-cache curl~8.9', false),
  run('DL3018', "apk add --no-cache 'curl>8.0'", false),
  run('DL3018', "apk add --no-cache 'curl<9'", false),
  run('DL3018', 'apk add --no-cache curl', true),
  run('DL3018', 'apk add --no-cache curl=8.9.1-r0 git', true),
  run('DL3018', 'apk add --no-cache git curl=8.9.1-r0', true),
  run('DL3018', 'apk add --no-cache tool-1.0-r0.apk', false),
  run('DL3018', 'apk add --no-cache apk-tools', true),
  run('DL3018', 'apk add --no-cache --virtual .build-deps gcc=13.2.1-r0', false),
  run('DL3018', 'apk add --no-cache -t .build-deps gcc=13.2.1-r0', false),
  run(
    'DL3018',
    'apk add --no-cache --repository https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0',
    false,
  ),
  run('DL3018', 'apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0', false),
  run('DL3018', 'apk add --no-cache --update-cache curl=8.9.1-r0', false),
  run('DL3018', 'apk add --no-cache curl=8.9.1-r0 && apk add --no-cache git', true),
  run('DL3018', 'apk update && apk del curl', false),
]);

// DL3019.hs: every `apk add` needs the flag --no-cache, unless the RUN mounts a cache or tmpfs at /var/cache/apk.
table('DL3019: apk add without --no-cache', [
  run('DL3019', 'apk add curl=8.9.1-r0', true),
  run('DL3019', 'apk add -U curl=8.9.1-r0', true),
  run('DL3019', 'apk add --no-cache curl=8.9.1-r0', false),
  run('DL3019', 'apk --no-cache add curl=8.9.1-r0', false),
  run('DL3019', 'apk add --no-cache curl=8.9.1-r0 && apk add git=2.45.2-r0', true),
  run('DL3019', 'apk add git=2.45.2-r0 && apk add --no-cache curl=8.9.1-r0', true),
  run('DL3019', 'apk update && apk upgrade', false),
  run('DL3019', 'echo apk add curl', false),
  run('DL3019', '--mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0', false),
  run('DL3019', '--mount=type=cache,target=/var/cache/other apk add curl=8.9.1-r0', true),
  run('DL3019', '--mount=type=cache,target=/var/cache/apk echo done', false),
]);

// What the apk rules tell the reader, whole: the tables above check only where they fire.
wholeReports('apk rules: what they report', [
  {
    lines: ['FROM alpine:3.20', 'RUN apk add --no-cache curl'],
    code: 'DL3018',
    severity: 'warning',
    message: 'Pin package versions in apk add (package=version) so builds are repeatable.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3018',
    cwe: [1357],
    line: 2,
  },
  {
    lines: ['FROM alpine:3.20', 'RUN apk add curl=8.9.1-r0'],
    code: 'DL3019',
    severity: 'info',
    message: 'Use apk add --no-cache instead of --update plus removing /var/cache/apk/*.',
    helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3019',
    cwe: undefined,
    line: 2,
  },
]);

// `devsecops rules` shows where a rule knowingly parts from hadolint; the reason must name what differs.
describe('apk rules: how they differ from hadolint', () => {
  it('DL3019 names the clean-up the released rule accepts', () => {
    const differs = ALL_RULES.find((rule) => rule.code === 'DL3019')?.differsFromHadolint ?? '';
    match(differs, /apk add --no-cache no longer satisfies it/);
  });
});

// Both rules read ONBUILD triggers too, as hadolint's `onbuild` passes do.
table('apk rules inside ONBUILD', [
  file('DL3018', ['FROM alpine:3.20', 'ONBUILD RUN apk add --no-cache curl'], [2]),
  file('DL3019', ['FROM alpine:3.20', 'ONBUILD RUN apk add curl=8.9.1-r0'], [2]),
]);
