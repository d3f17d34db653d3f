import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessResult } from '@devsecops/shared/process';
import { runProcess } from '@devsecops/shared/process';
import { isCi } from '../../shared/test/require-in-ci';

const ROOT = join(__dirname, '..', '..');
const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/**
 * The test harness keeps its word: a stray `.only` cannot shrink a run (both mocha configs forbid it), and
 * any non-empty CI variable means CI, so a missing tool fails there instead of skipping.
 */
describe('the test harness', function () {
  this.timeout(120_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'devsecops-harness-'));
    // it['only'] is it.only to mocha; written so, no source file of the repository holds a literal exclusive test.
    writeFileSync(
      join(scratch, 'only.test.ts'),
      "describe('x', () => { it['only']('a', () => {}); it('b', () => {}); });\n",
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const config of ['.mocharc.cjs', 'test/e2e/.mocharc.cjs']) {
    it(`${config} fails a run that holds an it.only`, async () => {
      const result = await runProcess({
        command: process.execPath,
        args: [MOCHA, '--config', join(ROOT, config), join(scratch, 'only.test.ts')],
        cwd: config.startsWith('test/') ? join(ROOT, 'test') : ROOT,
        timeoutMs: 100_000,
      });
      strictEqual(result.exitCode, 1, result.stdout);
      match(result.stderr, /\.only` forbidden/);
    });
  }

  describe('a run that leaves something behind fails, naming it (exit: true would hide it)', () => {
    // The root config's own preloads, so a config that stopped loading the check fails here.
    let preloads: string[] = [];
    before(async () => {
      const config = (await import(join(ROOT, '.mocharc.cjs'))) as { default: { require: string[] } };
      preloads = config.default.require.flatMap((file) => ['--require', file]);
    });
    const runSpec = (name: string, body: string): Promise<ProcessResult> => {
      const spec = join(scratch, name);
      writeFileSync(spec, body);
      return runProcess({
        command: process.execPath,
        args: [MOCHA, '--no-config', ...preloads, '--extension', 'ts', '--exit', spec],
        cwd: ROOT,
        timeoutMs: 100_000,
      });
    };

    it('a poll still running (the setInterval that kept a full run alive after its summary)', async () => {
      const result = await runSpec(
        'interval.test.ts',
        "it('polls', () => {\n  setInterval(() => undefined, 25);\n});\n",
      );
      strictEqual(result.exitCode, 1, result.stdout);
      match(result.stdout, /leaves no handle, timer or child process behind/);
      match(result.stdout, /timer made at .*interval\.test\.ts:2:3/);
    });

    it('a child process that no handle waits for, and a listening server', async () => {
      const result = await runSpec(
        'child.test.ts',
        [
          "import { spawn } from 'node:child_process';",
          "import { createServer } from 'node:net';",
          "it('starts', () => {",
          "  spawn('sleep', ['60'], { stdio: 'ignore', detached: true }).unref();",
          "  createServer().listen(0, '127.0.0.1');",
          '});',
          '',
        ].join('\n'),
      );
      strictEqual(result.exitCode, 1, result.stdout);
      const child = /child process (\d+): sleep 60/.exec(result.stdout);
      ok(child?.[1] !== undefined, result.stdout);
      process.kill(Number(child[1]), 'SIGKILL');
      match(result.stdout, /handle Server listening on/);
    });

    it('and a run that cleans up after itself passes', async () => {
      const result = await runSpec(
        'clean.test.ts',
        [
          "import { createServer } from 'node:net';",
          "it('cleans up', async () => {",
          '  const poll = setInterval(() => undefined, 5);',
          "  const server = createServer().listen(0, '127.0.0.1');",
          '  await new Promise((done) => setTimeout(done, 20));',
          '  clearInterval(poll);',
          '  await new Promise((done) => server.close(done));',
          '});',
          '',
        ].join('\n'),
      );
      strictEqual(result.exitCode, 0, result.stdout);
      match(result.stdout, /1 passing/);
    });
  });

  describe("npm test's closing line counts every check and every suite meant to run (scripts/test.mjs)", () => {
    /** What each `npm run <script>` prints and how it exits; a script not named passes without a word. */
    type NpmPlan = Readonly<Record<string, { readonly output?: string; readonly exitCode?: number }>>;
    let npmFolder: string;
    before(() => {
      // An `npm` first on the PATH that plays each script from FAKE_NPM_PLAN, so the real script runs its real
      // counting without running a suite.
      npmFolder = join(scratch, 'fake-npm');
      mkdirSync(npmFolder);
      writeFileSync(
        join(npmFolder, 'npm'),
        [
          `#!${process.execPath}`,
          'const script = process.argv[process.argv.length - 1];',
          "const step = JSON.parse(process.env.FAKE_NPM_PLAN ?? '{}')[script] ?? {};",
          "process.stdout.write(step.output ?? '');",
          'process.exitCode = step.exitCode ?? 0;',
          '',
        ].join('\n'),
      );
      chmodSync(join(npmFolder, 'npm'), 0o755);
    });
    const runNpmTest = async (plan: NpmPlan): Promise<{ closingLine: string; exitCode: number | null }> => {
      const result = await runProcess({
        command: process.execPath,
        args: [join(ROOT, 'scripts', 'test.mjs')],
        cwd: ROOT,
        env: { ...process.env, PATH: `${npmFolder}:${process.env['PATH'] ?? ''}`, FAKE_NPM_PLAN: JSON.stringify(plan) },
        timeoutMs: 100_000,
      });
      return { closingLine: result.stdout.trimEnd().split('\n').at(-1) ?? '', exitCode: result.exitCode };
    };
    const COLOUR = (code: number, text: string): string => `\u001b[${String(code)}m${text}\u001b[0m`;
    const UNIT_PASSES = {
      output: `${COLOUR(32, '  12 passing')}${COLOUR(90, ' (3s)')}\n${COLOUR(36, '  2 pending')}\n`,
    };
    const E2E_PASSES = { output: '  3 passing (9s)\n' };

    const cases: readonly { name: string; plan: NpmPlan; closingLine: string; exitCode: number }[] = [
      {
        name: 'everything passes: the suites’ passing tests, coloured as mocha colours them',
        plan: { 'test:unit': UNIT_PASSES, 'test:e2e': E2E_PASSES },
        closingLine: '15 passed, 0 failed',
        exitCode: 0,
      },
      {
        name: 'a lint failure counts one',
        plan: {
          lint: { output: 'error  x is never used\n', exitCode: 1 },
          'test:unit': UNIT_PASSES,
          'test:e2e': E2E_PASSES,
        },
        closingLine: '15 passed, 1 failed',
        exitCode: 1,
      },
      {
        name: 'every static check runs, and each that fails counts one',
        plan: {
          'format:check': { exitCode: 1 },
          typecheck: { exitCode: 2 },
          'test:unit': UNIT_PASSES,
          'test:e2e': E2E_PASSES,
        },
        closingLine: '15 passed, 2 failed',
        exitCode: 1,
      },
      {
        name: 'a unit failure does not skip e2e: both suites’ tests count',
        plan: { 'test:unit': { output: '  10 passing\n  2 failing\n', exitCode: 1 }, 'test:e2e': E2E_PASSES },
        closingLine: '13 passed, 2 failed',
        exitCode: 1,
      },
      {
        name: 'an e2e suite that fails without running a test, after a unit failure, counts one',
        plan: {
          'test:unit': { output: '  10 passing\n  1 failing\n', exitCode: 1 },
          'test:e2e': { output: 'code-server did not start\n', exitCode: 1 },
        },
        closingLine: '10 passed, 2 failed',
        exitCode: 1,
      },
      {
        name: 'a suite that exits non-zero with no "failing" line counts one',
        plan: { 'test:unit': { output: '  4 passing\n', exitCode: 1 }, 'test:e2e': E2E_PASSES },
        closingLine: '7 passed, 1 failed',
        exitCode: 1,
      },
      {
        name: 'a failed build counts one, and each suite it kept from running counts one',
        plan: { build: { exitCode: 1 }, 'test:unit': UNIT_PASSES, 'test:e2e': E2E_PASSES },
        closingLine: '0 passed, 3 failed',
        exitCode: 1,
      },
    ];
    for (const example of cases) {
      it(example.name, async () => {
        deepStrictEqual(await runNpmTest(example.plan), {
          closingLine: example.closingLine,
          exitCode: example.exitCode,
        });
      });
    }
  });

  it('any non-empty CI is CI; unset or empty is not', () => {
    deepStrictEqual(
      ['true', '1', 'woodpecker', '', undefined].map((value) => isCi(value === undefined ? {} : { CI: value })),
      [true, true, true, false, false],
    );
  });
});
