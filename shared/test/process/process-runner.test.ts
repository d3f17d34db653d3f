import { ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runProcess } from '../../src/process/process-runner';

/** Alive and not a zombie: an orphan killed in a container may wait to be reaped by a PID 1 that never reaps. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('runProcess', () => {
  it('returns a non-zero exit as data, with both streams', async () => {
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'],
    });
    strictEqual(result.exitCode, 3);
    strictEqual(result.stdout, 'out');
    strictEqual(result.stderr, 'err');
    strictEqual(result.failure, undefined);
  });

  it('passes arguments without a shell', async () => {
    const hostile = '$(touch /tmp/devsecops-pwned); `id`; echo "x" | cat';
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', 'console.log(process.argv[1])', hostile],
    });
    strictEqual(result.stdout.trim(), hostile);
  });

  it('feeds stdin', async () => {
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', 'process.stdin.pipe(process.stdout)'],
      input: 'hello',
    });
    strictEqual(result.stdout, 'hello');
  });

  it('writes stdin given as a promise once it resolves, the child already running', async () => {
    let tell: (text: string) => void = () => undefined;
    const later = new Promise<string>((resolve) => (tell = resolve));
    const running = runProcess({
      command: process.execPath,
      // Prints "started" at once, then echoes stdin: the child runs before its input exists.
      args: ['-e', 'process.stderr.write("started"); process.stdin.pipe(process.stdout)'],
      input: later,
      onStderr: (chunk) => {
        if (chunk.includes('started')) tell('told later');
      },
    });
    const result = await running;
    strictEqual(result.stdout, 'told later');
    strictEqual(result.exitCode, 0);
  });

  it('closes stdin empty when the input promise rejects', async () => {
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', 'let n = 0; process.stdin.on("data", (c) => (n += c.length)).on("end", () => console.log(n))'],
      input: Promise.reject(new Error('nothing to say')),
    });
    strictEqual(result.stdout.trim(), '0');
    strictEqual(result.exitCode, 0);
  });

  it('reports a missing executable as not-found instead of throwing', async () => {
    const result = await runProcess({ command: 'definitely-not-a-real-tool-xyz', args: [] });
    strictEqual(result.failure?.kind, 'not-found');
    strictEqual(result.exitCode, null);
  });

  it('stops the whole process group on timeout, grandchildren included', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    // Long enough for two Node start-ups on a loaded 2-core machine: the grandchild's pid must be printed first.
    const result = await runProcess({ command: process.execPath, args: ['-e', script], timeoutMs: 5000 });
    strictEqual(result.failure?.kind, 'timeout');
    const grandchild = Number(result.stdout.trim());
    ok(grandchild > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    strictEqual(isAlive(grandchild), false);
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const pending = runProcess({ command: 'sleep', args: ['30'], signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await pending;
    strictEqual(result.failure?.kind, 'cancelled');
    ok(result.durationMs < 5000);
  });

  it('bounds captured output', async () => {
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', 'process.stdout.write("x".repeat(100000))'],
      maxOutputBytes: 1000,
    });
    strictEqual(result.stdout.length, 1000);
    strictEqual(result.truncated, true);
  });
});
