import { deepStrictEqual, match, ok } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Mocha from 'mocha';
import { runSuiteWithFocusedTest } from '../../test/focused-mocha-run';
import { mochaHooks } from '../../test/forbid-only-hooks';

const REPOSITORY_ROOT = join(__dirname, '..', '..');

describe('forbid-only root hooks (for Stryker, whose mocha runner drops forbidOnly)', () => {
  it('fail a run holding an it.only before any test runs', async () => {
    // As Stryker's mocha runner builds it: its own options and the root hooks of its required files.
    const result = await runSuiteWithFocusedTest({ timeout: 0, rootHooks: mochaHooks });
    deepStrictEqual(result.passed, []);
    match(result.failures.join('\n'), /marked \.only/);
  });

  it('(the check itself) without them an it.only silently runs one test of two', async () => {
    const result = await runSuiteWithFocusedTest({ timeout: 0 });
    deepStrictEqual(result, { failures: [], passed: ['focused'] });
  });

  it('let a run without .only pass', async () => {
    const mocha = new Mocha({ reporter: Mocha.reporters.Base, rootHooks: mochaHooks });
    const suite = Mocha.Suite.create(mocha.suite, 'a suite');
    suite.addTest(new Mocha.Test('plain', () => {}));
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    deepStrictEqual(failures, 0);
  });

  it("are required by Stryker's mocha options for every mutation group", () => {
    const required = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { MUTATION_GROUPS } = await import('./scripts/mutation-groups.mjs');" +
          'const requires = [];' +
          'for (const group of Object.keys(MUTATION_GROUPS)) {' +
          '  process.env.MUTATION_GROUP = group;' +
          '  const config = await import(`./stryker.config.mjs?group=${group}`);' +
          '  requires.push(config.default.mochaOptions.require);' +
          '}' +
          'console.log(JSON.stringify(requires));',
      ],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8' },
    );
    const requires = JSON.parse(required) as string[][];
    ok(requires.length > 0);
    for (const list of requires) ok(list.includes('./test/forbid-only-hooks.ts'), JSON.stringify(list));
  });
});
