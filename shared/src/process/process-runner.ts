import { spawn } from 'node:child_process';
import { stopProcessGroup } from './process-group';
import { ensureWatchdog, watchProcessGroup } from './watchdog';

/** A program and its arguments. Arguments are an array: nothing is ever interpreted by a shell. */
export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
}

/** One process to run: its command line, and how to run it. */
export interface ProcessRequest extends CommandLine {
  readonly cwd?: string;
  /** Full environment for the child; defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Written to the child's stdin, which is then closed. Without it stdin is empty. A promise is written once it
   * resolves (stdin is closed empty if it rejects), while the child already runs: a caller can start a program
   * before it knows what to tell it.
   */
  readonly input?: string | Buffer | PromiseLike<string | Buffer>;
  /**
   * The program ends by itself should this process die (it watches its parent), so no watchdog (`watchdog.ts`)
   * takes its process group. A watchdog is a whole Node process: started beside a short program on a small
   * machine, its start-up slows the program it watches.
   */
  readonly endsWithParent?: boolean;
  /** Milliseconds before the process group is terminated; default: no limit. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Bytes kept of each of stdout and stderr; the rest is dropped and `truncated` set. Default 64 MiB. */
  readonly maxOutputBytes?: number;
  /** How `stdout` is decoded: `utf8` (default) or `base64` for binary output such as `git cat-file blob`. */
  readonly stdoutEncoding?: 'utf8' | 'base64';
  /** Called with each chunk as it arrives, for streaming logs. */
  readonly onStdout?: (chunk: string) => void;
  readonly onStderr?: (chunk: string) => void;
}

/** Why a process did not run to a normal exit. */
export type ProcessFailureKind = 'not-found' | 'timeout' | 'cancelled' | 'spawn-error';

/** What happened. Never thrown: a non-zero exit is data, the caller decides what it means. */
export interface ProcessResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that ended it, if any. */
  readonly exitSignal: NodeJS.Signals | null;
  /** Set when the process could not start or was stopped by us. */
  readonly failure?: { readonly kind: ProcessFailureKind; readonly message: string };
  /** True when output beyond `maxOutputBytes` was dropped. */
  readonly truncated: boolean;
  readonly durationMs: number;
}

/** The injectable runner every scanner and the pipeline use. */
export type ProcessRunner = (request: ProcessRequest) => Promise<ProcessResult>;

/** Bytes of each of stdout and stderr kept when a request sets no `maxOutputBytes`. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** Time between SIGTERM and SIGKILL when stopping a process group. */
const KILL_GRACE_MS = 2000;
/**
 * Time the output pipes get to close by themselves once the program has exited. What the program wrote is
 * already in the pipes, and stays readable when the processes holding them open are stopped; only a process
 * it left behind can keep them open past this.
 */
const PIPES_AFTER_EXIT_MS = 250;
/**
 * Time from stopping the process group to closing the pipes ourselves: a process that left the group (a
 * daemon in a session of its own) can still hold them, and would otherwise hold the run for good.
 */
const PIPES_AFTER_STOP_MS = KILL_GRACE_MS + 1000;

class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (this.size >= this.limit) {
      this.truncated = true;
      return;
    }
    const room = this.limit - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(encoding: BufferEncoding = 'utf8'): string {
    return Buffer.concat(this.chunks).toString(encoding);
  }
}

/**
 * Runs a process without a shell and resolves with its result; never rejects.
 * The child leads its own process group so that a timeout or cancellation
 * stops everything it started (a build step's grandchildren included), and
 * that group is registered with the watchdog (`watchdog.ts`), so it is also
 * stopped if this process dies first, even by SIGKILL.
 *
 * The run ends when the program exits, not when its output pipes close: a
 * child it left behind (a daemon, `sleep 600 &` in a wrapper script) inherits
 * the pipes and would hold them open past any report. Once the program has
 * exited, whatever is left of its group is stopped, and the pipes are read to
 * their end: what the program wrote before exiting is never lost.
 */
