import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { yamlErrorMessages } from '../config/yaml-duplicate-keys';
import { YamlLines } from '../config/yaml-lines';
import { yamlNestingProblem } from '../config/yaml-nesting';
import { boundedExcerpt, DevsecopsError } from '../errors/devsecops-error';
import { globProblem } from '../policy/glob';

/**
 * The CodeBuild buildspec (version 0.2) as a typed model, and a parser that
 * accepts only what the CodeBuild buildspec reference documents
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html):
 * a key CodeBuild does not know is an error here too, so a buildspec that runs
 * locally also runs in the cloud.
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

type YamlMap = Readonly<Record<string, unknown>>;

/** Collects every problem so one run of the parser reports all of them. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(map: YamlMap, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(map)) {
    if (!allowed.includes(key)) {
      problems.add(`${path}.${key}`, `not a CodeBuild buildspec key here (allowed: ${allowed.join(', ')})`);
    }
  }
}

/** A scalar as CodeBuild reads it: numbers and booleans become their text. */
function scalarText(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  problems.add(path, 'must be a single value (quote it if it contains ": " or starts with a special character)');
  return undefined;
}

function stringMap(value: unknown, path: string, problems: Problems): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === undefined || value === null) return result;
  if (!isMap(value)) {
    problems.add(path, 'must be a mapping of NAME: value');
    return result;
  }
  for (const [key, entry] of Object.entries(value)) {
    const text = scalarText(entry, `${path}.${key}`, problems);
    if (text !== undefined) result[key] = text;
  }
  return result;
}

function stringList(value: unknown, path: string, problems: Problems): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list');
    return [];
  }
  const result: string[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') result.push(entry);
    else if (typeof entry === 'number') result.push(String(entry));
    else
      problems.add(
        `${path}[${index}]`,
        'must be a string (quote a command that contains ": " so YAML does not read it as a mapping)',
      );
  });
  return result;
}

/** A list of file globs: the runner matches them with policy/glob.ts, so its syntax is checked here. */
function globList(value: unknown, path: string, problems: Problems): string[] {
  const globs = stringList(value, path, problems);
  globs.forEach((glob, index) => {
    const problem = globProblem(glob);
    if (problem !== undefined) problems.add(`${path}[${index}]`, problem);
  });
  return globs;
}

/** CodeBuild's yes/no flags; YAML 1.2 reads `yes` as a string, so both spellings are accepted. */
function yesNo(value: unknown, path: string, problems: Problems): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'yes') return true;
  if (value === false || value === 'no') return false;
  problems.add(path, 'must be yes or no');
  return undefined;
}

function optionalText(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined || value === null) return undefined;
  return scalarText(value, path, problems);
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  problems: Problems,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.add(path, `must be one of ${allowed.join(', ')}`);
  return undefined;
}

function parseEnv(value: unknown, problems: Problems): BuildspecEnv {
  if (value === undefined || value === null) {
    return { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [] };
  }
  if (!isMap(value)) {
    problems.add('env', 'must be a mapping');
    return { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [] };
  }
  checkKeys(
    value,
    ['shell', 'variables', 'parameter-store', 'secrets-manager', 'exported-variables', 'git-credential-helper'],
    'env',
    problems,
  );
  const shell = oneOf(value['shell'], BUILDSPEC_SHELLS, 'env.shell', problems);
  const gitCredentialHelper = yesNo(value['git-credential-helper'], 'env.git-credential-helper', problems);
  return {
    ...(shell === undefined ? {} : { shell }),
    variables: stringMap(value['variables'], 'env.variables', problems),
    parameterStore: stringMap(value['parameter-store'], 'env.parameter-store', problems),
    secretsManager: stringMap(value['secrets-manager'], 'env.secrets-manager', problems),
    exportedVariables: stringList(value['exported-variables'], 'env.exported-variables', problems),
    ...(gitCredentialHelper === undefined ? {} : { gitCredentialHelper }),
  };
}

