import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import buildspecSchema from '../../schemas/buildspec.schema.json';
import { yamlErrorMessages } from '../config/yaml-duplicate-keys';
import { YamlLines, type YamlPathSegment } from '../config/yaml-lines';
import { YamlSchema } from '../config/yaml-schema';
import { yamlNestingProblem } from '../config/yaml-nesting';
import { boundedExcerpt, DevsecopsError } from '../errors/devsecops-error';
import { globProblem } from '../files/glob';
import { isJsonObject } from '../json/json-object';

/**
 * The CodeBuild buildspec (version 0.2) as a typed model, and a parser that
 * accepts only what the CodeBuild buildspec reference documents
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html):
 * a key CodeBuild does not know is an error here too, so a buildspec that runs
 * locally also runs in the cloud. What that is, and the words for each mistake,
 * are in its JSON Schema (`schemas/buildspec.schema.json`).
 */

/** The four command phases, in the order CodeBuild runs them. */
export const BUILDSPEC_PHASE_NAMES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type BuildspecPhaseName = (typeof BUILDSPEC_PHASE_NAMES)[number];

/** What CodeBuild does when a phase fails: `ABORT` ends the build, `CONTINUE` goes on to the next phase. */
export type OnFailure = 'ABORT' | 'CONTINUE';

/** The test/coverage report formats CodeBuild report groups accept. */
export const REPORT_FILE_FORMATS = [
  'JUNITXML',
  'CUCUMBERJSON',
  'TESTNGXML',
  'VISUALSTUDIOTRX',
  'NUNITXML',
  'NUNIT3XML',
  'CLOVERXML',
  'COBERTURAXML',
  'JACOCOXML',
  'SIMPLECOV',
] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

/** `env.shell` values CodeBuild accepts on Linux and Windows. */
export const BUILDSPEC_SHELLS = ['bash', '/bin/sh', 'powershell.exe', 'cmd.exe'] as const;
export type BuildspecShell = (typeof BUILDSPEC_SHELLS)[number];

export interface BuildspecEnv {
  /** Shell that runs the commands (`env.shell`); the local runner uses bash when unset. */
  readonly shell?: BuildspecShell;
  /** Plain-text variables (`env.variables`), lowest precedence below project and start-build overrides. */
  readonly variables: Readonly<Record<string, string>>;
  /** Variable name → Systems Manager parameter name (`env.parameter-store`). */
  readonly parameterStore: Readonly<Record<string, string>>;
  /** Variable name → `secret-id:json-key:version-stage:version-id` (`env.secrets-manager`). */
  readonly secretsManager: Readonly<Record<string, string>>;
  /** Variables whose final values the build exports to CodePipeline (`env.exported-variables`). */
  readonly exportedVariables: readonly string[];
  /** `env.git-credential-helper`: whether CodeBuild's Git credential helper is configured. */
  readonly gitCredentialHelper?: boolean;
}

export interface BuildspecPhase {
  /** Linux user that runs the phase's commands (`run-as`); locally informational. */
  readonly runAs?: string;
  /** `on-failure`; undefined means CodeBuild's default phase transitions. */
  readonly onFailure?: OnFailure;
  /** `runtime-versions` (install phase only): runtime name → version, as text. */
  readonly runtimeVersions?: Readonly<Record<string, string>>;
  /** Commands in order; the first failure skips the rest of them. */
  readonly commands: readonly string[];
  /** `finally` commands: run after `commands` even when one of them failed. */
  readonly finally: readonly string[];
}

/** One entry of the `reports` section: a report group and the files it collects. */
export interface BuildspecReportGroup {
  /** Report group name or ARN (the section's key). */
  readonly name: string;
  /** Glob patterns relative to `baseDirectory` (or the source directory). */
  readonly files: readonly string[];
  readonly baseDirectory?: string;
  readonly discardPaths: boolean;
  /** Default `JUNITXML`, as in CodeBuild. */
  readonly fileFormat: ReportFileFormat;
}

export interface BuildspecArtifacts {
  /** Glob patterns of output files, relative to `baseDirectory` (or the source directory). */
  readonly files: readonly string[];
  readonly name?: string;
  readonly discardPaths: boolean;
  readonly baseDirectory?: string;
  /** Glob patterns, relative to `baseDirectory`, excluded from `files`. */
  readonly excludePaths: readonly string[];
  readonly enableSymlinks: boolean;
  readonly s3Prefix?: string;
  /** Secondary artifacts by artifact identifier. */
  readonly secondaryArtifacts: Readonly<Record<string, BuildspecArtifacts>>;
}

export interface BuildspecCache {
  /** Paths CodeBuild caches between builds (S3 or local cache). */
  readonly paths: readonly string[];
  /** Cache key (newer CodeBuild cache syntax). */
  readonly key?: string;
  readonly fallbackKeys: readonly string[];
  /** `restore` or `save`: only one direction of the cache. */
  readonly action?: 'restore' | 'save';
}