export const runProcess: ProcessRunner = (request) =>
  new Promise<ProcessResult>((resolve) => {
    const started = Date.now();
    const limit = request.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdout = new OutputBuffer(limit);
    const stderr = new OutputBuffer(limit);
    let failure: ProcessResult['failure'];
    let settled = false;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let pipesAfterExitTimer: NodeJS.Timeout | undefined;
    let pipesAfterStopTimer: NodeJS.Timeout | undefined;
    let releaseGroup: () => void = () => undefined;
    let stopLeftovers: () => void = () => undefined;

    const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      // A process that left the pipes alone (output sent elsewhere) may still be running.
      stopLeftovers();
      if (timeoutTimer) clearTimeout(timeoutTimer);
      if (pipesAfterExitTimer) clearTimeout(pipesAfterExitTimer);
      if (pipesAfterStopTimer) clearTimeout(pipesAfterStopTimer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: stdout.text(request.stdoutEncoding),
        stderr: stderr.text(),
        exitCode,
        exitSignal,
        ...(failure ? { failure } : {}),
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Date.now() - started,
      });
    };

    if (request.signal?.aborted) {
      failure = { kind: 'cancelled', message: 'Cancelled before it started.' };
      finish(null, null);
      return;
    }

    let child: ReturnType<typeof spawn>;
    const watched = request.endsWithParent !== true;
    if (watched) ensureWatchdog();
    try {
      child = spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: request.env ?? process.env,
        shell: false,
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      failure = { kind: 'spawn-error', message: error instanceof Error ? error.message : String(error) };
      finish(null, null);
      return;
    }

    if (child.pid !== undefined && process.platform !== 'win32' && watched) {
      releaseGroup = watchProcessGroup(child.pid);
    }
    let exited = false;
    let stopping = false;
    stopLeftovers = (): void => {
      if (stopping || child.pid === undefined) return;
      stopping = true;
      // Windows has no process groups: only the program itself can be stopped, and only while it runs.
      if (process.platform === 'win32') {
        if (!exited) child.kill();
        return;
      }
      stopProcessGroup(child.pid, KILL_GRACE_MS, releaseGroup);
    };
    const closePipes = (): void => {
      // One turn of the event loop first, so that what is waiting in the pipes is read before they close.
      setImmediate(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
    };
    const stopGroup = (): void => {
      stopLeftovers();
      pipesAfterStopTimer ??= setTimeout(closePipes, PIPES_AFTER_STOP_MS);
    };

    // Once the program has exited, its time limit is met and a cancel has nothing left to stop but leftovers.
    function onAbort(): void {
      if (settled) return;
      if (!exited) failure ??= { kind: 'cancelled', message: 'Cancelled.' };
      stopGroup();
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => {
        failure ??= {
          kind: 'timeout',
          message: `Did not finish within ${Math.round(request.timeoutMs ?? 0) / 1000} s.`,
        };
        stopGroup();
      }, request.timeoutMs);
    }

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      request.onStdout?.(chunk.toString('utf8'));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      request.onStderr?.(chunk.toString('utf8'));
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (!failure) {
        failure =
          error.code === 'ENOENT'
            ? { kind: 'not-found', message: `${request.command} was not found.` }
            : { kind: 'spawn-error', message: error.message };
      }
      // 'close' may never come when spawning failed.
      if (child.pid === undefined) finish(null, null);
    });
    child.on('exit', () => {
      exited = true;
      if (timeoutTimer) clearTimeout(timeoutTimer);
      if (!settled) pipesAfterExitTimer = setTimeout(stopGroup, PIPES_AFTER_EXIT_MS);
    });
    // After 'exit', once both pipes have ended (by themselves, or closed by closePipes).
    child.on('close', (code, signal) => finish(code, signal));

    // A child that exits without reading stdin makes the write fail with EPIPE; that is not our error.
    child.stdin?.on('error', () => undefined);
    const input = request.input ?? '';
    if (typeof input === 'string' || Buffer.isBuffer(input)) {
      child.stdin?.end(input);
    } else {
      Promise.resolve(input).then(
        (text) => child.stdin?.end(text),
        () => child.stdin?.end(''),
      );
    }
  });
