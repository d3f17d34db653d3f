import type { Finding } from '@devsecops/shared/findings';
import type { Suppression } from '@devsecops/shared/config';

/**
 * The `.devsecops.yml` suppression a quick fix adds for one finding: this rule, on this file, for this
 * finding's fingerprint, with the person's reason and an expiry `expiryDays` after `today`
 * (none when `expiryDays` is 0), so accepted risks come back for review.
 */
export function suppressionFor(finding: Finding, reason: string, expiryDays: number, today: Date): Suppression {
  const base = {
    rule: finding.ruleId,
    path: finding.location.path,
    fingerprint: finding.fingerprint,
    reason: reason.trim(),
  };
  if (expiryDays <= 0) return base;
  const expires = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + expiryDays));
  return { ...base, expires: expires.toISOString().slice(0, 10) };
}
