import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI_MAIN_FILE, CODE_CACHE_FILE } from '../../src/cli/bin';
import { runProcess } from '../../src/process/process-runner';
import { cliBundle } from './cli-bundle';

/**
 * dist/cli.js compiles the CLI's bundle (cli-main.js) with the V8 code cache the build writes beside it. These
 * tests hold the two sides of that: V8 takes the cache the build writes (else it saves nothing), and a cache
 * that is not for exactly the bundle beside it is never used (else the CLI would run code it does not hold).
 */
describe('the CLI code cache', function () {
  this.timeout(180_000);
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'devsecops-code-cache-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** A copy of the built bundle, to change. */
  async function bundleCopy(): Promise<string> {
    const dist = join(work, 'dist');
    cpSync(dirname(await cliBundle()), dist, { recursive: true });
    return dist;
  }

  /** Runs Node on `code` with `dist` as its argument; NODE_OPTIONS would change V8's flags, and so the answer. */
  async function node(code: string, dist: string): Promise<string> {
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const result = await runProcess({ command: process.execPath, args: ['-e', code, dist], env, timeoutMs: 60_000 });
    strictEqual(result.exitCode, 0, result.stderr);
    return result.stdout.trim();
  }

  const USES_CACHE = "console.log(require(process.argv[1] + '/cli.js').compileCli(process.argv[1], true).usedCache)";

  const version = async (dist: string): Promise<string> => {
    const result = await runProcess({ command: process.execPath, args: [join(dist, 'cli.js'), '--version'] });
    strictEqual(result.exitCode, 0, result.stderr);
    return result.stdout.trim();
  };

  it('is written by the build for the bundle beside it, and V8 takes it', async () => {
    const dist = await bundleCopy();
    const cache = readFileSync(join(dist, CODE_CACHE_FILE));
    const digest = createHash('sha256')
      .update(readFileSync(join(dist, CLI_MAIN_FILE)))
      .digest();
    deepStrictEqual(cache.subarray(0, 32), digest, 'the cache opens with the SHA-256 of the source it was made from');
    ok(cache.length > 32 * 1024, `V8's data is ${String(cache.length - 32)} bytes: it holds more than the top level`);
    strictEqual(await node(USES_CACHE, dist), 'true');
  });

  it('is not used for a bundle it was not made from, even of the same length (V8 itself checks only the length)', async () => {
    const dist = await bundleCopy();
    const main = join(dist, CLI_MAIN_FILE);
    const built = await version(dist);
    const source = readFileSync(main, 'utf8');
    const declaration = `var version = "${built}";`;
    ok(source.includes(declaration), `the bundle declares ${declaration}`);
    const other = built.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
    strictEqual(other.length, built.length);
    writeFileSync(main, source.replace(declaration, `var version = "${other}";`));
    strictEqual(await version(dist), other, 'the CLI runs the code it holds, not the code the cache was made from');
    strictEqual(await node(USES_CACHE, dist), 'false');
  });

  it('costs nothing but the compile when it is missing, damaged or cut short', async () => {
    const dist = await bundleCopy();
    const built = await version(dist);
    const cacheFile = join(dist, CODE_CACHE_FILE);
    const cache = readFileSync(cacheFile);
    const damaged = Buffer.from(cache);
    for (let at = 32; at < damaged.length; at += 97) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    for (const [what, bytes] of [
      ['damaged', damaged],
      ['cut short', cache.subarray(0, cache.length / 2)],
      ['shorter than its digest', cache.subarray(0, 10)],
      ['empty', Buffer.alloc(0)],
      ['missing', undefined],
    ] as const) {
      if (bytes === undefined) rmSync(cacheFile);
      else writeFileSync(cacheFile, bytes);
      strictEqual(await node(USES_CACHE, dist), 'false', what);
      strictEqual(await version(dist), built, what);
    }
  });

  it('says what is missing, and exits 2, when cli.js was copied without the bundle it starts', async () => {
    const dist = await bundleCopy();
    rmSync(join(dist, CLI_MAIN_FILE));
    const result = await runProcess({ command: process.execPath, args: [join(dist, 'cli.js'), 'scan', '.'] });
    strictEqual(result.exitCode, 2);
    strictEqual(
      result.stderr,
      `devsecops: ${join(dist, CLI_MAIN_FILE)} is missing: the CLI is that file, and this one only starts it. Copy the whole folder, or rebuild it (npm run build -w shared).\n`,
    );
  });
});
