/**
 * `reports/pipeline-run.json`: what a pipeline run did, stage by stage. The
 * local runner and the AWS runner (`--remote`) both produce this shape, and
 * the extension reads it.
 */
import type { UnscannedEntry } from '../policy/completeness';
import type { GateScope } from '../config/config';
import type { GateThreshold } from '../findings/severity';
import { compareBySeverityThenLocation } from '../findings/finding-order';
import { isSarifReportName } from '../sarif/report-layout';
import type { AdvisoryDatabaseAge } from '../scanners/scanner';
import { staleDatabaseWarning } from '../scanners/builtin-sca/database-age';
import { markdownPipesEscaped, markdownPlainText } from '../reporters/markdown-text';
import { relativeLinkTarget } from '../reporters/link-target';
import { oneLine, printablePath } from '../reporters/safe-text';
import {
  findingLocation,
  fixText,
  gateFailureLines,
  shortMessage,
  suppressionAdvice,
} from '../reporters/gate-failures';
import type { ListedFinding } from '../reporters/gate-failures';

/** Outcome of a stage or an action. */
export type PipelineStatus = 'succeeded' | 'failed' | 'skipped';

export interface PipelineActionReport {
  /** Action name from the pipeline definition (`sca`, `sast`, `hadolint`, `image-build`, `source`). */
  readonly name: string;
  readonly status: PipelineStatus;
  /** ISO-8601 start time; null when the action never started (skipped). */
  readonly startedAt: string | null;
  /** ISO-8601 end time; null when the action never started (skipped). */
  readonly endedAt: string | null;
  /** Number of results in the action's SARIF report (0 when it wrote none). */
  readonly findings: number;
  /** Why it failed or was skipped, in words a person can act on. */
  readonly reason?: string;
  /**
   * `failed` when the action's scan exited with the gate-failed code (1);
   * `incomplete` when its report says a tool failed or left files unscanned
   * (the action fails, and never as "gate failed"); `passed` when it
   * succeeded; absent for actions without a gate or that did not run.
   */
  readonly gate?: 'passed' | 'failed' | 'incomplete';
  /** Files the action's tools could not analyse, from its SARIF report: why its result is incomplete. */
  readonly unscanned?: readonly UnscannedEntry[];
  /** The advisory database the action's SCA scan used (from its SARIF report): its date and age. */
  readonly advisoryDatabase?: AdvisoryDatabaseAge;
  /**
   * The findings of the action's report that its gate counted (not suppressed, in the baseline scope, at or
   * above the threshold): how many, and the most severe of them, most severe first.
   */
  readonly gateFailures?: { readonly count: number; readonly listed: readonly ListedFinding[] };
  /** Report files the action wrote, relative to the reports directory. */
  readonly reportFiles: readonly string[];
  /** Cloud-only buildspec steps the local run did not execute. */
  readonly skippedCloudOnlySteps?: readonly string[];
  /** CodeBuild build id (local runs: `devsecops-local:<uuid>`). */
  readonly buildId?: string;
  /** CodePipeline exported variables (`env.exported-variables`) of the action's build. */
  readonly exportedVariables?: Readonly<Record<string, string>>;
}

export interface PipelineStageReport {
  readonly name: string;
  readonly status: PipelineStatus;
  /** Why the stage was skipped or failed. */
  readonly reason?: string;
  readonly actions: readonly PipelineActionReport[];
}

export interface PipelineRunReport {
  /** `local` or `aws`. */
  readonly runner: 'local' | 'aws';
  /** Absolute path of the pipeline's source (local) or the repository/commit (aws). */
  readonly source: string;
  /** ISO-8601 start and end of the whole run. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** The gate threshold given on the command line, or null for the repository's config default. */
  readonly failOn: string | null;
  readonly continueOnFailure: boolean;
  /** True when the run was cancelled (Ctrl-C); later stages are skipped with reason `cancelled`. */
  readonly cancelled: boolean;
  /**
   * Why the run failed whatever its actions say: a cloud execution that CodePipeline ended `Failed`, which can
   * happen while every stage it reports passed or never started. Absent when the actions tell the whole story.
   */
  readonly runFailure?: string;
  /** Absolute path of the reports directory. */
  readonly reportsDir: string;
  /** The gate every scan of the run applied: the run's `--fail-on`, else the policy's `gate`. */
  readonly gate?: { readonly failOn: GateThreshold; readonly scope: GateScope };
  readonly stages: readonly PipelineStageReport[];
}

