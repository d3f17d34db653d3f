// The dependencies a pyproject.toml declares, as the tools that read it see them: PEP 621's
// `[project] dependencies` and `optional-dependencies`, PEP 735's `[dependency-groups]`, uv's legacy
// `[tool.uv] dev-dependencies`, and Poetry's `[tool.poetry.dependencies]`, `dev-dependencies` and
// `[tool.poetry.group.<name>.dependencies]` (Poetry's constraint syntax translated to PEP 440). A
// dependency that `[tool.uv.sources]` or Poetry takes from git, a path or a URL is not a release of
// PyPI: noted, not checked.
import {
  declaredText,
  excerptOf,
  isTable,
  newReading,
  noteAt,
  parseTomlDocument,
  spanLocation,
  wrongType,
  type ManifestReading,
  type ReadingBuilder,
} from './manifest-reading';
import { isValidPackageName, normalizePackageName } from './package-name';
import { poetryConstraintToPep440 } from './poetry-constraint';
import { exactVersionOf, parseRequirementString } from './requirements-file';
import type { TomlLocations, TomlPath } from './toml-locations';

/** Source keys (uv's `[tool.uv.sources]`, Poetry's dependency tables) that mean "not from a package index". */
const NON_INDEX_SOURCES = ['git', 'path', 'url', 'workspace', 'file', 'directory'] as const;
/** Longest Poetry constraint read; longer ones are noted (real ones are a few dozen characters). */
const MAX_CONSTRAINT_LENGTH = 1000;

interface Context {
  readonly path: string;
  readonly locations: TomlLocations;
  readonly reading: ReadingBuilder;
  /** Names `[tool.uv.sources]` takes from outside an index, with how (for the note). */
  readonly uvSources: ReadonlyMap<string, string>;
}

function sourceDescription(source: Record<string, unknown>): string | undefined {
  for (const key of NON_INDEX_SOURCES) {
    const value = source[key];
    if (value === undefined || value === false) continue;
    return typeof value === 'string' ? `${key} ${excerptOf(value, 60)}` : key;
  }
  return undefined;
}

/** `[tool.uv.sources]`: name → source table (or a list of them, by marker). */
function readUvSources(
  document: Record<string, unknown>,
  path: string,
  locations: TomlLocations,
  reading: ReadingBuilder,
) {
  const sources = new Map<string, string>();
  const tool = document['tool'];
  const uv = isTable(tool) ? tool['uv'] : undefined;
  const table = isTable(uv) ? uv['sources'] : undefined;
  if (table === undefined) return sources;
  if (!isTable(table)) {
    wrongType(reading, path, locations, ['tool', 'uv', 'sources'], '[tool.uv.sources]', 'a table', table);
    return sources;
  }
  for (const [name, value] of Object.entries(table)) {
    const entries = Array.isArray(value) ? value : [value];
    const described = entries.filter(isTable).map(sourceDescription);
    const how = described.find((description) => description !== undefined);
    if (how !== undefined) sources.set(normalizePackageName(name), how);
  }
  return sources;
}

/** One PEP 508 string of a list, at `at`. */
function pep508Entry(context: Context, at: TomlPath, value: unknown, section: string): void {
  const { path, locations, reading } = context;
  if (typeof value !== 'string') {
    wrongType(reading, path, locations, at, `An entry of ${section}`, 'a requirement string', value);
    return;
  }
  const span = locations.get(at);
  const start = span?.content?.start ?? span?.value.start ?? { line: 1, column: 1 };
  const parsed = parseRequirementString(value, path, start, span?.literal === true);
  for (const note of parsed.notes) reading.notes.push(note);
  const { requirement } = parsed;
  if (!requirement) return;
  const source = context.uvSources.get(requirement.normalizedName);
  if (source !== undefined) {
    noteAt(
      reading,
      path,
      span,
      'not-a-release',
      `${requirement.name} comes from ${source} ([tool.uv.sources]), not from a package index: not checked.`,
    );
    return;
  }
  const declared = declaredText(span, 'pep508', value);
  reading.requirements.push({ requirement, section, locked: false, ...(declared ? { declared } : {}) });
}

