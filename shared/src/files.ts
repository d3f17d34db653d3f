// @devsecops/shared/files: A repository's files: which kind a path is, and reading one safely (no symlink out, bounded).
export { isDockerfilePath, isPythonPath, isRequirementsPath, pythonManifestKind } from './files/file-kinds';
export type { PythonManifestKind } from './files/file-kinds';
export { readRepositoryFile, readRepositoryFileSync } from './files/repository-file';