/** The stage or action status that summarises its parts: any failure fails, all skipped skips. */
export function combinedStatus(statuses: readonly PipelineStatus[]): PipelineStatus {
  if (statuses.includes('failed')) return 'failed';
  if (statuses.length > 0 && statuses.every((status) => status === 'skipped')) return 'skipped';
  return 'succeeded';
}

/** Exit code of the CLI for a run: 0 every stage that ran passed, 1 the gate failed, 2 an error or cancellation. */
export function pipelineExitCode(report: PipelineRunReport): 0 | 1 | 2 {
  if (report.cancelled) return 2;
  const actions = report.stages.flatMap((stage) => stage.actions);
  const failed = actions.filter((action) => action.status === 'failed');
  if (failed.length === 0) return report.runFailure === undefined ? 0 : 2;
  return failed.every((action) => action.gate === 'failed') ? 1 : 2;
}

function durationText(action: PipelineActionReport): string {
  if (action.startedAt === null || action.endedAt === null) return '';
  const ms = Date.parse(action.endedAt) - Date.parse(action.startedAt);
  return `${(ms / 1000).toFixed(1)} s`;
}

const STATUS_WORD: Readonly<Record<PipelineStatus, string>> = {
  succeeded: 'passed',
  failed: 'FAILED',
  skipped: 'skipped',
};

/** The files no action's tools could analyse, with the action that reported each. */
function unscannedOf(report: PipelineRunReport): (UnscannedEntry & { readonly action: string })[] {
  return report.stages.flatMap((stage) =>
    stage.actions.flatMap((action) => (action.unscanned ?? []).map((entry) => ({ action: action.name, ...entry }))),
  );
}

/** True when a run failed because a result was incomplete, not because of an error or cancelling. */
function isIncompleteRun(report: PipelineRunReport): boolean {
  return (
    !report.cancelled &&
    pipelineExitCode(report) === 2 &&
    report.stages.some((stage) => stage.actions.some((action) => action.gate === 'incomplete'))
  );
}

/** Files listed in summary.md at most; the rest are counted. */
const MAX_LISTED_UNSCANNED = 100;

/** `reports/summary.md`: one table of stages and actions, the files not scanned, then where the reports are. Pure. */
export function renderPipelineSummaryMarkdown(report: PipelineRunReport): string {
  const exitCode = pipelineExitCode(report);
  const verdict =
    exitCode === 0
      ? 'passed'
      : exitCode === 1
        ? 'stopped by the gate'
        : report.cancelled
          ? 'cancelled'
          : isIncompleteRun(report)
            ? 'incomplete: files were not scanned or a tool failed, so the gate cannot pass'
            : report.runFailure === undefined
              ? 'failed'
              : `failed: ${markdownPlainText(report.runFailure)}`;
  const lines = [
    '# DevSecOps pipeline run',
    '',
    `Result: **${verdict}** · ${report.runner} run of \`${report.source}\` · gate: ${report.failOn ?? 'from .devsecops.yml (default high)'}${report.continueOnFailure ? ' · continue on failure' : ''}`,
    '',
    '| Stage | Action | Status | Findings | Time | Notes |',
    '| --- | --- | --- | ---: | ---: | --- |',
  ];
  for (const stage of report.stages) {
    for (const action of stage.actions) {
      const cloudOnly = action.skippedCloudOnlySteps ?? [];
      const notes = [
        action.reason ?? '',
        cloudOnly.length > 0 ? `cloud-only steps skipped: ${cloudOnly.join(', ')}` : '',
      ]
        .filter((note) => note !== '')
        .join('; ');
      lines.push(
        `| ${markdownPlainText(stage.name)} | ${markdownPlainText(action.name)} | ${STATUS_WORD[action.status]} | ${action.findings} | ${durationText(action)} | ${markdownPlainText(notes)} |`,
      );
    }
  }
  lines.push(...gateFailuresMarkdown(report));
  const unscanned = unscannedOf(report);
  if (unscanned.length > 0) {
    lines.push(
      '',
      '## Not scanned',
      '',
      'Fix these files, or list them under `ignore` in .devsecops.yml to leave them out on purpose.',
      '',
      '| Action | Tool | File | Why |',
      '| --- | --- | --- | --- |',
      ...unscanned
        .slice(0, MAX_LISTED_UNSCANNED)
        .map(
          (entry) =>
            `| ${markdownPlainText(entry.action)} | ${markdownPlainText(entry.tool)} | ${markdownPlainText(printablePath(entry.path))} | ${markdownPlainText(entry.reason)} |`,
        ),
    );
    if (unscanned.length > MAX_LISTED_UNSCANNED) {
      lines.push('', `…and ${unscanned.length - MAX_LISTED_UNSCANNED} more: see the actions' SARIF reports.`);
    }
  }
  for (const line of advisoryDatabaseLines(report)) lines.push(line);
  const files = report.stages.flatMap((stage) => stage.actions.flatMap((action) => action.reportFiles));
  lines.push('', '## Reports', '');
  if (files.length === 0) lines.push('No report files were written.');
  for (const file of files) lines.push(`- [${markdownPlainText(file)}](${relativeLinkTarget(file)})`);
  lines.push('');
  return lines.join('\n');
}

