// What an editor needs to act on a finding in a Python manifest or lockfile, as pure functions of the
// file's text: where each declaration of a package is, the edit that moves a pyproject.toml declaration
// to a fixed version in the user's own constraint style (`^2.0` → `^2.3.3`, `flask>=2.0` →
// `flask>=2.3.3`), and for a lockfile the command that updates it (a lockfile is written by its tool,
// never edited by hand).
import type { PythonManifestKind } from '../../files/file-kinds';
import type { ManifestRequirement } from './manifest-reading';
import { readPythonManifest } from './manifest-scan';
import { normalizePackageName } from './package-name';
import { isPep440Specifier, versionsAllowedBy } from './pep440';
import type { TextRange } from './text-positions';

/** A replacement of a stretch of the file: lines and columns 1-based, the end exclusive. */
export interface ManifestTextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** Every declaration (manifest) or entry (lockfile) of a package in the file, in file order. */
export function packageDeclarations(
  kind: PythonManifestKind,
  text: string,
  path: string,
  packageName: string,
): ManifestRequirement[] {
  const wanted = normalizePackageName(packageName);
  const seen = new Set<string>();
  return readPythonManifest(kind, text, path).requirements.filter(({ requirement }) => {
    if (requirement.normalizedName !== wanted) return false;
    // Poetry's `a || b` alternatives share one declaration.
    const key = `${String(requirement.location.line)}:${String(requirement.location.column)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A PEP 440 specifier set moved up to `version`, keeping its style (see the file comment). */
export function upgradedSpecifier(specifier: string, version: string): string {
  const trimmed = specifier.trim();
  const parenthesised = /^\((.*)\)$/.exec(trimmed);
  const body = (parenthesised?.[1] ?? trimmed).trim();
  if (body === '') return `>=${version}`;
  const separator = /,\s/.test(body) ? ', ' : ',';
  const clauses = body.split(',').map((clause) => clause.trim());
  const pin = clauses.find((clause) => /^===?(?!.*\*)/.test(clause));
  if (pin !== undefined) {
    const pinned = `${pin.startsWith('===') ? '===' : '=='}${version}`;
    return parenthesised ? `(${pinned})` : pinned;
  }
  const kept: string[] = [];
  let lower: string | undefined;
  for (const clause of clauses) {
    const operator = /^(~=|>=|>|<=|<|!=|==)/.exec(clause)?.[1];
    if (operator === '~=') lower ??= `~=${version}`;
    else if (operator === '>=' || operator === '>') lower ??= `>=${version}`;
    // Upper bounds and exclusions stay while they allow the new version; wildcards that do not go.
    else if (versionsAllowedBy([version], clause).length > 0) kept.push(clause);
  }
  const upgraded = [lower ?? `>=${version}`, ...kept].join(separator);
  return parenthesised ? `(${upgraded})` : upgraded;
}

/** A Poetry constraint moved up to `version`, keeping its style: `^`, `~`, `~=`, an exact pin, a range. */
export function upgradedPoetryConstraint(constraint: string, version: string): string {
  const trimmed = constraint.trim();
  const simple = /^(\^|~(?!=)|~=|==|=)?\s*v?\d[^\s,|*]*$/.exec(trimmed);
  if (simple) return `${simple[1] ?? ''}${version}`;
  if (trimmed === '' || trimmed === '*' || trimmed.includes('|')) return `>=${version}`;
  // A range Poetry also reads as PEP 440 (`>=2.0,<3`, `>=2.0 <3`): moved like one.
  const commas = trimmed.replace(/(?<=[\d*])\s+(?=[<>=!~])/g, ',');
  return isPep440Specifier(commas) ? upgradedSpecifier(commas, version) : `>=${version}`;
}

/** The part of a PEP 508 string that is its version specifier (between the name/extras and the marker). */
function specifierSpan(requirement: string): { start: number; end: number } {
  const head = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*/.exec(requirement);
  const start = head?.[0].length ?? 0;
  const semicolon = requirement.indexOf(';', start);
  let end = semicolon < 0 ? requirement.length : semicolon;
  while (end > start && /\s/.test(requirement.charAt(end - 1))) end -= 1;
  return { start, end };
}

/**
 * The edit that makes the pyproject.toml declaration at `at` (a finding's line and column) allow `version`
 * and no lower, in the declaration's own style. Undefined when there is no declaration there, or it is not a
 * plain string the edit can rewrite in place (escapes, multi-line strings, `name @ url`).
 */
export function upgradeDeclarationEdit(
  text: string,
  path: string,
  at: { readonly line: number; readonly column?: number },
  version: string,
): ManifestTextEdit | undefined {
  const declaration = readPythonManifest('pyproject', text, path).requirements.find(
    ({ requirement }) =>
      requirement.location.line === at.line && (at.column === undefined || requirement.location.column === at.column),
  );
  const declared = declaration?.declared;
  if (!declared) return undefined;
  const { start } = declared.range;
  if (declared.syntax === 'poetry') {
    const newText = upgradedPoetryConstraint(declared.text, version);
    return newText === declared.text ? undefined : { range: declared.range, newText };
  }
  if (/^\s*[^;]*@/.test(declared.text)) return undefined;
  const span = specifierSpan(declared.text);
  const newText = upgradedSpecifier(declared.text.slice(span.start, span.end), version);
  const from = { offset: start.offset + span.start, line: start.line, column: start.column + span.start };
  const to = { offset: start.offset + span.end, line: start.line, column: start.column + span.end };
  if (declared.text.slice(span.start, span.end) === newText) return undefined;
  return { range: { start: from, end: to }, newText };
}

/** How to update a lockfile's package: the commands to run (argument arrays) and the same as one line to show. */
export interface LockfileUpdate {
  /** Commands in order, each an argument array; empty when the file does not say which tool wrote it. */
  readonly commands: readonly (readonly string[])[];
  /** What to tell the user: the commands, or what to do when there is no single command. */
  readonly description: string;
}

function describeCommands(commands: readonly (readonly string[])[], file: string): string {
  return `Run ${commands.map((command) => `\`${command.join(' ')}\``).join(', then ')} to update ${file}.`;
}

/**
 * The commands that update `packageName` in a lockfile (Poetry, uv, Pipenv; for PEP 751 files, the locker
 * their `created-by` names). Run them in the lockfile's folder. The manifest's own constraint must allow the
 * fixed version, or the locker keeps the old one: `upgradeDeclarationEdit` moves it first.
 */
export function lockfileUpdate(kind: PythonManifestKind, packageName: string, text = ''): LockfileUpdate {
  const name = normalizePackageName(packageName);
  const commands = (list: string[][], file: string): LockfileUpdate => ({
    commands: list,
    description: describeCommands(list, file),
  });
  switch (kind) {
    case 'poetry-lock':
      return commands([['poetry', 'update', name]], 'poetry.lock');
    case 'uv-lock':
      return commands([['uv', 'lock', '--upgrade-package', name]], 'uv.lock');
    case 'pipfile-lock':
      return commands([['pipenv', 'update', name]], 'Pipfile.lock');
    case 'pylock': {
      const createdBy = /^created-by\s*=\s*["']([^"']+)["']/m.exec(text)?.[1]?.trim().toLowerCase();
      if (createdBy === 'uv') {
        return commands(
          [
            ['uv', 'lock', '--upgrade-package', name],
            ['uv', 'export', '--format', 'pylock.toml', '-o', 'pylock.toml'],
          ],
          'pylock.toml',
        );
      }
      if (createdBy === 'pdm') {
        return commands(
          [
            ['pdm', 'update', name],
            ['pdm', 'export', '-f', 'pylock', '-o', 'pylock.toml'],
          ],
          'pylock.toml',
        );
      }
      return {
        commands: [],
        description: `Lock again with the tool that wrote this pylock.toml${createdBy === undefined ? '' : ` (${createdBy})`}, allowing ${name} to move to a fixed version (\`pip lock\` resolves afresh each time).`,
      };
    }
    case 'pyproject':
      return { commands: [], description: 'pyproject.toml is a manifest: edit the declaration, then lock again.' };
  }
}
