// Turns what Python manifests and lockfiles say into findings. A lockfile beside a pyproject.toml
// (same folder) says which versions are installed, so a package both declare is checked once, on the
// lockfile, and its findings name the manifest line that declares it; a declared package the lockfile
// does not list is checked as declared, with a note that the lockfile is out of date.
import { posix } from 'node:path';
import type { FindingDraft } from '../../findings/finding';
import type { PythonManifestKind } from '../../files/file-kinds';
import type { ManifestReading, ManifestRequirement } from './manifest-reading';
import { readPipfileLock } from './pipfile-lock';
import { readPoetryLock } from './poetry-lock';
import { readPylock } from './pylock';
import { readPyprojectDependencies } from './pyproject-dependencies';
import type { RequirementNote } from './requirement-note';
import { checkRequirement, MAX_FINDINGS_PER_FILE } from './requirements-scan';
import { readUvLock } from './uv-lock';
import type { VulnerabilityDatabase } from './vulnerability-database';

/** Reads one manifest or lockfile by kind. Never throws. */
export function readPythonManifest(kind: PythonManifestKind, text: string, path: string): ManifestReading {
  switch (kind) {
    case 'pyproject':
      return readPyprojectDependencies(text, path);
    case 'poetry-lock':
      return readPoetryLock(text, path);
    case 'uv-lock':
      return readUvLock(text, path);
    case 'pipfile-lock':
      return readPipfileLock(text, path);
    case 'pylock':
      return readPylock(text, path);
  }
}

/** Lockfiles that pair with a pyproject.toml in the same folder (Pipfile.lock pairs with a Pipfile instead). */
const PYPROJECT_LOCKFILES: ReadonlySet<PythonManifestKind> = new Set(['poetry-lock', 'uv-lock', 'pylock']);

/** The command that writes each lockfile again, for "out of date" notes. */
const LOCK_COMMAND: Readonly<Partial<Record<PythonManifestKind, string>>> = {
  'poetry-lock': 'poetry lock',
  'uv-lock': 'uv lock',
  pylock: 'pip lock (or your locker)',
};

/** One manifest or lockfile that was read. */
export interface ReadManifest {
  readonly path: string;
  readonly kind: PythonManifestKind;
  readonly reading: ManifestReading;
}

export interface ManifestScanResult {
  readonly findings: FindingDraft[];
  readonly notes: RequirementNote[];
}

/** Where a manifest declares a package that its lockfile installs. */
interface Declaration {
  readonly path: string;
  readonly line: number;
  /** `flask>=2.0` as it was read (Poetry constraints already translated). */
  readonly text: string;
}

function declarationText(requirement: ManifestRequirement['requirement']): string {
  return `${requirement.name}${requirement.specifier}`;
}

function isReadable(file: ReadManifest): boolean {
  return !file.reading.notes.some((note) => note.kind === 'invalid-file');
}

/** How the manifests and lockfiles of one folder relate. */
interface Pairing {
  /** By manifest path: names its lockfiles install, and which lockfile. */
  readonly lockedBy: Map<string, Map<string, string>>;
  /** By manifest path: the lockfiles beside it (empty when none). */
  readonly lockfilesOf: Map<string, ReadManifest[]>;
  /** By lockfile path: each name's declarations in the manifest beside it. */
  readonly declarations: Map<string, Map<string, Declaration[]>>;
}

function pair(files: readonly ReadManifest[]): Pairing {
  const pairing: Pairing = { lockedBy: new Map(), lockfilesOf: new Map(), declarations: new Map() };
  for (const manifest of files) {
    if (manifest.kind !== 'pyproject') continue;
    const folder = posix.dirname(manifest.path);
    const lockfiles = files.filter(
      (file) => PYPROJECT_LOCKFILES.has(file.kind) && posix.dirname(file.path) === folder && isReadable(file),
    );
    pairing.lockfilesOf.set(manifest.path, lockfiles);
    const lockedBy = new Map<string, string>();
    for (const lockfile of lockfiles) {
      for (const { requirement } of lockfile.reading.requirements) {
        if (!lockedBy.has(requirement.normalizedName)) lockedBy.set(requirement.normalizedName, lockfile.path);
      }
    }
    pairing.lockedBy.set(manifest.path, lockedBy);
    for (const lockfile of lockfiles) {
      const byName = pairing.declarations.get(lockfile.path) ?? new Map<string, Declaration[]>();
      for (const { requirement, alternative } of manifest.reading.requirements) {
        if (alternative !== undefined && alternative > 0) continue;
        const list = byName.get(requirement.normalizedName) ?? [];
        list.push({ path: manifest.path, line: requirement.location.line, text: declarationText(requirement) });
        byName.set(requirement.normalizedName, list);
      }
      pairing.declarations.set(lockfile.path, byName);
    }
  }
  return pairing;
}

