import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { FindingDraft } from '../../src/findings/finding';
import { assignFingerprints, normaliseLineContent } from '../../src/findings/fingerprint';

// Every expected fingerprint here was computed independently of this code, with Python's hashlib:
//   norm = re.sub(r'\s+', ' ', line).strip()
//   key = '\0'.join(['v1', tool, rule, path, sha256(norm).hexdigest(), str(occurrence)])
//   'v1:' + sha256(key).hexdigest()[:32]
// Baselines, fingerprint suppressions and the bot's comment markers are keyed by these values.

function draft(ruleId: string, path: string, line: number, column?: number): FindingDraft {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    message: 'Use of possibly insecure function.',
    severity: 'medium',
    location: column === undefined ? { path, line } : { path, line, column },
  };
}

function fingerprints(drafts: FindingDraft[], lines: string[]): string[] {
  return assignFingerprints(drafts, (_path, line) => lines[line - 1]).map((finding) => finding.fingerprint);
}

describe('fingerprint recipe: spacing and occurrences', () => {
  it('collapses every run of spacing inside a line, not only at its ends', () => {
    strictEqual(normaliseLineContent('x  =\t\teval(a)'), 'x = eval(a)');
    strictEqual(normaliseLineContent(' \t x \n\n y \t'), 'x y');
    deepStrictEqual(fingerprints([draft('B307', 'app/main.py', 1)], ['x  =\t\teval(a)']), [
      'v1:a86e2977c3d93ca5df5cbd427d9cbac2',
    ]);
  });

  it('numbers two findings on one line by column, whatever order the scanner gave them in', () => {
    const line = ['eval(x); eval(x)'];
    const first = 'v1:6a485bfc2de3023b5e5bbc0627f0d06c';
    const second = 'v1:2f3d2ec8441ad07e92c842bb5881a381';
    deepStrictEqual(fingerprints([draft('B307', 'app/main.py', 1, 10), draft('B307', 'app/main.py', 1, 1)], line), [
      second,
      first,
    ]);
    deepStrictEqual(fingerprints([draft('B307', 'app/main.py', 1, 1), draft('B307', 'app/main.py', 1, 10)], line), [
      first,
      second,
    ]);
    // A finding without a column counts as column 0: before one with a column on the same line.
    deepStrictEqual(fingerprints([draft('B307', 'app/main.py', 1, 4), draft('B307', 'app/main.py', 1)], line), [
      second,
      first,
    ]);
  });

  it('numbers findings at the same place in the order the scanner gave them', () => {
    const line = ['eval(x); eval(x)'];
    deepStrictEqual(
      fingerprints(
        [draft('B307', 'app/main.py', 1, 1), draft('B307', 'app/main.py', 1, 1), draft('B307', 'app/main.py', 1, 1)],
        line,
      ),
      [
        'v1:6a485bfc2de3023b5e5bbc0627f0d06c',
        'v1:2f3d2ec8441ad07e92c842bb5881a381',
        'v1:b3f63f1ebc127694fda32d21f2f88017',
      ],
    );
  });

  it('counts occurrences per tool, rule and path: another rule on an identical line starts at 0', () => {
    deepStrictEqual(
      fingerprints([draft('B307', 'app/main.py', 1), draft('B102', 'app/main.py', 2)], ['eval(x)', 'eval(x)']),
      ['v1:65f1d0934c6387d8e4ca0f4b2b9f768c', 'v1:c6e610e844c8255281ede7b19b975666'],
    );
  });

  it('keeps rule and path apart when their texts run together ("B30" + "7app.py" is not "B307" + "app.py")', () => {
    deepStrictEqual(fingerprints([draft('B307', 'app.py', 1), draft('B30', '7app.py', 2)], ['eval(x)', 'eval(x)']), [
      'v1:544787cab5c8bf3f848fd0807a3f9a0a',
      'v1:aa7b44f12e2522b2bbd8790a3e9f3420',
    ]);
  });
});
