// Where a person reads about a finding: the rule's own page, its CWE, and each advisory id it carries (a CVE at
// NVD, a GHSA at GitHub, every other OSV id at osv.dev). The HTML report shows all of them.
import type { Finding } from '../findings/finding';
import { hadolintHelpUri } from '../scanners/hadolint/hadolint-report';

/** A labelled link. */
export interface ReferenceLink {
  readonly label: string;
  readonly url: string;
}

/** MITRE's page for a CWE id. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${String(cwe)}.html`;
}

/** The page of an advisory id: NVD for a CVE, GitHub for a GHSA, osv.dev for the rest (PYSEC-…, OSV-…). */
export function advisoryUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d{4,}$/.test(id)) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  if (/^[A-Z][A-Z0-9]*-[A-Za-z0-9._-]+$/.test(id)) return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
  return undefined;
}

/** Bandit's documentation of its plugins, for a Bandit finding whose report carried no link. */
function banditUrl(ruleId: string): string | undefined {
  return /^B\d{3}$/.test(ruleId) ? 'https://bandit.readthedocs.io/en/latest/plugins/index.html' : undefined;
}

function advisoryIds(finding: Finding): string[] {
  const aliases = finding.properties?.['aliases'];
  const ids = [
    ...(finding.category === 'sca' ? [finding.ruleId] : []),
    ...(Array.isArray(aliases) ? aliases.filter((alias): alias is string => typeof alias === 'string') : []),
  ];
  return [...new Set(ids)];
}

/**
 * Every link of a finding, rule first: its own help link (or the tool's page for its rule), then each CWE, then
 * each advisory id that is not the page already linked. Callers still pass each URL through `safeHref`: a
 * SARIF file chooses `helpUri`.
 */
export function referenceLinks(finding: Finding): ReferenceLink[] {
  const links: ReferenceLink[] = [];
  const ruleUrl =
    finding.helpUri ??
    (finding.category === 'dockerfile' ? hadolintHelpUri(finding.ruleId) : undefined) ??
    (finding.tool === 'bandit' ? banditUrl(finding.ruleId) : undefined);
  if (ruleUrl !== undefined) links.push({ label: finding.ruleId, url: ruleUrl });
  for (const cwe of finding.cwe ?? []) {
    if (Number.isSafeInteger(cwe) && cwe > 0) links.push({ label: `CWE-${String(cwe)}`, url: cweUrl(cwe) });
  }
  for (const id of advisoryIds(finding)) {
    const url = advisoryUrl(id);
    if (url !== undefined && !links.some((link) => link.url === url)) links.push({ label: id, url });
  }
  return links;
}