/** Gate failures listed in summary.md at most; the rest are counted with the reports that hold them. */
const MAX_SUMMARY_GATE_FAILURES = 25;

/** Every action's gate failures in the product's one finding order, and their total count. */
export function gateFailuresOfRun(report: PipelineRunReport): {
  readonly count: number;
  readonly listed: ListedFinding[];
  readonly reports: string[];
} {
  const actions = report.stages
    .flatMap((stage) => stage.actions)
    .filter((action) => (action.gateFailures?.count ?? 0) > 0);
  const listed = actions.flatMap((action) => action.gateFailures?.listed ?? []).sort(compareBySeverityThenLocation);
  return {
    count: actions.reduce((sum, action) => sum + (action.gateFailures?.count ?? 0), 0),
    listed,
    reports: actions.flatMap((action) => action.reportFiles.filter(isSarifReportName)),
  };
}

/** `6 findings at or above high` (or `new findings` with a baseline scope of new). */
function failingCountText(report: PipelineRunReport, count: number): string {
  const threshold = report.gate?.failOn ?? report.failOn ?? 'the threshold';
  return `${String(count)} finding${count === 1 ? '' : 's'} at or above ${threshold}`;
}

/** summary.md's list of the findings that failed the gate, with how to suppress one. */
function gateFailuresMarkdown(report: PipelineRunReport): string[] {
  const { count, listed, reports } = gateFailuresOfRun(report);
  if (count === 0) return [];
  const shown = listed.slice(0, MAX_SUMMARY_GATE_FAILURES);
  const lines = [
    '',
    '## Findings that failed the gate',
    '',
    `${failingCountText(report, count)}, most severe first. Only what the gate counts is listed: suppressed findings${report.gate?.scope === 'new' ? ' and findings the baseline already had' : ''} are not.`,
    '',
    '| Severity | Location | Rule | Message | Fix |',
    '| --- | --- | --- | --- | --- |',
    ...shown.map(
      (finding) =>
        `| ${finding.severity} | ${markdownPlainText(findingLocation(finding))} | ${markdownPlainText(finding.ruleId)} | ${markdownPlainText(shortMessage(finding.message))} | ${markdownPlainText(fixText(finding) ?? '')} |`,
    ),
  ];
  if (count > shown.length) {
    lines.push('', `…and ${String(count - shown.length)} more in ${[...reports, 'index.html'].join(', ')}.`);
  }
  lines.push('', ...suppressionAdvice(shown[0]).map((line, index) => (index === 0 ? line : adviceListItem(line))));
  return lines;
}

/** An advice line as a Markdown list item (its code spans are ours). */
function adviceListItem(line: string): string {
  return markdownPipesEscaped(line.replace(/^ {2}- /, '- '));
}

