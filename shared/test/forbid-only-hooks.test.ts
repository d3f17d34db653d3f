import { deepStrictEqual, match, ok } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Mocha from 'mocha';
import { mochaHooks } from '../../test/forbid-only-hooks';

const REPOSITORY_ROOT = join(__dirname, '..', '..');

/**
 * Builds a Mocha as Stryker's mocha runner does (its own options, the root hooks of its required files),
 * defines one suite with an `it.only` test and a plain one, runs it silently and returns the failures' messages
 * and the tests that passed.
 */
function runWithOnly(rootHooks: Mocha.RootHookObject | undefined): Promise<{ failures: string[]; passed: string[] }> {
  const mocha = new Mocha({ reporter: Mocha.reporters.Base, timeout: 0, rootHooks });
  const context: { describe?: Mocha.SuiteFunction; it?: Mocha.TestFunction } = {};
  mocha.suite.emit('pre-require', context, 'suite-with-only', mocha);
  const { describe: suite, it: test } = context;
  if (!suite || !test) throw new Error('Mocha did not provide describe and it');
  suite('a suite', () => {
    test.only('focused', () => {});
    test('left out by the only', () => {});
  });
  const failures: string[] = [];
  const passed: string[] = [];
  return new Promise((resolve) => {
    mocha
      .run(() => resolve({ failures, passed }))
      .on('pass', (passedTest) => passed.push(passedTest.title))
      .on('fail', (_failed, error: Error) => failures.push(error.message));
  });
}

describe('forbid-only root hooks (for Stryker, whose mocha runner drops forbidOnly)', () => {
  it('fail a run holding an it.only before any test runs', async () => {
    const result = await runWithOnly(mochaHooks);
    deepStrictEqual(result.passed, []);
    match(result.failures.join('\n'), /marked \.only/);
  });

  it('(the check itself) without them an it.only silently runs one test of two', async () => {
    const result = await runWithOnly(undefined);
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
