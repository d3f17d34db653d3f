import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { toDevsecopsError } from '../../errors/devsecops-error';
import { discoverFiles } from '../../files/discover-files';
import { isDockerfilePath } from '../../files/file-kinds';
import type { FindingDraft } from '../../findings/finding';
import type { ScanContext, Scanner, ScannerOutcome, ToolRun } from '../scanner';
import { lintDockerfile } from './engine';
import { loadHadolintConfig } from './hadolint-config';
import { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';

/**
 * The built-in, hadolint-compatible Dockerfile scanner. It finds Dockerfile,
 * Containerfile, *.Dockerfile and Dockerfile.* under the root (or lints only
 * the given buffers), honours `.hadolint.yaml` and `.devsecops.yml` ignore globs.
 */
export function createBuiltinDockerfileScanner(): Scanner {
  return { id: BUILTIN_DOCKERFILE_TOOL, category: 'dockerfile', scan: scanDockerfiles };
}

async function scanDockerfiles(context: ScanContext): Promise<ScannerOutcome> {
  const started = Date.now();
  const run = (fields: Pick<ToolRun, 'status'> & Partial<ToolRun>): ToolRun => ({
    name: BUILTIN_DOCKERFILE_TOOL,
    category: 'dockerfile',
    durationMs: Date.now() - started,
    ...fields,
  });
  if (!context.config.tools.dockerfile.enabled) {
    return {
      findings: [],
      tools: [run({ status: 'skipped', reason: 'Disabled by tools.dockerfile.enabled: false in .devsecops.yml.' })],
    };
  }
  try {
    const hadolintConfig = await loadHadolintConfig(context.root);
    const files = await dockerfilesToLint(context);
    context.log?.(`${BUILTIN_DOCKERFILE_TOOL}: linting ${files.length} Dockerfile(s)`);
    const findings: FindingDraft[] = [];
    for (const { path, read } of files) {
      if (context.signal?.aborted) throw new Error('cancelled');
      const text = await read();
      if (text === undefined) {
        context.log?.(`${BUILTIN_DOCKERFILE_TOOL}: cannot read ${path}, skipped`);
        continue;
      }
      findings.push(...lintDockerfile(text, path, { config: hadolintConfig, devsecops: context.config }));
    }
    return { findings, tools: [run({ status: 'ok' })] };
  } catch (error) {
    const failure = context.signal?.aborted ? toDevsecopsError(error, 'CANCELLED') : toDevsecopsError(error);
    return { findings: [], tools: [run({ status: 'failed', reason: failure.message, errorCode: failure.code })] };
  }
}

interface PendingFile {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** The text, or undefined when the file cannot be read. */
  readonly read: () => Promise<string | undefined>;
}

async function dockerfilesToLint(context: ScanContext): Promise<PendingFile[]> {
  const ignore = context.config.ignore;
  if (context.buffers !== undefined) {
    const isIgnored = ignore.length > 0 ? picomatch([...ignore], { dot: true }) : () => false;
    return [...context.buffers.entries()]
      .filter(([path]) => isDockerfilePath(path) && !isIgnored(path))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, text]) => ({ path, read: () => Promise.resolve(text) }));
  }
  const paths = await discoverFiles(context.root, {
    match: isDockerfilePath,
    ignore,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  return paths.map((path) => ({
    path,
    read: async () => {
      try {
        return await readFile(join(context.root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  }));
}
