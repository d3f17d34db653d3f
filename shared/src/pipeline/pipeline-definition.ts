import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import pipelineDefinitionSchema from '../../schemas/pipeline-definition.schema.json';
import { YamlSchema } from '../config/yaml-schema';
import type { Buildspec } from './buildspec';
import { parseBuildspec, parsePipelineYaml } from './buildspec';

/**
 * The pipeline definition (`pipeline/pipeline.yml`): which buildspecs form
 * which stage. Stages run in order; inside a stage, actions with the same
 * `runOrder` run in parallel, as in CodePipeline.
 */

/** Something an action needs from the machine; without it the action is skipped with the reason. */
export type ActionRequirement = 'container-engine';

/** What every action of a pipeline has, whatever it runs. */
interface PipelineActionBase {
  readonly name: string;
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

/** Snapshots and checks the working tree: the CodePipeline source action. */
export interface PipelineSourceAction extends PipelineActionBase {
  readonly type: 'source';
}

/** A CodeBuild action: runs its buildspec. */
export interface PipelineBuildAction extends PipelineActionBase {
  readonly type: 'build';
  /** Absolute path of the buildspec. */
  readonly buildspecPath: string;
  readonly buildspec: Buildspec;
}

export type PipelineActionDefinition = PipelineSourceAction | PipelineBuildAction;

export interface PipelineStageDefinition {
  readonly name: string;
  readonly actions: readonly PipelineActionDefinition[];
}

export interface PipelineDefinition {
  /** Path of the definition file. */
  readonly sourceName: string;
  readonly stages: readonly PipelineStageDefinition[];
}

/** The definition's shape: names, types, run orders and lists. What no schema says (unique names) is checked after it. */
const PIPELINE_DEFINITION_SCHEMA = new YamlSchema(pipelineDefinitionSchema, {
  rootName: 'the definition',
  unknownKey: '{where} has a key "{key}" a definition does not have; {hint}',
  wrongValue: '{where} {expected}.',
  missingKey: '{where} needs `{key}`.',
});

/**
 * An action as the file writes it: the action it defines, with the fields that have defaults left optional and its
 * buildspec as a path (the loader reads and checks the buildspec itself).
 */
type PipelineActionFile = Pick<PipelineActionBase, 'name'> &
  Partial<Pick<PipelineActionBase, 'runOrder' | 'outputs' | 'requires' | 'environment'>> & {
    readonly type?: PipelineActionDefinition['type'];
    readonly buildspec?: string;
  };

/** The file's shape once its schema has taken it. */
interface PipelineDefinitionFile {
  readonly version: 1;
  readonly stages: readonly {
    readonly name: string;
    readonly actions: readonly PipelineActionFile[];
  }[];
}

/** A pipeline definition or buildspec larger than this is refused unread; real ones are a few kilobytes. */
export const MAX_PIPELINE_FILE_BYTES = 1024 * 1024;

function invalid(sourceName: string, message: string): DevsecopsError {
  return new DevsecopsError('PIPELINE_INVALID', `${sourceName}: ${message}`);
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
  const { value, lines } = parsePipelineYaml(read.text, sourceName);
  const [problem] = PIPELINE_DEFINITION_SCHEMA.problems(value, lines);
  if (problem !== undefined) throw invalid(`${sourceName}:${String(problem.line)}`, problem.message);
  const root = value as PipelineDefinitionFile;
  const stages: PipelineStageDefinition[] = [];
  const seen = new Set<string>();
  for (const [stageIndex, stage] of root.stages.entries()) {
    const actions: PipelineActionDefinition[] = [];
    for (const [actionIndex, action] of stage.actions.entries()) {
      const actionWhere = `stages[${stageIndex}].actions[${actionIndex}]`;
      const { name } = action;
      if (seen.has(name)) {
        const line = lines.valueLine(['stages', stageIndex, 'actions', actionIndex, 'name']);
        throw invalid(`${sourceName}:${String(line)}`, `action name ${name} is used twice; names must be unique.`);
      }
      seen.add(name);
      const base: PipelineActionBase = {
        name,
        runOrder: action.runOrder ?? 1,
        outputs: action.outputs ?? [],
        requires: action.requires ?? [],
        environment: action.environment ?? [],
      };
      if (action.type === 'source') {
        actions.push({ ...base, type: 'source' });
        continue;
      }
      // The schema requires a buildspec path of every action that is not a source action.
      if (action.buildspec === undefined) throw invalid(sourceName, `${actionWhere} (${name}) needs \`buildspec\`.`);
      const buildspecPath = resolve(baseDir, action.buildspec);
      const buildspecRead = await readRepositoryFile({
        ...folder,
        path: action.buildspec,
        maxBytes: MAX_PIPELINE_FILE_BYTES,
        displayName: `its buildspec ${action.buildspec}`,
      });
      if (!buildspecRead.ok) {
        throw new DevsecopsError(
          'FILE_UNREADABLE',
          `${sourceName}: ${actionWhere} (${name}): ${buildspecRead.error.message}`,
        );
      }
      actions.push({
        ...base,
        type: 'build',
        buildspecPath,
        buildspec: parseBuildspec(buildspecRead.text, buildspecPath),
      });
    }
    stages.push({ name: stage.name, actions });
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
