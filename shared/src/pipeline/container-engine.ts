import type { ProcessRunner } from '../process/process-runner';
import { findExecutable } from '../scanners/tool-discovery';

/** A container engine that answered, for the image-build action (`CONTAINER_ENGINE`). */
export interface ContainerEngine {
  /** Executable name the buildspec calls as `$CONTAINER_ENGINE build …`. */
  readonly name: 'docker' | 'podman' | 'buildah';
  /** Absolute path of the executable. */
  readonly path: string;
}

/** Either an engine, or why none can build an image here. */
export type ContainerEngineProbe =
  { readonly found: true; readonly engine: ContainerEngine } | { readonly found: false; readonly reason: string };

/** Seconds to wait for an engine's daemon to answer before trying the next one. */
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Looks for docker, then podman, then buildah, and asks each one to talk to
 * its engine (`docker info` needs the daemon; a client alone is not enough).
 */
export async function probeContainerEngine(
  runProcess: ProcessRunner,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
  /** Folders whose programs are never used (the project being built): it cannot provide its own `docker`. */
  untrustedFolders: readonly string[] = [],
): Promise<ContainerEngineProbe> {
  const notes: string[] = [];
  const candidates = [
    { name: 'docker', args: ['info', '--format', '{{.ServerVersion}}'] },
    { name: 'podman', args: ['info', '--format', '{{.Host.Arch}}'] },
    { name: 'buildah', args: ['version'] },
  ] as const;
  for (const candidate of candidates) {
    const path = await findExecutable(candidate.name, { env, untrustedFolders });
    if (path === undefined) {
      notes.push(`${candidate.name} not installed`);
      continue;
    }
    const result = await runProcess({
      command: path,
      args: [...candidate.args],
      env,
      timeoutMs: PROBE_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
    });
    if (result.exitCode === 0) return { found: true, engine: { name: candidate.name, path } };
    const said = (
      result.stderr
        .trim()
        .split('\n')
        .find((line) => line.trim() !== '') ??
      result.failure?.message ??
      ''
    )
      .trim()
      .slice(0, 160);
    notes.push(`${candidate.name} did not answer${said ? ` (${said})` : ''}`);
  }
  return {
    found: false,
    reason: `no container engine available: ${notes.join('; ')}. Start Docker (or install podman/buildah) to build the image locally.`,
  };
}
