import { isSarifReportName, readRunManifest } from '@devsecops/shared/sarif';
import type { NotScanned } from './loaded-findings';

/**
 * What the run manifest (`pipeline-run.json`, written beside the SARIF by `devsecops pipeline run`) says
 * is missing from a review: an action that failed for a reason other than its gate (a tool error, an
 * incomplete or missing report), and each SARIF report it lists that was not among the reports read (an
 * upload cut short). Either means the findings at hand are not the whole scan. A manifest its schema refuses
 * is itself a reason: it cannot say that every scan ran.
 */
export function notScannedByManifest(text: string, manifestName: string, reportsRead: readonly string[]): NotScanned[] {
  const reading = readRunManifest(text);
  if (!reading.ok) return [{ report: manifestName, reason: reading.problem }];
  const readNames = new Set(reportsRead.map((report) => report.slice(report.lastIndexOf('/') + 1)));
  const missing: NotScanned[] = [];
  for (const action of reading.manifest.stages.flatMap((stage) => stage.actions)) {
    if (action.status === 'failed' && action.gate !== 'failed' && action.gate !== 'incomplete') {
      // An incomplete action's SARIF lists what it did not scan itself; any other failure has no verdict.
      missing.push({
        report: manifestName,
        reason: `the ${action.name} action failed: ${action.reason ?? 'no reason given'}`,
      });
    }
    for (const file of action.reportFiles) {
      if (!isSarifReportName(file) || readNames.has(file)) continue;
      missing.push({
        report: manifestName,
        reason: `${file} of the ${action.name} action is listed in the run but was not uploaded`,
      });
    }
  }
  return missing;
}
