import { isDockerfilePath } from '../../files/file-kinds';
import { checkRepositoryFile, type RepositoryFileRefusal } from '../../files/repository-file';
import { HADOLINT_CONFIG_FILES, MAX_HADOLINT_CONFIG_BYTES } from '../dockerfile-severity/hadolint-names';
import { withPrivateFolder } from '../../process/private-folder';
import type { CommandLine } from '../../process/process-runner';
import { toolEnvironment } from '../../process/tool-environment';
import type { Scanner, ScannerOutcome } from '../scanner';
import { probeVersion } from '../tool-discovery';
import { runOverMatchingFiles, type ToolCommandInput } from '../tool-inputs';
import {
  CLEAN_OR_FINDINGS_EXIT_CODES,
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
import { parseHadolintReport } from './hadolint-report';

const HADOLINT_TOOL = EXTERNAL_TOOLS.hadolint;

/**
 * hadolint's command line: `hadolint -f json [--config FILE] <files>`, with
 * absolute file names: it runs from a private folder, not the repository, so
 * it never picks up a configuration the repository did not declare.
 */
export function hadolintCommand(
  input: ToolCommandInput & {
    /** Absolute path of our private copy of the repository's hadolint config. */
    readonly configFile?: string;
  },
): CommandLine {
  return {
    command: input.executable,
    args: [
      '-f',
      'json',
      ...(input.configFile === undefined ? [] : ['--config', input.configFile]),
      ...(input.extraArgs ?? []),
      ...input.files,
    ],
  };
}

/**
 * The repository's hadolint config, checked like any file of ours: hadolint reads `.hadolint.yaml` from
 * its working directory by itself, so one that is a FIFO or a link out of the repository is a refusal
 * (hadolint must not run), not merely "no config".
 */
function hadolintConfigFile(root: string): { path?: string } | RepositoryFileRefusal {
  for (const name of HADOLINT_CONFIG_FILES) {
    const checked = checkRepositoryFile({ root, path: name, maxBytes: MAX_HADOLINT_CONFIG_BYTES });
    if (checked.ok) return { path: checked.realPath };
    if (checked.reason !== 'missing') return checked;
  }
  return {};
}

/** Runs the real hadolint over the repository's Dockerfiles (or unsaved Dockerfile buffers). */
export function createHadolintScanner(): Scanner {
  return {
    id: 'hadolint',
    category: 'dockerfile',
    scan: async (context) => {
      const execution = context.execution?.hadolint ?? {};
      const resolved = await resolveUserSetTool(context, HADOLINT_TOOL);
      if ('outcome' in resolved) return resolved.outcome;
      const executable = resolved.executable;
      const projectConfig = hadolintConfigFile(context.root);
      if ('error' in projectConfig) return failedOutcome(HADOLINT_TOOL, projectConfig.error);
      const configFile = projectConfig.path;
      const userEnv = context.env ?? process.env;
      const common = {
        env: toolEnvironment(userEnv, 'hadolint', { untrustedFolders: [context.root] }),
        ...(context.signal ? { signal: context.signal } : {}),
      };

      const run = async (
        files: readonly string[],
        repoPathOf?: ReadonlyMap<string, string>,
      ): Promise<ScannerOutcome> => {
        const { command, args } = hadolintCommand({
          executable,
          files,
          ...(configFile === undefined ? {} : { configFile }),
          ...(execution.args ? { extraArgs: execution.args } : {}),
        });
        context.log?.(`hadolint: ${describeCommand(command, args)}`);
        const [version, result] = await withPrivateFolder((cwd) =>
          Promise.all([
            probeVersion(context.runProcess, { command, args: ['--version'], cwd, cacheEnv: userEnv, ...common }),
            context.runProcess({ command, args, cwd, timeoutMs: toolTimeoutMs('hadolint', execution), ...common }),
          ]),
        );
        const extra = { version, durationMs: result.durationMs };
        const failure = processFailureError(HADOLINT_TOOL, result);
        if (failure) return failedOutcome(HADOLINT_TOOL, failure, extra);
        if (result.exitCode === null || !CLEAN_OR_FINDINGS_EXIT_CODES.has(result.exitCode)) {
          return failedOutcome(
            HADOLINT_TOOL,
            exitCodeError(HADOLINT_TOOL, result, describeCommand(command, args)),
            extra,
          );
        }
        try {
          const findings = parseHadolintReport(result.stdout, {
            root: context.root,
            ...(repoPathOf ? { repoPathOf } : {}),
          });
          return succeededOutcome(HADOLINT_TOOL, findings, extra);
        } catch (error) {
          const printed = result.stdout.trim() === '' ? result.stderr : result.stdout;
          return failedOutcome(
            HADOLINT_TOOL,
            outputInvalidError(HADOLINT_TOOL, 'hadolint JSON', printed, error),
            extra,
          );
        }
      };

      return runOverMatchingFiles(context, HADOLINT_TOOL, {
        match: isDockerfilePath,
        noFilesNote: 'No Dockerfiles found.',
        run,
      });
    },
  };
}
