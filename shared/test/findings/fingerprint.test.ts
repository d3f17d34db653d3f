import { deepStrictEqual, notStrictEqual, strictEqual } from 'node:assert/strict';
import { assignFingerprints, isFingerprint, normaliseLineContent } from '../../src/findings/fingerprint';
import type { FindingDraft } from '../../src/findings/finding';

function draft(line: number, ruleId = 'B307', path = 'app/main.py'): FindingDraft {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    message: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
    severity: 'medium',
    location: { path, line },
  };
}

function readerFor(lines: string[]) {
  return (_path: string, line: number) => lines[line - 1];
}

describe('fingerprints', () => {
  it('stay the same when the flagged line moves down', () => {
    const before = assignFingerprints([draft(2)], readerFor(['import os', 'eval(user_input)']));
    const after = assignFingerprints([draft(5)], readerFor(['import os', '', '', '# new', 'eval(user_input)']));
    strictEqual(before[0]?.fingerprint, after[0]?.fingerprint);
  });

  it('ignore indentation and spacing changes', () => {
    strictEqual(normaliseLineContent('   eval( x )\t '), 'eval( x )');
    const a = assignFingerprints([draft(1)], readerFor(['eval(x)']));
    const b = assignFingerprints([draft(1)], readerFor(['        eval(x)']));
    strictEqual(a[0]?.fingerprint, b[0]?.fingerprint);
  });

  it('tell identical lines apart by occurrence, in line order', () => {
    const lines = ['eval(x)', 'pass', 'eval(x)'];
    const result = assignFingerprints([draft(3), draft(1)], readerFor(lines));
    notStrictEqual(result[0]?.fingerprint, result[1]?.fingerprint);
    // Same input in the other order gives the same fingerprint per line.
    const reordered = assignFingerprints([draft(1), draft(3)], readerFor(lines));
    deepStrictEqual(
      [reordered[1]?.fingerprint, reordered[0]?.fingerprint],
      [result[0]?.fingerprint, result[1]?.fingerprint],
    );
  });

  it('differ by rule, path and content', () => {
    const reader = readerFor(['eval(x)']);
    const base = assignFingerprints([draft(1)], reader)[0]?.fingerprint;
    notStrictEqual(assignFingerprints([draft(1, 'B102')], reader)[0]?.fingerprint, base);
    notStrictEqual(assignFingerprints([draft(1, 'B307', 'other.py')], reader)[0]?.fingerprint, base);
    notStrictEqual(assignFingerprints([draft(1)], readerFor(['eval(y)']))[0]?.fingerprint, base);
  });

  it('fall back to rule and message when the line cannot be read', () => {
    const result = assignFingerprints([draft(10)], () => undefined);
    strictEqual(result[0]?.fingerprint.startsWith('v1:'), true);
    strictEqual(result[0].fingerprint.length, 35);
  });
  it("keep their published values (baselines, fingerprint suppressions and the bot's comments are keyed by them)", () => {
    // Computed independently of this code: 'v1:' + sha256(join('\0', ['v1', tool, rule, path,
    // sha256(normalised line), occurrence]))[:32], e.g. with Python's hashlib. A change here re-keys every
    // finding users have: it needs a new version prefix, never an edit of these values.
    const reader = readerFor(['eval(x)', 'pass', 'eval(x)']);
    deepStrictEqual(
      assignFingerprints([draft(1), draft(3)], reader).map((finding) => finding.fingerprint),
      ['v1:65f1d0934c6387d8e4ca0f4b2b9f768c', 'v1:13764cc28caac382391c72abe98932e5'],
    );
    // Spacing at the ends and in runs is normalised; spacing inside the code is not ('eval( x )' is not 'eval(x)').
    strictEqual(
      assignFingerprints([draft(1)], readerFor(['    eval( x )\t']))[0]?.fingerprint,
      'v1:f93b4755fe3da8fa49e7055a0ebc3e61',
    );
    // An unreadable line: the rule id and message stand in for the content.
    strictEqual(
      assignFingerprints([draft(10)], () => undefined)[0]?.fingerprint,
      'v1:e70aae6df90d76c4d4cb6f289ee63288',
    );
  });
  it('are recognised by their form alone: the version, a colon and 32 lower-case hexadecimal digits', () => {
    const written = assignFingerprints([draft(1)], readerFor(['eval(x)']))[0]?.fingerprint ?? '';
    deepStrictEqual([written, 'v1:65f1d0934c6387d8e4ca0f4b2b9f768c'].map(isFingerprint), [true, true]);
    // Upper case, a digit short or over, another version, text around it, an empty string.
    deepStrictEqual(
      [
        'v1:65F1D0934C6387D8E4CA0F4B2B9F768C',
        'v1:65f1d0934c6387d8e4ca0f4b2b9f768',
        'v1:65f1d0934c6387d8e4ca0f4b2b9f768cc',
        'v2:65f1d0934c6387d8e4ca0f4b2b9f768c',
        ' v1:65f1d0934c6387d8e4ca0f4b2b9f768c',
        'v1:65f1d0934c6387d8e4ca0f4b2b9f768c\n',
        '',
      ].map(isFingerprint),
      [false, false, false, false, false, false, false],
    );
  });
});
