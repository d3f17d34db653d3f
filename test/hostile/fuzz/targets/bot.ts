// The bot's inputs: the pull request's files and a unified patch (the CLI's --diff), the comments
// already on the pull request (anyone can post one), EventBridge events, and findings whose text
// comes from the pull request's own reports.
import fc from 'fast-check';
import { createTwoFilesPatch } from 'diff';
import type { Finding } from '@devsecops/shared/findings';
import { SEVERITIES } from '@devsecops/shared/findings';
import { parseMarker, stripMarker } from '../../../../bot/src/comments/marker';
import {
  renderFindingComment,
  renderMovedComment,
  renderResolvedComment,
} from '../../../../bot/src/comments/render-finding';
import { readEvent } from '../../../../bot/src/event/read-event';
import { withSafeFingerprints } from '../../../../bot/src/findings/safe-fingerprints';
import { diffFileTexts } from '../../../../bot/src/diff/text-diff';
import { parseUnifiedPatch } from '../../../../bot/src/diff/unified-patch';
import type { FileDiff } from '../../../../bot/src/diff/pull-request-diff';
import { assertPosition, assertThat, neverThrows, returnsOrThrows } from '../harness/expectations';
import { fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import {
  ESCAPING_PATHS,
  hostileString,
  hostileWord,
  lineEnd,
  mutatedText,
  PROTOTYPE_WORDS,
} from '../generators/hostile-text';
import { yamlValue } from '../generators/yaml-text';

/** Source text with a few distinct lines, so two versions share some of them. */
const sourceText = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom('import os', 'x = 1', 'eval(x)', '', '    pass', '}', '\\ No newline at end of file'),
        hostileWord,
      ),
      { maxLength: 12 },
    ),
    lineEnd,
    fc.boolean(),
  )
  .map(([lines, end, finalNewline]) => `${lines.join(end)}${finalNewline ? end : ''}`);

function assertWellFormedFileDiff(file: FileDiff, afterLineCount?: number): void {
  for (const line of file.addedLines) {
    assertPosition(line, 'an added line', afterLineCount);
    assertThat(file.contextLines.has(line), `added line ${String(line)} is not in the context lines`);
  }
  for (const line of file.contextLines) assertPosition(line, 'a context line', afterLineCount);
}

const textDiff = fuzzTarget({
  name: 'changed files of a pull request (diffFileTexts)',
  arbitrary: () => fc.tuple(fc.option(sourceText, { nil: undefined }), fc.option(sourceText, { nil: undefined })),
  check: ([before, after]) => {
    const file = neverThrows(() => diffFileTexts('app/x.py', before, after));
    assertWellFormedFileDiff(file, file.afterLineCount);
  },
  growth: [
    {
      name: 'two versions of a file with no line in common',
      prepare: (size) => {
        const before = Array.from({ length: size }, (_, i) => `before ${String(i)}`).join('\n');
        const after = Array.from({ length: size }, (_, i) => `after ${String(i)}`).join('\n');
        return () => diffFileTexts('x', before, after);
      },
    },
  ],
});

const PATCH_PIECES = [
  'diff --git a/app/x.py b/app/x.py',
  'index 0000000..1111111 100644',
  '--- a/app/x.py',
  '+++ b/app/x.py',
  '--- /dev/null',
  '+++ /dev/null',
  '--- "a/with space.py"\t2024-01-01',
  '+++ b/../../etc/passwd',
  '@@ -1,3 +1,4 @@',
  '@@ -0,0 +1 @@',
  '@@ -1 +1 @@ def f():',
  '@@ -5,2 +9999999999,2 @@',
  '@@ -a,b +c,d @@',
  '@@@ -1 -1 +1 @@@',
  ' context',
  '+added',
  '-removed',
  '\\ No newline at end of file',
  'Binary files a/x and b/x differ',
  'rename from a',
  'rename to b',
  'new file mode 100644',
  '',
];

/** Unified patches: real ones from the diff package, then mutated; and patches from pieces. */
const patchText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('app/x.py', 'a b.py', ...ESCAPING_PATHS), sourceText, sourceText)
      .map(([path, before, after]) => createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(sourceText, sourceText)
      .map(([before, after]) => createTwoFilesPatch('a/app/x.py', 'b/app/x.py', before, after))
      .chain((patch) => mutatedText([patch], 3)),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...PATCH_PIECES), hostileString), { maxLength: 14 })
      .map((lines) => lines.join('\n')),
  },
  { weight: 1, arbitrary: hostileString },
);