/** Checks one file's requirements, given how it pairs with the files beside it. */
function scanOne(file: ReadManifest, pairing: Pairing, db: VulnerabilityDatabase): ManifestScanResult {
  const findings: FindingDraft[] = [];
  const notes: RequirementNote[] = [...file.reading.notes];
  const seen = new Set<string>();
  const lockedBy = pairing.lockedBy.get(file.path);
  const lockfiles = pairing.lockfilesOf.get(file.path) ?? [];
  const declarations = pairing.declarations.get(file.path);
  let omitted = 0;
  let firstOmitted: RequirementNote | undefined;
  for (const { requirement, locked } of file.reading.requirements) {
    const where = { path: file.path, line: requirement.location.line, column: requirement.location.column };
    if (!locked && lockedBy?.has(requirement.normalizedName)) continue;
    if (!locked && lockfiles.length > 0) {
      const names = lockfiles.map((lockfile) => posix.basename(lockfile.path)).join(' and ');
      const commands = lockfiles.map((lockfile) => LOCK_COMMAND[lockfile.kind] ?? 'lock again').join(' / ');
      notes.push({
        ...where,
        kind: 'not-locked',
        message: `${requirement.name} is declared here but ${names} beside it does not list it: the lockfile is out of date (run ${commands}). Checked as declared.`,
      });
    }
    const checked = checkRequirement(requirement, db);
    for (const note of checked.notes) {
      notes.push(
        note.kind === 'unpinned' && !locked
          ? {
              ...note,
              message: `${requirement.name} has no version constraint: only advisories that affect its newest known release are reported. A lockfile beside pyproject.toml (poetry.lock, uv.lock, pylock.toml) is checked at the versions it installs.`,
            }
          : note,
      );
    }
    const declared = declarations?.get(requirement.normalizedName);
    for (const finding of checked.findings) {
      const key = `${finding.ruleId}\u0000${String(finding.location.line)}\u0000${String(finding.location.column ?? 0)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (findings.length >= MAX_FINDINGS_PER_FILE) {
        omitted += 1;
        firstOmitted ??= { ...where, kind: 'findings-capped', message: '' };
        continue;
      }
      findings.push(declared ? withDeclaration(finding, declared) : finding);
    }
  }
  if (firstOmitted) {
    notes.push({
      ...firstOmitted,
      message: `This file reached the limit of ${String(MAX_FINDINGS_PER_FILE)} findings: ${String(omitted)} more findings from this line on were left out. Fix the packages reported so far and scan again.`,
    });
  }
  return { findings, notes };
}

function withDeclaration(finding: FindingDraft, declared: readonly Declaration[]): FindingDraft {
  const places = declared.map((declaration) => `${declaration.path}:${String(declaration.line)} (${declaration.text})`);
  return {
    ...finding,
    message: `${finding.message} Declared in ${places.join(', ')}; this lockfile says which version is installed.`,
    properties: { ...finding.properties, declaredIn: places },
  };
}

/**
 * Checks every manifest and lockfile that was read, pairing each pyproject.toml with the lockfiles in
 * its folder (see the file comment). Results by path.
 */
export function scanPythonManifests(
  files: readonly ReadManifest[],
  db: VulnerabilityDatabase,
): Map<string, ManifestScanResult> {
  const pairing = pair(files);
  return new Map(files.map((file) => [file.path, scanOne(file, pairing, db)]));
}
