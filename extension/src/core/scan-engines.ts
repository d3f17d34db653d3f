import { globMatcher } from '@devsecops/shared/files';
import type {
  AdvisoryDatabaseAge,
  ScanResult,
  ToolRun,
  UpgradeFrom,
  UpgradeTarget,
  VulnerabilityDatabase,
} from '@devsecops/shared/engines';
import type { DevsecopsConfig, ExecutionSettings, TrustWarning } from '@devsecops/shared/config';
import type { Finding, FindingDraft } from '@devsecops/shared/findings';
import type { ProcessRunner } from '@devsecops/shared/process';
import { resolveExecution } from '@devsecops/shared/config';
import {
  createBanditScanner,
  fingerprintAndApplyPolicy,
  lintDockerfile,
  loadHadolintConfig,
  BUILTIN_SCA_TOOL,
  databaseAge,
  loadVulnerabilityDatabase,
  ownLinesUnscannedReason,
  scanRequirementsText,
  upgradeTarget,
  runScan,
  resultCacheDirectory,
} from '@devsecops/shared/engines';
import type { BufferKind } from '../model/buffer-kind';
import { EDITOR_WHERE_TO_SET } from './editor-execution';
import { scanManifestBuffer } from './manifest-buffer-scan';
import type { ManifestBufferResult } from './manifest-buffer-scan';

