import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runProcess } from '../../src/process/process-runner';
import type { RepositoryFileRequest, RepositoryFileResult } from '../../src/files/repository-file';
import { checkRepositoryFile, readRepositoryFile, readRepositoryFileSync } from '../../src/files/repository-file';
import { useTemporaryRepository } from './temporary-repository';

/** What a read gave, in one comparable shape: the text, or the refusal's reason and message. */
function outcome(result: RepositoryFileResult): { text: string } | { reason: string; message: string } {
  return result.ok ? { text: result.text } : { reason: result.reason, message: result.error.message };
}

async function mkfifo(path: string): Promise<void> {
  const made = await runProcess({ command: 'mkfifo', args: [path], timeoutMs: 10_000 });
  strictEqual(made.exitCode, 0, made.stderr);
}

describe('readRepositoryFile (the one reader of repository files)', function () {
  const repository = useTemporaryRepository('repository-file-', ['outside']);
  let root: string;
  let outside: string;
  const servers: Server[] = [];

  beforeEach(() => {
    root = repository().root;
    outside = repository().beside('outside');
    writeFileSync(join(outside, 'secret.txt'), 'CANARY-outside-secret\n');
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  });

  /** Both readers agree on every case: each assertion runs through the async and the sync one. */
  async function both(request: Omit<RepositoryFileRequest, 'root'>): Promise<ReturnType<typeof outcome>> {
    const full = { root, ...request };
    const asynchronous = outcome(await readRepositoryFile(full));
    deepStrictEqual(outcome(readRepositoryFileSync(full)), asynchronous, 'the sync reader agrees');
    return asynchronous;
  }

  it('reads a regular file, and one reached through a link that stays inside', async () => {
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'real.yml'), 'version: 1\n');
    symlinkSync('config/real.yml', join(root, '.devsecops.yml'));
    symlinkSync(join(root, 'config'), join(root, 'linked-folder'));
    deepStrictEqual(await both({ path: 'config/real.yml', maxBytes: 100 }), { text: 'version: 1\n' });
    deepStrictEqual(await both({ path: '.devsecops.yml', maxBytes: 100 }), { text: 'version: 1\n' });
    deepStrictEqual(await both({ path: 'linked-folder/real.yml', maxBytes: 100 }), { text: 'version: 1\n' });
    deepStrictEqual(await both({ path: join(root, 'config', 'real.yml'), maxBytes: 100 }), { text: 'version: 1\n' });
  });

  it('reads UTF-16 with a byte order mark only when asked, and UTF-8 always', async () => {
    const text = '\uFEFFa==1\r\nb\u00e9==2\n';
    writeFileSync(join(root, 'le.txt'), Buffer.from(text, 'utf16le'));
    writeFileSync(join(root, 'be.txt'), Buffer.from(text, 'utf16le').swap16());
    writeFileSync(join(root, 'utf8.txt'), text);
    for (const path of ['le.txt', 'be.txt', 'utf8.txt']) {
      deepStrictEqual(await both({ path, maxBytes: 100, pipDecoding: true }), { text }, path);
    }
    const unasked = await both({ path: 'le.txt', maxBytes: 100 });
    strictEqual('text' in unasked && unasked.text !== text, true, 'UTF-8 unless asked');
  });

  it('refuses a link to a file outside, a linked folder that leaves, and ".." paths, naming the file', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'requirements.txt'));
    symlinkSync('../outside', join(root, 'sysetc'));
    const viaLink = {
      reason: 'outside',
      message:
        'requirements.txt is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it, or add it to `ignore` in .devsecops.yml to leave it out on purpose.',
    };
    deepStrictEqual(await both({ path: 'requirements.txt', maxBytes: 100, ignorable: true }), viaLink);
    deepStrictEqual(await both({ path: 'sysetc/secret.txt', maxBytes: 100 }), {
      reason: 'outside',
      message:
        'sysetc/secret.txt is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.',
    });
    deepStrictEqual(await both({ path: '../outside/secret.txt', maxBytes: 100 }), {
      reason: 'outside',
      message: '../outside/secret.txt is outside the repository: not read. Keep it inside the repository.',
    });
    deepStrictEqual(await both({ path: join(outside, 'secret.txt'), maxBytes: 100 }), {
      reason: 'outside',
      message: '../outside/secret.txt is outside the repository: not read. Keep it inside the repository.',
    });
  });

  it('judges a link by its text: a dangling link out of the tree is "outside", whether its target exists or not', async () => {
    // Answering "missing" for one and "outside" for the other would tell a hostile repository what exists on the machine.
    symlinkSync(join(outside, 'no-such-file'), join(root, 'dangling'));
    symlinkSync('../outside/no-such-folder', join(root, 'dangling-folder'));
    deepStrictEqual(
      [await both({ path: 'dangling', maxBytes: 100 }), await both({ path: 'dangling-folder/x', maxBytes: 100 })].map(
        (result) => ('reason' in result ? result.reason : 'read'),
      ),
      ['outside', 'outside'],
    );
    symlinkSync('no-such-file-inside', join(root, 'dangling-inside'));
    deepStrictEqual(await both({ path: 'dangling-inside', maxBytes: 100 }), {
      reason: 'missing',
      message: 'dangling-inside does not exist: not read. Check the path.',
    });
  });

  it('refuses /dev/zero, /proc and /sys behind links, and reads nothing there even when the tree is /', async () => {
    symlinkSync('/dev/zero', join(root, 'Dockerfile'));
    symlinkSync('/proc/self', join(root, 'proc'));
    deepStrictEqual(
      [await both({ path: 'Dockerfile', maxBytes: 100 }), await both({ path: 'proc/environ', maxBytes: 100 })].map(
        (result) => ('reason' in result ? result.reason : 'read'),
      ),
      ['outside', 'outside'],
    );
    const fromSlash = outcome(await readRepositoryFile({ root: '/', path: 'proc/self/environ', maxBytes: 100 }));
    deepStrictEqual(fromSlash, {
      reason: 'system',
      message:
        'proc/self/environ leads into /proc, which is never read: not read. Keep the file itself inside the repository.',
    });
    deepStrictEqual(outcome(readRepositoryFileSync({ root: '/dev', path: 'zero', maxBytes: 100 })), {
      reason: 'system',
      message: 'zero leads into /dev, which is never read: not read. Keep the file itself inside the repository.',
    });
  });

  it('refuses a FIFO, a socket and a folder at once, without opening them', async () => {
    await mkfifo(join(root, '.hadolint.yaml'));
    const server = createServer();
    servers.push(server);
    await new Promise<void>((listening) => server.listen(join(root, 'app.sock'), listening));
    mkdirSync(join(root, 'requirements.txt'));
    const started = Date.now();
    deepStrictEqual(await both({ path: '.hadolint.yaml', maxBytes: 100 }), {
      reason: 'not-a-file',
      message: '.hadolint.yaml is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
    });
    deepStrictEqual(await both({ path: 'app.sock', maxBytes: 100 }), {
      reason: 'not-a-file',
      message: 'app.sock is a socket, not a regular file: not read. Replace it with a regular file.',
    });
    deepStrictEqual(await both({ path: 'requirements.txt', maxBytes: 100 }), {
      reason: 'not-a-file',
      message: 'requirements.txt is a folder, not a regular file: not read. Replace it with a regular file.',
    });
    ok(Date.now() - started < 5000, 'nothing blocked');
  });

  it('refuses a file over the limit by its size, and reads one of exactly the limit', async () => {
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(2 * 1024 * 1024 + 1));
    writeFileSync(join(root, 'exact.txt'), 'x'.repeat(64));
    deepStrictEqual(await both({ path: 'big.txt', maxBytes: 2 * 1024 * 1024, ignorable: true }), {
      reason: 'too-large',
      message:
        'big.txt is larger than 2 MB (2,097,153 bytes): not read. Make it smaller, or add it to `ignore` in .devsecops.yml to leave it out on purpose.',
    });
    deepStrictEqual(await both({ path: 'exact.txt', maxBytes: 64 }), { text: 'x'.repeat(64) });
    deepStrictEqual(await both({ path: 'exact.txt', maxBytes: 63 }), {
      reason: 'too-large',
      message: 'exact.txt is larger than 63 bytes (64 bytes): not read. Make it smaller.',
    });
  });

  it('reads a file over several read calls, and an empty one, whole', async () => {
    // Reads are sized by the file (then 1 MiB at most): a file of a few megabytes takes several, joined in order.
    const large = Array.from({ length: 300_000 }, (_, index) => `line ${String(index)}`).join('\n');
    writeFileSync(join(root, 'large.txt'), large);
    writeFileSync(join(root, 'empty.txt'), '');
    ok(large.length > 2 * 1024 * 1024);
    deepStrictEqual(await both({ path: 'large.txt', maxBytes: 8 * 1024 * 1024 }), { text: large });
    deepStrictEqual(await both({ path: 'empty.txt', maxBytes: 100 }), { text: '' });
  });

  it('says whether the content is valid UTF-8, for readers that stop on what is not (a BOM is valid)', async () => {
    writeFileSync(join(root, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    writeFileSync(join(root, 'bom.txt'), '\uFEFFcaf\u00e9 \uFFFD\n');
    const validity = (result: RepositoryFileResult): [string, boolean] | string =>
      result.ok ? [result.text, result.validUtf8] : result.reason;
    for (const read of [
      readRepositoryFile,
      (request: RepositoryFileRequest) => Promise.resolve(readRepositoryFileSync(request)),
    ]) {
      deepStrictEqual(
        [
          await read({ root, path: 'latin1.txt', maxBytes: 100 }),
          await read({ root, path: 'bom.txt', maxBytes: 100 }),
        ].map(validity),
        [
          ['caf\uFFFD\n', false],
          ['\uFEFFcaf\u00e9 \uFFFD\n', true],
        ],
      );
    }
  });

  it('refuses a loop of links, a missing file, and the tree itself', async () => {
    symlinkSync('b', join(root, 'a'));
    symlinkSync('a', join(root, 'b'));
    deepStrictEqual(
      [
        await both({ path: 'a', maxBytes: 100 }),
        await both({ path: 'nothing/here.txt', maxBytes: 100 }),
        await both({ path: '.', maxBytes: 100 }),
      ].map((result) => ('reason' in result ? result.reason : 'read')),
      ['link-loop', 'missing', 'not-a-file'],
    );
  });

  it('gives up at the deadline with a message that says so', async () => {
    writeFileSync(join(root, 'slow.txt'), 'text');
    deepStrictEqual(outcome(await readRepositoryFile({ root, path: 'slow.txt', maxBytes: 100, timeoutMs: 0 })), {
      reason: 'timeout',
      message: 'reading slow.txt took longer than 0 s: not read. Check the disk or network share it is on.',
    });
  });

  it('names files as the caller asks, and checks a file a tool will read without reading it', async () => {
    writeFileSync(join(root, '.bandit'), '[bandit]\n');
    await mkfifo(join(root, 'fifo.ini'));
    const checked = checkRepositoryFile({ root, path: '.bandit' });
    deepStrictEqual(checked.ok ? { size: checked.size } : checked.reason, { size: 9 });
    const refused = checkRepositoryFile({
      root,
      path: 'fifo.ini',
      displayName: 'tools.bandit.configFile (fifo.ini)',
      treeName: 'the scanned folder',
    });
    strictEqual(
      refused.ok ? 'read' : refused.error.message,
      'tools.bandit.configFile (fifo.ini) is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file.',
    );
  });
});
