import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES, policyProblems } from '@devsecops/shared/config';
import type { PolicyProblem } from '@devsecops/shared/config';
import { isPolicyFile, POLICY_FILE_NAMES, policyDiagnostics } from '../../src/model/policy-diagnostic';
import type { PolicyDiagnostic } from '../../src/model/policy-diagnostic';
import { policyBufferProblems, policyFolderProblems } from '../../src/core/policy-check';
import { DEFAULT_SETTINGS } from './effective-config.test';

/** The editor's view of a text: each line's length, as an open document gives it. */
function lineLengths(text: string): (line: number) => number | undefined {
  const lines = text.split('\n');
  return (line) => lines[line]?.length;
}

/** A diagnostic as `severity line:start-end "covered text"` (0-based, as the editor's ranges are). */
function drawn(text: string, diagnostics: readonly PolicyDiagnostic[]): string[] {
  const lines = text.split('\n');
  return diagnostics.map(
    ({ severity, line, startCharacter, endCharacter }) =>
      `${severity} ${String(line)}:${String(startCharacter)}-${String(endCharacter)} ${JSON.stringify((lines[line] ?? '').slice(startCharacter, endCharacter))}`,
  );
}

/** The file the real-editor test opens: a wrong-case rule id and an unknown key. */
const TWO_MISTAKES = [
  'version: 1',
  'suppressions:',
  '  - rule: b602',
  '    reason: reviewed, the command is a constant',
  'gaet:',
  '  failOn: high',
  '',
].join('\n');

const FOLDER = { root: '/work/repository', settings: DEFAULT_SETTINGS, trusted: true };

