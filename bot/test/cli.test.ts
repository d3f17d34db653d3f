import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '@devsecops/shared/reports';
import { main } from '../src/cli';
import { assertGolden } from './golden';
import { ALL_FINDINGS } from './findings';

const PATCH = join(__dirname, 'fixtures', 'diffs', 'pr.patch');

/** Runs the CLI with stdout and stderr captured. */
async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = (chunk: string) => out.push(chunk) > 0;
  process.stderr.write = (chunk: string) => err.push(chunk) > 0;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

describe('devsecops-bot CLI', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bot-cli-'));
    const sarif = renderReport('sarif', {
      result: { findings: ALL_FINDINGS, tools: [] },
      root: folder,
      gate: { failOn: 'high', passed: false },
    });
    writeFileSync(join(folder, 'scan.sarif'), sarif);
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('plan: prints what would be posted offline, exit 1 when the gate fails', async () => {
    const result = await run(['plan', '--sarif', join(folder, 'scan.sarif'), '--diff', PATCH, '--max-inline', '2']);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1);
    assertGolden('cli-plan.txt', result.stdout);
  });

  it('plan: exit 0 when the gate passes (--fail-on none)', async () => {
    const result = await run(['plan', '--sarif', folder, '--diff', PATCH, '--fail-on', 'none', '--mode', 'nofilter']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /gate passed \(fail on none\)/);
  });

  it('usage errors exit 2 and say what to do', async () => {
    const missing = await run(['comment', '--repository', 'r', '--pull-request', '1']);
    assert.deepStrictEqual(missing, {
      code: 2,
      stdout: '',
      stderr: 'devsecops-bot: give exactly one of --sarif or --findings-bucket\n',
    });
    const badMode = await run(['plan', '--sarif', folder, '--diff', PATCH, '--mode', 'changed']);
    assert.equal(badMode.code, 2);
    assert.match(badMode.stderr, /Allowed choices are added, diff_context, file, nofilter/);
    const badCount = await run(['plan', '--sarif', folder, '--diff', PATCH, '--max-inline', 'many']);
    assert.deepStrictEqual(badCount, {
      code: 2,
      stdout: '',
      stderr: 'devsecops-bot: --max-inline is "many": use a whole number, 0 or more.\n',
    });
    const noSarif = await run(['plan', '--sarif', join(folder, 'missing'), '--diff', PATCH]);
    assert.equal(noSarif.code, 2);
    assert.match(noSarif.stderr, /Cannot read SARIF from .*missing: pass a \.sarif file or the folder/);
  });
});
