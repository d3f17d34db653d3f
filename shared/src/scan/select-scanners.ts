import type { DevsecopsConfig } from '../config/config';
import type { ExecutionSettings } from '../config/execution-settings';
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

/** What `selectScanners` needs besides the config and the categories. */
export interface SelectScannersOptions {
  readonly root: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly factories: ScannerFactories;
  /** The resolved execution settings (which executable each tool is). */
  readonly execution?: ExecutionSettings;
}

/** The categories that a real tool or a built-in engine can serve. */
type RealOrBuiltinCategory = 'sca' | 'dockerfile';

/**
 * Where one such category's two scanners come from. The built-in engine's switch is
 * `config.tools.<category>.enabled`.
 */
interface RealAndBuiltin {
  /** The real tool's key in `config.tools`, in the execution settings and in the factories. */
  readonly tool: 'dependencyCheck' | 'hadolint';
  /** The real tool's executable when the user names none. */
  readonly defaultExecutable: string;
  /** The built-in engine's key in the factories. */
  readonly builtin: 'builtinSca' | 'builtinDockerfile';
}

const REAL_AND_BUILTIN: Readonly<Record<RealOrBuiltinCategory, RealAndBuiltin>> = {
  sca: { tool: 'dependencyCheck', defaultExecutable: 'dependency-check', builtin: 'builtinSca' },
  dockerfile: { tool: 'hadolint', defaultExecutable: 'hadolint', builtin: 'builtinDockerfile' },
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
  category: RealOrBuiltinCategory,
  config: DevsecopsConfig,
  options: SelectScannersOptions,
): Promise<Scanner[]> {
  const { tool, defaultExecutable, builtin } = REAL_AND_BUILTIN[category];
  const real = options.factories[tool];
  const builtinFactory = config.tools[category].enabled ? options.factories[builtin] : undefined;
  const builtinScanners = builtinFactory ? [builtinFactory()] : [];
  switch (config.tools[tool].enabled) {
    case 'off':
      return builtinScanners;
    case 'on':
      return [real(), ...builtinScanners];
    case 'auto': {
      const executable = options.execution?.[tool].path ?? defaultExecutable;
      const lookup = { untrustedFolders: [options.root], ...(options.env ? { env: options.env } : {}) };
      const installed = (await findExecutable(executable, lookup)) !== undefined;
      if (installed || builtinFactory === undefined) return [real()];
      return builtinScanners;
    }
  }
}

/** The scanners to run for the chosen categories, in category order (sast, sca, dockerfile). */
export async function selectScanners(
  config: DevsecopsConfig,
  categories: readonly ScanCategory[],
  options: SelectScannersOptions,
): Promise<Scanner[]> {
  const selected: Scanner[] = [];
  if (categories.includes('sast') && config.tools.bandit.enabled !== 'off') selected.push(options.factories.bandit());
  for (const category of ['sca', 'dockerfile'] as const) {
    if (categories.includes(category)) selected.push(...(await realOrBuiltin(category, config, options)));
  }
  return selected;
}
