import { posix } from 'node:path';

/** `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*` (any case for the `dockerfile` part). */
export function isDockerfilePath(relativePath: string): boolean {
  const name = posix.basename(relativePath);
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.')
  );
}

/** `requirements.txt`, `requirements-dev.txt`, `requirements/*.txt`, `*.requirements.txt`, `constraints.txt`. */
export function isRequirementsPath(relativePath: string): boolean {
  const name = posix.basename(relativePath).toLowerCase();
  if (!name.endsWith('.txt')) return false;
  if (name.startsWith('requirements') || name.endsWith('requirements.txt') || name.startsWith('constraints'))
    return true;
  return posix.basename(posix.dirname(relativePath)).toLowerCase() === 'requirements';
}

/** A Python manifest or lockfile the built-in SCA engine reads, by its file name. */
export type PythonManifestKind = 'pyproject' | 'poetry-lock' | 'uv-lock' | 'pipfile-lock' | 'pylock';

/**
 * `pyproject.toml`, `poetry.lock`, `uv.lock`, `Pipfile.lock`, `pylock.toml` and PEP 751's named
 * `pylock.<name>.toml`; the exact names the tools write (they are case-sensitive on Linux).
 */
export function pythonManifestKind(relativePath: string): PythonManifestKind | undefined {
  const name = posix.basename(relativePath);
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'poetry.lock') return 'poetry-lock';
  if (name === 'uv.lock') return 'uv-lock';
  if (name === 'Pipfile.lock') return 'pipfile-lock';
  if (name === 'pylock.toml' || /^pylock\.[^./]+\.toml$/.test(name)) return 'pylock';
  return undefined;
}

/** Every file the SCA engines read: requirements files, Python manifests and lockfiles. */
export function isScaManifestPath(relativePath: string): boolean {
  return isRequirementsPath(relativePath) || pythonManifestKind(relativePath) !== undefined;
}

/** Python sources Bandit reads. */
export function isPythonPath(relativePath: string): boolean {
  return relativePath.endsWith('.py') || relativePath.endsWith('.pyw');
}