/** summary.md's lines on the advisory database each SCA action used: its date, age, and a warning when stale. */
function advisoryDatabaseLines(report: PipelineRunReport): string[] {
  const lines: string[] = [];
  for (const action of report.stages.flatMap((stage) => stage.actions)) {
    const age = action.advisoryDatabase;
    if (age === undefined) continue;
    if (lines.length === 0) lines.push('', '## Advisory database', '');
    const stale = staleDatabaseWarning(age);
    lines.push(
      // A list item, not a table cell: one line (no line break of a path or URL can start a heading of its own).
      oneLine(
        `- ${action.name}: data of ${age.date} (${age.source}), ${String(age.ageDays)} days old${stale === undefined ? '' : ` — **${stale.replace(/^warning: /, '')}**`}`,
      ),
    );
  }
  return lines;
}

function incompleteVerdict(report: PipelineRunReport): string {
  const unscanned = unscannedOf(report);
  const lines = [
    unscanned.length > 0
      ? `Result: incomplete: ${unscanned.length} file${unscanned.length === 1 ? ' was' : 's were'} not scanned, so the gate cannot pass (see summary.md):`
      : 'Result: incomplete: a tool failed, so the gate cannot pass: see the action logs under logs/ in the reports directory.',
    ...unscanned
      .slice(0, 10)
      .map((entry) => `  ${printablePath(entry.path)}  ${oneLine(entry.reason)}  [${oneLine(entry.tool)}]`),
    ...(unscanned.length > 10 ? [`  …and ${unscanned.length - 10} more (see summary.md)`] : []),
  ];
  if (unscanned.length > 0) {
    lines.push('Fix those files, or list them under `ignore` in .devsecops.yml to leave them out on purpose.');
  }
  return lines.join('\n');
}

/** The closing lines the CLI prints: a verdict, one line per stage, and where the reports are. Pure. */
export function renderPipelineSummaryText(report: PipelineRunReport): string {
  const exitCode = pipelineExitCode(report);
  const lines = ['', 'Pipeline summary'];
  for (const stage of report.stages) {
    const actions = stage.actions
      .map((action) => {
        const details = [
          action.findings > 0 ? `${action.findings} finding${action.findings === 1 ? '' : 's'}` : '',
          durationText(action),
        ].filter((part) => part !== '');
        return `${action.name} ${STATUS_WORD[action.status]}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
      })
      .join(', ');
    lines.push(`  ${STATUS_WORD[stage.status].padEnd(8)} ${stage.name.padEnd(22)} ${actions}`);
    if (stage.reason) lines.push(`  ${''.padEnd(8)} ${''.padEnd(22)} ${stage.reason}`);
  }
  for (const action of report.stages.flatMap((stage) => stage.actions)) {
    const stale = staleDatabaseWarning(action.advisoryDatabase);
    if (stale !== undefined) lines.push('', oneLine(`${action.name}: ${stale}`));
  }
  const failures = gateFailuresOfRun(report);
  if (failures.count > 0) {
    lines.push(
      '',
      `Failed the gate: ${failingCountText(report, failures.count)} (suppressed findings not counted), most severe first:`,
      ...gateFailureLines(failures.listed, { moreIn: 'summary.md and index.html', total: failures.count }),
      ...suppressionAdvice(failures.listed[0]),
    );
  }
  const verdict =
    exitCode === 0
      ? 'Result: passed.'
      : exitCode === 1
        ? `Result: the gate failed: fix or suppress the findings ${failures.count > 0 ? 'listed above (all of them: index.html, summary.md)' : 'at or above the threshold (see summary.md)'}${report.continueOnFailure ? '' : ', or rerun with --continue-on-failure to see every stage'}.`
        : report.cancelled
          ? 'Result: cancelled.'
          : isIncompleteRun(report)
            ? incompleteVerdict(report)
            : report.runFailure === undefined
              ? 'Result: a stage failed with an error: see the action logs under logs/ in the reports directory.'
              : `Result: failed: ${oneLine(report.runFailure)}.`;
  lines.push(
    '',
    verdict,
    `Reports: ${oneLine(report.reportsDir)} (index.html, summary.md, pipeline-run.json, SARIF, JUnit, logs/)`,
    '',
  );
  return lines.join('\n');
}
