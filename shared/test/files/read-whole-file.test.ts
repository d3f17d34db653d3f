import { strictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWholeFile } from '../../src/files/read-whole-file';

describe('readWholeFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devsecops-read-whole-file-'));
    writeFileSync(join(dir, 'small'), 'hello');
    symlinkSync(join(dir, 'small'), join(dir, 'link'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (name: string, maxBytes = 5, followLinks = true): Promise<string | undefined> =>
    (await readWholeFile(join(dir, name), { maxBytes, followLinks }))?.toString('utf8');

  it('reads a regular file up to its limit, through a link only when asked to', async () => {
    strictEqual(await read('small'), 'hello');
    strictEqual(await read('small', 4), undefined, 'one byte over');
    strictEqual(await read('link'), 'hello');
    strictEqual(await read('link', 5, false), undefined);
  });

  it('gives nothing for a missing file, a folder or a FIFO, without blocking on the FIFO', async () => {
    strictEqual(await read('missing'), undefined);
    strictEqual(await readWholeFile(dir, { maxBytes: 1 << 20, followLinks: true }), undefined);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    strictEqual(await read('fifo'), undefined);
  });
});