/** A list of PEP 508 strings (`dependencies`, an extra, a dependency group). */
function pep508List(context: Context, at: TomlPath, value: unknown, section: string): void {
  if (!Array.isArray(value)) {
    wrongType(context.reading, context.path, context.locations, at, section, 'a list of requirement strings', value);
    return;
  }
  value.forEach((entry, index) => {
    // PEP 735's `{include-group = "test"}` names another group, which is read on its own.
    if (isTable(entry) && typeof entry['include-group'] === 'string') return;
    pep508Entry(context, [...at, index], entry, section);
  });
}

/** A table of lists (`optional-dependencies`, `dependency-groups`). */
function pep508Lists(context: Context, at: TomlPath, value: unknown, section: string): void {
  if (value === undefined) return;
  if (!isTable(value)) {
    wrongType(context.reading, context.path, context.locations, at, section, 'a table of lists', value);
    return;
  }
  for (const [name, list] of Object.entries(value)) pep508List(context, [...at, name], list, `${section} ${name}`);
}

function readProject(context: Context, document: Record<string, unknown>): void {
  const project = document['project'];
  if (project === undefined) return;
  if (!isTable(project)) {
    wrongType(context.reading, context.path, context.locations, ['project'], '[project]', 'a table', project);
    return;
  }
  const dependencies = project['dependencies'];
  const dynamic = project['dynamic'];
  if (dependencies !== undefined)
    pep508List(context, ['project', 'dependencies'], dependencies, '[project] dependencies');
  else if (Array.isArray(dynamic) && dynamic.includes('dependencies')) {
    noteAt(
      context.reading,
      context.path,
      context.locations.get(['project', 'dynamic']),
      'dynamic-dependencies',
      'The dependencies are dynamic (the build backend computes them, often from a requirements file): pyproject.toml does not list them, so they are checked only where they are written down (requirements files and lockfiles are scanned on their own).',
    );
  }
  pep508Lists(
    context,
    ['project', 'optional-dependencies'],
    project['optional-dependencies'],
    '[project.optional-dependencies]',
  );
}

/** One Poetry constraint string at `at`, for `name`. */
function poetryConstraint(context: Context, at: TomlPath, name: string, constraint: string, section: string): void {
  const { path, locations, reading } = context;
  const span = locations.get(at);
  const translated =
    constraint.length > MAX_CONSTRAINT_LENGTH
      ? { ok: false as const, reason: `the constraint is longer than ${String(MAX_CONSTRAINT_LENGTH)} characters` }
      : poetryConstraintToPep440(constraint);
  if (!translated.ok) {
    noteAt(
      reading,
      path,
      span,
      'invalid-specifier',
      `${name} = "${excerptOf(constraint)}": ${translated.reason}; not checked.`,
    );
    return;
  }
  const location = spanLocation(path, span);
  const declared = declaredText(span, 'poetry', constraint);
  translated.alternatives.forEach((specifier, alternative) => {
    const exactVersion = exactVersionOf(specifier);
    reading.requirements.push({
      requirement: {
        name,
        normalizedName: normalizePackageName(name),
        extras: [],
        specifier,
        ...(exactVersion !== undefined ? { exactVersion } : {}),
        location,
      },
      section,
      locked: false,
      ...(translated.alternatives.length > 1 ? { alternative } : {}),
      ...(declared ? { declared } : {}),
    });
  });
}

