import { oneLine, printablePath } from '@devsecops/shared/reports';
import { parseMarker } from './comments/marker';
import type { BotRunResult } from './run-bot';

/** The run as plain lines for the CLI and the Lambda log: what was (or would be) written. */
export function formatResult(result: BotRunResult, options: { readonly showBodies?: boolean } = {}): string {
  if (result.status === 'skipped') return `skipped: ${result.reason}\n`;
  const lines: string[] = [];
  const verb = result.status === 'planned' ? 'would' : 'did';
  const stopped = result.status === 'stopped' ? result.post : undefined;
  const reported = result.findings.filter((filtered) => filtered.shouldReport).length;
  lines.push(
    `pull request ${result.pullRequestId} at ${result.sourceCommit.slice(0, 12)}: ${result.findings.length} finding(s), ` +
      `${reported} in this review; gate ${result.gate.status} (fail on ${result.gate.failOn})`,
  );
  for (const entry of result.gate.notScanned) {
    const what = entry.path === undefined ? entry.report : `${printablePath(entry.path)} (${entry.report})`;
    lines.push(`  not scanned: ${what}: ${oneLine(entry.reason)}`);
  }
  for (const action of result.plan.actions) {
    if (action.kind === 'post-inline') {
      lines.push(`  ${verb} post   ${action.location.filePath}:${action.location.filePosition}  ${action.fingerprint}`);
    } else if (action.kind === 'post-summary') {
      lines.push(`  ${verb} post   summary`);
    } else {
      const about = parseMarker(action.content);
      const what = about?.kind === 'finding' ? about.fingerprint : 'summary';
      lines.push(`  ${verb} update ${action.commentId} (${action.reason})  ${what}`);
    }
    if (options.showBodies === true) lines.push(...action.content.split('\n').map((line) => `      | ${line}`));
  }
  lines.push(`  ${result.plan.unchangedCount} comment(s) already up to date`);
  if (stopped !== undefined) {
    lines.push(
      `  stopped after ${stopped.posted} post(s) and ${stopped.updated} edit(s): ${result.reason ?? 'the pull request moved on'}`,
    );
  }
  if (result.approval !== undefined) {
    lines.push(`  approval: ${result.approval.state} (${result.approval.changed ? 'set' : 'already so, not written'})`);
  }
  return `${lines.join('\n')}\n`;
}
