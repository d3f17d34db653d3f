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

/** Python sources Bandit reads. */
export function isPythonPath(relativePath: string): boolean {
  return relativePath.endsWith('.py') || relativePath.endsWith('.pyw');
}