/** A parsed, validated buildspec. */
export interface Buildspec {
  /** Where it came from (file path or a label), for messages. */
  readonly sourceName: string;
  readonly version: '0.2';
  /** Top-level `run-as`. */
  readonly runAs?: string;
  readonly env: BuildspecEnv;
  /** Declared phases only; a phase absent here is not run. */
  readonly phases: Readonly<Partial<Record<BuildspecPhaseName, BuildspecPhase>>>;
  readonly reports: readonly BuildspecReportGroup[];
  readonly artifacts?: BuildspecArtifacts;
  readonly cache?: BuildspecCache;
}

/** What a buildspec may hold, in CodeBuild's words; what no schema says (the globs' syntax) is checked after it. */
const BUILDSPEC_SCHEMA = new YamlSchema(buildspecSchema, {
  rootName: '(top level)',
  unknownKey: '{where}.{key}: not a CodeBuild buildspec key here (allowed: {keys})',
  wrongValue: '{where}: {expected}',
  missingKey: '{where}.{key}: is required',
});

/** A scalar as CodeBuild reads it: numbers and booleans stand for their text. */
type TextValue = string | number | boolean;
/** A list entry as CodeBuild reads it: a number stands for its text. */
type ListEntry = string | number;
type YesNo = boolean | 'yes' | 'no';

/** A phase once the schema has taken it. */
interface PhaseFile {
  readonly 'run-as'?: TextValue | null;
  readonly 'on-failure'?: OnFailure | null;
  readonly 'runtime-versions'?: Readonly<Record<string, TextValue>> | null;
  readonly commands: readonly ListEntry[] | null;
  readonly finally?: readonly ListEntry[] | null;
}

/** An artifact (primary or secondary) once the schema has taken it. */
interface ArtifactsFile {
  readonly files?: readonly ListEntry[] | null;
  readonly name?: TextValue | null;
  readonly 'discard-paths'?: YesNo | null;
  readonly 'base-directory'?: TextValue | null;
  readonly 'exclude-paths'?: readonly ListEntry[] | null;
  readonly 'enable-symlinks'?: YesNo | null;
  readonly 's3-prefix'?: TextValue | null;
  readonly 'secondary-artifacts'?: Readonly<Record<string, ArtifactsFile>> | null;
}

/** The file's shape once its schema has taken it. */
interface BuildspecFile {
  readonly 'run-as'?: TextValue | null;
  readonly env?: {
    readonly shell?: BuildspecShell | null;
    readonly variables?: Readonly<Record<string, TextValue>> | null;
    readonly 'parameter-store'?: Readonly<Record<string, TextValue>> | null;
    readonly 'secrets-manager'?: Readonly<Record<string, TextValue>> | null;
    readonly 'exported-variables'?: readonly ListEntry[] | null;
    readonly 'git-credential-helper'?: YesNo | null;
  } | null;
  readonly phases?: Readonly<Partial<Record<BuildspecPhaseName, PhaseFile>>> | null;
  readonly reports?: Readonly<
    Record<
      string,
      {
        readonly files: readonly ListEntry[];
        readonly 'base-directory'?: TextValue | null;
        readonly 'discard-paths'?: YesNo | null;
        readonly 'file-format'?: ReportFileFormat | null;
      }
    >
  > | null;
  readonly artifacts?: ArtifactsFile;
  readonly cache?: {
    readonly paths?: readonly ListEntry[] | null;
    readonly key?: TextValue | null;
    readonly 'fallback-keys'?: readonly ListEntry[] | null;
    readonly action?: 'restore' | 'save' | null;
  };
}

/** One thing wrong with the buildspec, at its line. */
interface BuildspecProblem {
  readonly line: number;
  /** `env.shell: must be one of …`: the key path, then what is wrong. */
  readonly message: string;
}

function textOf(value: TextValue | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function textsOf(list: readonly ListEntry[] | null | undefined): string[] {
  return (list ?? []).map(String);
}

function textMapOf(map: Readonly<Record<string, TextValue>> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) result[key] = String(value);
  return result;
}

/** CodeBuild's yes/no flags; YAML 1.2 reads `yes` as a string, so both spellings mean the same. */
function flagOf(value: YesNo | null | undefined): boolean | undefined {
  return value === null || value === undefined ? undefined : value === true || value === 'yes';
}

/**
 * Every list of file globs in the buildspec, where it is, whatever its shape: the runner matches them
 * with files/glob.ts, whose syntax no schema can say, so they are checked apart from it.
 */
