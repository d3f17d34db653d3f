import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileDiff } from '../../src/diff/pull-request-diff';
import { diffFileTexts, lineCountOf } from '../../src/diff/text-diff';
import { parseUnifiedPatch } from '../../src/diff/unified-patch';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { policyChangesOf } from '../../src/approval/policy-changes';

const DIFFS = join(__dirname, '..', 'fixtures', 'diffs');
const read = (name: string): string => readFileSync(join(DIFFS, name), 'utf8');

/** Line sets as sorted arrays, so deepStrictEqual shows readable differences. */
function plain(file: FileDiff | undefined): unknown {
  if (file === undefined) return undefined;
  return {
    path: file.path,
    changeType: file.changeType,
    addedLines: [...file.addedLines].sort((a, b) => a - b),
    contextLines: [...file.contextLines].sort((a, b) => a - b),
    afterLineCount: file.afterLineCount,
  };
}

describe('PR diff', () => {
  it('reads a real `git diff` patch into AFTER-side added and context lines', () => {
    const diff = parseUnifiedPatch(read('pr.patch'));
    assert.deepStrictEqual([...diff.keys()], ['Dockerfile', 'app/main.py']);
    assert.deepStrictEqual(plain(diff.get('app/main.py')), {
      path: 'app/main.py',
      changeType: 'modified',
      addedLines: [14, 26, 27, 28, 29],
      contextLines: [11, 12, 13, 14, 15, 16, 17, 23, 24, 25, 26, 27, 28, 29],
      afterLineCount: undefined,
    });
    assert.deepStrictEqual(plain(diff.get('Dockerfile')), {
      path: 'Dockerfile',
      changeType: 'modified',
      addedLines: [1],
      contextLines: [1, 2, 3],
      afterLineCount: undefined,
    });
  });

  it('line-diffs two file versions to the same lines git shows, plus the AFTER length', () => {
    const fromTexts = diffFileTexts('app/main.py', read('main.before.py'), read('main.after.py'));
    const fromGit = parseUnifiedPatch(read('pr.patch')).get('app/main.py');
    assert.deepStrictEqual(plain(fromTexts), { ...(plain(fromGit) as object), afterLineCount: 29 });
  });

  it('treats an absent BEFORE as an added file (every line added) and an absent AFTER as deleted', () => {
    assert.deepStrictEqual(plain(diffFileTexts('new.py', undefined, 'a = 1\nb = 2\n')), {
      path: 'new.py',
      changeType: 'added',
      addedLines: [1, 2],
      contextLines: [1, 2],
      afterLineCount: 2,
    });
    assert.deepStrictEqual(plain(diffFileTexts('old.py', 'a = 1\n', undefined)), {
      path: 'old.py',
      changeType: 'deleted',
      addedLines: [],
      contextLines: [],
      afterLineCount: 0,
    });
  });

  it('reads added and deleted files of a patch by their real path', () => {
    const patch = [
      'diff --git a/new.py b/new.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.py',
      '@@ -0,0 +1,2 @@',
      '+a = 1',
      '+b = 2',
      'diff --git a/gone.py b/gone.py',
      'deleted file mode 100644',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x = 1',
      '',
    ].join('\n');
    const diff = parseUnifiedPatch(patch);
    assert.deepStrictEqual(
      [...diff.values()].map((file) => [file.path, file.changeType, [...file.addedLines]]),
      [
        ['new.py', 'added', [1, 2]],
        ['gone.py', 'deleted', []],
      ],
    );
  });

  it('keeps the paths of files a patch changes without hunks: both sides of a rename, a binary file', () => {
    // `git diff` writes a pure rename (and a binary file) as header lines only, with no ---/+++ lines.
    const patch = [
      'diff --git a/.hadolint.yaml b/docs/lint-notes.yaml',
      'similarity index 100%',
      'rename from .hadolint.yaml',
      'rename to docs/lint-notes.yaml',
      'diff --git a/examples/hadolint.yaml b/.hadolint.yml',
      'similarity index 69%',
      'rename from examples/hadolint.yaml',
      'rename to .hadolint.yml',
      'index 637ac93..7fe95d0 100644',
      '--- a/examples/hadolint.yaml',
      '+++ b/.hadolint.yml',
      '@@ -1 +1,2 @@',
      ' ignored: [DL3002]',
      '+more: 1',
      'diff --git "a/app/\\303\\251 tab\\t.py" "b/app/\\303\\251 tab\\t.py"',
      'new file mode 100644',
      'index 0000000..bdc955b',
      'Binary files /dev/null and "b/app/\\303\\251 tab\\t.py" differ',
      '',
    ].join('\n');
    const diff = parseUnifiedPatch(patch);
    assert.deepStrictEqual(
      [...diff.values()]
        .map(
          (file) =>
            `${file.changeType} ${file.path} ${file.addedText === undefined ? 'unread' : String(file.addedText.size)}`,
        )
        .sort(),
      [
        'added app/é tab\t.py unread',
        'added docs/lint-notes.yaml 0',
        'deleted .hadolint.yaml 0',
        'deleted examples/hadolint.yaml 0',
        'modified .hadolint.yml 1',
      ],
    );
    assert.deepStrictEqual(
      policyChangesOf({ findings: [], destinationConfig: DEFAULT_CONFIG, changedPaths: diff.keys() }).map(
        (change) => change.detail,
      ),
      ['.hadolint.yml', '.hadolint.yaml'],
    );
  });

  it('reads a name git quoted (non-ASCII, a tab) as the file it names', () => {
    const patch = [
      'diff --git "a/app/\\303\\251\\t.py" "b/app/\\303\\251\\t.py"',
      'new file mode 100644',
      'index 0000000..f42aab0',
      '--- /dev/null',
      '+++ "b/app/\\303\\251\\t.py"',
      '@@ -0,0 +1 @@',
      '+x = 1  # nosec',
      '',
    ].join('\n');
    assert.deepStrictEqual([...parseUnifiedPatch(patch).keys()], ['app/é\t.py']);
  });

  it('reads a patch whose header holds a carriage return instead of looping forever (fuzz)', () => {
    const patch = '--- a/app/x\rNaN\n+++ b/app/x\u2028y\n@@ -1 +1,2 @@\n-a\r\n+a\r\n+b\r\n';
    assert.deepStrictEqual(plain(parseUnifiedPatch(patch).get('app/x y')), {
      path: 'app/x y',
      changeType: 'modified',
      addedLines: [1, 2],
      contextLines: [1, 2],
      afterLineCount: undefined,
    });
  });

  it('counts a file too different to line-diff quickly as rewritten: every AFTER line added (fuzz)', () => {
    // Two versions with no line in common: 16,000 lines each took a minute, 1 MiB files would take hours.
    const before = Array.from({ length: 20_000 }, (_, i) => `before ${String(i)}`).join('\n');
    const after = Array.from({ length: 20_000 }, (_, i) => `after ${String(i)}`).join('\n');
    const every = Array.from({ length: 20_000 }, (_, i) => i + 1);
    assert.deepStrictEqual(plain(diffFileTexts('big.py', before, after)), {
      path: 'big.py',
      changeType: 'modified',
      addedLines: every,
      contextLines: every,
      afterLineCount: 20_000,
    });
    // A large change within the limit is still diffed line by line.
    const edited = `${after.split('\n').slice(0, 10_000).join('\n')}\nnew line\n${after.split('\n').slice(10_000).join('\n')}`;
    assert.deepStrictEqual([...diffFileTexts('big.py', after, edited).addedLines], [10_001]);
  });

  it('counts a file as rewritten, without diffing it, when the caller has no time left for it', () => {
    const before = 'a = 1\nb = 2\n';
    const after = 'a = 1\nb = 3  # nosec\n';
    assert.deepStrictEqual(plain(diffFileTexts('app/x.py', before, after, 0)), {
      path: 'app/x.py',
      changeType: 'modified',
      addedLines: [1, 2],
      contextLines: [1, 2],
      afterLineCount: 2,
    });
    assert.deepStrictEqual([...diffFileTexts('app/x.py', before, after, 1_000).addedLines], [2]);
  });

  it('refuses a hunk header without line numbers instead of reading NaN lines (fuzz)', () => {
    assert.throws(
      () => parseUnifiedPatch('+++ b/x.py\n@@ -a,b +c,d @@\n+added'),
      (error: unknown) =>
        isDevsecopsError(error) &&
        error.code === 'INPUT_INVALID' &&
        error.message ===
          'The diff has a hunk header without line numbers ("@@ -start,count +start,count @@" expected): produce it with `git diff`.',
    );
  });

  it('counts lines as an editor does', () => {
    assert.deepStrictEqual(['', 'a', 'a\n', 'a\nb', 'a\r\nb\r\n'].map(lineCountOf), [0, 1, 1, 2, 2]);
  });
});
