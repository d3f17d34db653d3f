// @devsecops/shared/files: A repository's files: which kind a path is, reading one safely (no symlink out, bounded), its lines, the globs that select paths, and the line structure of Python source.
export { isDockerfilePath, isPythonPath, isRequirementsPath, pythonManifestKind } from './files/file-kinds';
export type { PythonManifestKind } from './files/file-kinds';
export { readRepositoryFile, readRepositoryFileSync } from './files/repository-file';
export { pythonLogicalLines, pythonPhysicalLines } from './files/python-physical-lines';
export type { PythonLineContinuation, PythonLogicalLine, PythonPhysicalLine } from './files/python-physical-lines';
export { BANDIT_CONFIG_FILE, HADOLINT_CONFIG_FILES } from './files/scanner-config-files';
export { globMatcher } from './files/glob';
export { fileLineReader, splitLines } from './files/line-reader';
