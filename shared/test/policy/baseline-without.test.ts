import { deepStrictEqual } from 'node:assert/strict';
import { compareWithBaseline, describeComparison, type Baseline } from '../../src/policy/baseline';
import type { ToolRun } from '../../src/scanners/scanner';

// Why a tool of this scan has no baseline: said on one line of the console and the summary, so a tool's failure
// reason (often its whole output) is cut to its first line, at most 200 characters.

function baselineOf(tools: Baseline['tools']): Baseline {
  return { sources: ['base.json'], entries: [], unmatchable: 0, tools };
}

function ran(...names: string[]): ToolRun[] {
  return names.map((name) => ({ name, category: 'sast', status: 'ok' }));
}

describe('tools without a baseline', () => {
  it('gives the first line of a failed run’s reason, trimmed and bounded, or says none was given', () => {
    const long = 'x'.repeat(250);
    const baseline = baselineOf([
      { name: 'bandit', succeeded: false, reason: '\n  exit 2: bad config\nTraceback (most recent call last):' },
      { name: 'hadolint', succeeded: false, reason: long },
      { name: 'semgrep', succeeded: false, reason: 'y'.repeat(200) },
      { name: 'dependency-check', succeeded: false },
    ]);
    const comparison = compareWithBaseline(
      [],
      baseline,
      ran('bandit', 'hadolint', 'semgrep', 'dependency-check', 'sca'),
    );
    deepStrictEqual(comparison.withoutBaseline, [
      { tool: 'bandit', reason: 'bandit failed in the baseline: exit 2: bad config' },
      { tool: 'hadolint', reason: `hadolint failed in the baseline: ${'x'.repeat(199)}…` },
      { tool: 'semgrep', reason: `semgrep failed in the baseline: ${'y'.repeat(200)}` },
      { tool: 'dependency-check', reason: 'dependency-check failed in the baseline: no reason given' },
      { tool: 'sca', reason: 'the baseline has no report of sca' },
    ]);
  });

  it('names the tools without a baseline after the counts: "its" for one, "their" for several', () => {
    const one = compareWithBaseline([], baselineOf([]), ran('bandit'));
    const two = compareWithBaseline([], baselineOf([]), ran('bandit', 'hadolint'));
    deepStrictEqual(
      [describeComparison([], one), describeComparison([], two)],
      [
        '0 new, 0 unchanged, 0 absent (fixed) since the baseline; no baseline for bandit: all its findings count as new',
        '0 new, 0 unchanged, 0 absent (fixed) since the baseline; no baseline for bandit, hadolint: all their findings count as new',
      ],
    );
  });
});
