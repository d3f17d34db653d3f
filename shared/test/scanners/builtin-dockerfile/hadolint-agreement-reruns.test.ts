import { deepStrictEqual } from 'node:assert/strict';
import { join } from 'node:path';
import Mocha from 'mocha';

const AGREEMENT_TESTS = join(__dirname, 'hadolint-agreement.test.ts');

/** Runs the loaded suite once more on the same Mocha, as Stryker's mocha runner does for each mutant. */
function runAgain(mocha: Mocha): Promise<string[]> {
  const failures: string[] = [];
  return new Promise((resolve) => {
    mocha
      .run(() => resolve(failures))
      .on('fail', (test, error: Error) => failures.push(`${test.fullTitle()}: ${error.message}`));
  });
}

describe('hadolint agreement suite, run repeatedly in one process (as Stryker runs it)', function () {
  this.timeout(120_000);

  it('passes every run, not only the first: its once-per-run check counts each run on its own', async () => {
    const mocha = new Mocha({ reporter: Mocha.reporters.Base, timeout: 0 });
    mocha.cleanReferencesAfterRun(false);
    // A fresh copy of the suite for this Mocha; the copy the outer run loaded stays registered there.
    mocha.addFile(AGREEMENT_TESTS);
    mocha.unloadFiles();
    await mocha.loadFilesAsync();
    deepStrictEqual(await runAgain(mocha), []);
    deepStrictEqual(await runAgain(mocha), []);
  });
});
