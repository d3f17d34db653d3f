import type { Finding } from '@devsecops/shared/findings';

/** Who produced findings: the on-type buffer linter, a workspace scan (the disk), or a pipeline run. */
export type FindingSource = 'buffer' | 'workspace' | 'pipeline';

/** Why a tool did not look at a file (or looked at an older version of it). */
export type NotScannedCause = 'restricted' | 'missing-tool' | 'parse-error' | 'tool-failed';

/** A tool that did not scan a file, and why, in words a person can act on. */
export interface NotScanned {
  readonly tool: string;
  readonly cause: NotScannedCause;
  readonly reason: string;
}

/** One local scan of one file: the tools it covered, their findings, and what it could not scan. */
export interface LocalScanResult {
  /** Tools the scan ran or meant to run on the file: their earlier findings are replaced. */
  readonly tools: readonly string[];
  readonly findings: readonly Finding[];
  readonly notScanned?: readonly NotScanned[];
}

/** A finding as the editor shows it: where it came from, and whether it is from an older version. */
export interface ShownFinding {
  readonly finding: Finding;
  readonly source: FindingSource;
  /** Set when the tool could not read the current text: these are the last good findings, and why. */
  readonly stale?: string;
  /** True when the last pipeline run reported this finding too (same fingerprint). */
  readonly inPipeline: boolean;
}

interface ToolResult {
  readonly findings: readonly Finding[];
  /** Order of the result among all results (a newer local scan of a tool supersedes older pipeline results). */
  readonly sequence: number;
  readonly stale?: string;
  /**
   * What the tool found the last time it read the file: `findings` when it read this version; kept through a run
   * where the tool was missing or failed (nothing shown then), for a later version it cannot parse.
   */
  readonly lastGood: readonly Finding[];
}

/** Causes for which a tool did not look at the file at all, so its result says nothing of the text. */
const DID_NOT_RUN: ReadonlySet<NotScannedCause> = new Set(['missing-tool', 'tool-failed']);

interface FileState {
  readonly bySource: Map<FindingSource, Map<string, ToolResult>>;
  readonly notScanned: Map<FindingSource, readonly NotScanned[]>;
}

/**
 * The one store of findings behind the diagnostics, the status bar and the view: per file, per source, per
 * tool. No editor types, so the merge rules are tested as plain data.
 *
 * - A buffer result replaces the workspace result of the same tool while the file is open; closing the file
 *   brings the workspace result back (or the last saved buffer's, which is what the disk now holds).
 * - A pipeline finding that a local result also reports (same fingerprint) is shown once, as the local one;
 *   a local scan of the same tool and file newer than the pipeline run supersedes the run's findings there
 *   (a finding fixed in the editor does not linger as a pipeline result).
 * - A tool that cannot parse the file keeps its last good findings, marked stale with the reason. A run where the
 *   tool was missing or failed read nothing, so it is not the last good one.
 */
export class FindingsModel {
  private readonly files = new Map<string, FileState>();
  private sequence = 0;
  private workspaceScanned = false;
  private workspaceGaps: readonly NotScanned[] = [];

  /** True once a workspace scan ran: the findings then cover the whole workspace, not only open files. */
  get hasWorkspaceScan(): boolean {
    return this.workspaceScanned;
  }

  /**
   * Records a buffer scan of an open file. `savedToDisk`: the buffer equals the file on disk (a scan on save);
   * after a workspace scan its result then also stands for the disk, so closing the file keeps it.
   */
  setBufferResult(file: string, result: LocalScanResult, savedToDisk = false): void {
    this.setLocal(file, 'buffer', result);
    if (savedToDisk && this.workspaceScanned) this.setLocal(file, 'workspace', result);
  }

  /** Forgets the buffer results of a closed file: its workspace results (if any) show again. */
  closeBuffer(file: string): void {
    const state = this.files.get(file);
    if (!state) return;
    state.bySource.delete('buffer');
    state.notScanned.delete('buffer');
    this.prune(file);
  }

  /** Starts a workspace scan's results: every earlier workspace result is dropped. */
  beginWorkspaceScan(): void {
    this.workspaceScanned = true;
    this.workspaceGaps = [];
    this.clearSource('workspace');
  }

  /** What the last workspace scan left out as a whole (a missing or failed tool), not tied to one file. */
  setWorkspaceGaps(gaps: readonly NotScanned[]): void {
    this.workspaceGaps = gaps;
  }

  get workspaceNotScanned(): readonly NotScanned[] {
    return this.workspaceGaps;
  }

  /** Records a workspace scan's result for one file (call `beginWorkspaceScan` first). */
  setWorkspaceResult(file: string, result: LocalScanResult): void {
    this.setLocal(file, 'workspace', result);
  }

  /** Replaces every pipeline result with one run's findings, by file. */
  setPipelineResults(findingsByFile: ReadonlyMap<string, readonly Finding[]>): void {
    this.clearSource('pipeline');
    const sequence = this.next();
    for (const [file, findings] of findingsByFile) {
      const byTool = new Map<string, ToolResult>();
      for (const [tool, toolFindings] of groupByTool(findings))
        byTool.set(tool, { findings: toolFindings, sequence, lastGood: toolFindings });
      this.state(file).bySource.set('pipeline', byTool);
    }
  }

