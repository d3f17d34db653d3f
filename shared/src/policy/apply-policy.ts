import type { DevsecopsConfig, Suppression } from '../config/config';
import type { Finding } from '../findings/finding';
import type { ToolRun } from '../scanners/scanner';
import { pathMatcher } from '../files/glob';

/** What policy did to a scan's findings. Nothing is silently lost: every input finding is in one bucket or ignored. */
export interface PolicyResult {
  /** Findings to show and gate on, with severity overrides applied. */
  readonly reported: Finding[];
  /** Findings a suppression silenced, each with the suppression that did it (the first that matched). */
  readonly suppressed: { readonly finding: Finding; readonly suppression: Suppression }[];
  /** Suppressions past their `expires` date: they no longer apply, and the CLI warns about them. */
  readonly expiredSuppressions: Suppression[];
}

export interface PolicyOptions {
  /** The current time; expiry compares its UTC calendar date. Default: now. */
  readonly now?: Date;
}

/**
 * Applies `.devsecops.yml` to findings, in this order:
 * 1. findings whose path matches an `ignore` glob (or lies in an ignored folder) are dropped;
 * 2. `severity` overrides by rule id replace `severity` (the tool's `nativeSeverity` is kept);
 * 3. suppressions silence matching findings.
 *
 * A suppression with `expires: 2026-03-31` applies through that whole UTC day
 * and stops on 2026-04-01.
 */
export function applyPolicy(
  findings: readonly Finding[],
  config: DevsecopsConfig,
  options: PolicyOptions = {},
): PolicyResult {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const isIgnored = pathMatcher(config.ignore);
  const active: { suppression: Suppression; matches: (finding: Finding) => boolean }[] = [];
  const expiredSuppressions: Suppression[] = [];
  for (const suppression of config.suppressions) {
    // ISO dates compare correctly as strings.
    if (suppression.expires !== undefined && suppression.expires < today) expiredSuppressions.push(suppression);
    else active.push({ suppression, matches: suppressionMatcher(suppression) });
  }

  const reported: Finding[] = [];
  const suppressed: { finding: Finding; suppression: Suppression }[] = [];
  for (const original of findings) {
    if (isIgnored(original.location.path)) continue;
    const override = Object.hasOwn(config.severity, original.ruleId) ? config.severity[original.ruleId] : undefined;
    const finding =
      override === undefined || override === original.severity ? original : { ...original, severity: override };
    const match = active.find((candidate) => candidate.matches(finding));
    if (match === undefined) reported.push(finding);
    else suppressed.push({ finding, suppression: match.suppression });
  }
  return { reported, suppressed, expiredSuppressions };
}

/**
 * Drops the unscanned files the user ignores (`ignore` globs): those are left
 * out on purpose, so they neither make a tool's result incomplete nor show in
 * reports. Every other unscanned file stays.
 */
export function withoutIgnoredUnscanned(tools: readonly ToolRun[], config: DevsecopsConfig): ToolRun[] {
  const isIgnored = pathMatcher(config.ignore);
  return tools.map((tool) => {
    if (tool.unscanned === undefined) return tool;
    const unscanned = tool.unscanned.filter((file) => !isIgnored(file.path));
    return unscanned.length === tool.unscanned.length ? tool : { ...tool, unscanned };
  });
}

function suppressionMatcher(suppression: Suppression): (finding: Finding) => boolean {
  const pathMatches = suppression.path === undefined ? () => true : pathMatcher([suppression.path]);
  return (finding) =>
    (suppression.rule === '*' || suppression.rule === finding.ruleId) &&
    (suppression.fingerprint === undefined || suppression.fingerprint === finding.fingerprint) &&
    pathMatches(finding.location.path);
}