function parsePhase(name: BuildspecPhaseName, value: unknown, problems: Problems): BuildspecPhase | undefined {
  const path = `phases.${name}`;
  if (!isMap(value)) {
    problems.add(path, 'must be a mapping with commands');
    return undefined;
  }
  const allowed = ['run-as', 'on-failure', 'commands', 'finally'];
  checkKeys(value, name === 'install' ? [...allowed, 'runtime-versions'] : allowed, path, problems);
  const commands = stringList(value['commands'], `${path}.commands`, problems);
  if (value['commands'] === undefined) problems.add(`${path}.commands`, 'is required when the phase is declared');
  const runAs = optionalText(value['run-as'], `${path}.run-as`, problems);
  const onFailure = oneOf(value['on-failure'], ['ABORT', 'CONTINUE'] as const, `${path}.on-failure`, problems);
  const runtimeVersions =
    value['runtime-versions'] === undefined
      ? undefined
      : stringMap(value['runtime-versions'], `${path}.runtime-versions`, problems);
  return {
    ...(runAs === undefined ? {} : { runAs }),
    ...(onFailure === undefined ? {} : { onFailure }),
    ...(runtimeVersions === undefined ? {} : { runtimeVersions }),
    commands,
    finally: stringList(value['finally'], `${path}.finally`, problems),
  };
}

function parseReports(value: unknown, problems: Problems): BuildspecReportGroup[] {
  if (value === undefined || value === null) return [];
  if (!isMap(value)) {
    problems.add('reports', 'must be a mapping of report group name → settings');
    return [];
  }
  const groups: BuildspecReportGroup[] = [];
  for (const [name, group] of Object.entries(value)) {
    const path = `reports.${name}`;
    if (!isMap(group)) {
      problems.add(path, 'must be a mapping with files');
      continue;
    }
    checkKeys(group, ['files', 'base-directory', 'discard-paths', 'file-format'], path, problems);
    const files = globList(group['files'], `${path}.files`, problems);
    if (files.length === 0) problems.add(`${path}.files`, 'must list at least one file pattern');
    const baseDirectory = optionalText(group['base-directory'], `${path}.base-directory`, problems);
    groups.push({
      name,
      files,
      ...(baseDirectory === undefined ? {} : { baseDirectory }),
      discardPaths: yesNo(group['discard-paths'], `${path}.discard-paths`, problems) ?? false,
      fileFormat: oneOf(group['file-format'], REPORT_FILE_FORMATS, `${path}.file-format`, problems) ?? 'JUNITXML',
    });
  }
  return groups;
}

function parseArtifacts(value: unknown, path: string, problems: Problems, allowSecondary: boolean): BuildspecArtifacts {
  if (!isMap(value)) {
    problems.add(path, 'must be a mapping with files');
    return {
      files: [],
      discardPaths: false,
      excludePaths: [],
      enableSymlinks: false,
      secondaryArtifacts: {},
    };
  }
  const keys = ['files', 'name', 'discard-paths', 'base-directory', 'exclude-paths', 'enable-symlinks', 's3-prefix'];
  checkKeys(value, allowSecondary ? [...keys, 'secondary-artifacts'] : keys, path, problems);
  const secondaryArtifacts: Record<string, BuildspecArtifacts> = {};
  const secondary = value['secondary-artifacts'];
  if (allowSecondary && secondary !== undefined && secondary !== null) {
    if (isMap(secondary)) {
      for (const [id, artifact] of Object.entries(secondary)) {
        secondaryArtifacts[id] = parseArtifacts(artifact, `${path}.secondary-artifacts.${id}`, problems, false);
      }
    } else {
      problems.add(`${path}.secondary-artifacts`, 'must be a mapping of artifact identifier → artifact');
    }
  }
  const name = optionalText(value['name'], `${path}.name`, problems);
  const baseDirectory = optionalText(value['base-directory'], `${path}.base-directory`, problems);
  const s3Prefix = optionalText(value['s3-prefix'], `${path}.s3-prefix`, problems);
  const files = globList(value['files'], `${path}.files`, problems);
  if (files.length === 0 && Object.keys(secondaryArtifacts).length === 0) {
    problems.add(`${path}.files`, 'must list at least one file pattern');
  }
  return {
    files,
    ...(name === undefined ? {} : { name }),
    discardPaths: yesNo(value['discard-paths'], `${path}.discard-paths`, problems) ?? false,
    ...(baseDirectory === undefined ? {} : { baseDirectory }),
    excludePaths: globList(value['exclude-paths'], `${path}.exclude-paths`, problems),
    enableSymlinks: yesNo(value['enable-symlinks'], `${path}.enable-symlinks`, problems) ?? false,
    ...(s3Prefix === undefined ? {} : { s3Prefix }),
    secondaryArtifacts,
  };
}

