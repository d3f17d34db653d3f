// The pull-request build compares its scans with the destination commit's reports. When the pipeline never
// scanned that commit, or stopped before some of its actions (a failing application validation means no
// hadolint report), or a tool failed there, those reports are missing: without them every finding of those
// actions would count as new, so each pull request would be blocked by what the destination already had.
// Here each scan action whose report is missing runs on the destination's tree, in this build, with the same
// CLI, tools and policy, and its report completes the baseline folder. Nothing is uploaded: the destination's
// prefix in the findings bucket belongs to the pipeline's run and its manifest.
import { copyFile, lstat, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWritableFolder } from '../files/writable-folder';
import { BASELINE_VARIABLE } from '../sarif/load-baseline';
import { isSarifReportName } from '../sarif/report-layout';
import { readSarifSummary, runLocalPipeline } from './local-pipeline';
import type { LocalPipelineOptions } from './local-pipeline';
import type { PipelineActionDefinition, PipelineDefinition } from './pipeline-definition';
import { bundledPipelineDefinitionPath, loadPipelineDefinition } from './pipeline-definition';

/** A scan action of the pipeline and the report the baseline takes from it (its first SARIF output). */
export interface ScanAction {
  readonly action: PipelineActionDefinition;
  readonly stage: string;
  readonly report: string;
}

/**
 * The actions whose SARIF report is a baseline: build actions with a `.sarif` output. An action that needs a
 * container engine (the image build) is never one: it builds what the repository describes, it does not scan.
 */
export function scanActionsOf(definition: PipelineDefinition): ScanAction[] {
  return definition.stages.flatMap((stage) =>
    stage.actions.flatMap((action): ScanAction[] => {
      const report = action.outputs.find(isSarifReportName);
      if (action.type !== 'build' || report === undefined || action.requires.length > 0) return [];
      return [{ action, stage: stage.name, report }];
    }),
  );
}

/**
 * Why the baseline folder's report cannot stand for its action at the destination commit, or undefined when it
 * can: missing, unreadable, without a tool run, or with a tool that failed (its findings are not the whole
 * picture). A report whose tool ran but left files unscanned stands: those files' findings count as new.
 */
export async function whyReportIsNoBaseline(folder: string, report: string): Promise<string | undefined> {
  const info = await lstat(join(folder, report)).catch(() => undefined);
  if (info === undefined) return `there is no ${report}`;
  if (!info.isFile()) return `${report} is not a regular file`;
  const summary = await readSarifSummary(folder, report);
  if ('unreadable' in summary) return `${report} cannot be read: ${summary.unreadable}`;
  if (summary.log.tools.length === 0) return `${report} has no tool run`;
  const failed = summary.log.tools.find((tool) => tool.status === 'failed');
  if (failed !== undefined) {
    const reason = (failed.reason ?? 'no reason given').trim().split(/\r?\n/, 1)[0] ?? '';
    return `${failed.name} failed in ${report}: ${reason}`;
  }
  return undefined;
}

/** Where one action's baseline came from. */
export interface BaselineSource {
  readonly action: string;
  readonly report: string;
  /**
   * `reports`: the folder already held a usable report (the pipeline's, from the findings bucket); `scanned`:
   * this run scanned the destination for it; `unavailable`: neither, so its tools have no baseline.
   */
  readonly source: 'reports' | 'scanned' | 'unavailable';
  /** Why the folder's report was not used (`scanned`, `unavailable`), and why the scan did not help. */
  readonly reason?: string;
}

export interface DestinationBaselineOptions extends Pick<
  LocalPipelineOptions,
  'cliPath' | 'runProcess' | 'signal' | 'onProgress' | 'actionVariables'