  /** Forgets one source everywhere (e.g. "Clear pipeline results"). */
  clearSource(source: FindingSource): void {
    for (const [file, state] of this.files) {
      state.bySource.delete(source);
      state.notScanned.delete(source);
      this.prune(file);
    }
  }

  /**
   * Forgets what the workspace scan and the pipeline said of the files `gone` picks (deleted, or renamed away):
   * they have no findings any more. A buffer result stays while its editor is open, since that text still
   * exists. Returns the files whose results changed.
   */
  forgetDeletedFiles(gone: (file: string) => boolean): string[] {
    const forgotten: string[] = [];
    for (const [file, state] of this.files) {
      if (!gone(file)) continue;
      for (const source of ['workspace', 'pipeline'] as const) {
        state.bySource.delete(source);
        state.notScanned.delete(source);
      }
      this.prune(file);
      forgotten.push(file);
    }
    return forgotten;
  }

  /** True when `file` has results or not-scanned reasons. */
  has(file: string): boolean {
    return this.files.has(file);
  }

  /** Files with anything to show. */
  filesWithResults(): string[] {
    return [...this.files.keys()];
  }

  /** The findings shown for `file`, merged by the rules above, each once. */
  shown(file: string): ShownFinding[] {
    const state = this.files.get(file);
    if (!state) return [];
    const buffer = state.bySource.get('buffer');
    const workspace = state.bySource.get('workspace');
    const pipeline = state.bySource.get('pipeline') ?? new Map<string, ToolResult>();
    const pipelineFingerprints = new Set(
      [...pipeline.values()].flatMap((result) => result.findings.map((finding) => finding.fingerprint)),
    );
    const local = new Map<string, { result: ToolResult; source: FindingSource }>();
    for (const [tool, result] of workspace ?? []) local.set(tool, { result, source: 'workspace' });
    for (const [tool, result] of buffer ?? []) local.set(tool, { result, source: 'buffer' });

    const shown: ShownFinding[] = [];
    const seen = new Set<string>();
    for (const { result, source } of local.values()) {
      for (const finding of result.findings) {
        if (seen.has(finding.fingerprint)) continue;
        seen.add(finding.fingerprint);
        shown.push({
          finding,
          source,
          inPipeline: pipelineFingerprints.has(finding.fingerprint),
          ...(result.stale === undefined ? {} : { stale: result.stale }),
        });
      }
    }
    for (const [tool, result] of pipeline) {
      const newerLocal = local.get(tool);
      if (newerLocal && newerLocal.result.stale === undefined && newerLocal.result.sequence > result.sequence) continue;
      for (const finding of result.findings) {
        if (seen.has(finding.fingerprint)) continue;
        seen.add(finding.fingerprint);
        shown.push({ finding, source: 'pipeline', inPipeline: true });
      }
    }
    return shown;
  }

  /** What was not scanned in `file` now: the open buffer's reasons while it is open, else the workspace scan's. */
  notScanned(file: string): readonly NotScanned[] {
    const state = this.files.get(file);
    if (!state) return [];
    return state.notScanned.get('buffer') ?? state.notScanned.get('workspace') ?? [];
  }

  /** Every file's shown findings. */
  all(): Map<string, ShownFinding[]> {
    const all = new Map<string, ShownFinding[]>();
    for (const file of this.files.keys()) all.set(file, this.shown(file));
    return all;
  }

  private setLocal(file: string, source: 'buffer' | 'workspace', result: LocalScanResult): void {
    const state = this.state(file);
    const sequence = this.next();
    const previous = state.bySource.get(source);
    const byTool = new Map(previous ?? []);
    const grouped = groupByTool(result.findings);
    const unparsed = new Map(
      (result.notScanned ?? []).filter((entry) => entry.cause === 'parse-error').map((entry) => [entry.tool, entry]),
    );
    const notRun = new Set(
      (result.notScanned ?? []).filter((entry) => DID_NOT_RUN.has(entry.cause)).map((entry) => entry.tool),
    );
    for (const tool of new Set([...result.tools, ...grouped.keys()])) {
      const problem = unparsed.get(tool);
      const earlier =
        byTool.get(tool) ?? state.bySource.get('buffer')?.get(tool) ?? state.bySource.get('workspace')?.get(tool);
      const lastGood = earlier?.lastGood ?? [];
      if (problem) {
        // The tool read nothing of this version: keep what it found in the last version it could read.
        byTool.set(tool, { findings: lastGood, sequence, stale: problem.reason, lastGood });
      } else if (notRun.has(tool)) {
        byTool.set(tool, { findings: grouped.get(tool) ?? [], sequence, lastGood });
      } else {
        const findings = grouped.get(tool) ?? [];
        byTool.set(tool, { findings, sequence, lastGood: findings });
      }
    }
    state.bySource.set(source, byTool);
    if (result.notScanned && result.notScanned.length > 0) state.notScanned.set(source, result.notScanned);
    else state.notScanned.delete(source);
  }

  private state(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { bySource: new Map(), notScanned: new Map() };
      this.files.set(file, state);
    }
    return state;
  }

  private prune(file: string): void {
    const state = this.files.get(file);
    if (state && state.bySource.size === 0 && state.notScanned.size === 0) this.files.delete(file);
  }

  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

function groupByTool(findings: readonly Finding[]): Map<string, Finding[]> {
  const grouped = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = grouped.get(finding.tool);
    if (group) group.push(finding);
    else grouped.set(finding.tool, [finding]);
  }
  return grouped;
}
