import { readFileSync } from 'node:fs';
import { DevsecopsError } from '@devsecops/shared/errors';
import { parseBuildspec } from '@devsecops/shared/pipeline';
import type { Buildspec } from '@devsecops/shared/pipeline';
import { parse, stringify } from 'yaml';
import { DEFAULT_NVD_API_KEY_SECRET_NAME } from './deploy-settings';
import { isJsonObject } from '@devsecops/shared/json';

/**
 * A buildspec file of pipeline/buildspecs/ as it goes into a CodeBuild project: read at synth time,
 * validated with the same parser the local runner uses, and with the one thing a deployment may change
 * substituted: the Secrets Manager secret that holds the NVD API key.
 */
export interface InlineBuildspec {
  /** The buildspec as a plain object, for `BuildSpec.fromObjectToYaml`. */
  readonly content: Readonly<Record<string, unknown>>;
  /** The validated model (phases, reports, artifacts…). */
  readonly model: Buildspec;
  /** Secret ids named in `env.secrets-manager` after substitution: the project's role may read exactly these. */
  readonly secretIds: readonly string[];
}

/**
 * Reads `path`. `nvdApiKeySecretName` replaces the default secret id in `env.secrets-manager` references;
 * undefined removes those references (Dependency-Check then runs without a key).
 */
export function loadInlineBuildspec(path: string, nvdApiKeySecretName: string | undefined): InlineBuildspec {
  const text = readFileSync(path, 'utf8');
  // Validates first, so a broken buildspec fails synth with the parser's message (and its YAML path).
  parseBuildspec(text, path);
  const content: unknown = parse(text);
  if (!isJsonObject(content)) throw new DevsecopsError('PIPELINE_INVALID', `${path} must be a YAML mapping.`);
  const env = content['env'];
  const secretIds: string[] = [];
  if (isJsonObject(env) && isJsonObject(env['secrets-manager'])) {
    const references: Record<string, unknown> = {};
    for (const [name, reference] of Object.entries(env['secrets-manager'])) {
      const text = String(reference);
      const [secretId = '', ...rest] = text.split(':');
      if (secretId === DEFAULT_NVD_API_KEY_SECRET_NAME) {
        if (nvdApiKeySecretName === undefined) continue;
        references[name] = [nvdApiKeySecretName, ...rest].join(':');
        secretIds.push(nvdApiKeySecretName);
      } else {
        references[name] = text;
        secretIds.push(secretId);
      }
    }
    if (Object.keys(references).length === 0) delete env['secrets-manager'];
    else env['secrets-manager'] = references;
  }
  const model = parseBuildspec(stringify(content), path);
  return { content, model, secretIds: [...new Set(secretIds)].sort() };
}
