// A Lambda Node.js runtime stand-in: one invocation is one fresh `node` process that loads the function's code
// from its asset folder, calls the exported handler with the event and hands back what it returned, with only the
// environment the function is given (its Environment.Variables, the runtime's AWS_* variables and what the caller
// adds), as Lambda gives it. Logs (console.log / console.error) are kept for tests.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';

export interface NodeFunction {
  /** The folder the function's code was unpacked to (the asset folder of a CDK app). */
  readonly codeDir: string;
  /** `file.export`, as the Handler property says. */
  readonly handler: string;
  /** The variables the function's process gets, and nothing else but PATH. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface Invocation {
  /** What the handler returned (JSON), when it did not throw. */
  readonly result?: unknown;
  /** The error's message, when the handler threw (the invocation failed). */
  readonly error?: string;
  /** Everything the function printed. */
  readonly logs: string;
  readonly durationMs: number;
}

// Loads the handler and writes {result} or {error} to the file named in argv[2]; the event is argv[3].
const BOOTSTRAP = `
const { writeFileSync } = require('node:fs');
const [, outFile, eventJson, modulePath, exportName] = process.argv;
Promise.resolve()
  .then(() => require(modulePath)[exportName](JSON.parse(eventJson), {}))
  .then(
    (result) => writeFileSync(outFile, JSON.stringify({ result: result === undefined ? null : result })),
    (error) => writeFileSync(outFile, JSON.stringify({ error: String(error && error.message ? error.message : error) })),
  );
`;

/** Invokes the function once with `event`; an invocation that throws is a result with `error`, never a throw. */
export async function invokeNodeFunction(fn: NodeFunction, event: unknown): Promise<Invocation> {
  const [file, exportName] = fn.handler.split('.');
  if (file === undefined || exportName === undefined) throw new Error(`Handler ${fn.handler} is not file.export.`);
  const scratch = await mkdtemp(join(tmpdir(), 'lambda-invocation-'));
  const outFile = join(scratch, 'result.json');
  const started = Date.now();
  try {
    const ran = await runProcess({
      command: process.execPath,
      args: ['-e', BOOTSTRAP, outFile, JSON.stringify(event), join(fn.codeDir, `${file}.js`), exportName],
      cwd: fn.codeDir,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: scratch, TMPDIR: scratch, ...fn.environment },
      timeoutMs: fn.timeoutMs,
    });
    const logs = `${ran.stdout}${ran.stderr}`;
    const written = await readFile(outFile, 'utf8').catch(() => undefined);
    if (written === undefined) {
      return {
        error: `the function exited (${String(ran.exitCode)}) without answering`,
        logs,
        durationMs: Date.now() - started,
      };
    }
    return { ...(JSON.parse(written) as { result?: unknown; error?: string }), logs, durationMs: Date.now() - started };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
