import { posix } from 'node:path';
import { readdirSync } from 'node:fs';
import { pythonManifestKind, readRepositoryFileSync } from '@devsecops/shared/files';
import type { FindingDraft } from '@devsecops/shared/findings';
import {
  MAX_REQUIREMENTS_FILE_BYTES,
  manifestUnscannedReason,
  readPythonManifest,
  scanPythonManifests,
} from '@devsecops/shared/engines';
import type { ReadManifest, VulnerabilityDatabase } from '@devsecops/shared/engines';

/** One pyproject.toml or lockfile buffer, with what the folder around it holds. */
export interface ManifestBufferRequest {
  /** Absolute path of the repository root. */
  readonly root: string;
  /** The buffer's path relative to `root`, POSIX. */
  readonly relativePath: string;
  readonly text: string;
  /** Unsaved text of other open manifests, by repository-relative path: read instead of the disk. */
  readonly openBuffers?: ReadonlyMap<string, string>;
  /** True for paths `.devsecops.yml` ignores: such a sibling is not read (the CLI would not read it either). */
  readonly isIgnored: (relativePath: string) => boolean;
}

export interface ManifestBufferResult {
  readonly findings: FindingDraft[];
  /** Why the buffer is not fully checked (parts it could not read), in the CLI's words; undefined when it is. */
  readonly unscannedReason?: string;
}

/** The other manifests and lockfiles in the buffer's folder (the pairing the CLI makes is per folder). */
function siblingPaths(root: string, relativePath: string): string[] {
  const folder = posix.dirname(relativePath);
  let names: string[];
  try {
    names = readdirSync(posix.join(root, folder));
  } catch {
    return [];
  }
  return names
    .map((name) => (folder === '.' ? name : `${folder}/${name}`))
    .filter((path) => path !== relativePath && pythonManifestKind(path) !== undefined)
    .sort();
}

/**
 * Checks one manifest or lockfile buffer as the CLI checks the folder: a lockfile beside pyproject.toml
 * says which versions are installed, so the manifest reports only what the lockfile does not list, and
 * the lockfile's findings name the declaration. Siblings go through the safe reader (never a link out
 * of the repository, bounded).
 */
export function scanManifestBuffer(request: ManifestBufferRequest, db: VulnerabilityDatabase): ManifestBufferResult {
  const { root, relativePath, text } = request;
  const kind = pythonManifestKind(relativePath);
  if (kind === undefined) return { findings: [] };
  const reading = readPythonManifest(kind, text, relativePath);
  const files: ReadManifest[] = [{ path: relativePath, kind, reading }];
  for (const path of siblingPaths(root, relativePath)) {
    const siblingKind = pythonManifestKind(path);
    if (siblingKind === undefined || request.isIgnored(path)) continue;
    let siblingText = request.openBuffers?.get(path);
    if (siblingText === undefined) {
      const read = readRepositoryFileSync({ root, path, maxBytes: MAX_REQUIREMENTS_FILE_BYTES });
      if (!read.ok) continue;
      siblingText = read.text;
    }
    files.push({ path, kind: siblingKind, reading: readPythonManifest(siblingKind, siblingText, path) });
  }
  const result = scanPythonManifests(files, db).get(relativePath);
  const unscannedReason = manifestUnscannedReason(relativePath, reading.problems);
  return { findings: result?.findings ?? [], ...(unscannedReason === undefined ? {} : { unscannedReason }) };
}
