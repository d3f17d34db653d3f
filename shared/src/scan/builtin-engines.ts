import type * as BuiltinDockerfile from '../scanners/builtin-dockerfile';
import type * as BuiltinSca from '../scanners/builtin-sca';
import { loadedOnFirstUse } from '../modules/loaded-on-first-use';

// The built-in engines, each loaded the first time it is used: the CLI bundle keeps each one (with its parsers,
// rule sets and database code) in a file of its own, which a scan that does not run it never loads.

export const builtinScaEngine = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof BuiltinSca => require('../scanners/builtin-sca') as typeof BuiltinSca,
);

export const builtinDockerfileEngine = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof BuiltinDockerfile => require('../scanners/builtin-dockerfile') as typeof BuiltinDockerfile,
);
