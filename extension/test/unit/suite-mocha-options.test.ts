import { match, strictEqual } from 'node:assert/strict';
import Mocha from 'mocha';
import { EXTENSION_SUITE_MOCHA_OPTIONS } from '../suite/suite-mocha-options';

/**
 * Defines, as the extension-host suite does (its own Mocha's `describe` and `it`), one suite holding an
 * `it.only` test and a plain one, then runs it silently: what Mocha refused, or which tests passed.
 */
function defineAndRunWithOnly(options: Mocha.MochaOptions): Promise<{ refused?: Error; passed: string[] }> {
  // Colours are one setting for every Mocha in the process: the suite's `color: true` would colour this run's report.
  const mocha = new Mocha({ ...options, color: Mocha.reporters.Base.useColors, reporter: Mocha.reporters.Base });
  const context: { describe?: Mocha.SuiteFunction; it?: Mocha.TestFunction } = {};
  mocha.suite.emit('pre-require', context, 'suite-with-only', mocha);
  const { describe: suite, it: test } = context;
  if (!suite || !test) throw new Error('Mocha did not provide describe and it');
  try {
    suite('a suite', () => {
      test.only('focused', () => {});
      test('left out by the only', () => {});
    });
  } catch (error) {
    return Promise.resolve({ refused: error as Error, passed: [] });
  }
  const passed: string[] = [];
  return new Promise((resolve) => {
    mocha.run(() => resolve({ passed })).on('pass', (passedTest) => passed.push(passedTest.title));
  });
}

describe('the extension-host suite’s Mocha options', () => {
  it('refuse a stray it.only instead of running only that test', async () => {
    const result = await defineAndRunWithOnly(EXTENSION_SUITE_MOCHA_OPTIONS);
    match(String(result.refused), /only/i);
    strictEqual(result.passed.length, 0);
  });

  it('(the check itself) without forbidOnly an it.only silently runs one test of two', async () => {
    const result = await defineAndRunWithOnly({ ...EXTENSION_SUITE_MOCHA_OPTIONS, forbidOnly: false });
    strictEqual(result.refused, undefined);
    strictEqual(result.passed.join(), 'focused');
  });
});
