/**
 * `reports/pipeline-run.json` (its shape: reporters/pipeline-run-report.ts): what a run's outcome means for
 * the exit code, and its summary in Markdown and in plain text.
 */
import type { UnscannedEntry } from '../policy/completeness';
import { compareBySeverityThenLocation } from '../findings/finding-order';
import { isSarifReportName } from '../sarif/report-layout';
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
import type { PipelineActionReport, PipelineRunReport, PipelineStatus } from '../reporters/pipeline-run-report';

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
