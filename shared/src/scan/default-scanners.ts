import { createBuiltinDockerfileScanner } from '../scanners/builtin-dockerfile';
import { createBuiltinScaScanner } from '../scanners/builtin-sca';
import type { ScannerFactories } from './select-scanners';
import { EXTERNAL_SCANNER_FACTORIES } from './select-scanners';

/**
 * The scanners a scan uses by default: the real tools, plus the built-in
 * engines (which take over from a missing hadolint / Dependency-Check).
 */
export const DEFAULT_SCANNER_FACTORIES: ScannerFactories = {
  ...EXTERNAL_SCANNER_FACTORIES,
  builtinSca: () => createBuiltinScaScanner(),
  builtinDockerfile: createBuiltinDockerfileScanner,
};
