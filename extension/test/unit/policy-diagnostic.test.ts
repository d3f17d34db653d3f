import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES, policyProblems } from '@devsecops/shared/config';
import type { PolicyProblem } from '@devsecops/shared/config';
import {
  checksPolicyAsYouType,
  isPolicyFile,
  MAX_POLICY_LINES_CHECKED_AS_YOU_TYPE,
  POLICY_FILE_NAMES,
  policyDiagnostics,
  policyQuickFix,
} from '../../src/model/policy-diagnostic';
import type { PolicyDiagnostic } from '../../src/model/policy-diagnostic';
import { policyProblemsOfBuffer, policyProblemsOnDisk } from '../../src/core/policy-check';
import type { PolicyFolder } from '../../src/core/policy-check';
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

describe('the policy file in the editor', () => {
  describe('checksPolicyAsYouType', () => {
    it('checks a policy file of up to 2,000 lines as the user types, a longer one when opened and saved', () => {
      assert.deepEqual(
        [1, 300, MAX_POLICY_LINES_CHECKED_AS_YOU_TYPE, MAX_POLICY_LINES_CHECKED_AS_YOU_TYPE + 1, 100_000].map(
          checksPolicyAsYouType,
        ),
        [true, true, true, false, false],
      );
    });
  });

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

  describe('policyQuickFix: a did-you-mean applied in place', () => {
    it('changes a wrong-case rule id and a misspelt key to what the message suggests', () => {
      const diagnostics = policyDiagnostics(policyProblems(TWO_MISTAKES, '.devsecops.yml'), lineLengths(TWO_MISTAKES));
      const lines = TWO_MISTAKES.split('\n');
      assert.deepEqual(
        diagnostics.map((shown) =>
          policyQuickFix(shown.fix, (lines[shown.line] ?? '').slice(shown.startCharacter, shown.endCharacter)),
        ),
        [
          { title: 'Change "b602" to "B602"', replacement: 'B602' },
          { title: 'Change "gaet" to "gate"', replacement: 'gate' },
        ],
      );
    });

    it('offers nothing where the range no longer reads what was checked: quoted, or edited since', () => {
      const fix = { written: 'b602', replacement: 'B602' };
      assert.equal(policyQuickFix(fix, '"b602"'), undefined);
      assert.equal(policyQuickFix(fix, 'b60'), undefined);
      assert.equal(policyQuickFix(undefined, 'b602'), undefined);
    });

    it('keeps a title on one line whatever the file wrote', () => {
      assert.equal(
        policyQuickFix({ written: 'gaet\u2028x\ny', replacement: 'gate' }, 'gaet\u2028x\ny')?.title,
        'Change "gaet\\u2028x\\ny" to "gate"',
      );
    });
  });

  describe('policyProblemsOfBuffer: an open buffer, validated as a scan would read the file once saved', () => {
    let folder: PolicyFolder = { root: '', settings: DEFAULT_SETTINGS, trusted: true };
    beforeEach(async () => {
      const root = await mkdtemp(join(tmpdir(), 'devsecops-policy-buffer-'));
      // On disk, what was last saved; the buffer is what the user sees.
      await writeFile(join(root, '.devsecops.yml'), 'version: 1\n');
      folder = { root, settings: DEFAULT_SETTINGS, trusted: true };
    });
    afterEach(async () => {
      await rm(folder.root, { recursive: true, force: true });
    });
    const check = (text: string, at: PolicyFolder = folder): PolicyProblem[] =>
      policyProblemsOfBuffer(at, '.devsecops.yml', text);

    it('marks a wrong-case rule id on its value and an unknown key on the key, both errors', () => {
      const problems = check(TWO_MISTAKES);
      assert.deepEqual(drawn(TWO_MISTAKES, policyDiagnostics(problems, lineLengths(TWO_MISTAKES))), [
        'error 2:10-14 "b602"',
        'error 4:0-4 "gaet"',
      ]);
      assert.match(problems[0]?.message ?? '', /rule ids are case-sensitive; did you mean B602\?/);
      assert.match(problems[1]?.message ?? '', /unknown key "gaet" in the top level; did you mean "gate"\?/);
    });

    it('gives the same problems in Restricted Mode: reading the file runs nothing and is not withheld', () => {
      assert.deepEqual(check(TWO_MISTAKES, { ...folder, trusted: false }), check(TWO_MISTAKES));
    });

    it('tells where the user sets an execution key the repository may not, in the editor’s words', () => {
      const text = 'tools:\n  bandit:\n    path: ./evil.sh\n';
      const problems = check(text);
      assert.deepEqual(drawn(text, policyDiagnostics(problems, lineLengths(text))), ['warning 2:4-8 "path"']);
      assert.match(problems[0]?.message ?? '', /use the setting devsecops\.bandit\.path in your user settings/);
    });

    it('weighs a repository’s time limit against the user’s: a shorter one stands, a longer one is ignored', () => {
      assert.deepEqual(check('tools:\n  bandit:\n    timeoutSeconds: 120\n'), []);
      // The editor has no time limit setting: the limit is Bandit's default (600 s), and 900 s may not raise it.
      const longer = check('tools:\n  bandit:\n    timeoutSeconds: 900\n');
      assert.deepEqual(
        longer.map((problem) => problem.severity),
        ['warning'],
      );
      assert.match(longer[0]?.message ?? '', /may only shorten Bandit's time limit/);
    });

    it('has the core’s problems of the text, worded as the CLI words them where no setting is named', () => {
      assert.deepEqual(check(TWO_MISTAKES), policyProblems(TWO_MISTAKES, '.devsecops.yml'));
    });

    it('has nothing to say of a file deleted while open: there is no policy until it is saved again', async () => {
      await rm(join(folder.root, '.devsecops.yml'));
      assert.deepEqual(check(TWO_MISTAKES), []);
    });

    it('says, above the text’s own problems, that the other name beside it makes neither count', async () => {
      await writeFile(join(folder.root, '.devsecops.yaml'), 'version: 1\n');
      const problems = check(TWO_MISTAKES);
      assert.deepEqual(
        problems.map((problem) => `${problem.severity} ${String(problem.span.line)}`),
        ['error 1', 'error 3', 'error 5'],
      );
      assert.match(
        problems[0]?.message ?? '',
        /^Both \.devsecops\.yml and \.devsecops\.yaml exist, so neither is used/,
      );
    });

    it('never vouches for a file that leads out of the folder: a scan refuses it, whatever the buffer says', async () => {
      const outside = await mkdtemp(join(tmpdir(), 'devsecops-policy-outside-'));
      try {
        await writeFile(join(outside, 'policy.yml'), 'version: 1\n');
        const repository = join(folder.root, 'repository');
        await mkdir(repository);
        await symlink(join(outside, 'policy.yml'), join(repository, '.devsecops.yml'));
        const problems = check('version: 1\n', { ...folder, root: repository });
        assert.deepEqual(
          problems.map((problem) => `${problem.severity} ${String(problem.span.line)}`),
          ['error 1'],
        );
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });
  });

  describe('policyProblemsOnDisk: the files on disk', () => {
    let root = '';
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'devsecops-policy-editor-'));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('reads each policy file of the folder, and says when there are two', async () => {
      const folder = { root, settings: DEFAULT_SETTINGS, trusted: true };
      await writeFile(join(root, '.devsecops.yml'), TWO_MISTAKES);
      const [one] = await policyProblemsOnDisk(folder);
      assert.equal(one?.name, '.devsecops.yml');
      assert.equal(one.problems.length, 2);
      await writeFile(join(root, '.devsecops.yaml'), 'version: 1\n');
      const both = await policyProblemsOnDisk(folder);
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
