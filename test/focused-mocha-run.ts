import Mocha from 'mocha';

/** What a nested Mocha run of a suite holding a focused test did. */
export interface FocusedRun {
  /** What Mocha threw while the suite was being defined (forbidOnly refuses a focused test then). */
  readonly refused?: Error;
  /** The failures' messages (a root hook that refuses focused tests fails the run). */
  readonly failures: readonly string[];
  readonly passed: readonly string[];
}

/**
 * Runs, in a Mocha of its own with `options`, one suite of two tests: `focused`, marked as Mocha's `.only` marks
 * it, and `left out by the only`. Tests of a guard against a stray `.only` use it to see that the guard refuses
 * the run, and that without the guard only `focused` runs. The focused test is defined on this nested Mocha's own
 * `it`, so it never focuses the run that calls this; it is reached through a variable so that a search of the
 * repository for a stray `.only(` call finds none here.
 */
export function runSuiteWithFocusedTest(options: Mocha.MochaOptions): Promise<FocusedRun> {
  // Colours are one setting for every Mocha in the process: a nested `color: true` would colour the outer report.
  const mocha = new Mocha({ ...options, color: Mocha.reporters.Base.useColors, reporter: Mocha.reporters.Base });
  const context: { describe?: Mocha.SuiteFunction; it?: Mocha.TestFunction } = {};
  mocha.suite.emit('pre-require', context, 'suite-with-focused-test', mocha);
  const { describe: suite, it: test } = context;
  if (!suite || !test) throw new Error('Mocha did not provide describe and it');
  const focus: Mocha.ExclusiveTestFunction = test.only;
  try {
    suite('a suite', () => {
      focus('focused', () => {});
      test('left out by the only', () => {});
    });
  } catch (error) {
    return Promise.resolve({ refused: error as Error, failures: [], passed: [] });
  }
  const failures: string[] = [];
  const passed: string[] = [];
  return new Promise((resolve) => {
    mocha
      .run(() => resolve({ failures, passed }))
      .on('pass', (passedTest) => passed.push(passedTest.title))
      .on('fail', (_failed, error: Error) => failures.push(error.message));
  });
}
