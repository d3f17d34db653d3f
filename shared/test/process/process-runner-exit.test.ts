import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessResult } from '../../src/process/process-runner';
import { runProcess } from '../../src/process/process-runner';
import { isAlive, survivors } from '../pipeline/process-helpers';
import { useTemporaryDirectory } from '../temporary-directory';

/** Well under any time limit below: a run that waited for the held pipes would take the whole limit. */
const PROMPT_MS = 8_000;
const LIMIT_MS = 30_000;

/**
 * A scanner program that has finished (its report printed, exit 0) may leave a child behind that inherited its
 * stdout and stderr: a daemon, a `sleep &` in a wrapper script, a JVM helper. The pipes then stay open long after
 * the program, so the end of the program, not the end of its pipes, ends the run; and what the program left
 * behind is stopped, since nothing a scan starts may outlive it.
 */
describe('runProcess ends with the program, not with the pipes it leaves open', function () {
  this.timeout(60_000);
  const scratch = useTemporaryDirectory('devsecops-runner-exit-');

  /** Writes an executable script into the test's folder and returns its absolute path. */
  const script = (name: string, lines: readonly string[]): string => {
    const file = join(scratch(), name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('returns the full output soon after the program exits, and stops the child that held its pipes', async () => {
    const tool = script('tool.sh', [
      '#!/bin/sh',
      'sleep 600 &',
      'printf \'{"results": [], "holder": %s}\\n\' "$!"',
      'exit 0',
    ]);
    const result = await runProcess({ command: tool, args: [], timeoutMs: LIMIT_MS });
    strictEqual(result.failure, undefined);
    strictEqual(result.exitCode, 0);
    const report = JSON.parse(result.stdout) as { results: unknown[]; holder: number };
    deepStrictEqual(report.results, []);
    ok(result.durationMs < PROMPT_MS, `took ${String(result.durationMs)} ms`);
    deepStrictEqual(await survivors([report.holder]), [], 'the child holding the pipes must be stopped');
  });

  it('loses nothing of several MB written just before the program exits', async () => {
    const reportBytes = 8 * 1024 * 1024;
    const logBytes = 1024 * 1024;
    const tool = script('big-report.js', [
      "const { spawn } = require('node:child_process');",
      // Same process group, stdout and stderr inherited: the pipes outlive this program.
      "const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] });",
      'holder.unref();',
      `process.stderr.write('e'.repeat(${String(logBytes)}));`,
      `process.stdout.write(JSON.stringify({ holder: holder.pid, report: 'x'.repeat(${String(reportBytes)}) }));`,
    ]);
    const streamed: string[] = [];
    const result = await runProcess({
      command: process.execPath,
      args: [tool],
      timeoutMs: LIMIT_MS,
      onStdout: (chunk) => streamed.push(chunk),
    });
    strictEqual(result.failure, undefined);
    strictEqual(result.exitCode, 0);
    strictEqual(result.truncated, false);
    const report = JSON.parse(result.stdout) as { holder: number; report: string };
    strictEqual(report.report.length, reportBytes);
    ok(report.report === 'x'.repeat(reportBytes), 'the report arrives whole');
    strictEqual(streamed.join(''), result.stdout);
    ok(result.stderr === 'e'.repeat(logBytes), `stderr: ${String(result.stderr.length)} bytes`);
    ok(result.durationMs < PROMPT_MS, `took ${String(result.durationMs)} ms`);
    deepStrictEqual(await survivors([report.holder]), []);
  });

  it('stops a child the program left running with its output sent elsewhere', async () => {
    const tool = script('tool.sh', ['#!/bin/sh', 'sleep 600 </dev/null >/dev/null 2>&1 &', 'echo "$!"']);
    const result = await runProcess({ command: tool, args: [], timeoutMs: LIMIT_MS });
    strictEqual(result.exitCode, 0);
    deepStrictEqual(await survivors([Number(result.stdout.trim())]), []);
  });

  it('kills a child left running with its output sent elsewhere that ignores SIGTERM, after a timeout too', async () => {
    const ignoring = "(trap '' TERM; exec sleep 600) </dev/null >/dev/null 2>&1 &";
    const finished = script('finished.sh', ['#!/bin/sh', ignoring, 'echo "$!"']);
    const stuck = script('stuck.sh', ['#!/bin/sh', ignoring, 'echo "$!"', 'exec sleep 600']);
    const results = await Promise.all([
      runProcess({ command: finished, args: [], timeoutMs: LIMIT_MS }),
      runProcess({ command: stuck, args: [], timeoutMs: 1000 }),
    ]);
    deepStrictEqual(
      results.map((result) => result.failure?.kind ?? result.exitCode),
      [0, 'timeout'],
    );
    deepStrictEqual(await survivors(results.map((result) => Number(result.stdout.trim()))), []);
  });

  it('kills a child that holds the pipes and ignores SIGTERM', async () => {
    const tool = script('tool.sh', ['#!/bin/sh', "(trap '' TERM; exec sleep 600) &", 'echo "$!"']);
    const result = await runProcess({ command: tool, args: [], timeoutMs: LIMIT_MS });
    strictEqual(result.failure, undefined);
    strictEqual(result.exitCode, 0);
    ok(result.durationMs < PROMPT_MS, `took ${String(result.durationMs)} ms`);
    deepStrictEqual(await survivors([Number(result.stdout.trim())]), []);
  });

  describe('a child that left the process group (its own session) and holds the pipes', () => {
    /** The escaped child cannot be reached through the group: the test stops it itself, by the pid it wrote. */
    const runEscaping = async (lines: readonly string[], timeoutMs: number): Promise<ProcessResult> => {
      const pidFile = join(scratch(), 'escaped');
      const tool = script('tool.sh', ['#!/bin/sh', `setsid sleep 600 & echo "$!" > '${pidFile}'`, ...lines]);
      try {
        return await runProcess({ command: tool, args: [], timeoutMs });
      } finally {
        const escaped = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
        if (escaped > 0 && isAlive(escaped)) process.kill(escaped, 'SIGKILL');
      }
    };

    it('does not hold the run once the program has exited', async () => {
      const result = await runEscaping(['echo done'], LIMIT_MS);
      strictEqual(result.failure, undefined);
      strictEqual(result.exitCode, 0);
      strictEqual(result.stdout, 'done\n');
      ok(result.durationMs < PROMPT_MS, `took ${String(result.durationMs)} ms`);
    });

    it('does not hold the run past its time limit', async () => {
      const result = await runEscaping(['echo started', 'exec sleep 600'], 500);
      strictEqual(result.failure?.kind, 'timeout');
      strictEqual(result.stdout, 'started\n');
      ok(result.durationMs < PROMPT_MS, `took ${String(result.durationMs)} ms`);
    });
  });
});
