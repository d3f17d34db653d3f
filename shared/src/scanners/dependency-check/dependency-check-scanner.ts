import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readRepositoryFileSync } from '../../files/repository-file';
import { isRequirementsPath } from '../../files/file-kinds';
import { withPrivateFolder } from '../../process/private-folder';
import type { CommandLine } from '../../process/process-runner';
import { toolEnvironment } from '../../process/tool-environment';
import { MAX_REQUIREMENTS_FILE_BYTES } from '../builtin-sca/builtin-sca-scanner';
import type { ScanContext, Scanner, ScannerOutcome } from '../scanner';
import { runOverMatchingFiles, type ToolCommandInput } from '../tool-inputs';
import {
  describeCommand,
  EXTERNAL_TOOLS,
  exitCodeError,
  failedOutcome,
  outputInvalidError,
  processFailureError,
  resolveUserSetTool,
  succeededOutcome,
  toolTimeoutMs,
} from '../tool-outcome';
import { parseDependencyCheckReport } from './dependency-check-report';

const DEPENDENCY_CHECK_TOOL = EXTERNAL_TOOLS['dependency-check'];

/** The file Dependency-Check writes into `--out` for `--format JSON`. */
const REPORT_FILE_NAME = 'dependency-check-report.json';

/**
 * Dependency-Check's command line. `--enableExperimental` turns on its Python
 * (pip requirements) analyzer; each requirements file is one `--scan` (an
 * absolute path: it runs from a private folder, not the repository).
 * Settings such as `--noupdate` or `--data` come from the user's arguments
 * (`--dependency-check-arg`, `tools.dependencyCheck.args` in their own config).
 */
export function dependencyCheckCommand(
  input: ToolCommandInput & {
    /** The private folder Dependency-Check writes its report into. */
    readonly outDir: string;
    readonly projectName: string;
  },
): CommandLine {
  return {
    command: input.executable,
    args: [
      '--enableExperimental',
      '--format',
      'JSON',
      '--project',
      input.projectName,
      ...input.files.flatMap((file) => ['--scan', file]),
      '--out',
      input.outDir,
      ...(input.extraArgs ?? []),
    ],
  };
}

/** Runs the real OWASP Dependency-Check over the repository's requirements files. */
export function createDependencyCheckScanner(): Scanner {
  return {
    id: 'dependency-check',
    category: 'sca',
    scan: async (context) => {
      const resolved = await resolveUserSetTool(context, DEPENDENCY_CHECK_TOOL);
      if ('outcome' in resolved) return resolved.outcome;
      const executable = resolved.executable;
      return runOverMatchingFiles(context, DEPENDENCY_CHECK_TOOL, {
        match: isRequirementsPath,
        noFilesNote: 'No requirements files found.',
        run: (files, repoPathOf) => runDependencyCheck(context, executable, files, repoPathOf),
      });
    },
  };
}

async function runDependencyCheck(
  context: ScanContext,
  executable: string,
  files: readonly string[],
  repoPathOf?: ReadonlyMap<string, string>,
): Promise<ScannerOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'devsecops-dependency-check-'));
  const execution = context.execution?.dependencyCheck ?? {};
  try {
    const { command, args } = dependencyCheckCommand({
      executable,
      files,
      outDir,
      projectName: basename(context.root),
      ...(execution.args ? { extraArgs: execution.args } : {}),
    });
    context.log?.(`dependency-check: ${describeCommand(command, args)}`);
    const result = await withPrivateFolder((cwd) =>
      context.runProcess({
        command,
        args,
        cwd,
        timeoutMs: toolTimeoutMs('dependencyCheck', execution),
        env: toolEnvironment(context.env ?? process.env, 'dependency-check', { untrustedFolders: [context.root] }),
        ...(context.signal ? { signal: context.signal } : {}),
        onStderr: (chunk) => context.log?.(`dependency-check: ${chunk.trimEnd()}`),
      }),
    );
    const failure = processFailureError(DEPENDENCY_CHECK_TOOL, result);
    if (failure) return failedOutcome(DEPENDENCY_CHECK_TOOL, failure, { durationMs: result.durationMs });

    let reportText: string;
    try {
      reportText = await readFile(join(outDir, REPORT_FILE_NAME), 'utf8');
    } catch {
      // No report: the exit code and what it printed say why. (With a report, a non-zero exit
      // is `--failOnCVSS` doing its job, which is not a failure of the scan.)
      return failedOutcome(
        DEPENDENCY_CHECK_TOOL,
        exitCodeError(DEPENDENCY_CHECK_TOOL, result, describeCommand(command, args)),
        { durationMs: result.durationMs },
      );
    }
    try {
      const report = parseDependencyCheckReport(reportText, {
        root: context.root,
        readText: (repoPath) => readRepoText(context, repoPath),
        ...(repoPathOf ? { repoPathOf } : {}),
      });
      return succeededOutcome(DEPENDENCY_CHECK_TOOL, report.findings, {
        version: report.engineVersion,
        durationMs: result.durationMs,
      });
    } catch (error) {
      return failedOutcome(
        DEPENDENCY_CHECK_TOOL,
        outputInvalidError(DEPENDENCY_CHECK_TOOL, 'Dependency-Check JSON', reportText, error),
        { durationMs: result.durationMs },
      );
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A requirements file's text: the unsaved buffer when there is one, else the file on disk. */
function readRepoText(context: ScanContext, repoPath: string): string | undefined {
  const buffer = context.buffers?.get(repoPath);
  if (buffer !== undefined) return buffer;
  // Only to place findings on lines: a file that is not safe to read just gets no line numbers.
  const read = readRepositoryFileSync({ root: context.root, path: repoPath, maxBytes: MAX_REQUIREMENTS_FILE_BYTES });
  return read.ok ? read.text : undefined;
}
