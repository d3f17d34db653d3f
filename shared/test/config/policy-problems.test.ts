import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config';
import { policyFileProblems, policyProblems } from '../../src/config/policy-problems';
import type { PolicyProblem } from '../../src/config/policy-problems';
import { MAX_CONFIG_FILE_BYTES } from '../../src/config/load-config';
import type { WhereToSet } from '../../src/config/trust';
import { NO_EXECUTION_SETTINGS } from '../../src/config/execution-settings';
import { isDevsecopsError } from '../../src/errors';
import { useTemporaryDirectory } from '../temporary-directory';

const NAME = '.devsecops.yml';

/** Each problem as `severity line:column-endColumn`, the shape a reader checks at a glance. */
function places(problems: readonly PolicyProblem[]): string[] {
  return problems.map(
    ({ severity, span }) =>
      `${severity} ${String(span.line)}:${String(span.column)}-${span.endColumn === undefined ? 'eol' : String(span.endColumn)}`,
  );
}

/** The text a span covers (to the end of its line when it has no end). */
function covered(text: string, problem: PolicyProblem): string {
  const line = text.split('\n')[problem.span.line - 1] ?? '';
  return line.slice(
    problem.span.column - 1,
    problem.span.endColumn === undefined ? undefined : problem.span.endColumn - 1,
  );
}

const EVERY_KIND = [
  'version: 1', // 1
  'severty:', // 2: unknown key (error, on the key)
  '  B101: low', // 3
  'severity:', // 4
  '  b101: low', // 5: wrong-case rule id as a key (error, on the key)
  'ignore:', // 6
  '  - ".*\\\\.py$"', // 7: a regular expression where a glob belongs (warning, on the value)
  'suppressions:', // 8
  '  - rule: b602', // 9: wrong-case rule id (error, on the value)
  '    reason: reviewed', // 10
  '  - rule: B999', // 11: a rule no scanner reports (warning, on the value)
  '    fingerprint: abc', // 12: not a fingerprint (warning, on the value)
  '    reason: x', // 13
  '  - rule: B101', // 14: no reason (error, on the entry's first line)
  'tools:', // 15
  '  bandit:', // 16
  '    path: /tmp/evil', // 17: an execution key (warning, on the key)
  '    timeoutSeconds: 10', // 18: a shorter time limit, honoured: nothing to say
  '',
].join('\n');

