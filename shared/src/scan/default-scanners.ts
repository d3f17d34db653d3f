import type { ScanCategory } from '../findings/finding';
import { BUILTIN_DOCKERFILE_TOOL } from '../scanners/builtin-dockerfile/severity-mapping';
import { SCA_TOOL_NAME } from '../scanners/builtin-sca/sca-tool-name';
import type { Scanner } from '../scanners/scanner';
import { builtinDockerfileEngine, builtinScaEngine } from './builtin-engines';
import type { ScannerFactories } from './select-scanners';
import { EXTERNAL_SCANNER_FACTORIES } from './select-scanners';

/** A scanner whose engine is loaded when it scans, so that choosing the scanners loads none of them. */
function loadedWhenScanning(id: string, category: ScanCategory, create: () => Scanner): Scanner {
  return { id, category, scan: async (context) => create().scan(context) };
}

/**
 * The scanners a scan uses by default: the real tools, plus the built-in
 * engines (which take over from a missing hadolint / Dependency-Check).
 */
export const DEFAULT_SCANNER_FACTORIES: ScannerFactories = {
  ...EXTERNAL_SCANNER_FACTORIES,
  builtinSca: () => loadedWhenScanning(SCA_TOOL_NAME, 'sca', () => builtinScaEngine().createBuiltinScaScanner()),
  builtinDockerfile: () =>
    loadedWhenScanning(BUILTIN_DOCKERFILE_TOOL, 'dockerfile', () =>
      builtinDockerfileEngine().createBuiltinDockerfileScanner(),
    ),
};