function globLists(root: Readonly<Record<string, unknown>>): { path: YamlPathSegment[]; list: unknown }[] {
  const lists: { path: YamlPathSegment[]; list: unknown }[] = [];
  const reports = root['reports'];
  if (isJsonObject(reports)) {
    for (const [name, group] of Object.entries(reports)) {
      if (isJsonObject(group)) lists.push({ path: ['reports', name, 'files'], list: group['files'] });
    }
  }
  const artifactLists = (artifact: unknown, path: YamlPathSegment[]): void => {
    if (!isJsonObject(artifact)) return;
    lists.push({ path: [...path, 'files'], list: artifact['files'] });
    lists.push({ path: [...path, 'exclude-paths'], list: artifact['exclude-paths'] });
  };
  const artifacts = root['artifacts'];
  artifactLists(artifacts, ['artifacts']);
  const secondary = isJsonObject(artifacts) ? artifacts['secondary-artifacts'] : undefined;
  if (isJsonObject(secondary)) {
    for (const [id, artifact] of Object.entries(secondary)) {
      artifactLists(artifact, ['artifacts', 'secondary-artifacts', id]);
    }
  }
  return lists;
}

function globProblems(root: Readonly<Record<string, unknown>>, lines: YamlLines): BuildspecProblem[] {
  const problems: BuildspecProblem[] = [];
  for (const { path, list } of globLists(root)) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, index) => {
      if (typeof entry !== 'string' && typeof entry !== 'number') return;
      const problem = globProblem(String(entry));
      if (problem === undefined) return;
      problems.push({
        line: lines.valueLine([...path, index]),
        message: `${BUILDSPEC_SCHEMA.where([...path, index])}: ${problem}`,
      });
    });
  }
  return problems;
}

function phaseOf(phase: PhaseFile): BuildspecPhase {
  const runAs = textOf(phase['run-as']);
  const onFailure = phase['on-failure'] ?? undefined;
  const runtimeVersions = phase['runtime-versions'] === undefined ? undefined : textMapOf(phase['runtime-versions']);
  return {
    ...(runAs === undefined ? {} : { runAs }),
    ...(onFailure === undefined ? {} : { onFailure }),
    ...(runtimeVersions === undefined ? {} : { runtimeVersions }),
    commands: textsOf(phase.commands),
    finally: textsOf(phase.finally),
  };
}

function artifactsOf(artifacts: ArtifactsFile): BuildspecArtifacts {
  const secondaryArtifacts: Record<string, BuildspecArtifacts> = {};
  for (const [id, artifact] of Object.entries(artifacts['secondary-artifacts'] ?? {})) {
    secondaryArtifacts[id] = artifactsOf(artifact);
  }
  const name = textOf(artifacts.name);
  const baseDirectory = textOf(artifacts['base-directory']);
  const s3Prefix = textOf(artifacts['s3-prefix']);
  return {
    files: textsOf(artifacts.files),
    ...(name === undefined ? {} : { name }),
    discardPaths: flagOf(artifacts['discard-paths']) ?? false,
    ...(baseDirectory === undefined ? {} : { baseDirectory }),
    excludePaths: textsOf(artifacts['exclude-paths']),
    enableSymlinks: flagOf(artifacts['enable-symlinks']) ?? false,
    ...(s3Prefix === undefined ? {} : { s3Prefix }),
    secondaryArtifacts,
  };
}

function buildspecOf(file: BuildspecFile, sourceName: string): Buildspec {
  const env = file.env ?? {};
  const shell = env.shell ?? undefined;
  const gitCredentialHelper = flagOf(env['git-credential-helper']);
  const phases: Partial<Record<BuildspecPhaseName, BuildspecPhase>> = {};
  for (const name of BUILDSPEC_PHASE_NAMES) {
    const phase = file.phases?.[name];
    if (phase !== undefined) phases[name] = phaseOf(phase);
  }
  const reports = Object.entries(file.reports ?? {}).map(([name, group]): BuildspecReportGroup => {
    const baseDirectory = textOf(group['base-directory']);
    return {
      name,
      files: textsOf(group.files),
      ...(baseDirectory === undefined ? {} : { baseDirectory }),
      discardPaths: flagOf(group['discard-paths']) ?? false,
      fileFormat: group['file-format'] ?? 'JUNITXML',
    };
  });
  const runAs = textOf(file['run-as']);
  const cache = file.cache;
  const cacheKey = textOf(cache?.key);
  const cacheAction = cache?.action ?? undefined;
  return {
    sourceName,
    version: '0.2',
    ...(runAs === undefined ? {} : { runAs }),
    env: {
      ...(shell === undefined ? {} : { shell }),
      variables: textMapOf(env.variables),
      parameterStore: textMapOf(env['parameter-store']),
      secretsManager: textMapOf(env['secrets-manager']),
      exportedVariables: textsOf(env['exported-variables']),
      ...(gitCredentialHelper === undefined ? {} : { gitCredentialHelper }),
    },
    phases,
    reports,
    ...(file.artifacts === undefined ? {} : { artifacts: artifactsOf(file.artifacts) }),
    ...(cache === undefined
      ? {}
      : {
          cache: {
            paths: textsOf(cache.paths),
            ...(cacheKey === undefined ? {} : { key: cacheKey }),
            fallbackKeys: textsOf(cache['fallback-keys']),
            ...(cacheAction === undefined ? {} : { action: cacheAction }),
          },
        }),
  };
}

