import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { parseConfig } from '../../src/config/parse-config';
import { ruleIdAdvice } from '../../src/config/known-rule-ids';
import { DevsecopsError } from '../../src/errors/devsecops-error';
import { fingerprintOf } from '../../src/findings/fingerprint';

/** The problems of a file the loader refuses, one `file:line: message` each. */
function problemsOf(text: string): string[] {
  try {
    parseConfig(text, '.devsecops.yml');
  } catch (error) {
    ok(error instanceof DevsecopsError && error.code === 'CONFIG_INVALID', String(error));
    return error.message.split('\n').slice(1);
  }
  throw new Error(`the loader took:\n${text}`);
}

/** The warnings of a file the loader takes, one `file:line: message` each. */
function warningsOf(text: string): string[] {
  return (parseConfig(text, '.devsecops.yml').policyWarnings ?? []).map(
    (warning) => `${warning.where}: ${warning.message}`,
  );
}

describe('.devsecops.yml says so when it would not do what its author meant', () => {
  describe('rule ids', () => {
    it('refuses a real rule id written in another case, in severity and in suppressions, naming the id meant', () => {
      deepStrictEqual(
        problemsOf(
          [
            'severity:',
            '  b602: critical',
            '  dl3008: high',
            '  Ds001: low',
            'suppressions:',
            '  - rule: sc2086',
            '    reason: quoted upstream',
            '  - rule: ghsa-JFHM-5GHH-2F97',
            '    reason: not reachable',
            '  - rule: pysec-2021-19',
            '    reason: not reachable',
            '',
          ].join('\n'),
        ),
        [
          '.devsecops.yml:2: severity key "b602" matches no finding: rule ids are case-sensitive; did you mean B602?',
          '.devsecops.yml:3: severity key "dl3008" matches no finding: rule ids are case-sensitive; did you mean DL3008?',
          '.devsecops.yml:4: severity key "Ds001" matches no finding: rule ids are case-sensitive; did you mean DS001?',
          '.devsecops.yml:6: suppressions[0].rule "sc2086" matches no finding: rule ids are case-sensitive; did you mean SC2086?',
          '.devsecops.yml:8: suppressions[1].rule "ghsa-JFHM-5GHH-2F97" matches no finding: rule ids are case-sensitive; did you mean GHSA-jfhm-5ghh-2f97?',
          '.devsecops.yml:10: suppressions[2].rule "pysec-2021-19" matches no finding: rule ids are case-sensitive; did you mean PYSEC-2021-19?',
        ],
      );
    });

    it('warns about an id in a scanner family that no scanner reports, with the closest id when there is one', () => {
      const text = [
        'severity:',
        '  B6022: critical',
        '  B9999: low',
        '  DL9999: info',
        'suppressions:',
        '  - rule: DS0001',
        '    reason: pinned elsewhere',
        '',
      ].join('\n');
      deepStrictEqual(warningsOf(text), [
        '.devsecops.yml:2: severity key "B6022" is a rule no scanner of this version reports, so it applies to nothing; did you mean B602?',
        '.devsecops.yml:3: severity key "B9999" is a rule no scanner of this version reports, so it applies to nothing; check the id in a report (`devsecops rules` lists the built-in ones).',
        '.devsecops.yml:4: severity key "DL9999" is a rule no scanner of this version reports, so it applies to nothing; check the id in a report (`devsecops rules` lists the built-in ones).',
        '.devsecops.yml:6: suppressions[0].rule "DS0001" is a rule no scanner of this version reports, so it applies to nothing; did you mean DS001?',
      ]);
      // A warning changes nothing the file says.
      deepStrictEqual(parseConfig(text, '.devsecops.yml').severity, {
        B6022: 'critical',
        B9999: 'low',
        DL9999: 'info',
      });
    });

    it('takes every id a scanner reports, advisory ids, ShellCheck codes, other tools and "*" without a word', () => {
      const text = [
        'severity:',
        '  B101: info',
        '  B113: high',
        '  B615: high',
        '  DL3008: high',
        '  DL1000: low',
        '  DS005: low',
        '  SC2086: info',
        '  GHSA-jfhm-5ghh-2f97: low',
        '  PYSEC-2021-19: low',
        '  CVE-2023-12345: low',
        '  my-custom-rule: low',
        'suppressions:',
        '  - rule: "*"',
        '    reason: generated code',
        '    path: gen/**',
        '',
      ].join('\n');
      strictEqual(parseConfig(text, '.devsecops.yml').policyWarnings, undefined);
    });

    it('checks ids the way findings carry them: each Bandit test id from B101 to B704, each Dockerfile rule', () => {
      for (const id of [
        'B101',
        'B110',
        'B201',
        'B202',
        'B301',
        'B325',
        'B401',
        'B415',
        'B501',
        'B509',
        'B601',
        'B615',
      ]) {
        strictEqual(ruleIdAdvice(id), undefined, id);
      }
      for (const id of ['B701', 'B704', 'DL3007', 'DL4006', 'DS001', 'DS005'])
        strictEqual(ruleIdAdvice(id), undefined, id);
      deepStrictEqual(ruleIdAdvice('b101'), { kind: 'wrong-case', meant: 'B101' });
      deepStrictEqual(ruleIdAdvice('B7044'), { kind: 'unknown', closest: 'B704' });
    });

    it('attack: an id no rule is as long as costs no edit distances', () => {
      const long = `B${'1'.repeat(200_000)}`;
      const started = process.hrtime.bigint();
      deepStrictEqual(ruleIdAdvice(long), { kind: 'unknown' });
      ok(process.hrtime.bigint() - started < 50_000_000n, 'a long id was compared with every known one');
    });
  });

  describe('suppression fingerprints', () => {
    it('warns about a fingerprint of a form no finding carries, and takes the form findings carry', () => {
      const real = fingerprintOf({ tool: 'bandit', ruleId: 'B602', path: 'app.py', lineContent: 'x', occurrence: 0 });
      const text = [
        'suppressions:',
        '  - rule: B602',
        '    reason: vetted',
        '    fingerprint: abc123',
        '  - rule: B602',
        '    reason: vetted',
        `    fingerprint: "${real.toUpperCase()}"`,
        '  - rule: B602',
        '    reason: vetted',
        `    fingerprint: "${real}"`,
        '',
      ].join('\n');
      deepStrictEqual(warningsOf(text), [
        '.devsecops.yml:4: suppressions[0].fingerprint "abc123" is not a fingerprint this version writes (v1: and 32 hexadecimal digits), so the suppression silences nothing; copy the fingerprint from a report (JSON, SARIF) or the editor\'s quick fix.',
        `.devsecops.yml:7: suppressions[1].fingerprint "${real.toUpperCase()}" is not a fingerprint this version writes (v1: and 32 hexadecimal digits), so the suppression silences nothing; copy the fingerprint from a report (JSON, SARIF) or the editor's quick fix.`,
      ]);
    });

    it('attack: a fingerprint that holds a line break stays on one line of its own', () => {
      const warnings = warningsOf(
        'suppressions:\n  - rule: B602\n    reason: x\n    fingerprint: "abc\\n.devsecops.yml:1: fine"\n',
      );
      strictEqual(warnings.length, 1);
      ok(!/[\n\r]/.test(warnings[0] ?? ''), JSON.stringify(warnings));
    });
  });

  describe('globs (ignore, suppression paths)', () => {
    it('warns about a glob written as a regular expression or from the root, with the glob it meant', () => {
      const text = [
        'ignore:',
        '  - ".*\\\\.py"',
        '  - "^src/.*$"',
        '  - /tests/**',
        'suppressions:',
        '  - rule: B101',
        '    reason: tests assert',
        '    path: "^tests/.*\\\\.py$"',
        '',
      ].join('\n');
      deepStrictEqual(warningsOf(text), [
        '.devsecops.yml:2: ignore[0]: ".*\\\\.py" reads as a regular expression, and globs are not: it matches no path as meant. Write a glob, e.g. "**/*.py" (* is any characters within a folder, ** any folders).',
        '.devsecops.yml:3: ignore[1]: "^src/.*$" reads as a regular expression, and globs are not: it matches no path as meant. Write a glob, e.g. "src/**" (* is any characters within a folder, ** any folders).',
        '.devsecops.yml:4: ignore[2]: "/tests/**" starts with "/", and paths are repository-relative (src/app.py): it matches no path as meant; write "tests/**".',
        '.devsecops.yml:8: suppressions[0].path: "^tests/.*\\\\.py$" reads as a regular expression, and globs are not: it matches no path as meant. Write a glob, e.g. "tests/**/*.py" (* is any characters within a folder, ** any folders).',
      ]);
      deepStrictEqual(parseConfig(text, '.devsecops.yml').ignore, ['.*\\.py', '^src/.*$', '/tests/**']);
    });

    it('refuses such a glob negated: it matches every path, so it would ignore (or suppress) everything', () => {
      deepStrictEqual(problemsOf('ignore:\n  - tests/**\n  - "!^tests/security/.*$"\n  - "!/tests/keep/**"\n'), [
        '.devsecops.yml:3: ignore[1]: "!^tests/security/.*$" reads as a regular expression, and globs are not: what follows "!" matches no path, so the glob matches every path. Write a glob, e.g. "!tests/security/**" (* is any characters within a folder, ** any folders).',
        '.devsecops.yml:4: ignore[2]: "!/tests/keep/**" starts with "/", and paths are repository-relative (src/app.py): what follows "!" matches no path, so the glob matches every path; write "!tests/keep/**".',
      ]);
    });

    it('refuses an ignore list a negation makes cover every path (a "!" there brings nothing back)', () => {
      deepStrictEqual(problemsOf('ignore:\n  - tests/**\n  - "!tests/security/**"\n'), [
        '.devsecops.yml:3: ignore[1]: "!tests/security/**" matches every path outside what follows "!" (a "!" here brings no file back, as it would in .gitignore), and ignore[0] "tests/**" matches paths inside it: together they leave next to nothing to scan, and a scan of nothing passes. List only what to ignore.',
      ]);
      strictEqual(problemsOf('ignore:\n  - "**"\n  - "!app/**"\n').length, 1);
      strictEqual(problemsOf('ignore:\n  - tests\n  - "!tests/keep.py"\n').length, 1);
      // A negation alone, or beside globs that leave what it names alone, means what it says.
      for (const text of [
        'ignore:\n  - "!src/**"\n',
        'ignore:\n  - "**/test_*.py"\n  - "!src/**"\n',
        'ignore:\n  - tests/a.py\n  - "!tests/**"\n',
      ]) {
        strictEqual(parseConfig(text, '.devsecops.yml').policyWarnings, undefined, text);
      }
    });

    it('takes globs as globs: dotfiles, a leading ./ (the matcher drops it), extensions, escapes', () => {
      const text =
        'ignore:\n  - ".*"\n  - ./docs/**\n  - "config.*"\n  - "**/*.py"\n  - "src/[!_]*.py"\n  - "price\\\\$"\n';
      strictEqual(parseConfig(text, '.devsecops.yml').policyWarnings, undefined);
    });
  });

  it('a file with none of these mistakes carries no warnings', () => {
    throws(() => problemsOf('gate:\n  failOn: high\n'));
    strictEqual(parseConfig('gate:\n  failOn: high\n', '.devsecops.yml').policyWarnings, undefined);
  });
});
