import type { DevsecopsConfig, ExternalToolConfig } from '../config/config';
import type { ExecutionSettings, ToolExecution } from '../config/execution-settings';
import type { ScanCategory } from '../findings/finding';
import { createBanditScanner } from '../scanners/bandit/bandit-scanner';
import { createDependencyCheckScanner } from '../scanners/dependency-check/dependency-check-scanner';
import { createHadolintScanner } from '../scanners/hadolint/hadolint-scanner';
import type { Scanner } from '../scanners/scanner';
import { findExecutable } from '../scanners/tool-discovery';

/** Makes each scanner; tests replace some to inject fakes. */
export interface ScannerFactories {
  readonly bandit: () => Scanner;
  readonly hadolint: () => Scanner;
  readonly dependencyCheck: () => Scanner;
  /** The built-in OSV SCA engine, when this build has it. */
  readonly builtinSca?: () => Scanner;
  /** The built-in hadolint-compatible Dockerfile engine, when this build has it. */
  readonly builtinDockerfile?: () => Scanner;
}

export const EXTERNAL_SCANNER_FACTORIES: ScannerFactories = {
  bandit: createBanditScanner,
  hadolint: createHadolintScanner,
  dependencyCheck: createDependencyCheckScanner,
};

/**
 * The real tool, the built-in engine, or both, for one category:
 * - `off`: the built-in engine only (if enabled);
 * - `on`: the real tool (a missing one fails the scan) and the built-in engine
 *   (if enabled), with SCA duplicates merged afterwards;
 * - `auto`: the real tool when it is installed, else the built-in engine. With
 *   neither available the real tool's scanner still runs, to report itself
 *   skipped with its install hint.
 */
async function realOrBuiltin(
  tool: ExternalToolConfig,
  execution: ToolExecution | undefined,
  defaultExecutable: string,
  real: () => Scanner,
  builtin: (() => Scanner) | undefined,
  builtinEnabled: boolean,
  lookup: { env?: NodeJS.ProcessEnv; untrustedFolders: readonly string[] },
): Promise<Scanner[]> {
  const useBuiltin = builtinEnabled && builtin !== undefined;
  const builtinScanners = useBuiltin ? [builtin()] : [];
  switch (tool.enabled) {
    case 'off':
      return builtinScanners;
    case 'on':
      return [real(), ...builtinScanners];
    case 'auto': {
      const installed = (await findExecutable(execution?.path ?? defaultExecutable, lookup)) !== undefined;
      if (installed || !useBuiltin) return [real()];
      return builtinScanners;
    }
  }
}

/** The scanners to run for the chosen categories, in category order (sast, sca, dockerfile). */
export async function selectScanners(
  config: DevsecopsConfig,
  categories: readonly ScanCategory[],
  options: {
    root: string;
    env?: NodeJS.ProcessEnv;
    factories: ScannerFactories;
    /** The resolved execution settings (which executable each tool is). */
    execution?: ExecutionSettings;
  },
): Promise<Scanner[]> {
  const { factories } = options;
  const lookup = { untrustedFolders: [options.root], ...(options.env ? { env: options.env } : {}) };
  const selected: Scanner[] = [];
  if (categories.includes('sast') && config.tools.bandit.enabled !== 'off') selected.push(factories.bandit());
  if (categories.includes('sca')) {
    selected.push(
      ...(await realOrBuiltin(
        config.tools.dependencyCheck,
        options.execution?.dependencyCheck,
        'dependency-check',
        factories.dependencyCheck,
        factories.builtinSca,
        config.tools.sca.enabled,
        lookup,
      )),
    );
  }
  if (categories.includes('dockerfile')) {
    selected.push(
      ...(await realOrBuiltin(
        config.tools.hadolint,
        options.execution?.hadolint,
        'hadolint',
        factories.hadolint,
        factories.builtinDockerfile,
        config.tools.dockerfile.enabled,
        lookup,
      )),
    );
  }
  return selected;
}
