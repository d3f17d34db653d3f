import type { Finding, Severity } from '@devsecops/shared/findings';

/**
 * Findings shown as one diagnostic. Every advisory of one requirement (same tool, file, line, column and
 * package) is one group, so a pin with seven advisories is one squiggle with one upgrade; any other
 * finding is a group of one. Groups change what is drawn, never what is counted: each finding stays a
 * finding (counts, the gate, suppressions and reports see every advisory).
 */
export interface FindingGroup {
  /** The most severe finding (the first of equals): its severity and level stand for the group. */
  readonly lead: Finding;
  /** Every finding of the group, most severe first, each advisory once. */
  readonly findings: readonly Finding[];
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The package a dependency finding is about, when it names one. */
export function packageOf(finding: Finding): string | undefined {
  const name = finding.properties?.['package'];
  return finding.category === 'sca' && typeof name === 'string' && name !== '' ? name : undefined;
}

function groupKey(finding: Finding): string | undefined {
  const name = packageOf(finding);
  if (name === undefined) return undefined;
  const { path, line, column } = finding.location;
  return [finding.tool, path, String(line), String(column ?? 0), name].join('\u0000');
}

/** Groups findings for display (see `FindingGroup`), in the order their first finding came. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  const order: (string | Finding)[] = [];
  for (const finding of findings) {
    const key = groupKey(finding);
    if (key === undefined) {
      order.push(finding);
      continue;
    }
    const members = groups.get(key);
    if (members) {
      // The same advisory twice on a line (a re-export of one scan) is listed once.
      if (!members.some((member) => member.ruleId === finding.ruleId)) members.push(finding);
    } else {
      groups.set(key, [finding]);
      order.push(key);
    }
  }
  return order.map((entry) => {
    if (typeof entry !== 'string') return { lead: entry, findings: [entry] };
    const members = [...(groups.get(entry) ?? [])].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
    );
    const [lead] = members;
    if (lead === undefined) throw new Error('a group always has a finding');
    return { lead, findings: members };
  });
}

/** "3 high, 1 medium": how many findings of each severity, most severe first. */
export function severityCounts(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])
    .map(([severity, count]) => `${String(count)} ${severity}`)
    .join(', ');
}

/**
 * The message of a group's diagnostic: the finding's own for one; for several, the package, version or
 * range, how many advisories by severity, and where the list is.
 */
export function groupMessage(group: FindingGroup): string {
  const { lead, findings } = group;
  if (findings.length === 1) return lead.message;
  const name = packageOf(lead) ?? 'this package';
  const installed = lead.properties?.['installedVersion'];
  const specifier = lead.properties?.['specifier'];
  const subject =
    typeof installed === 'string'
      ? `${name} ${installed} is affected by`
      : `${name}${typeof specifier === 'string' ? specifier : ''} allows versions affected by`;
  return `${subject} ${String(findings.length)} advisories (${severityCounts(findings)}); the hover lists them.`;
}
