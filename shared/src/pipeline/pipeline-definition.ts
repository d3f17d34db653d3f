import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { yamlErrorMessages } from '../config/yaml-duplicate-keys';
import { yamlNestingProblem } from '../config/yaml-nesting';
import { DevsecopsError } from '../errors/devsecops-error';
import type { Buildspec } from './buildspec';
import { documentValue, parseBuildspec } from './buildspec';

/**
 * The pipeline definition (`pipeline/pipeline.yml`): which buildspecs form
 * which stage. Stages run in order; inside a stage, actions with the same
 * `runOrder` run in parallel, as in CodePipeline.
 */

/** Something an action needs from the machine; without it the action is skipped with the reason. */
export type ActionRequirement = 'container-engine';

export interface PipelineActionDefinition {
  readonly name: string;
  /** `source`: snapshot/verify the working tree (the CodePipeline source action); `build`: a CodeBuild action. */
  readonly type: 'source' | 'build';
  /** Absolute path of the buildspec (build actions). */
  readonly buildspecPath?: string;
  /** The parsed buildspec (build actions). */
  readonly buildspec?: Buildspec;
  /** Actions with the same runOrder run in parallel; lower first. Default 1. */
  readonly runOrder: number;
  /** Files the action writes, relative to the reports directory; the first `.sarif` one is counted for findings. */
  readonly outputs: readonly string[];
  readonly requires: readonly ActionRequirement[];
}

export interface PipelineStageDefinition {
  readonly name: string;
  readonly actions: readonly PipelineActionDefinition[];
}

export interface PipelineDefinition {
  /** Path of the definition file. */
  readonly sourceName: string;
  readonly stages: readonly PipelineStageDefinition[];
}

const NAME = /^[a-z][a-z0-9-]*$/;

function invalid(sourceName: string, message: string): DevsecopsError {
  return new DevsecopsError('PIPELINE_INVALID', `${sourceName}: ${message}`);
}

function isMap(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and validates a pipeline definition and every buildspec it names (relative to the definition's folder). */
export async function loadPipelineDefinition(path: string): Promise<PipelineDefinition> {
  const sourceName = resolve(path);
  let text: string;
  try {
    text = await readFile(sourceName, 'utf8');
  } catch (error) {
    throw new DevsecopsError('FILE_UNREADABLE', `Cannot read the pipeline definition ${sourceName}: check the path.`, {
      cause: error,
    });
  }
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName}:${String(tooDeep.line)}: ${tooDeep.message}`);
  }
  // Repeated keys are found by yamlErrorMessages: the library's own check is quadratic.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, lineCounter });
  const errors = yamlErrorMessages(document, lineCounter);
  if (errors.length > 0) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName} is not valid YAML: fix the syntax error it reports.`, {
      detail: errors.join('\n'),
    });
  }
  const root = documentValue(document, sourceName);
  if (!isMap(root) || root['version'] !== 1 || !Array.isArray(root['stages'])) {
    throw invalid(sourceName, 'must be a mapping with `version: 1` and a `stages` list.');
  }
  const baseDir = dirname(sourceName);
  const stages: PipelineStageDefinition[] = [];
  const seen = new Set<string>();
  for (const [stageIndex, rawStage] of (root['stages'] as unknown[]).entries()) {
    const where = `stages[${stageIndex}]`;
    if (!isMap(rawStage) || typeof rawStage['name'] !== 'string' || !NAME.test(rawStage['name'])) {
      throw invalid(sourceName, `${where} needs a lowercase \`name\` (letters, digits, dashes).`);
    }
    if (!Array.isArray(rawStage['actions']) || rawStage['actions'].length === 0) {
      throw invalid(sourceName, `${where} (${rawStage['name']}) needs at least one action.`);
    }
    const actions: PipelineActionDefinition[] = [];
    for (const [actionIndex, rawAction] of (rawStage['actions'] as unknown[]).entries()) {
      const actionWhere = `${where}.actions[${actionIndex}]`;
      if (!isMap(rawAction) || typeof rawAction['name'] !== 'string' || !NAME.test(rawAction['name'])) {
        throw invalid(sourceName, `${actionWhere} needs a lowercase \`name\`.`);
      }
      const name = rawAction['name'];
      if (seen.has(name)) throw invalid(sourceName, `action name ${name} is used twice; names must be unique.`);
      seen.add(name);
      const type = rawAction['type'] ?? 'build';
      if (type !== 'source' && type !== 'build')
        throw invalid(sourceName, `${actionWhere}.type must be source or build.`);
      const runOrder = rawAction['runOrder'] ?? 1;
      if (typeof runOrder !== 'number' || !Number.isInteger(runOrder) || runOrder < 1) {
        throw invalid(sourceName, `${actionWhere}.runOrder must be a whole number from 1.`);
      }
      const outputs = rawAction['outputs'] ?? [];
      if (!Array.isArray(outputs) || !outputs.every((output) => typeof output === 'string')) {
        throw invalid(sourceName, `${actionWhere}.outputs must be a list of file names.`);
      }
      const requires = rawAction['requires'] ?? [];
      if (!Array.isArray(requires) || !requires.every((requirement) => requirement === 'container-engine')) {
        throw invalid(sourceName, `${actionWhere}.requires may only list container-engine.`);
      }
      let buildspecPath: string | undefined;
      let buildspec: Buildspec | undefined;
      if (type === 'build') {
        if (typeof rawAction['buildspec'] !== 'string') {
          throw invalid(sourceName, `${actionWhere} (${name}) needs a \`buildspec\` path.`);
        }
        buildspecPath = resolve(baseDir, rawAction['buildspec']);
        let buildspecText: string;
        try {
          buildspecText = await readFile(buildspecPath, 'utf8');
        } catch (error) {
          throw new DevsecopsError(
            'FILE_UNREADABLE',
            `Cannot read the buildspec ${buildspecPath} named by ${sourceName}: check the path.`,
            { cause: error },
          );
        }
        buildspec = parseBuildspec(buildspecText, buildspecPath);
      }
      actions.push({
        name,
        type,
        ...(buildspecPath === undefined ? {} : { buildspecPath }),
        ...(buildspec === undefined ? {} : { buildspec }),
        runOrder,
        outputs: outputs,
        requires: requires as ActionRequirement[],
      });
    }
    stages.push({ name: rawStage['name'], actions });
  }
  return { sourceName, stages };
}

/**
 * The pipeline definition that ships with devsecops (`pipeline/pipeline.yml`
 * at the product's repository root), found by walking up from this module:
 * that works from the sources (tsx) and from the bundled `shared/dist/cli.js`.
 */
export function findBundledPipelineDefinition(startDir: string = __dirname): string | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'pipeline', 'pipeline.yml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The definition for a run on `root`: the project's own `pipeline/pipeline.yml`, else the bundled one. */
export function resolvePipelineDefinitionPath(root: string): string {
  const own = join(root, 'pipeline', 'pipeline.yml');
  if (existsSync(own)) return own;
  const bundled = findBundledPipelineDefinition();
  if (bundled === undefined) {
    throw new DevsecopsError(
      'PIPELINE_INVALID',
      'No pipeline definition found: add pipeline/pipeline.yml to the project or pass a definition explicitly.',
    );
  }
  return bundled;
}
