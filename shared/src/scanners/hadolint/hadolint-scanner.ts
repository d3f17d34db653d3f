import { join } from 'node:path';
import { discoverFiles } from '../../files/discover-files';
import { isDockerfilePath } from '../../files/file-kinds';
import { checkRepositoryFile, type RepositoryFileRefusal } from '../../files/repository-file';
import { HADOLINT_CONFIG_FILES, MAX_HADOLINT_CONFIG_BYTES } from '../builtin-dockerfile/hadolint-config';
import { withPrivateFolder } from '../../process/private-folder';
import { toolEnvironment } from '../../process/tool-environment';
import { withBufferFiles } from '../buffer-files';
import type { Scanner, ScannerOutcome } from '../scanner';
import { INSTALL_HINTS, probeVersion } from '../tool-discovery';
import {
  describeCommand,
  exitCodeError,
  failedOutcome,
  outputInvalidError,
  processFailureError,
  resolveToolOrSkip,
  toolTimeoutMs,
  type ToolIdentity,
} from '../tool-outcome';
import { parseHadolintReport } from './hadolint-report';

export const HADOLINT_TOOL: ToolIdentity = {
  name: 'hadolint',
  category: 'dockerfile',
  displayName: 'hadolint',
  configKey: 'hadolint',
};

/** hadolint exits 0 when clean and 1 when a finding reaches its failure threshold. */
const HADOLINT_SUCCESS_EXIT_CODES: ReadonlySet<number> = new Set([0, 1]);

/**
 * hadolint's command line: `hadolint -f json [--config FILE] <files>`, with
 * absolute file names: it runs from a private folder, not the repository, so
 * it never picks up a configuration the repository did not declare.
 */
export function hadolintCommand(input: {
  executable: string;
  files: readonly string[];
  configFile?: string;
  extraArgs?: readonly string[];
}): { command: string; args: string[] } {
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
      const config = context.config.tools.hadolint;
      const execution = context.execution?.hadolint ?? {};
      const resolved = await resolveToolOrSkip(context, HADOLINT_TOOL, config.enabled, {
        wanted: execution.path ?? 'hadolint',
        ...(execution.path === undefined ? {} : { setting: execution.sources?.path ?? 'tools.hadolint.path' }),
        installHint: INSTALL_HINTS.hadolint,
      });
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
        if (result.exitCode === null || !HADOLINT_SUCCESS_EXIT_CODES.has(result.exitCode)) {
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
          return {
            findings,
            tools: [
              {
                name: HADOLINT_TOOL.name,
                category: HADOLINT_TOOL.category,
                status: 'ok',
                ...(version === undefined ? {} : { version }),
                durationMs: result.durationMs,
              },
            ],
          };
        } catch (error) {
          const printed = result.stdout.trim() === '' ? result.stderr : result.stdout;
          return failedOutcome(
            HADOLINT_TOOL,
            outputInvalidError(HADOLINT_TOOL, 'hadolint JSON', printed, error),
            extra,
          );
        }
      };

      if (context.buffers) {
        const buffers = [...context.buffers].filter(([path]) => isDockerfilePath(path));
        if (buffers.length === 0) return { findings: [], tools: [] };
        return withBufferFiles(buffers, ({ files, repoPathOf }) => run(files, repoPathOf));
      }
      const files = await discoverFiles(context.root, {
        match: isDockerfilePath,
        ignore: context.config.ignore,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      if (files.length === 0) return noFilesOutcome();
      return run(files.map((file) => join(context.root, file)));
    },
  };
}

/** Nothing to lint: hadolint is not started, and the run says why it reported nothing. */
function noFilesOutcome(): ScannerOutcome {
  return {
    findings: [],
    tools: [
      { name: HADOLINT_TOOL.name, category: HADOLINT_TOOL.category, status: 'ok', notes: ['No Dockerfiles found.'] },
    ],
  };
}
