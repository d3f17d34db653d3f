import type { Finding } from '../findings/finding';

/** The SCA facts both SCA scanners put on `properties`. */
interface ScaFacts {
  readonly packageKey: string;
  readonly installedVersion: string;
  /** The rule id and its aliases, upper-cased. */
  readonly ids: ReadonlySet<string>;
}

function scaFactsOf(finding: Finding): ScaFacts | undefined {
  if (finding.category !== 'sca') return undefined;
  const properties = finding.properties ?? {};
  const packageName = properties['package'];
  const installedVersion = properties['installedVersion'];
  if (typeof packageName !== 'string' || typeof installedVersion !== 'string') return undefined;
  const aliases = Array.isArray(properties['aliases'])
    ? properties['aliases'].filter((alias): alias is string => typeof alias === 'string')
    : [];
  return {
    // PEP 503 normalisation, so `Jinja2` from one tool meets `jinja2` from the other.
    packageKey: packageName.replace(/[-_.]+/g, '-').toLowerCase(),
    installedVersion,
    ids: new Set([finding.ruleId, ...aliases].map((id) => id.toUpperCase())),
  };
}

/** How much a finding tells a reader; the richer of two duplicates is kept. */
function richness(finding: Finding): number {
  const aliases = finding.properties?.['aliases'];
  return (
    (finding.fix?.fixedVersions?.length ? 8 : 0) +
    (finding.fix ? 4 : 0) +
    (finding.cwe?.length ? 2 : 0) +
    (finding.helpUri ? 1 : 0) +
    (Array.isArray(aliases) ? Math.min(aliases.length, 8) / 10 : 0)
  );
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const id of a) if (b.has(id)) return true;
  return false;
}

function reportedByOf(finding: Finding): string[] {
  const reportedBy = finding.properties?.['reportedBy'];
  return Array.isArray(reportedBy)
    ? reportedBy.filter((tool): tool is string => typeof tool === 'string')
    : [finding.tool];
}

/**
 * Shows an advisory once when two SCA tools (Dependency-Check and the built-in
 * engine) report it: same file, same package and installed version, and
 * overlapping ids (rule id or aliases: a CVE and its GHSA). The richer finding
 * is kept (fixed versions, CWE, help link) and `properties.reportedBy` lists
 * every tool that reported it. Findings of one tool are never merged with each
 * other, and non-SCA findings pass through untouched, in their order.
 */
export function dedupeScaFindings(findings: readonly Finding[]): Finding[] {
  const kept: (Finding | undefined)[] = [];
  const candidates: { index: number; facts: ScaFacts; tools: Set<string>; path: string }[] = [];
  for (const finding of findings) {
    const facts = scaFactsOf(finding);
    if (facts === undefined) {
      kept.push(finding);
      continue;
    }
    const twin = candidates.find(
      (candidate) =>
        candidate.path === finding.location.path &&
        candidate.facts.packageKey === facts.packageKey &&
        candidate.facts.installedVersion === facts.installedVersion &&
        !candidate.tools.has(finding.tool) &&
        overlaps(candidate.facts.ids, facts.ids),
    );
    if (twin === undefined) {
      candidates.push({ index: kept.length, facts, tools: new Set([finding.tool]), path: finding.location.path });
      kept.push(finding);
      continue;
    }
    const existing = kept[twin.index];
    if (existing === undefined) continue;
    const winner = richness(finding) > richness(existing) ? finding : existing;
    const reportedBy = [...new Set([...reportedByOf(existing), ...reportedByOf(finding)])].sort();
    twin.tools.add(finding.tool);
    twin.facts = { ...twin.facts, ids: new Set([...twin.facts.ids, ...facts.ids]) };
    kept[twin.index] = { ...winner, properties: { ...winner.properties, reportedBy } };
  }
  return kept.filter((finding): finding is Finding => finding !== undefined);
}
