import { join } from 'node:path';
import { discoverFiles } from '../files/discover-files';
import { withBufferFiles } from './buffer-files';
import type { ScanContext, ScannerOutcome } from './scanner';
import type { ToolIdentity } from './tool-outcome';

/** What an external tool's command line is built from, whatever the tool. */
export interface ToolCommandInput {
  /** The resolved program: the user's setting, or the one found on the search path. */
  readonly executable: string;
  /** Absolute paths of the files to scan: the tool is never pointed at a folder to walk on its own. */
  readonly files: readonly string[];
  /** The user's extra arguments, from their own settings (never from the repository). */
  readonly extraArgs?: readonly string[];
}

/**
 * Runs a tool that reads files over the ones it scans: the unsaved buffers that `match` (written to a private
 * folder first; none that match is no run and no tool run), else the repository's matching files by absolute
 * path. With no such file the tool is not started, and its run says why in `noFilesNote`.
 */
export async function runOverMatchingFiles(
  context: ScanContext,
  tool: ToolIdentity,
  input: {
    readonly match: (path: string) => boolean;
    /** Why the tool reported nothing when the repository has no file it reads ("No Dockerfiles found."). */
    readonly noFilesNote: string;
    /** Runs the tool over absolute file names; `repoPathOf` maps a written buffer back to its repository path. */
    readonly run: (files: readonly string[], repoPathOf?: ReadonlyMap<string, string>) => Promise<ScannerOutcome>;
  },
): Promise<ScannerOutcome> {
  if (context.buffers) {
    const buffers = [...context.buffers].filter(([path]) => input.match(path));
    if (buffers.length === 0) return { findings: [], tools: [] };
    return withBufferFiles(buffers, ({ files, repoPathOf }) => input.run(files, repoPathOf));
  }
  const files = await discoverFiles(context.root, {
    match: input.match,
    ignore: context.config.ignore,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (files.length === 0) {
    return {
      findings: [],
      tools: [{ name: tool.name, category: tool.category, status: 'ok', notes: [input.noFilesNote] }],
    };
  }
  return input.run(files.map((file) => join(context.root, file)));
}
