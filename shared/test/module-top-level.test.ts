// shared's modules are loaded into the editor's extension host and the bot's Lambda, not only into our CLI: an
// import must not change the process it lands in. A constant may be computed (a table, a pattern), but nothing at
// a module's top level may touch the process, timers, listeners, files or child processes. Only the CLI's two
// entry points run at their top level: running is their job, and only the CLI loads them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importTimeEffects, typeScriptFiles } from '../../test/module-top-level';

const sourceRoot = join(__dirname, '..', 'src');
const PROGRAM_ENTRY_POINTS = new Set(['cli/bin.ts', 'cli/main.ts']);

describe("shared's modules, when imported", () => {
  it('allow computed constants, and find what would touch the process', () => {
    const text = [
      "import { spawn } from 'node:child_process';",
      "import { readFileSync } from 'node:fs';",
      "export const NAMES = ['a', 'b'].map((name) => name.toUpperCase());",
      "const PATTERN = new RegExp(['x', 'y'].join('|'));",
      "const CONFIG = readFileSync('/etc/passwd', 'utf8');",
      'const timer = setInterval(() => undefined, 1000);',
      "const child = spawn('sh', []);",
      'const original = process.emitWarning.bind(process);',
      "process.on('exit', () => undefined);",
      'export class Cache { static readonly started = process.hrtime(); static readonly size = Math.max(1, 2); }',
      'export function later(): void { setTimeout(() => undefined, 1); }',
    ].join('\n');
    assert.deepEqual(importTimeEffects('sample.ts', text, 'pure'), [
      'sample.ts:5: readFileSync(…) runs when the module loads',
      'sample.ts:6: setInterval(…) runs when the module loads',
      'sample.ts:7: spawn(…) runs when the module loads',
      'sample.ts:8: process.emitWarning.bind(…) runs when the module loads',
      'sample.ts:9: ExpressionStatement runs when the module loads',
      'sample.ts:10: a static member runs code when the module loads',
    ]);
  });

  it('touch nothing: no module of shared/src but the CLI entry points acts at its top level', () => {
    const files = typeScriptFiles(sourceRoot)
      .map((file) => relative(sourceRoot, file).split('\\').join('/'))
      .filter((file) => !PROGRAM_ENTRY_POINTS.has(file));
    assert.ok(files.length > 150, `expected shared's modules under ${sourceRoot}, found ${String(files.length)}`);
    const effects = files.flatMap((file) =>
      importTimeEffects(file, readFileSync(join(sourceRoot, file), 'utf8'), 'pure'),
    );
    assert.deepEqual(effects, []);
  });
});
