import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import { isPythonPath } from '../../files/file-kinds';
import { checkRepositoryFile } from '../../files/repository-file';
import type { ProcessResult } from '../../process/process-runner';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../../process/process-runner';
import { withBufferFiles } from '../buffer-files';
import type { ScanContext, Scanner, ScannerOutcome } from '../scanner';
import { INSTALL_HINTS, probeVersion } from '../tool-discovery';
import {
  describeCommand,
  exitCodeError,
  failedOutcome,
  notInstalledOutcome,
  outputInvalidError,
  processFailureError,
  resolveToolOrSkip,
  toolTimeoutMs,
  type ToolIdentity,
} from '../tool-outcome';
import { banditCommand, banditVersionCommand, THIRD_PARTY_FOLDERS } from './bandit-command';
import { filesBanditScansRecursively } from './bandit-given-files';
import { banditPathMapper, parseBanditReport } from './bandit-report';
import { banditUnscannedFiles } from './bandit-unscanned';

export const BANDIT_TOOL: ToolIdentity = {
  name: 'bandit',
  category: 'sast',
  displayName: 'Bandit',
  configKey: 'bandit',
};

/** Bandit exits 0 when clean and 1 when it found issues; anything else is an error. */
const BANDIT_SUCCESS_EXIT_CODES: ReadonlySet<number> = new Set([0, 1]);

/** `.bandit` and `tools.bandit.configFile` larger than this are refused; real ones are a few kilobytes. */
const MAX_BANDIT_CONFIG_BYTES = 1024 * 1024;

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Bandit is missing: skipped with the install hint (failed when `enabled: on`). */
function notInstalled(context: ScanContext, detail: string): ScannerOutcome {
  return notInstalledOutcome(BANDIT_TOOL, context.config.tools.bandit.enabled, `${detail} ${INSTALL_HINTS.bandit}`);
}

/**
 * Runs the real Bandit over the tree (or over unsaved buffers, written to
 * private temporary files) and reads its JSON report.
 */
export function createBanditScanner(): Scanner {
  return {
    id: 'bandit',
    category: 'sast',
    scan: async (context) => {
      const buffers = context.buffers
        ? [...context.buffers].filter(([path]) => isPythonPath(path)).sort(([a], [b]) => (a < b ? -1 : 1))
        : undefined;
      if (buffers?.length === 0) return { findings: [], tools: [] };

      const config = context.config.tools.bandit;
      const resolved = await resolveToolOrSkip(context, BANDIT_TOOL, config.enabled, {
        wanted: config.python ?? config.path ?? 'bandit',
        ...(config.python !== undefined
          ? { setting: 'tools.bandit.python' }
          : config.path !== undefined
            ? { setting: 'tools.bandit.path' }
            : {}),
        installHint: INSTALL_HINTS.bandit,
      });
      if ('outcome' in resolved) return resolved.outcome;
      const executable = resolved.executable;

      // Bandit reads these itself (it finds `.bandit` in its target on its own): one that is a FIFO, a link
      // out of the repository or huge would hang it or feed it an outside file, so Bandit does not run.
      const ini = checkRepositoryFile({ root: context.root, path: '.bandit', maxBytes: MAX_BANDIT_CONFIG_BYTES });
      if (!ini.ok && ini.reason !== 'missing') return failedOutcome(BANDIT_TOOL, ini.error);
      const iniFile = ini.ok ? ini.realPath : undefined;
      let configFile: string | undefined;
      if (config.configFile !== undefined) {
        const checked = checkRepositoryFile({
          root: context.root,
          path: config.configFile,
          maxBytes: MAX_BANDIT_CONFIG_BYTES,
          displayName: `tools.bandit.configFile (${config.configFile})`,
        });
        if (!checked.ok && checked.reason !== 'missing') return failedOutcome(BANDIT_TOOL, checked.error);
        configFile = checked.ok ? checked.realPath : undefined;
        if (configFile === undefined) {
          return failedOutcome(
            BANDIT_TOOL,
            new DevsecopsError(
              'CONFIG_INVALID',
              `tools.bandit.configFile in .devsecops.yml names ${config.configFile}, which does not exist under ${context.root}: fix the path or remove the setting.`,
            ),
          );
        }
      }

      const run = async (
        targets: readonly string[],
        givenFiles: () => Promise<readonly string[] | undefined>,
        repoPathOf?: ReadonlyMap<string, string>,
      ): Promise<ScannerOutcome> => {
        const thirdPartyFolders =
          buffers === undefined
            ? (
                await Promise.all(
                  THIRD_PARTY_FOLDERS.map(async (name) => ((await isDirectory(join(context.root, name))) ? name : '')),
                )
              ).filter((name) => name !== '')
            : [];
        const { command, args } = banditCommand({
          config,
          executable,
          targets,
          ...(iniFile === undefined ? {} : { iniFile }),
          ...(configFile === undefined ? {} : { configFile }),
          thirdPartyFolders,
        });
        context.log?.(`bandit: ${describeCommand(command, args)}`);
        const common = {
          ...(context.env ? { env: context.env } : {}),
          ...(context.signal ? { signal: context.signal } : {}),
        };
        // The version probe and listing the files Bandit will be given run beside the scan.
        const [version, result, given] = await Promise.all([
          probeVersion(context.runProcess, { ...banditVersionCommand({ config, executable }), ...common }),
          context.runProcess({
            command,
            args,
            cwd: context.root,
            timeoutMs: toolTimeoutMs('bandit', config),
            ...common,
          }),
          givenFiles(),
        ]);
        return interpretBanditRun(context, result, { command, args, version, repoPathOf, givenFiles: given });
      };

      if (buffers === undefined) {
        return run(['.'], () =>
          filesBanditScansRecursively({
            root: context.root,
            hasIniFile: iniFile !== undefined,
            hasConfigFile: configFile !== undefined,
            extraArgs: config.args ?? [],
            ignore: context.config.ignore,
            ...(context.signal ? { signal: context.signal } : {}),
          }),
        );
      }
      return withBufferFiles(buffers, ({ files, repoPathOf }) =>
        run(files, () => Promise.resolve(buffers.map(([path]) => path)), repoPathOf),
      );
    },
  };
}

