import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { withoutIgnoredUnscanned } from '../../src/policy/apply-policy';
import { describeIncompleteness, gateStatus, incompletenessOf } from '../../src/policy/completeness';
import type { ToolRun } from '../../src/scanners/scanner';

const BANDIT_INCOMPLETE: ToolRun = {
  name: 'bandit',
  category: 'sast',
  status: 'ok',
  unscanned: [
    { path: 'deep.py', reason: 'exception while scanning file' },
    { path: 'legacy/old.py', reason: 'syntax error while parsing AST from file' },
  ],
};
const SCA_OK: ToolRun = { name: 'devsecops-sca', category: 'sca', status: 'ok' };
const HADOLINT_SKIPPED: ToolRun = { name: 'hadolint', category: 'dockerfile', status: 'skipped', reason: 'missing' };
const DC_FAILED: ToolRun = { name: 'dependency-check', category: 'sca', status: 'failed', reason: 'crashed' };

describe('incompleteness', () => {
  it('is undefined for a complete result: every tool ok or merely skipped, no file left out', () => {
    strictEqual(incompletenessOf([SCA_OK, HADOLINT_SKIPPED]), undefined);
    strictEqual(incompletenessOf([{ ...SCA_OK, unscanned: [] }]), undefined);
    strictEqual(incompletenessOf([]), undefined, 'no tool runs (imported findings) say nothing either way');
  });

  it('lists unscanned files with their tool, failed tools, and a scan in which no tool ran', () => {
    deepStrictEqual(incompletenessOf([BANDIT_INCOMPLETE, SCA_OK, DC_FAILED]), {
      unscanned: [
        { tool: 'bandit', path: 'deep.py', reason: 'exception while scanning file' },
        { tool: 'bandit', path: 'legacy/old.py', reason: 'syntax error while parsing AST from file' },
      ],
      failedTools: ['dependency-check'],
      noToolRan: false,
    });
    deepStrictEqual(incompletenessOf([HADOLINT_SKIPPED]), { unscanned: [], failedTools: [], noToolRan: true });
  });

  it('describes itself in one sentence that names tools, never paths', () => {
    const described = (tools: ToolRun[]): string => {
      const incompleteness = incompletenessOf(tools);
      return incompleteness === undefined ? '' : describeIncompleteness(incompleteness);
    };
    deepStrictEqual(
      [
        described([BANDIT_INCOMPLETE, DC_FAILED]),
        described([{ ...BANDIT_INCOMPLETE, unscanned: (BANDIT_INCOMPLETE.unscanned ?? []).slice(0, 1) }]),
        described([HADOLINT_SKIPPED]),
        described([DC_FAILED]),
      ],
      [
        'bandit could not scan 2 files; dependency-check failed',
        'bandit could not scan 1 file',
        'no scanner ran',
        'dependency-check failed',
      ],
    );
  });

  it('makes the gate incomplete whatever the findings say', () => {
    deepStrictEqual(
      [
        gateStatus(true, [SCA_OK]),
        gateStatus(false, [SCA_OK]),
        gateStatus(true, [BANDIT_INCOMPLETE]),
        gateStatus(false, [BANDIT_INCOMPLETE]),
        gateStatus(true, [SCA_OK, DC_FAILED]),
      ],
      ['passed', 'failed', 'incomplete', 'incomplete', 'incomplete'],
    );
  });
});

describe('ignore globs and unscanned files', () => {
  it('drop the files the user ignores explicitly, and only those', () => {
    const config = { ...DEFAULT_CONFIG, ignore: ['legacy/**', 'other.py'] };
    deepStrictEqual(withoutIgnoredUnscanned([BANDIT_INCOMPLETE, SCA_OK], config), [
      { ...BANDIT_INCOMPLETE, unscanned: [{ path: 'deep.py', reason: 'exception while scanning file' }] },
      SCA_OK,
    ]);
    const all = withoutIgnoredUnscanned([BANDIT_INCOMPLETE], { ...DEFAULT_CONFIG, ignore: ['deep.py', 'legacy'] });
    deepStrictEqual(all, [{ ...BANDIT_INCOMPLETE, unscanned: [] }]);
    strictEqual(incompletenessOf(all), undefined);
  });

  it('leave the tool runs untouched without ignore globs', () => {
    const tools = [BANDIT_INCOMPLETE, SCA_OK];
    deepStrictEqual(withoutIgnoredUnscanned(tools, DEFAULT_CONFIG), tools);
  });
});
