import { compareSeverityDescending } from '@devsecops/shared/findings';
import type { Finding } from '@devsecops/shared/findings';

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most severe first, then by path and line: the order of inline priority and summary rows. */
export function compareFindingsForReview(a: Finding, b: Finding): number {
  return (
    compareSeverityDescending(a.severity, b.severity) ||
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line
  );
}
