import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import { loadedOnFirstUse } from '../modules/loaded-on-first-use';
import { DEFAULT_CONFIG } from './config';
import type { DevsecopsConfig } from './config';
import type * as ParseConfig from './parse-config';

/** The YAML reader and the schema (`parse-config.ts`), loaded only when there is a configuration file to read. */
export const configParser = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof ParseConfig => require('./parse-config') as typeof ParseConfig,
);

/** The file names looked for at the repository root, in order. */
export const CONFIG_FILE_NAMES = ['.devsecops.yml', '.devsecops.yaml'] as const;

/** A configuration file larger than this is refused unread; real ones are a few kilobytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * Reads `<root>/.devsecops.yml` (or `.yaml`). No file means the defaults: a
 * repository without configuration is scanned with every tool on `auto`, and
 * the YAML parser and the schema (`parse-config.ts`) are not even loaded.
 */
export async function loadConfig(root: string): Promise<DevsecopsConfig> {
  const found: { name: string; text: string }[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const read = await readRepositoryFile({ root, path: name, maxBytes: MAX_CONFIG_FILE_BYTES });
    if (read.ok) found.push({ name, text: read.text });
    // A config that is there but cannot be read safely is an error: scanning with the defaults would drop its policy.
    else if (read.reason !== 'missing') throw read.error;
  }
  const [first, second] = found;
  if (first === undefined) return DEFAULT_CONFIG;
  if (second !== undefined) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `Both ${first.name} and ${second.name} exist in ${root}: keep one of them (the CLI, the extension and the bot read the same file).`,
    );
  }
  return configParser().parseConfig(first.text, first.name);
}
