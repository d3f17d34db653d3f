import assert from 'node:assert/strict';
import { BANDIT_DEFAULT_EXCLUDES, THIRD_PARTY_FOLDERS } from '@devsecops/shared/engines';
import {
  BANDIT_EXCLUDED_SUBSTRINGS,
  banditExcludedChanges,
  THIRD_PARTY_ROOT_FOLDERS,
} from '../../src/approval/bandit-excluded-paths';
import type { PullRequestDiff } from '../../src/diff/pull-request-diff';
import { diffFileTexts } from '../../src/diff/text-diff';

describe("Python files a pull request adds where Bandit's default excludes leave them out", () => {
  it("knows what the scanner leaves out: the scanner's own lists (the Lambda carries a copy, no scanner code)", () => {
    assert.deepStrictEqual(
      BANDIT_EXCLUDED_SUBSTRINGS,
      BANDIT_DEFAULT_EXCLUDES.filter((entry) => !entry.includes('*')),
    );
    assert.deepStrictEqual([...THIRD_PARTY_ROOT_FOLDERS], THIRD_PARTY_FOLDERS);
  });

  it('lists a path holding a default exclude anywhere, and root third-party folders; nothing else', () => {
    const diff: PullRequestDiff = new Map(
      [
        diffFileTexts('app/export_CVS.py', undefined, 'x = 1\n'),
        diffFileTexts('app/.github_hooks.py', 'x = 1\n', 'x = 2\n'),
        diffFileTexts('venv/helpers.py', undefined, 'x = 1\n'),
        diffFileTexts('app/venv/helpers.py', undefined, 'x = 1\n'),
        diffFileTexts('app/main.py', undefined, 'x = 1\n'),
        diffFileTexts('app/old_CVS.py', 'x = 1\n', undefined),
        diffFileTexts('tools/CVS/notes.txt', undefined, 'x\n'),
      ].map((file) => [file.path, file]),
    );
    assert.deepStrictEqual(
      banditExcludedChanges(diff).map((change) => `${change.kind} ${String(change.location?.path)}: ${change.detail}`),
      [
        `unscanned app/export_CVS.py: Bandit does not scan this file: its path contains "CVS", one of Bandit's default excludes`,
        `unscanned app/.github_hooks.py: Bandit does not scan this file: its path contains ".git", one of Bandit's default excludes`,
        'unscanned venv/helpers.py: Bandit does not scan this file: venv/ at the root is left out as third-party code',
      ],
    );
  });
});