/** One unsaved buffer to scan. */
export interface BufferScanRequest {
  /** Absolute path of the workspace folder (the repository root). */
  readonly root: string;
  /** The buffer's path relative to `root`, POSIX. */
  readonly relativePath: string;
  readonly text: string;
  readonly kind: BufferKind;
  /** The folder's effective configuration (see `effectiveConfig`). */
  readonly config: DevsecopsConfig;
  /** What runs: the machine-scoped settings (see `editorExecution`), never the folder's file. */
  readonly execution: ExecutionSettings;
  /**
   * Also run the external tool of a Dockerfile or requirements file (hadolint, Dependency-Check) when the
   * config enables it: on open and save, never per keystroke (they are processes, and Dependency-Check is slow).
   */
  readonly withExternalTools: boolean;
  /** Unsaved text of other open files by repository-relative path (a lockfile beside a pyproject.toml). */
  readonly openBuffers?: ReadonlyMap<string, string>;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/**
 * A whole folder to scan, from disk, with every enabled tool (unsaved buffers are not passed: the core
 * scans only the buffers when given any; open editors are re-checked by the buffer linter instead).
 */
export interface FolderScanRequest {
  readonly root: string;
  readonly config: DevsecopsConfig;
  readonly execution: ExecutionSettings;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/** Findings after fingerprints and policy, and which tools ran: the core's scan result, with what the editor adds. */
export interface EngineResult extends ScanResult {
  /** Time the engine took, milliseconds (for the benchmark and the log). */
  readonly durationMs: number;
  /** Execution keys the folder's `.devsecops.yml` set, which were ignored: for the output channel. */
  readonly trustWarnings: readonly TrustWarning[];
}

/** Which advisory database a folder uses: its user settings and policy (for `maxDatabaseAgeDays`). */
export interface DatabaseRequest {
  readonly root: string;
  readonly config: DevsecopsConfig;
  readonly execution: ExecutionSettings;
}

/** The advisories on one requirement line, for the single upgrade that fixes them. */
export interface UpgradeRequest extends DatabaseRequest {
  readonly packageName: string;
  readonly from: UpgradeFrom;
  readonly advisoryIds: readonly string[];
}

/** The core's engines as the editor uses them; an interface so tests can stand in for it. */
export interface ScanEngines {
  scanBuffer(request: BufferScanRequest): Promise<EngineResult>;
  scanFolder(request: FolderScanRequest): Promise<EngineResult>;
  /** The date and age of the folder's advisory database (loading it when needed); undefined when undated. */
  advisoryDatabase(request: DatabaseRequest): Promise<AdvisoryDatabaseAge | undefined>;
  /** The lowest version that fixes every advisory of a requirement line (see `upgradeTarget`). */
  upgradeFor(request: UpgradeRequest): Promise<UpgradeTarget | undefined>;
  /** Forgets the loaded databases, so the next check reads the one `db update` just installed. */
  forgetDatabases(): void;
}

export interface ScanEnginesOptions {
  /** Spawns processes; pass a trust-guarded runner (`trustedOnlyProcessRunner`). */
  readonly runProcess: ProcessRunner;
  /** OSV database zip to load instead of the user's setting or the default (per-user download, else the bundled snapshot). */
  readonly databasePath?: (root: string, config: DevsecopsConfig) => string | undefined;
}

/** One buffer's drafts as findings to show: the core's fingerprints and policy, read from the unsaved text. */
function finish(
  root: string,
  relativePath: string,
  text: string,
  drafts: readonly FindingDraft[],
  config: DevsecopsConfig,
): Finding[] {
  return fingerprintAndApplyPolicy(drafts, { root, config, buffers: new Map([[relativePath, text]]) }).reported;
}

/**
 * One requirements buffer through the built-in SCA, with why its own lines are not all checked: past the line
 * cap the rest of the file is never read, and showing the lines before it as the whole file's result would call a
 * vulnerable pin below the cap clean; after a line pip refuses, pip installs nothing from the file.
 */
function requirementsBufferScan(text: string, relativePath: string, db: VulnerabilityDatabase): ManifestBufferResult {
  // Includes are not followed here: their files are checked as their own buffers and by "Scan workspace".
  const scanned = scanRequirementsText(text, relativePath, db);
  const reason = ownLinesUnscannedReason(relativePath, scanned.notes);
  return { findings: scanned.findings, ...(reason === undefined ? {} : { unscannedReason: reason }) };
}

/** True when the config lets the real hadolint (Dockerfiles) or Dependency-Check (requirements) run. */
function externalToolWanted(kind: 'dockerfile' | 'requirements', config: DevsecopsConfig): boolean {
  return (kind === 'dockerfile' ? config.tools.hadolint : config.tools.dependencyCheck).enabled !== 'off';
}

/**
 * The engines behind the editor. Dockerfiles and requirements files are checked in process (no
 * spawn, milliseconds, so every keystroke pause can afford it, trusted or not); Python buffers go to
 * the real Bandit through the injected runner. The vulnerability database is loaded once and kept.
 */
export function createScanEngines(options: ScanEnginesOptions): ScanEngines {
  const databases = new Map<string, Promise<VulnerabilityDatabase>>();
  const database = (
    root: string,
    config: DevsecopsConfig,
    execution: ExecutionSettings,
  ): Promise<VulnerabilityDatabase> => {
    const path = options.databasePath?.(root, config) ?? execution.sca.database ?? '';
    const cached = databases.get(path);
    if (cached) return cached;
    const loading = loadVulnerabilityDatabase(path ? { databasePath: path } : {});
    // A failed load is retried next time instead of being remembered.
    loading.catch(() => databases.delete(path));
    databases.set(path, loading);
    return loading;
  };
  const bandit = createBanditScanner();

  return {
    async scanBuffer(request) {
      const started = performance.now();
      const { root, relativePath, text, config } = request;
      // The core's one trust function: the machine settings run, the file's execution keys are warned about.
      const { execution, warnings: trustWarnings } = resolveExecution(config, request.execution, {
        whereToSet: EDITOR_WHERE_TO_SET,
      });
      const elapsed = (): number => performance.now() - started;
      const nothing = (): EngineResult => ({ findings: [], tools: [], durationMs: elapsed(), trustWarnings });
      const lintInProcess = async (): Promise<EngineResult> => {
        if (!config.tools.dockerfile.enabled) return nothing();
        const hadolintConfig = await loadHadolintConfig(root);
        const drafts = lintDockerfile(text, relativePath, { config: hadolintConfig, devsecops: config });
        return { ...nothing(), findings: finish(root, relativePath, text, drafts, config) };
      };
      const checkInProcess = async (): Promise<EngineResult> => {
        if (!config.tools.sca.enabled) return nothing();
        const db = await database(root, config, execution);
        const scanned =
          request.kind === 'manifest'
            ? scanManifestBuffer(
                {
                  root,
                  relativePath,
                  text,
                  isIgnored: config.ignore.length > 0 ? globMatcher(config.ignore) : () => false,
                  ...(request.openBuffers ? { openBuffers: request.openBuffers } : {}),
                },
                db,
              )
            : requirementsBufferScan(text, relativePath, db);
        // The same tool run the CLI reports: the database's age for the editor's status, what was not read.
        const age = databaseAge(db.info, new Date(), config.tools.sca.maxDatabaseAgeDays);
        const run: ToolRun = {
          name: BUILTIN_SCA_TOOL,
          category: 'sca',
          status: 'ok',
          durationMs: elapsed(),
          ...(age === undefined ? {} : { advisoryDatabase: age }),
          ...(scanned.unscannedReason === undefined
            ? {}
            : { unscanned: [{ path: relativePath, reason: scanned.unscannedReason }] }),
        };
        return { ...nothing(), findings: finish(root, relativePath, text, scanned.findings, config), tools: [run] };
      };
      switch (request.kind) {
        case 'dockerfile':
        case 'requirements':
          if (request.withExternalTools && externalToolWanted(request.kind, config)) {
            // The core's scan runs the built-in engine and the real tool together, and shows an advisory
            // both SCA tools report once.
            const result = await runScan({
              root,
              config,
              execution: request.execution,
              whereToSet: EDITOR_WHERE_TO_SET,
              only: [request.kind === 'dockerfile' ? 'dockerfile' : 'sca'],
              buffers: new Map([[relativePath, text]]),
              signal: request.signal,
              runProcess: options.runProcess,
              log: request.log,
            });
            return { findings: result.findings, tools: result.tools, durationMs: elapsed(), trustWarnings };
          }
          return request.kind === 'dockerfile' ? lintInProcess() : checkInProcess();
        case 'manifest':
          return checkInProcess();
        case 'python': {
          if (config.tools.bandit.enabled === 'off') return nothing();
          const outcome = await bandit.scan({
            root,
            config,
            execution,
            runProcess: options.runProcess,
            signal: request.signal,
            buffers: new Map([[relativePath, text]]),
            log: request.log,
          });
          return {
            findings: finish(root, relativePath, text, outcome.findings, config),
            tools: outcome.tools,
            durationMs: elapsed(),
            trustWarnings,
          };
        }
      }
    },

    forgetDatabases() {
      databases.clear();
    },

    async advisoryDatabase(request) {
      const { execution } = resolveExecution(request.config, request.execution, { whereToSet: EDITOR_WHERE_TO_SET });
      const db = await database(request.root, request.config, execution);
      return databaseAge(db.info, new Date(), request.config.tools.sca.maxDatabaseAgeDays);
    },

    async upgradeFor(request) {
      const { execution } = resolveExecution(request.config, request.execution, { whereToSet: EDITOR_WHERE_TO_SET });
      const db = await database(request.root, request.config, execution);
      return upgradeTarget(db, request.packageName, request.from, request.advisoryIds);
    },

    async scanFolder(request) {
      const started = performance.now();
      // "Scan workspace" shares the CLI's per-file results (the user's cache folder): unchanged files are not
      // scanned again. The on-type scan of one buffer does not: its text changes at every keystroke.
      const cacheDirectory = resultCacheDirectory(process.env);
      const result = await runScan({
        root: request.root,
        config: request.config,
        execution: request.execution,
        whereToSet: EDITOR_WHERE_TO_SET,
        signal: request.signal,
        runProcess: options.runProcess,
        log: request.log,
        ...(cacheDirectory === undefined ? {} : { cacheDirectory }),
      });
      return {
        findings: result.findings,
        tools: result.tools,
        durationMs: performance.now() - started,
        trustWarnings: result.trustWarnings,
      };
    },
  };
}