const unifiedPatch = fuzzTarget({
  name: 'unified patches (parseUnifiedPatch, the CLI --diff)',
  arbitrary: () => patchText,
  check: (text) => {
    const files = returnsOrThrows(() => parseUnifiedPatch(text), ['INPUT_INVALID']);
    for (const [path, file] of files ?? []) {
      assertThat(path === file.path && typeof path === 'string', 'a file is keyed by another path');
      assertWellFormedFileDiff(file);
    }
  },
  growth: [
    textGrowth(
      'one hunk of many added lines',
      (size) => `--- a/x\n+++ b/x\n@@ -0,0 +1,${String(size)} @@\n${'+x\n'.repeat(size)}`,
      (text) => parseUnifiedPatch(text),
    ),
    textGrowth(
      'many files',
      (size) => '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'.repeat(size),
      (text) => parseUnifiedPatch(text),
    ),
  ],
});

const FINGERPRINT = /^[\w:.-]+$/;

const commentContent = fc.oneof(
  fc
    .tuple(
      hostileString,
      fc.constantFrom('open', 'resolved', 'moved', 'closed', ''),
      fc.oneof(fc.constant('v1:0123456789abcdef'), hostileWord),
      fc.constantFrom('', '\n', '  \n', 'x'),
    )
    .map(
      ([body, state, fingerprint, tail]) =>
        `${body}\n<!-- devsecops:fingerprint=${fingerprint} state=${state} -->${tail}`,
    ),
  fc
    .tuple(hostileString, fc.constantFrom('', '\n', ' x'))
    .map(([body, tail]) => `${body}<!-- devsecops:summary -->${tail}`),
  fc
    .array(
      fc.constantFrom(
        '<!-- devsecops:fingerprint=',
        'v1:',
        'a',
        ' state=open -->',
        '<!-- devsecops:summary -->',
        '-->',
        '<!--',
        '\n',
        ' ',
      ),
      { maxLength: 12 },
    )
    .map((pieces) => pieces.join('')),
  hostileString,
);

const markers = fuzzTarget({
  name: 'markers in pull request comments (parseMarker)',
  arbitrary: () => commentContent,
  check: (content) => {
    const marker = neverThrows(() => parseMarker(content));
    if (marker?.kind === 'finding') {
      assertThat(FINGERPRINT.test(marker.fingerprint), `fingerprint ${marker.fingerprint}`);
      assertThat(['open', 'resolved', 'moved'].includes(marker.state), `state ${marker.state}`);
    }
    const visible = neverThrows(() => stripMarker(content));
    assertThat(parseMarker(visible) === undefined || visible !== content, 'stripMarker left the marker in place');
  },
  growth: [
    textGrowth(
      'a comment of many spaces before a marker-like end',
      (size) => `<!-- devsecops:summary -->${' '.repeat(size * 16)}x`,
      (content) => parseMarker(content),
    ),
    textGrowth(
      'a comment of many marker starts',
      (size) => '<!-- devsecops:fingerprint=v1:a state=open '.repeat(size),
      (content) => parseMarker(content),
    ),
  ],
});

/** A finding whose every text came from a hostile report (SARIF uploaded by the pull request's build). */
const hostileFinding: fc.Arbitrary<Finding> = fc.record({
  tool: fc.oneof(fc.constantFrom('bandit', 'semgrep'), hostileString),
  category: fc.constantFrom('sast' as const, 'sca' as const, 'dockerfile' as const),
  ruleId: fc.oneof(fc.constantFrom('B602', '<!-- devsecops:summary -->'), hostileString),
  message: fc.oneof(
    fc.constantFrom('<!-- devsecops:summary -->', 'x\n<!-- devsecops:fingerprint=v1:forged state=resolved -->', '-->'),
    hostileString,
  ),
  severity: fc.constantFrom(...SEVERITIES),
  location: fc.record({
    path: fc.oneof(fc.constant('app/x.py'), hostileString),
    line: fc.integer({ min: 1, max: 100 }),
  }),
  fingerprint: fc.oneof(fc.constant('v1:0123456789abcdef0123456789abcdef'), fc.stringMatching(/^[\w:.-]{1,40}$/)),
  helpUri: fc.oneof(fc.constant('https://x/<!-- devsecops:summary -->'), hostileString),
  fix: fc.record({ description: hostileString, fixedVersions: fc.array(hostileString, { maxLength: 2 }) }),
});

