import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import type { Buildspec } from './buildspec';
import { parseBuildspec, parsePipelineYaml } from './buildspec';

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
  /**
   * Variables of the user's environment the action needs beyond the base set every action gets (PATH,
   * HOME, locale, `DEVSECOPS_*`…): names, or prefixes written `DOCKER_*`. Nothing else of the user's
   * environment (AWS credentials, tokens) reaches the action.
   */
  readonly environment: readonly string[];
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
/** An environment variable name, or a prefix ending in `*`. */
const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** A pipeline definition or buildspec larger than this is refused unread; real ones are a few kilobytes. */
export const MAX_PIPELINE_FILE_BYTES = 1024 * 1024;

function invalid(sourceName: string, message: string): DevsecopsError {
  return new DevsecopsError('PIPELINE_INVALID', `${sourceName}: ${message}`);
}

function isMap(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and validates a pipeline definition and every buildspec it names (relative to the definition's folder). */
export async function loadPipelineDefinition(path: string): Promise<PipelineDefinition> {
  const sourceName = resolve(path);
  const baseDir = dirname(sourceName);
  // Buildspecs are read only inside the definition's folder, so that a definition that came with a
  // repository cannot name /etc/shadow (or a link to it) and have it read and quoted in an error.
  const folder = { root: baseDir, treeName: `the pipeline definition's folder (${baseDir})` };
  const read = await readRepositoryFile({
    ...folder,
    path: sourceName,
    maxBytes: MAX_PIPELINE_FILE_BYTES,
    displayName: `The pipeline definition ${sourceName}`,
  });
  if (!read.ok) throw read.error;
  const root = parsePipelineYaml(read.text, sourceName);
  if (!isMap(root) || root['version'] !== 1 || !Array.isArray(root['stages'])) {
    throw invalid(sourceName, 'must be a mapping with `version: 1` and a `stages` list.');
  }
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
      const environment = rawAction['environment'] ?? [];
      if (
        !Array.isArray(environment) ||
        !environment.every((name) => typeof name === 'string' && VARIABLE_PATTERN.test(name))
      ) {
        throw invalid(
          sourceName,
          `${actionWhere}.environment must be a list of variable names (or prefixes such as DOCKER_*).`,
        );
      }
      let buildspecPath: string | undefined;
      let buildspec: Buildspec | undefined;
      if (type === 'build') {
        if (typeof rawAction['buildspec'] !== 'string') {
          throw invalid(sourceName, `${actionWhere} (${name}) needs a \`buildspec\` path.`);
        }
        buildspecPath = resolve(baseDir, rawAction['buildspec']);
        const buildspecRead = await readRepositoryFile({
          ...folder,
          path: rawAction['buildspec'],
          maxBytes: MAX_PIPELINE_FILE_BYTES,
          displayName: `its buildspec ${rawAction['buildspec']}`,
        });
        if (!buildspecRead.ok) {
          throw new DevsecopsError(
            'FILE_UNREADABLE',
            `${sourceName}: ${actionWhere} (${name}): ${buildspecRead.error.message}`,
          );
        }
        buildspec = parseBuildspec(buildspecRead.text, buildspecPath);
      }
      actions.push({
        name,
        type,
        ...(buildspecPath === undefined ? {} : { buildspecPath }),
        ...(buildspec === undefined ? {} : { buildspec }),
        runOrder,
        outputs: outputs,
        requires: requires as ActionRequirement[],
        environment: environment as string[],
      });
    }
    stages.push({ name: rawStage['name'], actions });
  }
  return { sourceName, stages };
}

/** How many folders above this module the bundled definition may be: never as far as a project using us. */
const MAX_LEVELS_UP = 3;

/**
 * The pipeline definition that ships with devsecops (`pipeline/pipeline.yml` of the product), found near
 * this module: `dist/pipeline/` beside the extension's bundles, or the product root from `shared/dist/`
 * (the CLI bundle) and `shared/src/pipeline/` (the sources). The search stops a few folders up, so a CLI
 * installed inside a project (`node_modules/...`) can never take that project's own `pipeline/` for it.
 */
export function findBundledPipelineDefinition(startDir: string = __dirname): string | undefined {
  let dir = startDir;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = join(dir, 'pipeline', 'pipeline.yml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * The definition a run uses unless told otherwise: always the bundled one, whatever the scanned folder
 * holds. A project's own `pipeline/pipeline.yml` runs only when passed explicitly (`--definition`), because
 * its buildspecs are shell commands that run as the user.
 */
export function bundledPipelineDefinitionPath(): string {
  const bundled = findBundledPipelineDefinition();
  if (bundled === undefined) {
    throw new DevsecopsError(
      'PIPELINE_INVALID',
      'The pipeline definition that ships with devsecops was not found next to the CLI: reinstall devsecops, or pass a definition with --definition.',
    );
  }
  return bundled;
}
