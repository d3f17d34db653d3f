import packageJson from '../../../package.json';
import { toDevsecopsError } from '../../errors/devsecops-error';
import { discoverFiles } from '../../files/discover-files';
import { readRepositoryFile, type RepositoryFileRefusal } from '../../files/repository-file';
import type { ProcessRunner } from '../../process/process-runner';
import { isDockerfilePath } from '../../files/file-kinds';
import type { FindingDraft } from '../../findings/finding';
import type { ScanContext, Scanner, ScannerOutcome, ToolRun, UnscannedFile } from '../scanner';
import { withPrivateFolder } from '../../process/private-folder';
import { toolEnvironment } from '../../process/tool-environment';
import { extractVersion, findExecutable } from '../tool-discovery';
import { dockerfileLimitProblem, lintDockerfile } from './engine';
import { ALL_RULES } from './rule-catalog';
import type { HadolintConfig } from './hadolint-config';
import { loadHadolintConfig } from './hadolint-config';
import { shellcheckDockerfiles } from './shellcheck';
import { hadolintWiki } from './rule';
import { dockerfileFindingSeverity } from '../dockerfile-severity/dockerfile-severity';
import { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';
import { globMatcher } from '../../files/glob';
import { compareText } from '../../findings/finding-order';

/**
 * The engine's version in `ToolRun.version`: the package version and the size
 * of the rule set, like the SCA engine names its database.
 */
export const BUILTIN_DOCKERFILE_VERSION = `${packageJson.version} (hadolint-compatible rules, ${String(ALL_RULES.length)} rules)`;

/**
 * ShellCheck reads at most this many RUNs per file; the rest are named in a note. Real Dockerfiles have
 * tens; a generated one with thousands would only make ShellCheck slow for little.
 */
export const MAX_SHELLCHECK_RUNS_PER_FILE = 100;

/**
 * The built-in, hadolint-compatible Dockerfile scanner. It finds Dockerfile,
 * Containerfile, *.Dockerfile and Dockerfile.* under the root (or lints only
 * the given buffers), honours `.hadolint.yaml` and `.devsecops.yml` ignore globs.
 */
export function createBuiltinDockerfileScanner(): Scanner {
  return { id: BUILTIN_DOCKERFILE_TOOL, category: 'dockerfile', scan: scanDockerfiles };
}

async function scanDockerfiles(context: ScanContext): Promise<ScannerOutcome> {
  const started = Date.now();
  const run = (fields: Pick<ToolRun, 'status'> & Partial<ToolRun>): ToolRun => ({
    name: BUILTIN_DOCKERFILE_TOOL,
    category: 'dockerfile',
    version: BUILTIN_DOCKERFILE_VERSION,
    durationMs: Date.now() - started,
    ...fields,
  });
  if (!context.config.tools.dockerfile.enabled) {
    return {
      findings: [],
      tools: [run({ status: 'skipped', reason: 'Disabled by tools.dockerfile.enabled: false in .devsecops.yml.' })],
    };
  }
  try {
    const hadolintConfig = await loadHadolintConfig(context.root, context.env ?? process.env);
    const files = await dockerfilesToLint(context);
    context.log?.(`${BUILTIN_DOCKERFILE_TOOL}: linting ${String(files.length)} Dockerfile(s)`);
    // Appended one by one: `push(...list)` passes every element as an argument and overflows the stack past ~100k.
    const findings: FindingDraft[] = [];
    const texts: { path: string; text: string }[] = [];
    const unscanned: UnscannedFile[] = [];
    for (const { path, read } of files) {
      if (context.signal?.aborted) throw new Error('cancelled');
      const text = await read();
      if (typeof text !== 'string') {
        unscanned.push({ path, reason: text.error.message });
        context.log?.(`${BUILTIN_DOCKERFILE_TOOL}: ${text.error.message}`);
        continue;
      }
      let fileFindings: FindingDraft[];
      try {
        fileFindings = lintDockerfile(text, path, { config: hadolintConfig, devsecops: context.config });
      } catch (error) {
        // One file the engine cannot handle is one finding; the other Dockerfiles are still linted.
        findings.push(engineFailureFinding(path, toDevsecopsError(error).message));
        continue;
      }
      for (const finding of fileFindings) findings.push(finding);
      // A file over the size limits is one DL1000 above; ShellCheck would only spend minutes on it.
      if (dockerfileLimitProblem(text) === undefined) texts.push({ path, text });
    }
    const engineRun = run({ status: 'ok', ...(unscanned.length > 0 ? { unscanned } : {}) });
    const shellcheck = await runShellcheck(context, texts, hadolintConfig);
    for (const finding of shellcheck.findings) findings.push(finding);
    return { findings, tools: [engineRun, shellcheck.tool] };
  } catch (error) {
    const failure = context.signal?.aborted ? toDevsecopsError(error, 'CANCELLED') : toDevsecopsError(error);
    return { findings: [], tools: [run({ status: 'failed', reason: failure.message, errorCode: failure.code })] };
  }
}

/** A DL1000 at the top of a file the engine failed on, so the failure is visible where the file is. */
function engineFailureFinding(path: string, message: string): FindingDraft {
  return {
    tool: BUILTIN_DOCKERFILE_TOOL,
    category: 'dockerfile',
    ruleId: 'DL1000',
    message: `The Dockerfile linter failed on this file, so it was not linted: ${message}`,
    severity: dockerfileFindingSeverity('DL1000', 'error'),
    nativeSeverity: 'error',
    location: { path, line: 1, column: 1, endLine: 1, endColumn: 1 },
    helpUri: hadolintWiki('DL1000'),
  };
}

/**
 * Dockerfiles larger than this are not read at all (unscanned). Between the engine's own
 * limit (1 MB) and this one a file is read and reported as one DL1000, as hadolint would fail on it.
 */
export const MAX_DOCKERFILE_READ_BYTES = 32 * 1024 * 1024;

interface PendingFile {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** The text, or why the file was not read. */
  readonly read: () => Promise<string | RepositoryFileRefusal>;
}

async function dockerfilesToLint(context: ScanContext): Promise<PendingFile[]> {
  const ignore = context.config.ignore;
  if (context.buffers !== undefined) {
    const isIgnored = ignore.length > 0 ? globMatcher(ignore) : () => false;
    return [...context.buffers.entries()]
      .filter(([path]) => isDockerfilePath(path) && !isIgnored(path))
      .sort(([a], [b]) => compareText(a, b))
      .map(([path, text]) => ({ path, read: () => Promise.resolve(text) }));
  }
  // A matching link or FIFO is not in the list, but goes to the safe reader too: a link that stays inside is
  // read, anything else is reported as unscanned rather than silently left out.
  const linksAndSpecialFiles: string[] = [];
  const paths = await discoverFiles(context.root, {
    match: isDockerfilePath,
    ignore,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    onSkipped: (path) => linksAndSpecialFiles.push(path),
  });
  return [...paths, ...linksAndSpecialFiles].sort().map((path) => ({
    path,
    read: async () => {
      const read = await readRepositoryFile({
        root: context.root,
        path,
        maxBytes: MAX_DOCKERFILE_READ_BYTES,
        ignorable: true,
      });
      return read.ok ? read.text : read;
    },
  }));
}

/** How to get ShellCheck, shown when it is not installed. */
const SHELLCHECK_HINT =
  'Install ShellCheck (`apt-get install shellcheck`, `brew install shellcheck`) to also check the shell in RUN instructions (SC codes), as hadolint does.';

/**
 * ShellCheck over every RUN, when it is installed. Its absence or failure is
 * a `shellcheck` ToolRun (skipped/failed); the DL findings are kept either way.
 */
async function runShellcheck(
  context: ScanContext,
  files: readonly { path: string; text: string }[],
  config: HadolintConfig,
): Promise<{ findings: FindingDraft[]; tool: ToolRun }> {
  const started = Date.now();
  const tool = (fields: Pick<ToolRun, 'status'> & Partial<ToolRun>): ToolRun => ({
    name: 'shellcheck',
    category: 'dockerfile',
    durationMs: Date.now() - started,
    ...fields,
  });
  const userEnv = context.env ?? process.env;
  // Never a `shellcheck` the repository provides on PATH (a committed virtualenv or bin/).
  const executable = await findExecutable('shellcheck', { env: userEnv, untrustedFolders: [context.root] });
  if (executable === undefined) return { findings: [], tool: tool({ status: 'skipped', reason: SHELLCHECK_HINT }) };
  const env = toolEnvironment(userEnv, 'shellcheck', { untrustedFolders: [context.root] });
  const version = await withPrivateFolder((cwd) => shellcheckVersion(context.runProcess, executable, { env, cwd }));
  const outcomes = await shellcheckDockerfiles(files, {
    runProcess: context.runProcess,
    executable,
    env,
    config,
    maxScripts: MAX_SHELLCHECK_RUNS_PER_FILE,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  // Cancelled: every RUN not yet checked says so; the scan as a whole reports the cancellation instead.
  if (context.signal?.aborted) throw new Error('cancelled');
  const findings: FindingDraft[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const path = files[index]?.path ?? '';
    for (const finding of outcome.findings) findings.push(finding);
    if (outcome.skippedScripts !== undefined && outcome.skippedScripts > 0) {
      notes.push(
        `${path}: ShellCheck read the first ${String(MAX_SHELLCHECK_RUNS_PER_FILE)} RUN instructions; ${String(outcome.skippedScripts)} more were not shell-checked.`,
      );
    }
    // A RUN ShellCheck fails on costs only its own findings: the other RUNs and files are still checked.
    if (outcome.error !== undefined) errors.push(`${path}: ${outcome.error}`);
  }
  const extra = { ...version, ...(notes.length > 0 ? { notes } : {}) };
  if (errors.length > 0) {
    return {
      findings,
      tool: tool({ status: 'failed', reason: errors.join('\n'), errorCode: 'TOOL_FAILED', ...extra }),
    };
  }
  return { findings, tool: tool({ status: 'ok', ...extra }) };
}

async function shellcheckVersion(
  runProcess: ProcessRunner,
  executable: string,
  where: { env: NodeJS.ProcessEnv; cwd: string },
): Promise<{ version?: string }> {
  const result = await runProcess({ command: executable, args: ['--version'], timeoutMs: 10_000, ...where });
  const version = extractVersion(result.stdout);
  return version === undefined ? {} : { version };
}
