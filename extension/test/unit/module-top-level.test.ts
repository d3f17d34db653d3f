// The extension host is shared by every installed extension: importing one of our modules must not change the
// process (replace `process.emitWarning`, add listeners, start timers) or do work of its own. Each module's top
// level only declares; what runs, runs when activation or a command calls it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importTimeEffects, typeScriptFiles } from '../../../test/module-top-level';

const sourceRoot = join(__dirname, '..', '..', 'src');

describe('the extension modules, when imported', () => {
  it('finds what a module would do on import', () => {
    const text = [
      "import * as vscode from 'vscode';",
      'export const ICON = new vscode.ThemeIcon("error");',
      'const original = process.emitWarning.bind(process);',
      'process.emitWarning = () => undefined;',
      'export class Thing { static readonly started = Date.now(); }',
      'export function later(): void { process.exitCode = 1; }',
    ].join('\n');
    assert.deepEqual(importTimeEffects('sample.ts', text, 'none'), [
      'sample.ts:3: process.emitWarning.bind(…) runs when the module loads',
      'sample.ts:4: ExpressionStatement runs when the module loads',
      'sample.ts:5: a static member runs code when the module loads',
    ]);
  });

  it('only declare: no module of extension/src runs anything at its top level', () => {
    const files = typeScriptFiles(sourceRoot);
    assert.ok(files.length > 40, `expected the extension's modules under ${sourceRoot}, found ${String(files.length)}`);
    const effects = files.flatMap((file) =>
      importTimeEffects(relative(sourceRoot, file), readFileSync(file, 'utf8'), 'none'),
    );
    assert.deepEqual(effects, []);
  });
});