function parseCache(value: unknown, problems: Problems): BuildspecCache {
  if (!isMap(value)) {
    problems.add('cache', 'must be a mapping with paths');
    return { paths: [], fallbackKeys: [] };
  }
  checkKeys(value, ['paths', 'key', 'fallback-keys', 'action'], 'cache', problems);
  const key = optionalText(value['key'], 'cache.key', problems);
  const action = oneOf(value['action'], ['restore', 'save'] as const, 'cache.action', problems);
  return {
    paths: stringList(value['paths'], 'cache.paths', problems),
    ...(key === undefined ? {} : { key }),
    fallbackKeys: stringList(value['fallback-keys'], 'cache.fallback-keys', problems),
    ...(action === undefined ? {} : { action }),
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

/** Validation problems listed in an error's detail, each cut to PROBLEM_CHARS: they may quote the file's keys. */
const MAX_LISTED_PROBLEMS = 20;
const PROBLEM_CHARS = 200;

function listedProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => boundedExcerpt(problem, PROBLEM_CHARS));
  const more = problems.length - shown.length;
  return `${shown.join('\n')}${more > 0 ? `\n… and ${String(more)} more problems` : ''}`;
}

const TOP_LEVEL_KEYS = ['version', 'run-as', 'env', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'];

/**
 * Parses and validates a buildspec. Throws `PIPELINE_INVALID` listing every
 * problem (with its YAML path) when the text is not a valid version 0.2
 * buildspec. `proxy` and `batch` are accepted (they are CodeBuild features)
 * but have no effect on a local run.
 */
export function parseBuildspec(text: string, sourceName: string): Buildspec {
  const root = parsePipelineYaml(text, sourceName).value;
  const problems = new Problems();
  if (!isMap(root)) {
    throw new DevsecopsError('PIPELINE_INVALID', `${sourceName} must be a YAML mapping with version and phases.`);
  }
  checkKeys(root, TOP_LEVEL_KEYS, '(top level)', problems);
  // `version: 0.2` parses as the number 0.2; a quoted "0.2" is equally valid. Only scalars are
  // turned into text: String() of a list or mapping runs its members' toString, which the file sets.
  const version = root['version'];
  if (!((typeof version === 'number' || typeof version === 'string') && String(version) === '0.2')) {
    problems.add('version', 'must be 0.2 (version 0.1 is deprecated and runs each command in its own shell)');
  }
  const phases: Partial<Record<BuildspecPhaseName, BuildspecPhase>> = {};
  const rawPhases = root['phases'];
  if (rawPhases !== undefined && rawPhases !== null) {
    if (isMap(rawPhases)) {
      checkKeys(rawPhases, BUILDSPEC_PHASE_NAMES, 'phases', problems);
      for (const name of BUILDSPEC_PHASE_NAMES) {
        if (rawPhases[name] === undefined) continue;
        const phase = parsePhase(name, rawPhases[name], problems);
        if (phase) phases[name] = phase;
      }
    } else {
      problems.add('phases', 'must be a mapping of install, pre_build, build, post_build');
    }
  }
  for (const key of ['proxy', 'batch'] as const) {
    if (root[key] !== undefined && !isMap(root[key])) problems.add(key, 'must be a mapping');
  }
  const runAs = optionalText(root['run-as'], 'run-as', problems);
  const env = parseEnv(root['env'], problems);
  const reports = parseReports(root['reports'], problems);
  const artifacts =
    root['artifacts'] === undefined ? undefined : parseArtifacts(root['artifacts'], 'artifacts', problems, true);
  const cache = root['cache'] === undefined ? undefined : parseCache(root['cache'], problems);
  if (problems.list.length > 0) {
    const count = problems.list.length;
    throw new DevsecopsError(
      'PIPELINE_INVALID',
      `${sourceName} is not a valid CodeBuild buildspec (${count} problem${count === 1 ? '' : 's'}): ${boundedExcerpt(problems.list[0] ?? '', PROBLEM_CHARS)}. Fix it against the CodeBuild buildspec reference.`,
      { detail: listedProblems(problems.list) },
    );
  }
  return {
    sourceName,
    version: '0.2',
    ...(runAs === undefined ? {} : { runAs }),
    env,
    phases,
    reports,
    ...(artifacts === undefined ? {} : { artifacts }),
    ...(cache === undefined ? {} : { cache }),
  };
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
