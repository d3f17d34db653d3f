import { isDevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import type { ImportedSarifReport } from '@devsecops/shared/sarif';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';
import type { NotScanned } from './loaded-findings';

/**
 * Turns one SARIF document into fingerprinted findings and its tool runs. `sourceName` names the
 * file in messages. Throws DevsecopsError('INPUT_INVALID') for text that is not SARIF.
 */
export type SarifReader = (text: string, sourceName: string) => ImportedSarifReport;

/**
 * Reads one report for the review: its findings, and everything that makes it incomplete. A report
 * that is not SARIF, or that has no tool run at all (nothing in it says anything was scanned), is
 * itself "not scanned" rather than an empty report that would pass.
 */
export function readReport(
  readSarif: SarifReader,
  text: string,
  source: string,
): {
  readonly findings: readonly Finding[];
  readonly notScanned: readonly NotScanned[];
  readonly preExisting: readonly string[];
  readonly withoutBaseline: readonly ToolWithoutBaseline[];
} {
  let report: ImportedSarifReport;
  try {
    report = readSarif(text, source);
  } catch (error) {
    if (!isDevsecopsError(error) || error.code !== 'INPUT_INVALID') throw error;
    return {
      findings: [],
      notScanned: [{ report: source, reason: `the report cannot be read: ${error.message}` }],
      preExisting: [],
      withoutBaseline: [],
    };
  }
  if (report.tools.length === 0) {
    return {
      findings: report.findings,
      notScanned: [
        { report: source, reason: 'the report has no tool runs, so nothing in it says anything was scanned' },
      ],
      preExisting: report.preExisting,
      withoutBaseline: report.withoutBaseline,
    };
  }
  const notScanned = report.tools.flatMap((tool): NotScanned[] => [
    ...(tool.status === 'failed'
      ? [{ report: source, tool: tool.name, reason: `${tool.name} failed: ${tool.reason ?? 'no reason given'}` }]
      : []),
    ...(tool.unscanned ?? []).map((file) => ({
      report: source,
      tool: tool.name,
      path: file.path,
      reason: file.reason,
    })),
  ]);
  return {
    findings: report.findings,
    notScanned,
    preExisting: report.preExisting,
    withoutBaseline: report.withoutBaseline,
  };
}
