import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('any non-empty CI is CI; unset or empty is not', () => {
    deepStrictEqual(
      ['true', '1', 'woodpecker', '', undefined].map((value) => isCi(value === undefined ? {} : { CI: value })),
      [true, true, true, false, false],
    );
  });
});
