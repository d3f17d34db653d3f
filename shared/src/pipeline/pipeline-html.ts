// `reports/index.html` of a pipeline run: every scan action's findings (from its SARIF report), the files not
// scanned and the tools that did not run, the stage timeline, and links to each action's log and reports.
import { writeFile } from 'node:fs/promises';
import { incompletenessOf } from '../policy/completeness';
import type { HtmlReportModel, HtmlVerdict } from '../reporters/html/html-report';
import { renderHtmlReport } from '../reporters/html/html-report';
import { readSourceExcerpts } from '../reporters/html/source-excerpts';
import type { SourceExcerpts } from '../reporters/html/source-excerpts';
import type { ActionFindings, PipelineGate } from './action-findings';
import type { PipelineRunReport } from '../reporters/pipeline-run-report';
import { gateFailuresOfRun, pipelineExitCode } from './run-report';

function verdictOf(report: PipelineRunReport): HtmlVerdict {
  if (report.cancelled) return 'cancelled';
  const code = pipelineExitCode(report);
  if (code === 0) return 'passed';
  if (code === 1) return 'failed';
  const incomplete = report.stages.some((stage) => stage.actions.some((action) => action.gate === 'incomplete'));
  return incomplete ? 'incomplete' : 'error';
}

function verdictText(report: PipelineRunReport, verdict: HtmlVerdict, gate: PipelineGate): string {
  const { count } = gateFailuresOfRun(report);
  const failing = `${String(count)} finding${count === 1 ? '' : 's'} at or above ${gate.failOn} (suppressed findings not counted)`;
  switch (verdict) {
    case 'passed':
      return 'every stage that ran passed the gate.';
    case 'failed':
      return `${failing}${report.continueOnFailure ? '' : '; later stages did not run'}.`;
    case 'incomplete':
      return 'files were not scanned or a tool failed, so the gate cannot pass.';
    case 'cancelled':
      return 'the run was cancelled.';
    case 'error':
      return report.runFailure === undefined
        ? 'a stage failed with an error: see its log below.'
        : `${report.runFailure}.`;
  }
}

/** The page's model of a pipeline run. Pure; the excerpts are read by the caller. */
export function htmlModelOfPipeline(
  report: PipelineRunReport,
  actions: readonly ActionFindings[],
  gate: PipelineGate,
  excerpts: SourceExcerpts,
  toolVersion?: string,
): HtmlReportModel {
  const verdict = verdictOf(report);
  // As in pipeline-run.json: an action whose gate passed lists no gate failure (its build judged).
  const judged = new Set(
    report.stages
      .flatMap((stage) => stage.actions)
      .filter((action) => action.gate === 'failed' || action.gate === 'incomplete')
      .map((action) => action.name),
  );
  return {
    title: 'DevSecOps pipeline report',
    subject: `${report.runner} run of ${report.source} · ${report.startedAt}`,
    verdict,
    verdictText: verdictText(report, verdict, gate),
    gate: {
      failOn: gate.failOn,
      scope: gate.scope,
      withBaseline: actions.some((action) => action.findings.some((entry) => entry.baselineState !== undefined)),
    },
    findings: actions.flatMap((action) =>
      action.findings
        .filter((entry) => entry.suppression === undefined)
        .map((entry) => ({
          finding: entry.finding,
          failsGate: entry.failsGate && judged.has(action.action),
          action: action.action,
          ...(entry.baselineState === undefined ? {} : { baselineState: entry.baselineState }),
        })),
    ),
    suppressed: actions.flatMap((action) =>
      action.findings.flatMap((entry) =>
        entry.suppression === undefined
          ? []
          : [
              {
                finding: entry.finding,
                reason: entry.suppression.reason,
                action: action.action,
                ...(entry.suppression.expires === undefined ? {} : { expires: entry.suppression.expires }),
              },
            ],
      ),
    ),
    tools: actions.flatMap((action) =>
      action.tools.map((tool) => ({
        name: tool.name,
        status: tool.status,
        action: action.action,
        ...(tool.version === undefined ? {} : { version: tool.version }),
        ...(tool.reason === undefined ? {} : { reason: tool.reason }),
      })),
    ),
    unscanned: actions.flatMap((action) =>
      (incompletenessOf(action.tools)?.unscanned ?? []).map((entry) => ({ ...entry, action: action.action })),
    ),
    excerpts,
    pipeline: report,
    ...(toolVersion === undefined ? {} : { toolVersion }),
  };
}

/** Reads the source around the run's findings from `root` and writes the page to `file`. */
export async function writePipelineHtmlReport(
  report: PipelineRunReport,
  actions: readonly ActionFindings[],
  root: string,
  file: string,
): Promise<void> {
  const gate = report.gate ?? { failOn: 'high', scope: 'new' };
  const reported = actions.flatMap((action) =>
    action.findings.filter((entry) => entry.suppression === undefined).map((entry) => entry.finding),
  );
  const excerpts = await readSourceExcerpts(root, reported);
  await writeFile(file, renderHtmlReport(htmlModelOfPipeline(report, actions, gate, excerpts)));
}