describe('the policy file in the editor', () => {
  describe('isPolicyFile', () => {
    it('is the folder’s own .devsecops.yml or .devsecops.yaml, and nothing else of that name', () => {
      assert.deepEqual(
        [
          '.devsecops.yml',
          '.devsecops.yaml',
          'sub/.devsecops.yml',
          '.devsecops.yml.bak',
          '.DEVSECOPS.YML',
          'x.yml',
        ].map(isPolicyFile),
        [true, true, false, false, false, false],
      );
    });

    it('names the files the core reads, in its order (kept apart so activation does not load the YAML reader)', () => {
      assert.deepEqual(POLICY_FILE_NAMES, CONFIG_FILE_NAMES);
    });
  });

  describe('policyDiagnostics: the core’s spans as editor ranges', () => {
    const problem = (span: PolicyProblem['span'], severity: PolicyProblem['severity'] = 'warning'): PolicyProblem => ({
      severity,
      span,
      message: 'what to write instead.',
    });

    it('turns 1-based, end-exclusive columns into 0-based characters on the same line', () => {
      const text = 'suppressions:\n  - rule: b602\n';
      assert.deepEqual(
        drawn(text, policyDiagnostics([problem({ line: 2, column: 11, endColumn: 15 })], lineLengths(text))),
        ['warning 1:10-14 "b602"'],
      );
    });

    it('runs a span without an end to the end of its line, or one character when the line is not known', () => {
      const text = 'a: 1\n  - rule: B101\n';
      assert.deepEqual(drawn(text, policyDiagnostics([problem({ line: 2, column: 5 })], lineLengths(text))), [
        'warning 1:4-14 "rule: B101"',
      ]);
      assert.deepEqual(
        policyDiagnostics([problem({ line: 2, column: 5 })], () => undefined).map((shown) => [
          shown.startCharacter,
          shown.endCharacter,
        ]),
        [[4, 5]],
      );
    });

    it('holds a span to a line the buffer has shortened since, and covers an empty span’s line', () => {
      const text = 'gate:\n  x\n';
      assert.deepEqual(
        drawn(
          text,
          policyDiagnostics(
            [problem({ line: 2, column: 9, endColumn: 15 }), problem({ line: 1, column: 1, endColumn: 1 })],
            lineLengths(text),
          ),
        ),
        ['warning 1:3-3 ""', 'warning 0:0-5 "gate:"'],
      );
    });

    it('says on each error that the editor scans with the default policy until it is fixed; not on warnings', () => {
      const [error, warning] = policyDiagnostics(
        [problem({ line: 1, column: 1 }, 'error'), problem({ line: 1, column: 1 }, 'warning')],
        () => 4,
      );
      assert.equal(
        error?.message,
        'what to write instead. Until it is fixed, the editor scans with the default policy.',
      );
      assert.equal(warning?.message, 'what to write instead.');
    });
  });

  describe('policyBufferProblems: an open buffer, validated as a scan would read the file', () => {
    it('marks a wrong-case rule id on its value and an unknown key on the key, both errors', () => {
      const problems = policyBufferProblems(TWO_MISTAKES, '.devsecops.yml', FOLDER);
      assert.deepEqual(drawn(TWO_MISTAKES, policyDiagnostics(problems, lineLengths(TWO_MISTAKES))), [
        'error 2:10-14 "b602"',
        'error 4:0-4 "gaet"',
      ]);
      assert.match(problems[0]?.message ?? '', /rule ids are case-sensitive; did you mean B602\?/);
      assert.match(problems[1]?.message ?? '', /unknown key "gaet" in the top level; did you mean "gate"\?/);
    });

    it('gives the same problems in Restricted Mode: reading the file runs nothing and is not withheld', () => {
      assert.deepEqual(
        policyBufferProblems(TWO_MISTAKES, '.devsecops.yml', { ...FOLDER, trusted: false }),
        policyBufferProblems(TWO_MISTAKES, '.devsecops.yml', FOLDER),
      );
    });

    it('tells where the user sets an execution key the repository may not, in the editor’s words', () => {
      const text = 'tools:\n  bandit:\n    path: ./evil.sh\n';
      const problems = policyBufferProblems(text, '.devsecops.yml', FOLDER);
      assert.deepEqual(drawn(text, policyDiagnostics(problems, lineLengths(text))), ['warning 2:4-8 "path"']);
      assert.match(problems[0]?.message ?? '', /use the setting devsecops\.bandit\.path in your user settings/);
    });

    it('weighs a repository’s time limit against the user’s: a shorter one stands, a longer one is ignored', () => {
      assert.deepEqual(
        policyBufferProblems('tools:\n  bandit:\n    timeoutSeconds: 120\n', '.devsecops.yml', FOLDER),
        [],
      );
      // The editor has no time limit setting: the limit is Bandit's default (600 s), and 900 s may not raise it.
      const longer = policyBufferProblems('tools:\n  bandit:\n    timeoutSeconds: 900\n', '.devsecops.yml', FOLDER);
      assert.deepEqual(
        longer.map((problem) => problem.severity),
        ['warning'],
      );
      assert.match(longer[0]?.message ?? '', /may only shorten Bandit's time limit/);
    });

    it('is the core’s own reading: the same problems as policyProblems with the editor’s wording', () => {
      const plain = policyProblems(TWO_MISTAKES, '.devsecops.yml');
      assert.deepEqual(policyBufferProblems(TWO_MISTAKES, '.devsecops.yml', FOLDER), plain);
    });
  });

  describe('policyFolderProblems: the files on disk', () => {
    let folder = '';
    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'devsecops-policy-editor-'));
    });
    afterEach(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('reads each policy file of the folder, and says when there are two', async () => {
      await writeFile(join(folder, '.devsecops.yml'), TWO_MISTAKES);
      const [one] = await policyFolderProblems({ ...FOLDER, root: folder });
      assert.equal(one?.name, '.devsecops.yml');
      assert.equal(one.problems.length, 2);
      await writeFile(join(folder, '.devsecops.yaml'), 'version: 1\n');
      const both = await policyFolderProblems({ ...FOLDER, root: folder });
      assert.deepEqual(
        both.map((file) => [file.name, file.problems.length]),
        [
          ['.devsecops.yml', 3],
          ['.devsecops.yaml', 1],
        ],
      );
    });
  });
});
