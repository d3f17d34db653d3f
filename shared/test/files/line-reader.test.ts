import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLineReader } from '../../src/files/line-reader';
import { runProcess } from '../../src/process/process-runner';

/*
 * A finding's path comes from a tool's report, so a hostile repository decides it: the line
 * reader behind fingerprints reads only regular files inside the tree.
 */
describe('fileLineReader', () => {
  let base: string;
  let root: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'line-reader-'));
    root = join(base, 'repo');
    mkdirSync(root);
    writeFileSync(join(base, 'secret.py'), 'CANARY = "outside"\n');
  });
  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('reads lines of files in the tree, editor buffers first, and nothing through links out, FIFOs or /dev', async () => {
    writeFileSync(join(root, 'app.py'), 'import os\r\nos.system(cmd)\n');
    symlinkSync('../secret.py', join(root, 'linked.py'));
    symlinkSync('/dev/zero', join(root, 'zero.py'));
    const fifo = await runProcess({ command: 'mkfifo', args: [join(root, 'fifo.py')], timeoutMs: 10_000 });
    deepStrictEqual(fifo.exitCode, 0, fifo.stderr);
    const read = fileLineReader(root, new Map([['buffer.py', 'first\nsecond']]));
    deepStrictEqual(
      [
        read('app.py', 2),
        read('buffer.py', 2),
        read('linked.py', 1),
        read('zero.py', 1),
        read('fifo.py', 1),
        read('../secret.py', 1),
        read('/etc/passwd', 1),
      ],
      ['os.system(cmd)', 'second', undefined, undefined, undefined, undefined, undefined],
    );
  });

  it('takes a line a scanner already knows before reading the file, and an editor buffer before both', () => {
    writeFileSync(join(root, 'app.py'), 'on disk 1\non disk 2\n');
    writeFileSync(join(root, 'edited.py'), 'on disk\n');
    const known = new Map([
      ['app.py', new Map([[2, 'as scanned 2']])],
      ['edited.py', new Map([[1, 'as scanned']])],
    ]);
    const read = fileLineReader(root, new Map([['edited.py', 'in the buffer']]), known);
    deepStrictEqual(
      [read('app.py', 1), read('app.py', 2), read('edited.py', 1)],
      ['on disk 1', 'as scanned 2', 'in the buffer'],
    );
  });
});
