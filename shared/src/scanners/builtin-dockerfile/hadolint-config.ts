import { parseDocument } from 'yaml';
import { duplicateKeyOffsets } from '../../config/yaml-duplicate-keys';
import { yamlNestingProblem } from '../../config/yaml-nesting';
import { DevsecopsError } from '../../errors/devsecops-error';
import { readRepositoryFile } from '../../files/repository-file';

/** hadolint's severity words; `ignore` drops a rule's findings. */
export type HadolintSeverity = 'error' | 'warning' | 'info' | 'style' | 'ignore';

export const HADOLINT_SEVERITIES: readonly HadolintSeverity[] = ['error', 'warning', 'info', 'style', 'ignore'];

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

/** A `.hadolint.yaml` larger than this is refused unread; real ones are a few hundred bytes. */
export const MAX_HADOLINT_CONFIG_BYTES = 1024 * 1024;

/** The config file names hadolint looks for in a project root, in order. */
export const HADOLINT_CONFIG_FILES = ['.hadolint.yaml', '.hadolint.yml'] as const;

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

/** Parses `.hadolint.yaml` text. Throws DevsecopsError CONFIG_INVALID with the offending key. */
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
  const document = parseDocument(text, { uniqueKeys: false });
  const [firstError] = document.errors;
  if (firstError !== undefined) throw notYaml(firstError);
  const [repeatedKey] = duplicateKeyOffsets(document);
  if (repeatedKey !== undefined)
    throw notYaml(new Error(`a key appears twice in one mapping at offset ${String(repeatedKey)}`));
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // An alias bomb: the library refuses to expand it.
    throw notYaml(error);
  }
  if (raw === null || raw === undefined) return DEFAULT_HADOLINT_CONFIG;
  if (!isRecord(raw)) throw invalid(fileName, 'the top level', 'a mapping of settings');
  const override = raw['override'];
  if (override !== undefined && override !== null && !isRecord(override)) {
    throw invalid(fileName, 'override', 'a mapping from error/warning/info/style to rule codes');
  }
  const overrides = override ?? {};
  // hadolint's exit-code settings: validated as hadolint does, then left to it. Our gate is `.devsecops.yml`'s
  // `gate.failOn`, which applies to every scanner alike.
  const threshold = raw['failure-threshold'];
  if (threshold !== undefined && !(HADOLINT_SEVERITIES as readonly unknown[]).concat('none').includes(threshold)) {
    throw invalid(fileName, 'failure-threshold', 'one of error, warning, info, style, ignore, none');
  }
  booleanOf(raw['no-fail'], fileName, 'no-fail');
  return {
    ignored: stringList(raw['ignored'], fileName, 'ignored'),
    override: {
      error: stringList(overrides['error'], fileName, 'override.error'),
      warning: stringList(overrides['warning'], fileName, 'override.warning'),
      info: stringList(overrides['info'], fileName, 'override.info'),
      style: stringList(overrides['style'], fileName, 'override.style'),
    },
    trustedRegistries: stringList(raw['trustedRegistries'], fileName, 'trustedRegistries'),
    labelSchema: labelSchemaOf(raw['label-schema'], fileName),
    strictLabels: booleanOf(raw['strict-labels'], fileName, 'strict-labels'),
    disableIgnorePragma: booleanOf(raw['disable-ignore-pragma'], fileName, 'disable-ignore-pragma'),
  };
}

function labelSchemaOf(value: unknown, fileName: string): Record<string, LabelType> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalid(fileName, 'label-schema', 'a mapping from label name to type');
  const schema: Record<string, LabelType> = {};
  for (const [label, type] of Object.entries(value)) {
    if (!(LABEL_TYPES as readonly unknown[]).includes(type)) {
      throw invalid(fileName, `label-schema.${label}`, `one of ${LABEL_TYPES.join(', ')}`);
    }
    schema[label] = type as LabelType;
  }
  return schema;
}

function stringList(value: unknown, fileName: string, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalid(fileName, key, 'a list of strings');
  }
  return value;
}

function booleanOf(value: unknown, fileName: string, key: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid(fileName, key, 'true or false');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(fileName: string, key: string, expected: string): DevsecopsError {
  return new DevsecopsError('CONFIG_INVALID', `${fileName}: ${key} must be ${expected}; fix it or delete the key.`);
}
