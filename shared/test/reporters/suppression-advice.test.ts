import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { parse } from 'yaml';
import { suppressionAdvice } from '../../src/reporters/gate-failures';
import type { ListedFinding } from '../../src/reporters/gate-failures';

/** A failing finding whose file name and rule id a hostile repository or SARIF file chose. */
function hostileFinding(path: string, ruleId: string): ListedFinding {
  return {
    tool: 'bandit',
    category: 'sast',
    ruleId,
    severity: 'high',
    message: 'subprocess call with shell=True',
    location: { path, line: 3 },
  };
}

/** The text outside the line's code spans (even segments when split on backticks). */
function outsideCodeSpans(line: string): string {
  return line
    .split('`')
    .filter((_, index) => index % 2 === 0)
    .join('');
}

describe('how to suppress a finding, with a hostile example finding', () => {
  const path = 'app/`[docs](https://evil.example)`\u2028x\u0085.py';
  const ruleId = 'B602`[x](https://evil.example)';
  const [, inline, config] = suppressionAdvice(hostileFinding(path, ruleId));

  it('keeps every backtick pair closed: nothing the repository chose lands outside a code span', () => {
    for (const line of [inline, config]) {
      ok(line !== undefined);
      strictEqual(line.split('`').length % 2, 1, line);
      ok(!outsideCodeSpans(line).includes('evil.example'), line);
      ok(!/[\u2028\u2029\u0085]/.test(line), line);
    }
  });

  it('writes a .devsecops.yml example whose values are the finding’s exact rule and path', () => {
    const span = /`(suppressions: .*)`$/.exec(config ?? '')?.[1];
    ok(span !== undefined, config);
    deepStrictEqual(parse(span), {
      suppressions: [{ rule: ruleId, path, reason: 'why this is acceptable', expires: '2027-06-30' }],
    });
  });

  it('names the usual pragma and example when there is no failing finding', () => {
    const [, defaultInline, defaultConfig] = suppressionAdvice(undefined);
    ok(defaultInline?.includes('`# nosec B602`'));
    ok(
      defaultConfig?.endsWith(
        '`suppressions: [{ rule: "B602", path: "app/main.py", reason: "why this is acceptable", expires: 2027-06-30 }]`',
      ),
    );
  });
});