/** Parse errors quoted in an error's detail; a file that is not YAML at all would otherwise be echoed line by line. */
const MAX_QUOTED_ERRORS = 3;
/** Characters of a file quoted in an error's detail, at most. */
const MAX_QUOTED_CHARS = 600;

/** The first few YAML error messages (yamlErrorMessages), with the parser's snippets, within a bounded excerpt. */
function yamlErrorExcerpt(errors: readonly string[]): string {
  const shown = errors.slice(0, MAX_QUOTED_ERRORS);
  const more =
    errors.length > MAX_QUOTED_ERRORS ? `\n… and ${String(errors.length - MAX_QUOTED_ERRORS)} more errors` : '';
  return `${boundedExcerpt(shown.join('\n'), MAX_QUOTED_CHARS)}${more}`;
}

/** Validation problems listed in an error's detail, at most. */
const MAX_LISTED_PROBLEMS = 20;
const PROBLEM_CHARS = 200;

/** The problems, in the file's order, each at its line and cut to PROBLEM_CHARS: they may quote the file's keys. */
function listedProblems(sourceName: string, problems: readonly BuildspecProblem[]): string {
  const shown = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((problem) => `${sourceName}:${String(problem.line)}: ${boundedExcerpt(problem.message, PROBLEM_CHARS)}`);
  const more = problems.length - shown.length;
  return `${shown.join('\n')}${more > 0 ? `\n… and ${String(more)} more problems` : ''}`;
}

/**
 * Parses and validates a buildspec. Throws `PIPELINE_INVALID` listing every
 * problem (with its line and YAML path) when the text is not a valid version 0.2
 * buildspec. `proxy` and `batch` are accepted (they are CodeBuild features)
 * but have no effect on a local run.
 */
export function parseBuildspec(text: string, sourceName: string): Buildspec {
  const { value: root, lines } = parsePipelineYaml(text, sourceName);
  if (!isJsonObject(root)) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName} must be a YAML mapping with version and phases.`);
  }
  const problems: BuildspecProblem[] = [
    ...BUILDSPEC_SCHEMA.problems(root, lines).map(({ line, message }) => ({ line, message })),
    ...globProblems(root, lines),
  ].sort((a, b) => a.line - b.line);
  const [first] = problems;
  if (first !== undefined) {
    const count = problems.length;
    throw new DevsecopsError(
      'PIPELINE_INVALID',
      `${sourceName} is not a valid CodeBuild buildspec (${count} problem${count === 1 ? '' : 's'}): line ${String(first.line)}: ${boundedExcerpt(first.message, PROBLEM_CHARS)}. Fix it against the CodeBuild buildspec reference.`,
      { detail: listedProblems(sourceName, problems) },
    );
  }
  // The schema took it, so it has the file's shape.
  const file: BuildspecFile = root;
  return buildspecOf(file, sourceName);
}

/**
 * The value of a YAML file of the pipeline (a buildspec or pipeline.yml), or PIPELINE_INVALID: nesting
 * is bounded before the text is composed, and repeated keys are found by yamlErrorMessages because the
 * library's own check is quadratic.
 */
export function parsePipelineYaml(text: string, sourceName: string): { value: unknown; lines: YamlLines } {
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName}:${String(tooDeep.line)}: ${tooDeep.message}`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter });
  const errors = yamlErrorMessages(document, lineCounter);
  if (errors.length > 0) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName} is not valid YAML: fix the syntax error it reports.`, {
      detail: yamlErrorExcerpt(errors),
    });
  }
  return { value: documentValue(document, sourceName), lines: new YamlLines(document.contents, lineCounter) };
}

/**
 * A parsed YAML document as plain values. Expanding aliases is where an "alias bomb" (each
 * anchor repeating the previous one) would cost memory exponentially; the yaml library stops
 * it with a ReferenceError, reported here as the definition's own error.
 */
function documentValue(document: Document, sourceName: string): unknown {
  try {
    return document.toJS();
  } catch (error) {
    throw new DevsecopsError(
      'PIPELINE_INVALID',
      `${sourceName} repeats YAML aliases (*name) more often than can be expanded safely: write the values out.`,
      { cause: error },
    );
  }
}
