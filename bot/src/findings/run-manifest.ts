import { isJsonObject } from '@devsecops/shared/json';
import { isSarifReportName } from '@devsecops/shared/sarif';
import type { NotScanned } from './loaded-findings';

/**
 * What the run manifest (`pipeline-run.json`, written beside the SARIF by `devsecops pipeline run`) says
 * is missing from a review: an action that failed for a reason other than its gate (a tool error, an
 * incomplete or missing report), and each SARIF report it lists that was not among the reports read (an
 * upload cut short). Either means the findings at hand are not the whole scan.
 */
export function notScannedByManifest(text: string, manifestName: string, reportsRead: readonly string[]): NotScanned[] {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch {
    return [{ report: manifestName, reason: 'the run manifest is not JSON, so it cannot say every scan ran' }];
  }
  const stages = isJsonObject(document) ? document['stages'] : undefined;
  if (!Array.isArray(stages)) {
    return [{ report: manifestName, reason: 'the run manifest has no stages, so it cannot say every scan ran' }];
  }
  const readNames = new Set(reportsRead.map((report) => report.slice(report.lastIndexOf('/') + 1)));
  const missing: NotScanned[] = [];
  for (const stage of stages) {
    const actions = isJsonObject(stage) ? stage['actions'] : undefined;
    for (const action of Array.isArray(actions) ? actions : []) {
      if (!isJsonObject(action)) continue;
      const name = typeof action['name'] === 'string' ? action['name'] : 'an action';
      const reason = typeof action['reason'] === 'string' ? action['reason'] : 'no reason given';
      if (action['status'] === 'failed' && action['gate'] !== 'failed' && action['gate'] !== 'incomplete') {
        // An incomplete action's SARIF lists what it did not scan itself; any other failure has no verdict.
        missing.push({ report: manifestName, reason: `the ${name} action failed: ${reason}` });
      }
      const files = action['reportFiles'];
      for (const file of Array.isArray(files) ? files : []) {
        if (typeof file !== 'string' || !isSarifReportName(file) || readNames.has(file)) continue;
        missing.push({
          report: manifestName,
          reason: `${file} of the ${name} action is listed in the run but was not uploaded`,
        });
      }
    }
  }
  return missing;
}
