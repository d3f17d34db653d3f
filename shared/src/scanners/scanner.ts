import type { DevsecopsConfig } from '../config/config';
import type { ExecutionSettings } from '../config/execution-settings';
import type { Finding, FindingDraft, ScanCategory } from '../findings/finding';
import type { ProcessRunner } from '../process/process-runner';

/** Whether a tool ran. `skipped` carries a reason that says how to get it running. */
export type ToolStatus = 'ok' | 'skipped' | 'failed';

/** One tool's part in a scan, as shown in `--format json` under `tools`. */
export interface ToolRun {
  /** Tool name as in findings (`bandit`, `hadolint`, `devsecops-sca`…). */
  readonly name: string;
  readonly category: ScanCategory;
  readonly version?: string;
  readonly status: ToolStatus;
  /** For skipped and failed: what happened and what to do. */
  readonly reason?: string;
  /** Error code when failed (see `ErrorCode`). */
  readonly errorCode?: string;
  readonly durationMs?: number;
  /**
   * Problems the tool reported that are not findings, one line each. The run
   * still counts as `ok`.
   */
  readonly notes?: readonly string[];
  /**
   * Files this tool should have analysed but could not (a syntax error, an
   * unreadable or oversized manifest, an include that leaves the repository).
   * Any entry makes the tool's result incomplete: never a pass.
   */
  readonly unscanned?: readonly UnscannedFile[];
  /** The advisory data the tool checked against and its age (the built-in SCA engine). */
  readonly advisoryDatabase?: AdvisoryDatabaseAge;
}

/** The advisory database a scan used, and how old it was then. */
export interface AdvisoryDatabaseAge {
  /** ISO date (YYYY-MM-DD, UTC) of the data: a snapshot's date, a download's, or the newest advisory's. */
  readonly date: string;
  /** Whole days from that date to the scan. */
  readonly ageDays: number;
  /** `tools.sca.maxDatabaseAgeDays` of the scan: data older than this is stale. */
  readonly maxAgeDays: number;
  /** Where the data came from: the bundled snapshot's name, a download URL or a file. */
  readonly source: string;
}

/** A file a tool should have analysed but could not. */
export interface UnscannedFile {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** Why it was not analysed, and what the user can do (fix it, or ignore it explicitly). */
  readonly reason: string;
}

/** True when a tool ran but left files unanalysed: its result cannot pass a gate. */
export function isIncomplete(run: ToolRun): boolean {
  return (run.unscanned?.length ?? 0) > 0;
}

/** Everything a scanner needs, injected so tests can replace each part. */
export interface ScanContext {
  /** Absolute path of the scanned tree (the repository root). Finding paths are relative to it. */
  readonly root: string;
  /** The repository's policy (`.devsecops.yml`). Nothing in it decides what runs. */
  readonly config: DevsecopsConfig;
  /**
   * How the external tools run: the user's settings, after `resolveExecution` (`config/trust.ts`) weighed
   * the repository's requests. Default: each tool from PATH with its default time limit.
   */
  readonly execution?: ExecutionSettings;
  readonly runProcess: ProcessRunner;
  /** Cancels the scan: running tools are stopped, and `runScan` rejects with CANCELLED. */
  readonly signal?: AbortSignal;
  /**
   * Unsaved editor buffers that replace files on disk, keyed by repository-relative POSIX path (the editor's
   * on-type scan). When set, each scanner scans only the buffers it understands.
   */
  readonly buffers?: ReadonlyMap<string, string>;
  /**
   * The user's environment, default process.env: PATH lookups, and the allow-list each tool's minimal
   * environment is picked from (`process/tool-environment.ts`). Tools never get all of it.
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The user's cache folder, where scanners remember per-file results between scans (`cache/`); undefined:
   * nothing is remembered. Only the user chooses it (CLI, environment, editor), never the repository.
   */
  readonly cacheDirectory?: string;
  /** The scan's clock: suppression expiry and the advisory database's age are measured against it; default now. */
  readonly now?: Date;
  /** Progress lines for logs ("bandit: scanning 200 files"); the CLI sends them to stderr. */
  readonly log?: (line: string) => void;
}

/** What one scanner returns: drafts (fingerprinted by the caller) and its tool runs. */
export interface ScannerOutcome {
  readonly findings: readonly FindingDraft[];
  readonly tools: readonly ToolRun[];
  /**
   * Repository path → line (1-based) → its text, for lines of findings the scanner already knows as scanned
   * (remembered from an earlier scan of the same content): fingerprints then need not read those files again.
   */
  readonly lines?: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/**
 * A scanner adapter: data in, data out. It must not throw for a tool that is
 * missing or misbehaves; those are `ToolRun`s with status skipped or failed,
 * so one tool's crash never hides another tool's findings.
 */
export interface Scanner {
  /** Stable id (`bandit`, `hadolint`, `dependency-check`, `devsecops-sca`, `devsecops-dockerfile`). */
  readonly id: string;
  readonly category: ScanCategory;
  scan(context: ScanContext): Promise<ScannerOutcome>;
}

/** The result of a whole scan, after fingerprints and policy. */
export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly tools: readonly ToolRun[];
}