> {
  /** The destination commit's files (e.g. `git archive <commit> | tar -x`): scanned, never run. */
  readonly tree: string;
  /** The baseline folder: the destination's reports as found (possibly none); completed in place. */
  readonly baselineDir: string;
  /** The pipeline definition whose scan actions form the baseline; default: the one devsecops ships. */
  readonly definition?: PipelineDefinition | string;
  /** The user's environment; default process.env. `DEVSECOPS_BASELINE` is never passed on. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Completes the baseline folder: each scan action whose report is missing there (or unusable, see
 * `whyReportIsNoBaseline`) runs on the destination tree, alone, with the pipeline's buildspec and the user's
 * execution settings and policy; its report replaces the unusable one. The scans write into a private folder
 * that is removed afterwards; only the SARIF reports are copied. Returns where each action's baseline came from.
 */
export async function completeBaselineFromDestination(options: DestinationBaselineOptions): Promise<BaselineSource[]> {
  const definition =
    typeof options.definition === 'object'
      ? options.definition
      : await loadPipelineDefinition(options.definition ?? bundledPipelineDefinitionPath());
  const scanActions = scanActionsOf(definition);
  // Found out before any scan rather than after them all: a baseline folder that cannot be written.
  await ensureWritableFolder(options.baselineDir, { what: 'the baseline folder', flag: '--baseline-dir' });
  const missing: { scan: ScanAction; reason: string }[] = [];
  const sources: BaselineSource[] = [];
  for (const scan of scanActions) {
    const reason = await whyReportIsNoBaseline(options.baselineDir, scan.report);
    if (reason === undefined) sources.push({ action: scan.action.name, report: scan.report, source: 'reports' });
    else missing.push({ scan, reason });
  }
  if (missing.length === 0) return sources;

  const selected = new Set(missing.map((entry) => entry.scan.action));
  const onlyMissing: PipelineDefinition = {
    ...definition,
    stages: definition.stages
      .map((stage) => ({ ...stage, actions: stage.actions.filter((action) => selected.has(action)) }))
      .filter((stage) => stage.actions.length > 0),
  };
  const reportsDir = await mkdtemp(join(tmpdir(), 'devsecops-destination-reports-'));
  try {
    // The destination's own scan has no baseline: it is the baseline.
    const env = withoutBaselineVariable(options.env ?? process.env);
    const actionVariables = withoutBaselineVariable(options.actionVariables ?? {});
    await runLocalPipeline({
      root: options.tree,
      definition: onlyMissing,
      // Each missing action runs whatever the others found: a baseline is not a gate.
      continueOnFailure: true,
      reportsDir,
      env,
      actionVariables,
      ...(options.cliPath === undefined ? {} : { cliPath: options.cliPath }),
      ...(options.runProcess === undefined ? {} : { runProcess: options.runProcess }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    for (const { scan, reason } of missing) {
      const target = join(options.baselineDir, scan.report);
      // Never written through what was there (a link, a half-downloaded file): removed first.
      await unlink(target).catch(() => undefined);
      const scanned = await whyReportIsNoBaseline(reportsDir, scan.report);
      const summary =
        scanned === undefined ? undefined : await readSarifSummary(reportsDir, scan.report).catch(() => undefined);
      const readable = scanned === undefined || (summary !== undefined && !('unreadable' in summary));
      // A report whose tool failed at the destination is kept: the scans then name that failure as the reason.
      if (readable) await copyFile(join(reportsDir, scan.report), target);
      sources.push({
        action: scan.action.name,
        report: scan.report,
        source: scanned === undefined ? 'scanned' : 'unavailable',
        reason: scanned === undefined ? reason : `${reason}, and at the destination: ${scanned}`,
      });
    }
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
  const order = new Map(scanActions.map((scan, index) => [scan.action.name, index]));
  return sources.sort((a, b) => (order.get(a.action) ?? 0) - (order.get(b.action) ?? 0));
}

function withoutBaselineVariable<T extends string | undefined>(
  variables: Readonly<Record<string, T>>,
): Record<string, T> {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => name !== BASELINE_VARIABLE));
}

/** One line per action for the build's log: where its baseline came from. */
export function describeBaselineSources(sources: readonly BaselineSource[], destination: string): string[] {
  return sources.map((entry) => {
    switch (entry.source) {
      case 'reports':
        return `Baseline for ${entry.action}: the reports of ${destination} (${entry.report})`;
      case 'scanned':
        return `Baseline for ${entry.action}: a scan of ${destination} in this build, not uploaded (${entry.reason ?? ''})`;
      case 'unavailable':
        return `No baseline for ${entry.action}: ${entry.reason ?? ''}; all its findings count as new`;
    }
  });
}
