// The HTML report as a browser shows it: headless Chromium with every non-file request aborted and recorded.
// A report must load nothing, log no error, violate none of its own Content-Security-Policy, and show hostile
// text from a scanned repository as text.
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderReport, renderHtmlReport, htmlModelOfScan } from '@devsecops/shared/reports';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import {
  HOSTILE_INPUT,
  HOSTILE_PATH,
  HOSTILE_SNIPPET_LINE,
  SCRIPT_MESSAGE,
  TIMELINE_RUN,
} from '../../shared/test/reporters/hostile-html-input';
import { CHROMIUM_PATH, launchChromium } from '../e2e/workbench';

/** What a page did while it loaded and was used. */
interface PageRecord {
  readonly page: Page;
  /** Every request the page made, the report file itself included. */
  readonly requests: string[];
  readonly errors: string[];
  readonly dialogs: string[];
  violations(): Promise<string[]>;
}

/** Counts elements matching a selector, in the page (the DOM types are not in this project's lib). */
function countOf(page: Page, selector: string): Promise<number> {
  return page.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
}

describe('HTML report in Chromium (network blocked)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let dir = '';

  before(async function () {
    skipUnlessInstalled(this, existsSync(CHROMIUM_PATH), `Chromium is not at ${CHROMIUM_PATH}`);
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'devsecops-html-browser-'));
  });
  after(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string, javaScriptEnabled = true): Promise<PageRecord> {
    if (browser === undefined) throw new Error('no browser');
    const file = join(dir, name);
    writeFileSync(file, html);
    const context = await browser.newContext({ javaScriptEnabled, offline: true });
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    const record: PageRecord = {
      page,
      requests: [],
      errors: [],
      dialogs: [],
      violations: async () => JSON.parse(await page.evaluate('JSON.stringify(globalThis.__violations)')) as string[],
    };
    page.on('request', (request) => record.requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') record.errors.push(message.text());
    });
    page.on('pageerror', (error) => record.errors.push(String(error)));
    page.on('dialog', (dialog) => {
      record.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Init scripts run outside the page's policy: this one only listens for violations of it.
    await page.addInitScript(
      "globalThis.__violations = []; document.addEventListener('securitypolicyviolation', (event) => globalThis.__violations.push(event.violatedDirective + ' ' + event.blockedURI));",
    );
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return record;
  }

  it('loads nothing, logs nothing, violates nothing, and shows hostile text as text', async () => {
    const html = renderReport('html', HOSTILE_INPUT);
    const record = await open('hostile.html', html);
    const { page, requests, errors, dialogs } = record;
    deepStrictEqual(requests, [pathToFileURL(join(dir, 'hostile.html')).href]);
    deepStrictEqual(errors, []);
    deepStrictEqual(await record.violations(), []);
    deepStrictEqual(dialogs, []);
    // No element of the repository's: one script (ours), no image, frame, object or foreign SVG.
    strictEqual(await countOf(page, 'script'), 1);
    strictEqual(await countOf(page, 'img, iframe, object, embed, svg script, svg [onload], [onerror]'), 0);
    strictEqual(await countOf(page, 'b'), 0);
    // Every link is a place on the page or an http(s) page: the javascript: rule link was written as text.
    const targets = JSON.parse(
      await page.evaluate(
        "JSON.stringify([...document.querySelectorAll('a')].map((link) => link.getAttribute('href')))",
      ),
    ) as string[];
    deepStrictEqual(
      targets.filter((href) => !href.startsWith('#') && !href.startsWith('https://')),
      [],
    );
    // The hostile texts are there for a reader, visible.
    ok(await page.locator('p.msg', { hasText: SCRIPT_MESSAGE }).isVisible());
    ok(await page.locator('section.file > h3', { hasText: HOSTILE_PATH.slice(0, 10) }).isVisible());
    ok(await page.locator('ol.src li.hit', { hasText: HOSTILE_SNIPPET_LINE }).isVisible());
    ok(await page.locator('td', { hasText: '<iframe src="//evil.example"></iframe>' }).isVisible());
    ok(await page.locator('td', { hasText: '<a href="javascript:alert(9)">install</a>' }).isVisible());
    await page.context().close();
  });

  it('filters by tool, severity, path and the gate with JavaScript, and shows every finding without it', async () => {
    const html = renderReport('html', HOSTILE_INPUT);
    const withScript = await open('filters.html', html);
    const { page } = withScript;
    ok(await page.locator('#filters').isVisible());
    strictEqual(await page.locator('#shown').textContent(), '2 findings shown');
    await page.locator('select[name=tool]').selectOption('devsecops-sca');
    strictEqual(await page.locator('#shown').textContent(), '1 finding shown');
    ok(await page.locator('section.file[data-path="requirements.txt"]').isVisible());
    strictEqual(await page.locator('p.msg', { hasText: SCRIPT_MESSAGE }).isVisible(), false);
    await page.locator('select[name=tool]').selectOption('');
    await page.locator('select[name=severity]').selectOption({ label: 'high and above' });
    strictEqual(await page.locator('#shown').textContent(), '1 finding shown');
    await page.locator('select[name=severity]').selectOption({ label: 'every severity' });
    await page.locator('input[name=path]').fill('requirements');
    strictEqual(await page.locator('#shown').textContent(), '1 finding shown');
    await page.locator('input[name=path]').fill('');
    await page.locator('input[name=gate]').check();
    strictEqual(await page.locator('#shown').textContent(), '1 finding shown');
    ok(await page.locator('p.msg', { hasText: SCRIPT_MESSAGE }).isVisible());
    deepStrictEqual(withScript.errors, []);
    deepStrictEqual(await withScript.violations(), []);
    await page.context().close();

    const withoutScript = await open('no-script.html', html, false);
    strictEqual(await withoutScript.page.locator('#filters').isVisible(), false);
    strictEqual(await withoutScript.page.locator('section.file article').count(), 2);
    for (const finding of await withoutScript.page.locator('section.file article').all()) ok(await finding.isVisible());
    deepStrictEqual(withoutScript.errors, []);
    await withoutScript.page.context().close();
  });

  it('draws a pipeline run with relative links to each action’s files, and follows none while loading', async () => {
    const html = renderHtmlReport({ ...htmlModelOfScan(HOSTILE_INPUT), pipeline: TIMELINE_RUN });
    const record = await open('index.html', html);
    const { page, requests, errors } = record;
    strictEqual(requests.length, 1);
    deepStrictEqual(errors, []);
    deepStrictEqual(await record.violations(), []);
    strictEqual(await countOf(page, 'svg.timeline rect.st-failed'), 1);
    strictEqual(
      await page.locator('a', { hasText: 'logs/sast log#1.log' }).getAttribute('href'),
      'logs/sast%20log%231.log',
      'relative to the reports folder',
    );
    await page.context().close();
  });
});
