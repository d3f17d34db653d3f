import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HadolintConfig, LabelType } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';

/** One case from hadolint's spec files (shared/data/hadolint/cases-public.json). */
export interface HadolintCase {
  readonly rule: string;
  readonly dockerfile: string;
  readonly expect: 'catches' | 'passes';
  readonly onbuild: boolean;
  /** How many times the rule must fire, when the spec says (`ruleCatchesCount`-style cases). */
  readonly count?: number;
  /** hadolint's Haskell config expression, e.g. `def { allowedRegistries = ["docker.io"] }`. */
  readonly config: string | null;
  readonly description: string;
  readonly source: string;
  readonly suite: string;
}

export function loadHadolintCases(): HadolintCase[] {
  const path = join(__dirname, '..', '..', '..', 'data', 'hadolint', 'cases-public.json');
  return JSON.parse(readFileSync(path, 'utf8')) as HadolintCase[];
}

const HASKELL_LABEL_TYPES: Readonly<Record<string, LabelType>> = {
  RawText: 'text',
  Url: 'url',
  Email: 'email',
  GitHash: 'hash',
  Rfc3339: 'rfc3339',
  SemVer: 'semver',
  Spdx: 'spdx',
};

/**
 * Turns the Haskell config expressions used in hadolint's specs into our
 * HadolintConfig. Only the fields the specs use are understood; anything else
 * throws, so a new kind of case cannot pass by being misread.
 */
export function configFromHaskell(expression: string | null): HadolintConfig {
  if (expression === null) return DEFAULT_HADOLINT_CONFIG;
  let config: HadolintConfig = DEFAULT_HADOLINT_CONFIG;
  let understood = false;
  const registries = /allowedRegistries = \[([^\]]*)\]/.exec(expression);
  if (registries) {
    understood = true;
    const list = [...(registries[1] ?? '').matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '');
    config = { ...config, trustedRegistries: list };
  }
  const schema = /labelSchema = Map\.fromList \[(.*)\]/.exec(expression);
  if (schema) {
    understood = true;
    const labelSchema: Record<string, LabelType> = {};
    for (const match of (schema[1] ?? '').matchAll(/\("([^"]*)",\s*(?:Rule\.)?(\w+)\)/g)) {
      const type = HASKELL_LABEL_TYPES[match[2] ?? ''];
      if (type === undefined) throw new Error(`Unknown label type in ${expression}`);
      labelSchema[match[1] ?? ''] = type;
    }
    config = { ...config, labelSchema };
  }
  if (/strictLabels = True/.test(expression)) config = { ...config, strictLabels: true };
  if (!understood) throw new Error(`Config expression not understood: ${expression}`);
  return config;
}