/** One `name = …` entry of a Poetry dependency table: a constraint, a table, or a list of tables. */
function poetryDependency(context: Context, at: TomlPath, name: string, value: unknown, section: string): void {
  const { path, locations, reading } = context;
  if (typeof value === 'string') {
    poetryConstraint(context, at, name, value, section);
    return;
  }
  if (Array.isArray(value)) {
    // Several constraints by Python version or platform: each is a possible install.
    value.forEach((entry, index) => poetryDependency(context, [...at, index], name, entry, section));
    return;
  }
  if (!isTable(value)) {
    wrongType(reading, path, locations, at, `${name} in ${section}`, 'a constraint string or a table', value);
    return;
  }
  const source = sourceDescription(value);
  if (source !== undefined) {
    noteAt(
      reading,
      path,
      locations.get(at),
      'not-a-release',
      `${name} comes from ${source}, not from a package index: not checked.`,
    );
    return;
  }
  const version = value['version'];
  if (version !== undefined && typeof version !== 'string') {
    wrongType(reading, path, locations, [...at, 'version'], `${name}'s version`, 'a constraint string', version);
    return;
  }
  // The requirement points at the entry's key (a table's `version` key could be on another line).
  const entrySpan = locations.get(at);
  const keySpan = entrySpan?.key ? entrySpan : locations.get([...at, 'version']);
  const location = spanLocation(path, keySpan);
  const before = reading.requirements.length;
  poetryConstraint(context, [...at, 'version'], name, version ?? '*', section);
  for (let index = before; index < reading.requirements.length; index += 1) {
    const entry = reading.requirements[index];
    if (!entry) continue;
    const markers = typeof value['markers'] === 'string' ? value['markers'] : undefined;
    reading.requirements[index] = {
      ...entry,
      requirement: { ...entry.requirement, location, ...(markers !== undefined ? { marker: markers } : {}) },
    };
  }
}

function poetryTable(context: Context, at: TomlPath, value: unknown, section: string): void {
  if (value === undefined) return;
  if (!isTable(value)) {
    wrongType(context.reading, context.path, context.locations, at, section, 'a table', value);
    return;
  }
  for (const [name, entry] of Object.entries(value)) {
    // The Python interpreter the project needs, not a package.
    if (name.toLowerCase() === 'python') continue;
    if (!isValidPackageName(name)) {
      noteAt(
        context.reading,
        context.path,
        context.locations.get([...at, name]),
        'unparseable',
        `"${excerptOf(name)}" in ${section} is not a valid package name; skipped.`,
      );
      continue;
    }
    poetryDependency(context, [...at, name], name, entry, section);
  }
}

function readPoetry(context: Context, document: Record<string, unknown>): void {
  const tool = document['tool'];
  const poetry = isTable(tool) ? tool['poetry'] : undefined;
  if (poetry === undefined) return;
  if (!isTable(poetry)) {
    wrongType(context.reading, context.path, context.locations, ['tool', 'poetry'], '[tool.poetry]', 'a table', poetry);
    return;
  }
  const base = ['tool', 'poetry'];
  poetryTable(context, [...base, 'dependencies'], poetry['dependencies'], '[tool.poetry.dependencies]');
  poetryTable(context, [...base, 'dev-dependencies'], poetry['dev-dependencies'], '[tool.poetry.dev-dependencies]');
  const groups = poetry['group'];
  if (groups === undefined) return;
  if (!isTable(groups)) {
    wrongType(
      context.reading,
      context.path,
      context.locations,
      [...base, 'group'],
      '[tool.poetry.group]',
      'a table',
      groups,
    );
    return;
  }
  for (const [group, table] of Object.entries(groups)) {
    if (!isTable(table)) {
      wrongType(
        context.reading,
        context.path,
        context.locations,
        [...base, 'group', group],
        `[tool.poetry.group.${group}]`,
        'a table',
        table,
      );
      continue;
    }
    poetryTable(
      context,
      [...base, 'group', group, 'dependencies'],
      table['dependencies'],
      `[tool.poetry.group.${group}.dependencies]`,
    );
  }
}

/** Reads the dependencies of a pyproject.toml. Never throws: what it cannot read becomes notes and problems. */
export function readPyprojectDependencies(text: string, path: string): ManifestReading {
  const parsed = parseTomlDocument(text, path);
  if ('invalid' in parsed) return parsed.invalid;
  const { document, locations } = parsed;
  const reading = newReading();
  const uvSources = readUvSources(document, path, locations, reading);
  const context: Context = { path, locations, reading, uvSources };
  readProject(context, document);
  pep508Lists(context, ['dependency-groups'], document['dependency-groups'], '[dependency-groups]');
  const tool = document['tool'];
  const uv = isTable(tool) ? tool['uv'] : undefined;
  if (isTable(uv) && uv['dev-dependencies'] !== undefined) {
    pep508List(context, ['tool', 'uv', 'dev-dependencies'], uv['dev-dependencies'], '[tool.uv] dev-dependencies');
  }
  readPoetry(context, document);
  return reading;
}