describe('policyProblems: every problem of .devsecops.yml at its key or value', () => {
  it('places each kind of problem on the key or value it is about, errors and warnings apart, in text order', () => {
    const problems = policyProblems(EVERY_KIND, NAME);
    deepStrictEqual(places(problems), [
      'error 2:1-8',
      'error 5:3-7',
      'warning 7:5-15',
      'error 9:11-15',
      'warning 11:11-15',
      'warning 12:18-21',
      'error 14:5-eol',
      'warning 17:5-9',
    ]);
    deepStrictEqual(
      problems.map((problem) => covered(EVERY_KIND, problem)),
      ['severty', 'b101', '".*\\\\.py$"', 'b602', 'B999', 'abc', 'rule: B101', 'path'],
    );
    // Each did-you-mean is also an edit of the span, for a quick fix; a guess-free one only.
    deepStrictEqual(
      problems.map((problem) =>
        problem.fix === undefined ? '' : `${problem.fix.written} -> ${problem.fix.replacement}`,
      ),
      ['severty -> severity', 'b101 -> B101', '', 'b602 -> B602', 'B999 -> B109', '', '', ''],
    );
    ok(problems[0]?.message.includes('did you mean "severity"?'), problems[0]?.message);
    ok(problems[3]?.message.includes('did you mean B602?'), problems[3]?.message);
  });

  it('says the same errors at the same lines as the CLI, so the editor and a scan never disagree', () => {
    let thrown = '';
    throws(
      () => parseConfig(EVERY_KIND, NAME),
      (error: unknown) => {
        thrown = isDevsecopsError(error) ? error.message : '';
        return isDevsecopsError(error) && error.code === 'CONFIG_INVALID';
      },
    );
    const errors = policyProblems(EVERY_KIND, NAME).filter((problem) => problem.severity === 'error');
    deepStrictEqual(
      errors.map((problem) => `${NAME}:${String(problem.span.line)}: ${problem.message}`),
      thrown.split('\n').slice(1),
    );
  });

  it("says the CLI's policy warnings at the same lines, once the file is valid", () => {
    const valid = 'suppressions:\n  - rule: B999\n    fingerprint: abc\n    reason: x\n';
    const warnings = parseConfig(valid, NAME).policyWarnings ?? [];
    deepStrictEqual(
      policyProblems(valid, NAME).map((problem) => ({
        where: `${NAME}:${String(problem.span.line)}`,
        message: problem.message,
      })),
      warnings.map(({ where, message }) => ({ where, message })),
    );
  });

  it('finds nothing in a valid file, an empty one, or one of comments', () => {
    deepStrictEqual(policyProblems('version: 1\nseverity:\n  B101: low\ngate:\n  failOn: medium\n', NAME), []);
    deepStrictEqual(policyProblems('', NAME), []);
    deepStrictEqual(policyProblems('# nothing yet\n', NAME), []);
  });

  it('places a syntax error on its line, and reads no further', () => {
    deepStrictEqual(places(policyProblems('severity:\n  B101: [low\nnmae: 1\n', NAME)), ['error 3:1-2']);
  });

  it('places a wrong value on the value', () => {
    const text = 'gate:\n  failOn: hihg\n';
    const problems = policyProblems(text, NAME);
    deepStrictEqual(places(problems), ['error 2:11-15']);
    strictEqual(covered(text, problems[0] as PolicyProblem), 'hihg');
  });

  it('places a repeated key from the repetition on, and reads no further (as a syntax error)', () => {
    deepStrictEqual(places(policyProblems('gate:\n  failOn: hihg\nseverity:\n  B101: low\n  B101: high\n', NAME)), [
      'error 5:3-eol',
    ]);
  });

  it("words the execution-key warning for the front end, and honours a time limit shorter than the user's", () => {
    const whereToSet: WhereToSet = (key) => `the setting for ${key}`;
    const text = 'tools:\n  hadolint:\n    timeoutSeconds: 100000\n  bandit:\n    timeoutSeconds: 5\n    args: [-x]\n';
    const problems = policyProblems(text, NAME, { execution: NO_EXECUTION_SETTINGS, whereToSet });
    // A limit out of range is wrong (the value) and also one no repository may ask for (the key).
    deepStrictEqual(places(problems), ['warning 3:5-19', 'error 3:21-27', 'warning 6:5-9']);
    strictEqual(
      problems[2]?.message,
      'tools.bandit.args is ignored: a repository cannot add command-line arguments to Bandit. To set it for yourself, use the setting for tools.bandit.args.',
    );
  });

  it('places the problems of a file with CRLF line ends as those of the same file with LF', () => {
    deepStrictEqual(
      places(policyProblems(EVERY_KIND.replace(/\n/g, '\r\n'), NAME)),
      places(policyProblems(EVERY_KIND, NAME)),
    );
  });

  it('counts columns in UTF-16 code units, as the editor does', () => {
    const text = 'suppressions:\n  - {reason: "😀", rule: b602}\n';
    const [problem] = policyProblems(text, NAME);
    strictEqual(problem === undefined ? '' : covered(text, problem), 'b602');
  });

  describe('a hostile file', () => {
    it('keeps a key holding a line break on one line of the message', () => {
      const [problem] = policyProblems('"evil\\nsrc/app.py:1: all clear": 1\n', NAME);
      ok(problem !== undefined && !problem.message.includes('\n'), problem?.message);
      deepStrictEqual(places([problem]), ['error 1:1-32']);
    });

    it('refuses an unsaved buffer larger than a file may be, without parsing it', () => {
      const huge = `ignore:\n${'  - "[a"\n'.repeat(Math.ceil(MAX_CONFIG_FILE_BYTES / 9) + 1)}`;
      const started = performance.now();
      const problems = policyProblems(huge, NAME);
      ok(performance.now() - started < 1000, 'a length check, not a parse');
      deepStrictEqual(places(problems), ['error 1:1-eol']);
      ok(problems[0]?.message.includes('is not read'), problems[0]?.message);
    });

    it('reports a file nested too deep once, at its line, without composing it', () => {
      const deep = `a:\n${Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth + 1)}- `).join('\n')}1\n`;
      const problems = policyProblems(deep, NAME);
      strictEqual(problems.length, 1);
      strictEqual(problems[0]?.severity, 'error');
    });

    it('gives thousands of unknown keys each its place, in linear time', () => {
      const count = 20_000;
      const text = Array.from({ length: count }, (_, index) => `k${String(index)}: 1\n`).join('');
      const started = performance.now();
      const problems = policyProblems(text, NAME);
      strictEqual(problems.length, count);
      deepStrictEqual(places(problems.slice(-1)), [`error ${String(count)}:1-${String(String(count - 1).length + 2)}`]);
      ok(performance.now() - started < 10_000);
    });
  });
});

describe('policyFileProblems: the policy files of a folder, read as a scan reads them', () => {
  const folder = useTemporaryDirectory('devsecops-policy-problems-');

  it('finds nothing where there is no policy file', async () => {
    deepStrictEqual(await policyFileProblems(folder()), []);
  });

  it("gives a file's own problems, by its name", async () => {
    await writeFile(join(folder(), '.devsecops.yaml'), 'suppressions:\n  - rule: b602\n    reason: x\n');
    const files = await policyFileProblems(folder());
    deepStrictEqual(
      files.map((file) => [file.name, places(file.problems)]),
      [['.devsecops.yaml', ['error 2:11-15']]],
    );
  });

  it('says in both files that two policy files make neither count', async () => {
    await writeFile(join(folder(), '.devsecops.yml'), 'version: 1\n');
    await writeFile(join(folder(), '.devsecops.yaml'), 'nmae: 1\n');
    const files = await policyFileProblems(folder());
    deepStrictEqual(
      files.map((file) => [file.name, places(file.problems)]),
      [
        ['.devsecops.yml', ['error 1:1-eol']],
        ['.devsecops.yaml', ['error 1:1-eol', 'error 1:1-5']],
      ],
    );
    ok(files[0]?.problems[0]?.message.startsWith('Both .devsecops.yml and .devsecops.yaml exist'));
  });

  it('never reads a policy file through a link out of the folder, and says so at its top', async () => {
    const outside = join(folder(), '..', `outside-${String(process.pid)}.yml`);
    await writeFile(outside, 'nmae: 1\n');
    const repository = join(folder(), 'repository');
    await import('node:fs/promises').then((fs) => fs.mkdir(repository));
    await symlink(outside, join(repository, '.devsecops.yml'));
    try {
      const files = await policyFileProblems(repository);
      deepStrictEqual(
        files.map((file) => [file.name, places(file.problems)]),
        [['.devsecops.yml', ['error 1:1-eol']]],
      );
      ok(!files[0]?.problems[0]?.message.includes('nmae'), 'nothing of the outside file is shown');
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(outside, { force: true }));
    }
  });
});
