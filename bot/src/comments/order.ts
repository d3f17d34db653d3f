import { compareSeverityDescending, compareText } from '@devsecops/shared/findings';
import type { Finding } from '@devsecops/shared/findings';

/** Most severe first, then by path and line: the order of inline priority and summary rows. */
export function compareFindingsForReview(a: Finding, b: Finding): number {
  return (
    compareSeverityDescending(a.severity, b.severity) ||
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line
  );
}
