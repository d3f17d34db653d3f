import { resolve } from 'node:path';
import type { DevsecopsConfig } from '../config/config';
import type { ExecutionSettings } from '../config/execution-settings';
import { NO_EXECUTION_SETTINGS } from '../config/execution-settings';
import { loadConfig } from '../config/load-config';
import type { TrustWarning, WhereToSet } from '../config/trust';
import { resolveExecution } from '../config/trust';
import { DevsecopsError, toDevsecopsError } from '../errors/devsecops-error';
import { isDockerfilePath, isPythonPath, isScaManifestPath } from '../files/file-kinds';
import { SCAN_CATEGORIES } from '../findings/finding';
import type { ScanCategory } from '../findings/finding';
import { withoutIgnoredUnscanned } from '../policy/apply-policy';
import type { PolicyResult } from '../policy/apply-policy';
import { runProcess as defaultRunProcess } from '../process/process-runner';
import type { ProcessRunner } from '../process/process-runner';
import type { ScanContext, ScannerOutcome, ScanResult, Scanner } from '../scanners/scanner';
import { DEFAULT_SCANNER_FACTORIES } from './default-scanners';
import type { ScannerFactories } from './select-scanners';
import { selectScanners } from './select-scanners';
import { sortFindingsByLocation } from '../findings/finding-order';
import { fingerprintAndApplyPolicy } from './fingerprint-and-apply-policy';

/** What a caller hands straight down to every scanner; runScan decides the rest of the context itself. */
type CallerScanContext = Pick<ScanContext, 'signal' | 'buffers' | 'env' | 'log' | 'cacheDirectory' | 'now'>;

export interface RunScanOptions extends CallerScanContext {
  /** The tree to scan (made absolute). Finding paths are relative to it. */
  readonly root: string;
  /** `.devsecops.yml` as loaded; default: `loadConfig(root)`. Its execution keys are never used (see `trust.ts`). */
  readonly config?: DevsecopsConfig;
  /**
   * The user's execution settings (flags, environment, their config file; the editor's machine settings):
   * which programs run, with which arguments and time limits. Default: none (tools from PATH).
   */
  readonly execution?: ExecutionSettings;
  /** How warnings about ignored repository settings say where to set them instead; default the CLI's words. */
  readonly whereToSet?: WhereToSet;
  /** Only these categories (`--only`); default all. */
  readonly only?: readonly ScanCategory[];
  /** Process runner for the tools; default the real one. */
  readonly runProcess?: ProcessRunner;
  /** Scanner makers; default the real tools plus the built-in engines. Tests inject fakes. */
  readonly scanners?: ScannerFactories;
}

/** A scan's result after policy: what to report, what was suppressed, and the config used. */
export interface RunScanResult extends ScanResult {
  /** Findings silenced by suppressions, each with the suppression (never gated on). */
  readonly suppressed: PolicyResult['suppressed'];
  /** Suppressions past their expiry, which no longer apply (worth a warning). */
  readonly expiredSuppressions: PolicyResult['expiredSuppressions'];
  /** The configuration the scan ran with. */
  readonly config: DevsecopsConfig;
  /** The execution settings the tools ran with (the user's, and a shorter time limit from the repository). */
  readonly execution: ExecutionSettings;
  /** Execution keys the repository set that were ignored, one warning each. */
  readonly trustWarnings: readonly TrustWarning[];
}

/**
 * Scans a tree: picks the scanners for the categories and config, runs them
 * concurrently, fingerprints their findings, shows an advisory reported by two
 * SCA tools once, applies `.devsecops.yml` policy and sorts the result.
 * Files a tool could not analyse stay in its run's `unscanned` (the result is
 * then incomplete) unless an `ignore` glob leaves them out on purpose.
 *
 * A scanner that throws becomes a failed tool run; it never hides the other
 * scanners' findings. The only rejections are a bad config and cancellation.
 */
