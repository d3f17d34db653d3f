import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { parseUnifiedPatch } from '../../src/diff/unified-patch';
import { filterFindings, parseFilterMode } from '../../src/filter/filter-findings';
import type { FilterMode } from '../../src/filter/filter-findings';
import { ALL_FINDINGS } from '../findings';

const diff = parseUnifiedPatch(readFileSync(join(__dirname, '..', 'fixtures', 'diffs', 'pr.patch'), 'utf8'));

function marks(mode: FilterMode): unknown {
  return filterFindings(ALL_FINDINGS, diff, mode).map((filtered) => ({
    rule: filtered.finding.ruleId,
    shouldReport: filtered.shouldReport,
    inDiffFile: filtered.inDiffFile,
    inDiffContext: filtered.inDiffContext,
    inAddedLine: filtered.inAddedLine,
  }));
}

/** Position facts do not depend on the mode; only shouldReport does. */
function expected(shouldReport: readonly boolean[]): unknown {
  const facts = [
    { rule: 'B602', inDiffFile: true, inDiffContext: true, inAddedLine: true }, // line 14, changed
    { rule: 'B307', inDiffFile: true, inDiffContext: true, inAddedLine: true }, // line 29, added
    { rule: 'B404', inDiffFile: true, inDiffContext: false, inAddedLine: false }, // line 2, outside hunks
    { rule: 'DL3007', inDiffFile: true, inDiffContext: true, inAddedLine: true }, // line 1, changed
    { rule: 'GHSA-m2qf-hxjv-5gpq', inDiffFile: false, inDiffContext: false, inAddedLine: false }, // untouched file
  ];
  return facts.map((fact, index) => ({
    rule: fact.rule,
    shouldReport: shouldReport[index],
    inDiffFile: fact.inDiffFile,
    inDiffContext: fact.inDiffContext,
    inAddedLine: fact.inAddedLine,
  }));
}

describe('filterFindings on a real unified diff', () => {
  it('added: only findings on added or changed lines are reported', () => {
    assert.deepStrictEqual(marks('added'), expected([true, true, false, true, false]));
  });

  it('diff_context: findings anywhere in the hunks are reported', () => {
    const contextOnly = { ...ALL_FINDINGS[2], location: { path: 'app/main.py', line: 12 } };
    const [marked] = filterFindings([contextOnly as (typeof ALL_FINDINGS)[number]], diff, 'diff_context');
    assert.deepStrictEqual(
      { shouldReport: marked?.shouldReport, inDiffContext: marked?.inDiffContext, inAddedLine: marked?.inAddedLine },
      { shouldReport: true, inDiffContext: true, inAddedLine: false },
    );
    assert.deepStrictEqual(marks('diff_context'), expected([true, true, false, true, false]));
  });

  it('file: every finding in a changed file is reported', () => {
    assert.deepStrictEqual(marks('file'), expected([true, true, true, true, false]));
  });

  it('nofilter: everything is reported, and nothing is ever dropped', () => {
    assert.deepStrictEqual(marks('nofilter'), expected([true, true, true, true, true]));
  });

  it('a multi-line region counts as added when any of its lines is', () => {
    const region = { ...ALL_FINDINGS[2], location: { path: 'app/main.py', line: 12, endLine: 14 } };
    const [marked] = filterFindings([region as (typeof ALL_FINDINGS)[number]], diff, 'added');
    assert.equal(marked?.inAddedLine, true);
  });

  it('parses modes and rejects unknown ones with the list', () => {
    assert.equal(parseFilterMode('diff_context'), 'diff_context');
    assert.throws(
      () => parseFilterMode('changed'),
      (error: unknown) => isDevsecopsError(error) && error.code === 'USAGE' && error.message.includes('nofilter'),
    );
  });
});
