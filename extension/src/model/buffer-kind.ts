import { isDockerfilePath, isPythonPath, isRequirementsPath, pythonManifestKind } from '@devsecops/shared/files';

/** What kind of file a buffer is, which decides the engine that reads it. */
export type BufferKind = 'python' | 'dockerfile' | 'requirements' | 'manifest';

/** Tool names of the built-in engines (the core's BUILTIN_DOCKERFILE_TOOL and BUILTIN_SCA_TOOL; a unit test keeps them equal). */
export const BUILTIN_DOCKERFILE_TOOL_NAME = 'devsecops-dockerfile';
export const BUILTIN_SCA_TOOL_NAME = 'devsecops-sca';

/** The tools each kind of buffer is checked by: their diagnostics are replaced by a new buffer scan. */
export const TOOLS_BY_KIND: Readonly<Record<BufferKind, readonly string[]>> = {
  python: ['bandit'],
  dockerfile: [BUILTIN_DOCKERFILE_TOOL_NAME, 'hadolint'],
  requirements: [BUILTIN_SCA_TOOL_NAME, 'dependency-check'],
  // pyproject.toml and the lockfiles: only the built-in engine reads them (with the lockfiles beside them).
  manifest: [BUILTIN_SCA_TOOL_NAME],
};

/** The kind of a file from its path (and VS Code's language id, for files named unusually). */
export function bufferKindOf(relativePath: string, languageId?: string): BufferKind | undefined {
  if (languageId === 'python' || isPythonPath(relativePath)) return 'python';
  if (languageId === 'dockerfile' || isDockerfilePath(relativePath)) return 'dockerfile';
  if (languageId === 'pip-requirements' || isRequirementsPath(relativePath)) return 'requirements';
  if (pythonManifestKind(relativePath) !== undefined) return 'manifest';
  return undefined;
}
