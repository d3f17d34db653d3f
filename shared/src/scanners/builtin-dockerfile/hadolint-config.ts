import { LineCounter, parseDocument } from 'yaml';
import hadolintConfigSchema from '../../../schemas/hadolint-config.schema.json';
import { duplicateKeyOffsets } from '../../config/yaml-duplicate-keys';
import { YamlLines } from '../../config/yaml-lines';
import { yamlNestingProblem } from '../../config/yaml-nesting';
import { YamlSchema } from '../../config/yaml-schema';
import { DevsecopsError } from '../../errors/devsecops-error';
import { readRepositoryFile } from '../../files/repository-file';
import type { HadolintSeverity } from '../dockerfile-severity/hadolint-names';
import { HADOLINT_CONFIG_FILES, MAX_HADOLINT_CONFIG_BYTES } from '../dockerfile-severity/hadolint-names';

export {
  HADOLINT_CONFIG_FILES,
  HADOLINT_SEVERITIES,
  MAX_HADOLINT_CONFIG_BYTES,
} from '../dockerfile-severity/hadolint-names';
export type { HadolintSeverity } from '../dockerfile-severity/hadolint-names';

/** Value types a `label-schema` entry can require (hadolint's names). */
export type LabelType = 'text' | 'url' | 'email' | 'hash' | 'rfc3339' | 'semver' | 'spdx';

const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'email', 'hash', 'rfc3339', 'semver', 'spdx'];

/** `.hadolint.yaml`, read the way hadolint reads it. */
export interface HadolintConfig {
  /** Rule codes never reported (`ignored:`). */
  readonly ignored: readonly string[];
  /** Severity overrides by hadolint severity (`override: {error: [DL3008]}`). */
  readonly override: Readonly<Record<Exclude<HadolintSeverity, 'ignore'>, readonly string[]>>;
  /** Registries FROM images may come from (`trustedRegistries:`); empty means any. `*.example.com` wildcards allowed. */
  readonly trustedRegistries: readonly string[];
  /** Labels every image must carry, with their value type (`label-schema:`). */
  readonly labelSchema: Readonly<Record<string, LabelType>>;
  /** Report labels not in `labelSchema` (`strict-labels:`). */
  readonly strictLabels: boolean;
  /** Ignore `# hadolint ignore=` pragmas (`disable-ignore-pragma:`). */
  readonly disableIgnorePragma: boolean;
}

export const DEFAULT_HADOLINT_CONFIG: HadolintConfig = {
  ignored: [],
  override: { error: [], warning: [], info: [], style: [] },
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
  disableIgnorePragma: false,
};

/**
 * Reads `.hadolint.yaml` (or `.yml`) from `root`; the defaults when there is none.
 * When `env` is given, hadolint's `HADOLINT_*` variables are applied on top, as
 * hadolint does (see `applyHadolintEnvironment`).
 * Throws DevsecopsError CONFIG_INVALID when the file exists but is not valid, and
 * FILE_UNREADABLE when it cannot be read safely (a link out of the repository, a FIFO, too large).
 */
export async function loadHadolintConfig(root: string, env?: NodeJS.ProcessEnv): Promise<HadolintConfig> {
  let config = DEFAULT_HADOLINT_CONFIG;
  for (const name of HADOLINT_CONFIG_FILES) {
    const read = await readRepositoryFile({ root, path: name, maxBytes: MAX_HADOLINT_CONFIG_BYTES });
    if (!read.ok) {
      if (read.reason === 'missing') continue;
      // Linting with the defaults instead would quietly drop the project's overrides and trusted registries.
      throw read.error;
    }
    config = parseHadolintConfig(read.text, name);
    break;
  }
  return env === undefined ? config : applyHadolintEnvironment(config, env);
}

const TRUTHY = new Set(['1', 'y', 'on', 'true', 'yes']);

/**
 * hadolint's environment settings on top of a config: `HADOLINT_IGNORE`,
 * `HADOLINT_OVERRIDE_{ERROR,WARNING,INFO,STYLE}`, `HADOLINT_ALLOWED_REGISTRIES`
 * and `HADOLINT_REQUIRE_LABELS` (`name:type,…`) add to the file's lists;
 * `HADOLINT_STRICT_LABELS`, `HADOLINT_DISABLE_IGNORE_PRAGMA`, `HADOLINT_NOFAIL`
 * (1/y/on/true/yes) and `HADOLINT_FAILURE_THRESHOLD` replace its values.
 */