export async function runScan(options: RunScanOptions): Promise<RunScanResult> {
  const root = resolve(options.root);
  const config = options.config ?? (await loadConfig(root));
  // The one place a scan's execution is decided: the user's settings, never the repository's.
  const { execution, warnings } = resolveExecution(config, options.execution ?? NO_EXECUTION_SETTINGS, {
    ...(options.whereToSet ? { whereToSet: options.whereToSet } : {}),
  });
  const wanted = options.only ?? SCAN_CATEGORIES;
  // On unsaved buffers (the editor's on-type scan) a category with no buffer of its kind has nothing to do:
  // skipping it spares, e.g., loading the OSV database to check one Python file.
  const categories = options.buffers ? wanted.filter((category) => hasBufferFor(category, options.buffers)) : wanted;
  const scanners = await selectScanners(config, categories, {
    root,
    factories: options.scanners ?? DEFAULT_SCANNER_FACTORIES,
    execution,
    ...(options.env ? { env: options.env } : {}),
  });
  const context: ScanContext = {
    root,
    config,
    execution,
    runProcess: options.runProcess ?? defaultRunProcess,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.buffers ? { buffers: options.buffers } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.cacheDirectory === undefined ? {} : { cacheDirectory: options.cacheDirectory }),
    ...(options.now ? { now: options.now } : {}),
  };

  const outcomes = await Promise.all(scanners.map((scanner) => scanSafely(scanner, context)));
  if (options.signal?.aborted) throw new DevsecopsError('CANCELLED', 'The scan was cancelled.');

  const drafts = outcomes.flatMap((outcome) => outcome.findings);
  const policy = fingerprintAndApplyPolicy(drafts, {
    root,
    config,
    knownLines: new Map(outcomes.flatMap((outcome) => [...(outcome.lines ?? [])])),
    ...(options.buffers ? { buffers: options.buffers } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    findings: sortFindingsByLocation(policy.reported),
    tools: withoutIgnoredUnscanned(
      outcomes.flatMap((outcome) => outcome.tools),
      config,
    ),
    suppressed: policy.suppressed,
    expiredSuppressions: policy.expiredSuppressions,
    config,
    execution,
    trustWarnings: warnings,
  };
}

const BUFFER_KINDS: Readonly<Record<ScanCategory, (path: string) => boolean>> = {
  sast: isPythonPath,
  sca: isScaManifestPath,
  dockerfile: isDockerfilePath,
};

function hasBufferFor(category: ScanCategory, buffers: ReadonlyMap<string, string> | undefined): boolean {
  return [...(buffers?.keys() ?? [])].some((path) => BUFFER_KINDS[category](path));
}

/** Runs one scanner; an exception (a bug, an unreadable folder) becomes its failed run. */
async function scanSafely(scanner: Scanner, context: ScanContext): Promise<ScannerOutcome> {
  try {
    const outcome = await scanner.scan(context);
    for (const run of outcome.tools) {
      const facts = [
        run.version,
        // One scanner may report several tools (the Dockerfile engine and ShellCheck): count each tool's own.
        run.status === 'ok'
          ? `${String(outcome.findings.filter((finding) => finding.tool === run.name).length)} findings`
          : undefined,
        run.durationMs === undefined ? undefined : `${(run.durationMs / 1000).toFixed(1)} s`,
      ].filter((fact) => fact !== undefined);
      context.log?.(`${run.name}: ${run.status}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`);
    }
    return outcome;
  } catch (thrown) {
    const error = toDevsecopsError(thrown, 'TOOL_FAILED');
    context.log?.(`${scanner.id}: failed: ${error.message}`);
    return {
      findings: [],
      tools: [
        {
          name: scanner.id,
          category: scanner.category,
          status: 'failed',
          reason: error.detail ? `${error.message}\n${error.detail}` : error.message,
          errorCode: error.code,
        },
      ],
    };
  }
}