function interpretBanditRun(
  context: ScanContext,
  result: ProcessResult,
  run: {
    command: string;
    args: readonly string[];
    version: string | undefined;
    repoPathOf: ReadonlyMap<string, string> | undefined;
    /** The files Bandit was given (repository-relative), when known exactly. */
    givenFiles: readonly string[] | undefined;
  },
): ScannerOutcome {
  const extra = { version: run.version, durationMs: result.durationMs };
  const failure = processFailureError(BANDIT_TOOL, result);
  if (failure?.code === 'TOOL_NOT_FOUND') return notInstalled(context, failure.message);
  if (failure) return failedOutcome(BANDIT_TOOL, failure, extra);
  if (context.config.tools.bandit.python !== undefined && /No module named bandit/.test(result.stderr)) {
    return notInstalled(context, `The Python interpreter ${run.command} (tools.bandit.python) has no bandit module.`);
  }
  if (result.truncated) {
    // Not a broken installation: the report (or Bandit's log of per-file errors) was cut, so what it
    // says about the files cannot be trusted.
    return failedOutcome(
      BANDIT_TOOL,
      new DevsecopsError(
        'TOOL_OUTPUT_TOO_LARGE',
        `Bandit's output exceeded ${DEFAULT_MAX_OUTPUT_BYTES / 1024 / 1024} MiB: narrow the scan with ignore globs or split it.`,
      ),
      extra,
    );
  }
  if (result.exitCode === null || !BANDIT_SUCCESS_EXIT_CODES.has(result.exitCode)) {
    return failedOutcome(
      BANDIT_TOOL,
      exitCodeError(BANDIT_TOOL, result, describeCommand(run.command, run.args)),
      extra,
    );
  }
  try {
    const pathOf = banditPathMapper(context.root, run.repoPathOf);
    const report = parseBanditReport(result.stdout, {
      root: context.root,
      ...(run.repoPathOf ? { repoPathOf: run.repoPathOf } : {}),
    });
    const unscanned = banditUnscannedFiles({
      report,
      stderr: result.stderr,
      ...(run.givenFiles === undefined ? {} : { givenFiles: run.givenFiles }),
      pathOf,
    });
    return {
      findings: report.findings,
      tools: [
        {
          name: BANDIT_TOOL.name,
          category: BANDIT_TOOL.category,
          status: 'ok',
          ...(run.version === undefined ? {} : { version: run.version }),
          durationMs: result.durationMs,
          ...(unscanned.length > 0 ? { unscanned } : {}),
        },
      ],
    };
  } catch (error) {
    const printed = result.stdout.trim() === '' ? result.stderr : result.stdout;
    return failedOutcome(BANDIT_TOOL, outputInvalidError(BANDIT_TOOL, 'Bandit JSON', printed, error), extra);
  }
}