export function applyHadolintEnvironment(config: HadolintConfig, env: NodeJS.ProcessEnv): HadolintConfig {
  const list = (name: string): string[] =>
    (env[name] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const flag = (name: string, current: boolean): boolean => {
    const value = env[name];
    return value === undefined ? current : TRUTHY.has(value.toLowerCase());
  };
  const labelSchema: Record<string, LabelType> = { ...config.labelSchema };
  for (const entry of list('HADOLINT_REQUIRE_LABELS')) {
    const colon = entry.indexOf(':');
    const type = entry.slice(colon + 1);
    if (colon > 0 && (LABEL_TYPES as readonly string[]).includes(type))
      labelSchema[entry.slice(0, colon)] = type as LabelType;
  }
  return {
    ignored: [...config.ignored, ...list('HADOLINT_IGNORE')],
    override: {
      error: [...config.override.error, ...list('HADOLINT_OVERRIDE_ERROR')],
      warning: [...config.override.warning, ...list('HADOLINT_OVERRIDE_WARNING')],
      info: [...config.override.info, ...list('HADOLINT_OVERRIDE_INFO')],
      style: [...config.override.style, ...list('HADOLINT_OVERRIDE_STYLE')],
    },
    trustedRegistries: [...config.trustedRegistries, ...list('HADOLINT_ALLOWED_REGISTRIES')],
    labelSchema,
    strictLabels: flag('HADOLINT_STRICT_LABELS', config.strictLabels),
    disableIgnorePragma: flag('HADOLINT_DISABLE_IGNORE_PRAGMA', config.disableIgnorePragma),
  };
}

/**
 * `.hadolint.yaml` as hadolint reads it: keys hadolint has and the engine does not use are left alone,
 * a key the engine uses must hold what hadolint accepts there.
 */
const HADOLINT_CONFIG_SCHEMA = new YamlSchema(hadolintConfigSchema, {
  rootName: 'the top level',
  unknownKey: '{where} has a key "{key}" hadolint does not know',
  wrongValue: '{where} {expected}',
  missingKey: '{where} needs "{key}"',
});

/** The file's shape once its schema has taken it. */
interface HadolintConfigFile {
  readonly ignored?: readonly string[] | null;
  readonly override?: Partial<Record<Exclude<HadolintSeverity, 'ignore'>, readonly string[] | null>> | null;
  readonly trustedRegistries?: readonly string[] | null;
  readonly 'label-schema'?: Readonly<Record<string, LabelType>> | null;
  readonly 'strict-labels'?: boolean | null;
  readonly 'disable-ignore-pragma'?: boolean | null;
}

/**
 * Parses `.hadolint.yaml` text. Throws DevsecopsError CONFIG_INVALID naming the file, the line and the key.
 * hadolint's exit-code settings (`failure-threshold`, `no-fail`) are validated as hadolint does, then left
 * to it: our gate is `.devsecops.yml`'s `gate.failOn`, which applies to every scanner alike.
 */
export function parseHadolintConfig(text: string, fileName = '.hadolint.yaml'): HadolintConfig {
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    throw new DevsecopsError('CONFIG_INVALID', `${fileName}:${String(tooDeep.line)}: ${tooDeep.message}`);
  }
  const notYaml = (cause: unknown): DevsecopsError =>
    new DevsecopsError('CONFIG_INVALID', `${fileName} is not valid YAML: fix the syntax or delete the file.`, {
      cause,
    });
  // Repeated keys are found by duplicateKeyOffsets: the library's own check is quadratic.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, lineCounter });
  const [firstError] = document.errors;
  if (firstError !== undefined) throw notYaml(firstError);
  const [repeatedKey] = duplicateKeyOffsets(document);
  if (repeatedKey !== undefined)
    throw notYaml(new Error(`a key appears twice in one mapping at offset ${String(repeatedKey)}`));
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // An alias bomb: the library refuses to expand it. The file's syntax is fine, so say what is wrong.
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `${fileName} repeats YAML aliases (*name) more often than can be expanded safely: write the values out.`,
      { cause: error },
    );
  }
  const [problem] = HADOLINT_CONFIG_SCHEMA.problems(raw, new YamlLines(document.contents, lineCounter));
  if (problem !== undefined) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `${fileName}:${String(problem.line)}: ${problem.message}; fix it or delete the key.`,
    );
  }
  const file = (raw ?? {}) as HadolintConfigFile;
  const override = file.override ?? {};
  return {
    ignored: [...(file.ignored ?? [])],
    override: {
      error: [...(override.error ?? [])],
      warning: [...(override.warning ?? [])],
      info: [...(override.info ?? [])],
      style: [...(override.style ?? [])],
    },
    trustedRegistries: [...(file.trustedRegistries ?? [])],
    labelSchema: { ...file['label-schema'] },
    strictLabels: file['strict-labels'] ?? false,
    disableIgnorePragma: file['disable-ignore-pragma'] ?? false,
  };
}
