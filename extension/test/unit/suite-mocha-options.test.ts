import { match, strictEqual } from 'node:assert/strict';
import { runSuiteWithFocusedTest } from '../../../test/focused-mocha-run';
import { EXTENSION_SUITE_MOCHA_OPTIONS } from '../suite/suite-mocha-options';

describe('the extension-host suite’s Mocha options', () => {
  it('refuse a stray it.only instead of running only that test', async () => {
    const result = await runSuiteWithFocusedTest(EXTENSION_SUITE_MOCHA_OPTIONS);
    match(String(result.refused), /only/i);
    strictEqual(result.passed.length, 0);
  });

  it('(the check itself) without forbidOnly an it.only silently runs one test of two', async () => {
    const result = await runSuiteWithFocusedTest({ ...EXTENSION_SUITE_MOCHA_OPTIONS, forbidOnly: false });
    strictEqual(result.refused, undefined);
    strictEqual(result.passed.join(), 'focused');
  });
});
