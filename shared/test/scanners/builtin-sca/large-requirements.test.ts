// A generated 100,000-line requirements file full of vulnerable duplicates and distinct
// vulnerable pins, scanned end to end (runScan: scanner, fingerprints, policy) against the
// real bundled database. Before the repeat and cap rules this made over a million findings
// and ran the CLI out of memory; now it must finish with a bounded, correct, non-empty result.
import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type DevsecopsConfig } from '../../../src/config/config';
import { runScan } from '../../../src/scan/run-scan';
import { clearLoadedDatabases, loadVulnerabilityDatabase } from '../../../src/scanners/builtin-sca/database-loader';
import { MAX_FINDINGS_PER_FILE, scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';

const LINE_COUNT = 100_000;

/** Line 1 `django>=1.0`, line 2 `flask==0.12.2`, then 30 % repeats of them (20k and 10k), 10 % distinct old pins, the rest harmless unique packages. */
function generatedFile(): string {
  const lines = ['django>=1.0', 'flask==0.12.2'];
  let distinct = 0;
  while (lines.length < LINE_COUNT) {
    const i = lines.length;
    if (i % 10 < 3) lines.push(i % 2 === 0 ? 'django>=1.0' : 'flask==0.12.2');
    else if (i % 10 === 3) {
      // Old releases of well-known packages: each is affected by dozens of advisories.
      const package_ = ['django', 'pillow', 'jinja2', 'urllib3', 'requests'][distinct % 5] ?? 'django';
      lines.push(`${package_}==1.${String(Math.floor(distinct / 5) % 12)}.${String(Math.floor(distinct / 60))}`);
      distinct += 1;
    } else lines.push(`harmless-package-${String(i)}==1.0`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a 100,000-line requirements file through runScan (bundled database)', function () {
  this.timeout(300_000);
  let root: string;
  let cache: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sca-large-'));
    cache = mkdtempSync(join(tmpdir(), 'sca-large-cache-'));
    writeFileSync(join(root, 'requirements.txt'), generatedFile());
    clearLoadedDatabases();
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    clearLoadedDatabases();
  });

  it('finishes with at most the cap of findings, the right ones on the first lines, and notes that say what was left out', async () => {
    const config: DevsecopsConfig = {
      ...DEFAULT_CONFIG,
      tools: { ...DEFAULT_CONFIG.tools, dependencyCheck: { enabled: 'off' } },
      gate: { failOn: 'none' },
    };
    const env = { DEVSECOPS_CACHE_DIR: cache, PATH: '/nonexistent' };
    const result = await runScan({ root, config, only: ['sca'], env });

    const tool = result.tools.find((run) => run.name === 'devsecops-sca');
    deepStrictEqual([tool?.status, tool?.version?.startsWith('OSV database 2024-10-10')], ['ok', true]);
    const findings = result.findings.filter((finding) => finding.tool === 'devsecops-sca');
    deepStrictEqual(findings.length + result.suppressed.length, MAX_FINDINGS_PER_FILE);

    // The repeated lines 1 and 2 carry exactly what a one-line file with the same requirement gets.
    const db = await loadVulnerabilityDatabase({ cacheDir: cache });
    for (const [line, text] of [
      [1, 'django>=1.0'],
      [2, 'flask==0.12.2'],
    ] as const) {
      const alone = scanRequirementsText(text, 'requirements.txt', db).findings.map((f) => f.ruleId);
      ok(alone.length > 0, text);
      deepStrictEqual(
        findings
          .filter((finding) => finding.location.line === line)
          .map((f) => f.ruleId)
          .sort(),
        [...alone].sort(),
        text,
      );
    }
    // Repeats are never reported again: no finding sits on a line that repeats line 1 or 2.
    deepStrictEqual(
      findings.filter((finding) => finding.location.line > 2 && finding.location.line % 10 < 3),
      [],
    );

    const notes = tool?.notes ?? [];
    ok(
      /^requirements\.txt:\d+:1: This file reached the limit of 10000 findings: \d+ more findings/.test(notes[0] ?? ''),
    );
    ok(notes.some((note) => note.startsWith('requirements.txt:1:1: django>=1.0 is repeated on 19999 more lines')));
    ok(notes.some((note) => note.startsWith('requirements.txt:2:1: flask==0.12.2 is repeated on 9999 more lines')));
    ok(notes.some((note) => note.startsWith('requirements.txt:1:1: django is required again with other specifiers')));
  });
});
