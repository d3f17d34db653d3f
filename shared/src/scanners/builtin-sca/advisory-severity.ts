import type * as CvssCalculator from 'ae-cvss-calculator';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { severityOfCvssScore, type Severity } from '../../findings/severity';

/** The costliest dependency to evaluate at start, and only SCA scores vectors. */
const cvssCalculator = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require the bundler keeps lazy
  (): typeof CvssCalculator => require('ae-cvss-calculator') as typeof CvssCalculator,
);

/** An advisory's severity and the text it came from (a CVSS vector with its score, or a word). */
export interface AdvisorySeverity {
  readonly severity: Severity;
  /** What the advisory said: `CVSS:3.1/AV:N/… (9.8)` or `MODERATE`. */
  readonly native: string;
}

/** One entry of OSV's `severity` array. */
export interface OsvSeverityEntry {
  readonly type: string;
  readonly score: string;
}

/** Preference when an advisory carries several: CVSS v3 is what most tools show, then v4, then v2. */
const CVSS_TYPE_PREFERENCE = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];

/**
 * The CVSS base score of a vector, computed by ae-cvss-calculator (v2, v3.0,
 * v3.1 and v4.0). Undefined when the vector is not one it can score.
 */
export function cvssBaseScore(vector: string): number | undefined {
  try {
    // fromVector is typed `any`; it returns a vector object for v2, v3.0, v3.1 and v4.0, else null.
    const parsed = cvssCalculator().fromVector(vector) as { calculateScores(): { base?: unknown } } | null;
    const base = parsed?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

/** GitHub's words in `database_specific.severity` (GHSA records in the OSV export). */
const WORD_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

/**
 * Severity from the advisory's CVSS vectors when one can be scored, else from a
 * database's severity word, else undefined (the caller picks the default).
 */
export function advisorySeverity(
  entries: readonly OsvSeverityEntry[],
  databaseWord: string | undefined,
): AdvisorySeverity | undefined {
  for (const type of CVSS_TYPE_PREFERENCE) {
    for (const entry of entries) {
      if (entry.type !== type) continue;
      const score = cvssBaseScore(entry.score);
      if (score !== undefined)
        return { severity: severityOfCvssScore(score), native: `${entry.score} (${score.toFixed(1)})` };
    }
  }
  if (databaseWord !== undefined) {
    const severity = WORD_SEVERITY[databaseWord.trim().toUpperCase()];
    if (severity !== undefined) return { severity, native: databaseWord };
  }
  return undefined;
}
