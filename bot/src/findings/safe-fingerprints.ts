import { createHash } from 'node:crypto';
import type { Finding } from '@devsecops/shared/findings';
import { FINGERPRINT_FORMAT } from '../comments/marker';

function derived(seed: string): string {
  return `v1:${createHash('sha256').update(seed, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * Every finding with a fingerprint the bot can write into a comment marker, and no two alike.
 *
 * A fingerprint comes from the report (`partialFingerprints`), so it is whatever the SARIF says: one that
 * is not in `FINGERPRINT_FORMAT` is replaced by a hash of it, and a repeat of one already seen by a hash
 * of it and its occurrence. Both are stable from run to run (same report, same values), so comments still
 * match; neither can be chosen to equal another finding's (that would take a SHA-256 preimage). Nothing is
 * dropped: a finding the report garbled is still reported.
 */
export function withSafeFingerprints(findings: readonly Finding[]): Finding[] {
  const taken = new Set<string>();
  return findings.map((finding) => {
    const valid = FINGERPRINT_FORMAT.test(finding.fingerprint)
      ? finding.fingerprint
      : derived(`devsecops-bot:malformed\u0000${finding.fingerprint}`);
    let fingerprint = valid;
    for (let occurrence = 1; taken.has(fingerprint); occurrence += 1) {
      fingerprint = derived(`devsecops-bot:repeat\u0000${valid}\u0000${occurrence}`);
    }
    taken.add(fingerprint);
    return fingerprint === finding.fingerprint ? finding : { ...finding, fingerprint };
  });
}