const renderedMarkers = fuzzTarget({
  name: 'bot comments rendered from hostile findings keep their own marker',
  arbitrary: () => fc.tuple(hostileFinding, hostileString),
  check: ([reported, previous]) => {
    // As the bot does: a fingerprint that is not in the marker format is replaced by a stable hash first (the
    // renderer refuses any other). Then a scanner message, rule id or link cannot forge another marker: the
    // comment reads as its own finding's.
    const [finding = reported] = withSafeFingerprints([reported]);
    const posted = renderFindingComment(finding);
    const ownMarker = { kind: 'finding', fingerprint: finding.fingerprint, state: 'open' };
    assertThat(
      JSON.stringify(parseMarker(posted)) === JSON.stringify(ownMarker),
      `the comment reads as ${JSON.stringify(parseMarker(posted))}`,
    );
    const resolved = renderResolvedComment(previous, finding.fingerprint, 'abcdef1234567');
    assertThat(
      JSON.stringify(parseMarker(resolved)) === JSON.stringify({ ...ownMarker, state: 'resolved' }),
      'a tombstone lost its marker',
    );
    const moved = renderMovedComment(previous, finding, 'abcdef1234567');
    assertThat(
      JSON.stringify(parseMarker(moved)) === JSON.stringify({ ...ownMarker, state: 'moved' }),
      'a moved comment lost its marker',
    );
  },
});

const commit = fc.oneof(fc.constant('0123456789abcdef0123456789abcdef01234567'), hostileString);
const prEvent = fc.record(
  {
    source: fc.oneof(fc.constantFrom('aws.codecommit', 'aws.codebuild'), hostileWord),
    'detail-type': fc.oneof(
      fc.constantFrom(
        'CodeCommit Pull Request State Change',
        'CodeCommit PullRequest State Change',
        'CodeBuild Build State Change',
      ),
      hostileWord,
    ),
    detail: fc.oneof(
      fc.record(
        {
          event: fc.oneof(
            fc.constantFrom(
              'pullRequestCreated',
              'pullRequestSourceBranchUpdated',
              'pullRequestMergeStatusUpdated',
              ...PROTOTYPE_WORDS,
            ),
            yamlValue,
          ),
          pullRequestStatus: fc.oneof(fc.constantFrom('Open', 'Closed'), yamlValue),
          repositoryNames: fc.oneof(
            fc.array(fc.oneof(fc.constant('repo'), hostileString), { maxLength: 2 }),
            yamlValue,
          ),
          pullRequestId: fc.oneof(fc.constantFrom('1', ' ', ''), yamlValue),
          sourceCommit: fc.oneof(commit, yamlValue),
          destinationCommit: fc.oneof(commit, yamlValue),
          'build-status': fc.oneof(fc.constantFrom('SUCCEEDED', 'FAILED', 'STOPPED', ...PROTOTYPE_WORDS), yamlValue),
          'additional-information': fc.oneof(
            fc.record({
              environment: fc.record({
                'environment-variables': fc.array(
                  fc.record(
                    {
                      name: fc.oneof(
                        fc.constantFrom(
                          'pullRequestId',
                          'repositoryName',
                          'sourceCommit',
                          'destinationCommit',
                          ...PROTOTYPE_WORDS,
                        ),
                        yamlValue,
                      ),
                      value: fc.oneof(commit, yamlValue),
                      type: fc.oneof(fc.constantFrom('PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'), yamlValue),
                    },
                    { requiredKeys: [] },
                  ),
                  { maxLength: 6 },
                ),
              }),
            }),
            yamlValue,
          ),
        },
        { requiredKeys: [] },
      ),
      yamlValue,
    ),
  },
  { requiredKeys: [] },
);

const events = fuzzTarget({
  name: 'EventBridge events (readEvent)',
  arbitrary: () => fc.oneof({ weight: 5, arbitrary: prEvent }, { weight: 1, arbitrary: yamlValue }),
  check: (event) => {
    const reading = returnsOrThrows(() => readEvent(event), ['INPUT_INVALID']);
    if (reading === undefined) return;
    // An event the bot does not handle is skipped with a reason; one it reviews names the whole pull request.
    if (reading.kind === 'ignore') {
      assertThat(typeof reading.reason === 'string' && reading.reason.trim() !== '', 'an ignored event has a reason');
      return;
    }
    const { ref } = reading;
    for (const key of ['repositoryName', 'pullRequestId', 'sourceCommit', 'destinationCommit', 'trigger'] as const) {
      assertThat(typeof ref[key] === 'string' && ref[key].trim() !== '', `${key} is ${JSON.stringify(ref[key])}`);
    }
  },
});

export const targets: readonly FuzzTarget[] = [textDiff, unifiedPatch, markers, renderedMarkers, events];
