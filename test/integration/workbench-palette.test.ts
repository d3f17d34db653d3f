// The e2e harness's command palette driver, against a stand-in page in headless Chromium: what it types goes
// into the palette, never into an editor that takes the keyboard while the palette opens.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import { CHROMIUM_PATH, launchChromium, Workbench } from '../e2e/workbench';

/**
 * The parts of the workbench the palette driver touches: F1 opens the quick input and gives it the keyboard, Escape
 * closes it, and each input event lists one command named by the box. The editor takes the keyboard once, as the
 * box's text is selected: an editor opened by an earlier step that settles late, in the moment between a locator's
 * `fill` focusing the box and sending the text as keystrokes (what typed a command title into a file in a full e2e
 * run). It stays open when it loses the keyboard: Chromium delivers the keystrokes to a box hidden in that moment,
 * and what decides where text goes is which element holds the keyboard.
 */
const STAND_IN_WORKBENCH = `<!doctype html>
<div class="part sidebar"><div class="composite title">EXPLORER</div></div>
<div class="monaco-editor"><textarea></textarea></div>
<div class="quick-input-widget" style="display: none"><input type="text"><div class="quick-input-list"></div></div>
<script>
  const widget = document.querySelector('.quick-input-widget');
  const box = widget.querySelector('input');
  const list = widget.querySelector('.quick-input-list');
  const editor = document.querySelector('.monaco-editor textarea');
  window.chosen = [];
  const close = () => { widget.style.display = 'none'; list.replaceChildren(); };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'F1') { event.preventDefault(); widget.style.display = ''; box.value = '>'; box.focus(); }
    if (event.key === 'Escape') close();
  });
  box.addEventListener('input', () => {
    const row = document.createElement('div');
    row.className = 'monaco-list-row';
    row.textContent = box.value.replace(/^>/, '');
    row.addEventListener('mousedown', (event) => event.preventDefault());
    row.addEventListener('click', () => { window.chosen.push(row.textContent); close(); });
    list.replaceChildren(row);
  });
  box.addEventListener('select', () => editor.focus(), { once: true });
</script>`;

describe('the e2e harness: running a command from the palette (Chromium, stand-in workbench)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;

  before(async function () {
    skipUnlessInstalled(this, existsSync(CHROMIUM_PATH), `Chromium is not at ${CHROMIUM_PATH}`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('types the command into the palette, never into an editor that takes the keyboard as the palette opens', async () => {
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage();
    await page.setContent(STAND_IN_WORKBENCH);
    await new Workbench(page).runCommand('DevSecOps: Open pipeline report');
    strictEqual(await page.locator('.monaco-editor textarea').inputValue(), '', 'the editor got the palette text');
    deepStrictEqual(await page.evaluate('window.chosen'), ['DevSecOps: Open pipeline report']);
    await page.close();
  });
});
