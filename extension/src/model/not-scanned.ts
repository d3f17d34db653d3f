import type { ToolRun } from '@devsecops/shared/engines';
import type { BufferKind } from './buffer-kind';
import type { NotScanned } from './findings-model';
import { isMissingTool, missingToolMessage } from './missing-tool-rule';

/** What Restricted Mode leaves out for each kind of file: the tools that are programs. */
const PROGRAMS_BY_KIND: Readonly<Record<BufferKind, string | undefined>> = {
  python: 'bandit',
  dockerfile: undefined,
  requirements: undefined,
  manifest: undefined,
};

/**
 * What a scan's tool runs say was not scanned in `relativePath`: a missing tool (in the editor's words), a tool
 * that failed, a file it could not parse (only that file's entry: a workspace scan lists every file's).
 */
export function notScannedIn(relativePath: string, runs: readonly ToolRun[]): NotScanned[] {
  const found: NotScanned[] = [];
  for (const run of runs) {
    const reason = run.reason ?? `${run.name} did not run.`;
    // The core's reason for a tool missing from PATH names the CLI's flags and config file, which the editor
    // does not read: the status bar says what the notification says, the editor setting.
    if (isMissingTool(run)) found.push({ tool: run.name, cause: 'missing-tool', reason: missingToolMessage(run) });
    else if (run.status === 'failed') found.push({ tool: run.name, cause: 'tool-failed', reason });
    for (const file of run.unscanned ?? []) {
      if (file.path === relativePath) found.push({ tool: run.name, cause: 'parse-error', reason: file.reason });
    }
  }
  return found;
}

/** In Restricted Mode, the program a file of `kind` would need and does not get, as a reason. */
export function restrictedModeGap(kind: BufferKind, trusted: boolean, toolEnabled: boolean): NotScanned | undefined {
  const program = PROGRAMS_BY_KIND[kind];
  if (trusted || program === undefined || !toolEnabled) return undefined;
  return {
    tool: program,
    cause: 'restricted',
    reason: `Restricted Mode: ${program} is a program, and no program runs until you trust this workspace.`,
  };
}
