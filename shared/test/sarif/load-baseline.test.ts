import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { loadBaseline, parseBaselineText } from '../../src/sarif/load-baseline';
import { useTemporaryRepository } from '../files/temporary-repository';

/** A SARIF log of another tool: one result, without a devsecops fingerprint (so it can never match). */
function foreignSarif(tool: string): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: tool } }, results: [{ ruleId: 'r1', message: { text: 'x' } }] }],
  });
}

describe('loadBaseline: a report file, or a folder of SARIF reports', () => {
  const temporary = useTemporaryRepository('devsecops-load-baseline-', []);

  it('reads one file, of any name', async () => {
    const file = join(temporary().root, 'earlier.json');
    writeFileSync(file, JSON.stringify({ findings: [], tools: [{ name: 'bandit', status: 'ok' }] }));
    deepStrictEqual(await loadBaseline(file), {
      sources: [file],
      entries: [],
      unmatchable: 0,
      tools: [{ name: 'bandit', succeeded: true }],
    });
  });

  it('reads a folder’s SARIF files in name order, adding up their tools and unmatchable results', async () => {
    const { root } = temporary();
    writeFileSync(join(root, 'sca.sarif'), foreignSarif('semgrep'));
    writeFileSync(join(root, 'dockerfile.sarif'), foreignSarif('trivy'));
    deepStrictEqual(await loadBaseline(root), {
      sources: [join(root, 'dockerfile.sarif'), join(root, 'sca.sarif')],
      entries: [],
      unmatchable: 2,
      tools: [
        { name: 'trivy', succeeded: true },
        { name: 'semgrep', succeeded: true },
      ],
    });
  });

  it('says what to pass when the path is missing, the folder holds no SARIF, or the file cannot be read', async () => {
    const { root } = temporary();
    const missing = join(root, 'missing.sarif');
    await rejects(loadBaseline(missing), {
      code: 'USAGE',
      message: `The baseline ${missing} (--baseline or DEVSECOPS_BASELINE) does not exist: name a SARIF or JSON report of an earlier scan, or a folder of SARIF reports.`,
    });
    writeFileSync(join(root, 'notes.txt'), 'not a report');
    await rejects(loadBaseline(root), {
      code: 'USAGE',
      message: `The baseline folder ${root} holds no .sarif report: point --baseline at the reports of an earlier scan.`,
    });
    await rejects(loadBaseline('/dev/null'), (error) => {
      strictEqual(isDevsecopsError(error) && error.code, 'USAGE');
      strictEqual(error instanceof Error && error.message.startsWith('The baseline /dev/null cannot be read: '), true);
      return true;
    });
  });

  it('text that is not JSON is refused as such, keeping the parser’s error as the cause', () => {
    let thrown: unknown;
    try {
      parseBaselineText('{ not json', 'base.json');
    } catch (error) {
      thrown = error;
    }
    strictEqual(isDevsecopsError(thrown) && thrown.code, 'INPUT_INVALID');
    strictEqual(
      thrown instanceof Error && thrown.message,
      'The baseline base.json is not JSON: pass a SARIF or --format json report of an earlier scan.',
    );
    strictEqual(thrown instanceof Error && thrown.cause instanceof SyntaxError, true);
  });

  it('a tool’s reason is kept only when it is text', () => {
    const report = { findings: [], tools: [{ name: 'bandit', status: 'failed', reason: 5 }] };
    deepStrictEqual(parseBaselineText(JSON.stringify(report), 'base.json').tools, [
      { name: 'bandit', succeeded: false, reason: 'the tool failed' },
    ]);
  });
});
