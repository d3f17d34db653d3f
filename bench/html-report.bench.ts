// The HTML report of a large scan: 10,000 findings over 2,000 files, with the source lines around each read from a
// real tree. Prints the file's size and how long headless Chromium takes to show it (DOMContentLoaded, first
// contentful paint, load; median of several fresh pages). Goals: under 5 MB, shown in under 2 s. Numbers only.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readSourceExcerpts } from '../shared/src/reporters/html/source-excerpts';
import { renderReport } from '@devsecops/shared/reports';
import type { Finding } from '@devsecops/shared/findings';
import type { ReportInput } from '@devsecops/shared/reports';
import { LARGE_SCAN_FILES, LARGE_SCAN_FINDINGS, LARGE_SCAN_TOOLS, largeScanFindings } from './large-scan';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/workbench';
import { median } from './stats';
import { below, verdict } from './targets';

const FINDING_COUNT = LARGE_SCAN_FINDINGS;
const FILE_COUNT = LARGE_SCAN_FILES;
const LINES_PER_FILE = 120;
const PAGE_LOADS = 5;

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-html-bench-'));
  try {
    for (let file = 0; file < FILE_COUNT; file += 1) {
      mkdirSync(join(root, `src/package_${file}`), { recursive: true });
      const lines = Array.from(
        { length: LINES_PER_FILE },
        (_, line) => `    result_${line} = subprocess.call(command_${line}, shell=True)  # <line ${line + 1}> & more`,
      );
      writeFileSync(join(root, `src/package_${file}/module.py`), `${lines.join('\n')}\n`);
    }
    // Five findings per file, on different lines; every third with a fix.
    const findings: Finding[] = largeScanFindings(
      (index) => ((Math.floor(index / FILE_COUNT) * 23 + index) % 100) + 1,
    ).map((finding, index) =>
      index % 3 === 0
        ? { ...finding, fix: { description: 'Pass a list of arguments instead of a shell string.' } }
        : finding,
    );
    const tools = LARGE_SCAN_TOOLS;

    const readStart = performance.now();
    const sourceExcerpts = await readSourceExcerpts(root, findings);
    const readMs = performance.now() - readStart;
    const input: ReportInput = {
      result: { findings, tools },
      root,
      gate: { failOn: 'high', passed: false },
      sourceExcerpts,
    };
    const renderStart = performance.now();
    const html = renderReport('html', input);
    const renderMs = performance.now() - renderStart;
    const bytes = Buffer.byteLength(html, 'utf8');
    const file = join(root, 'report.html');
    writeFileSync(file, html);
    console.log(`${FINDING_COUNT} findings over ${FILE_COUNT} files`);
    console.log(`read source excerpts: ${readMs.toFixed(0)} ms (${sourceExcerpts.size} files)`);
    console.log(`render html         : ${renderMs.toFixed(0)} ms`);
    console.log(
      `size                : ${(bytes / 1024 / 1024).toFixed(2)} MB ${verdict(bytes, below(5 * 1024 * 1024, '5 MB'))}`,
    );

    if (!existsSync(CHROMIUM_PATH)) {
      console.log(`Chromium render     : not measured (no Chromium at ${CHROMIUM_PATH})`);
    } else {
      const browser = await launchChromium();
      try {
        const loaded: number[] = [];
        const painted: number[] = [];
        const ready: number[] = [];
        for (let load = 0; load < PAGE_LOADS; load += 1) {
          const context = await browser.newContext({ offline: true });
          const page = await context.newPage();
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
          const timing = JSON.parse(
            await page.evaluate(
              "JSON.stringify({ dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, load: performance.getEntriesByType('navigation')[0].loadEventEnd, fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime })",
            ),
          ) as { dcl: number; load: number; fcp: number };
          ready.push(timing.dcl);
          painted.push(timing.fcp);
          loaded.push(timing.load);
          await context.close();
        }
        const dcl = median(ready);
        console.log(
          `Chromium render     : DOMContentLoaded ${dcl.toFixed(0)} ms, first contentful paint ${median(painted).toFixed(0)} ms, load ${median(loaded).toFixed(0)} ms (median of ${PAGE_LOADS} fresh pages) ${verdict(Math.max(dcl, median(painted)), below(2000, '2000 ms'))}`,
        );
      } finally {
        await browser.close();
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
