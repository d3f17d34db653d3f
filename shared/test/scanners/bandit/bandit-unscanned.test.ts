import { deepStrictEqual } from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { banditPathMapper, parseBanditReport } from '../../../src/scanners/bandit/bandit-report';
import type { BanditReport } from '../../../src/scanners/bandit/bandit-report';
import { banditUnscannedFiles } from '../../../src/scanners/bandit/bandit-unscanned';
import { assertMatchesGolden } from '../../scan/golden';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'scanner-reports');
const GOLDEN = join(__dirname, 'golden');
const ROOT = '/project';
const pathOf = banditPathMapper(ROOT, undefined);

function report(fixture: string): BanditReport {
  return parseBanditReport(readFileSync(join(FIXTURES, fixture), 'utf8'), { root: ROOT });
}

/** A minimal report: what `errors` and the per-file `metrics` say, no findings. */
function reportOf(errors: BanditReport['errors'], analysedFiles?: readonly string[]): BanditReport {
  return { findings: [], errors, ...(analysedFiles === undefined ? {} : { analysedFiles }) };
}

describe('banditUnscannedFiles: real reports', () => {
  for (const fixture of [
    'bandit-1.6.2-sample.json',
    'bandit-1.6.2-recursion-limit.json',
    'real-bandit-oauthlib.json',
    'real-bandit-kaizoku73-json-reports.json',
  ]) {
    it(`matches the golden unscanned files for ${fixture} (and its stderr, when recorded)`, () => {
      const stderrFile = join(FIXTURES, fixture.replace(/\.json$/, '.stderr.txt'));
      const parsed = report(fixture);
      assertMatchesGolden(
        join(GOLDEN, fixture.replace(/\.json$/, '.unscanned.json')),
        banditUnscannedFiles({
          report: parsed,
          stderr: existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '',
          // Bandit was given exactly the files it reports on: only its errors and its log can add entries.
          givenFiles: parsed.analysedFiles ?? [],
          pathOf,
        }),
      );
    });
  }

  it('finds the 1,500-term file Bandit 1.6.2 gave up on, beside the syntax error', () => {
    deepStrictEqual(
      banditUnscannedFiles({
        report: report('bandit-1.6.2-recursion-limit.json'),
        stderr: readFileSync(join(FIXTURES, 'bandit-1.6.2-recursion-limit.stderr.txt'), 'utf8'),
        givenFiles: ['bad.py', 'deep.py', 'shell.py'],
        pathOf,
      }),
      [
        { path: 'bad.py', reason: 'Bandit could not scan it: syntax error while parsing AST from file' },
        { path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
      ],
    );
  });
});

describe('banditUnscannedFiles: each kind of evidence', () => {
  it('reads a check that raised from stderr, where the file still looks scanned (it is in the metrics)', () => {
    // Bandit's own log format (tester.report_error): the exception text runs into "Traceback …" on the same line,
    // and the progress indicator may precede the line.
    const stderr = [
      '[main]\tINFO\tprofile include tests: None',
      '0.. 50.. [tester]\tERROR\tBandit internal error running: subprocess_popen_with_shell_equals_true on file ./app/deep.py at line 9: maximum recursion depth exceededTraceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/bandit/core/tester.py", line 64, in run_tests',
      'RecursionError: maximum recursion depth exceeded',
    ].join('\n');
    deepStrictEqual(
      banditUnscannedFiles({
        report: reportOf([], ['app/deep.py', 'app/ok.py']),
        stderr,
        givenFiles: ['app/deep.py', 'app/ok.py'],
        pathOf,
      }),
      [
        {
          path: 'app/deep.py',
          reason:
            "Bandit's check subprocess_popen_with_shell_equals_true failed at line 9, so its findings in this file are missing: maximum recursion depth exceeded",
        },
      ],
    );
  });

  it('reads a per-file exception from stderr even when the report lost it', () => {
    const stderr =
      '[manager]\tERROR\tException occurred when executing tests against /project/x.py. Run "bandit --debug /project/x.py" to see the full traceback.';
    deepStrictEqual(banditUnscannedFiles({ report: reportOf([]), stderr, pathOf }), [
      { path: 'x.py', reason: 'Bandit could not scan it: exception while scanning file' },
    ]);
  });

  it('calls a given file the per-file metrics do not cover unscanned, whatever Bandit said', () => {
    deepStrictEqual(
      banditUnscannedFiles({
        report: reportOf([{ path: 'b.py', reason: 'Permission denied' }], ['a.py']),
        stderr: '',
        givenFiles: ['a.py', 'b.py', 'c.py'],
        pathOf,
      }),
      [
        { path: 'b.py', reason: 'Bandit could not scan it: Permission denied' },
        { path: 'c.py', reason: 'Bandit was asked to scan it, but its report does not cover it' },
      ],
    );
  });

  it('skips the metrics check when the given files or the metrics are unknown', () => {
    deepStrictEqual(banditUnscannedFiles({ report: reportOf([], ['a.py']), stderr: '', pathOf }), []);
    deepStrictEqual(banditUnscannedFiles({ report: reportOf([]), stderr: '', givenFiles: ['a.py'], pathOf }), []);
  });

  it('maps temporary copies of unsaved buffers back to their repository paths', () => {
    const tmpPathOf = banditPathMapper(ROOT, new Map([['/tmp/devsecops-buffers-x/0/app.py', 'src/app.py']]));
    deepStrictEqual(
      banditUnscannedFiles({
        report: reportOf([], []),
        stderr: '',
        givenFiles: ['src/app.py'],
        pathOf: tmpPathOf,
      }),
      [{ path: 'src/app.py', reason: 'Bandit was asked to scan it, but its report does not cover it' }],
    );
    deepStrictEqual(
      banditUnscannedFiles({
        report: reportOf([]),
        stderr:
          'Exception occurred when executing tests against /tmp/devsecops-buffers-x/0/app.py. Run "bandit --debug /tmp/devsecops-buffers-x/0/app.py" to see',
        pathOf: tmpPathOf,
      }),
      [{ path: 'src/app.py', reason: 'Bandit could not scan it: exception while scanning file' }],
    );
  });

  it('lists each file once, with the first reason found (report errors before the log)', () => {
    deepStrictEqual(
      banditUnscannedFiles({
        report: reportOf([{ path: 'deep.py', reason: 'exception while scanning file' }], ['deep.py']),
        stderr:
          '[manager]\tERROR\tException occurred when executing tests against ./deep.py. Run "bandit --debug ./deep.py" to see the full traceback.',
        givenFiles: ['deep.py'],
        pathOf,
      }),
      [{ path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' }],
    );
  });
});
