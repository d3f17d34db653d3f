import type { Finding } from '@devsecops/shared/findings';
import { cweUrl, markdownEscaped, markdownWebLink, webLinkTarget } from '@devsecops/shared/reports';
import { packageOf, severityCounts } from './advisory-groups';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The hover for one finding: rule and tool, severity (with the tool's own word), the message, CWE links,
 * advisory aliases, the installed and fixed versions, and the rule's documentation link.
 */
export function findingHoverMarkdown(finding: Finding): string {
  const lines: string[] = [];
  const native = nativeSeverityNote(finding);
  const confidence = finding.confidence ? `, confidence ${markdownEscaped(finding.confidence)}` : '';
  lines.push(
    `**${markdownEscaped(finding.ruleId)}** · ${markdownEscaped(finding.tool)} · ${finding.severity}${native}${confidence}`,
  );
  lines.push('', markdownEscaped(finding.message));
  const facts: string[] = [];
  if (finding.cwe?.length) {
    facts.push(`CWE: ${finding.cwe.map((id) => `[CWE-${id}](${cweUrl(id)})`).join(', ')}`);
  }
  const properties = finding.properties ?? {};
  const aliases = stringList(properties['aliases']);
  if (aliases.length) facts.push(`Also known as: ${aliases.map(markdownEscaped).join(', ')}`);
  const installed = properties['installedVersion'] ?? properties['version'];
  if (typeof installed === 'string') facts.push(`Installed: ${markdownEscaped(installed)}`);
  if (finding.fix?.fixedVersions?.length) {
    facts.push(`Fixed in: ${finding.fix.fixedVersions.map(markdownEscaped).join(', ')}`);
  } else if (finding.fix) {
    facts.push(`Fix: ${markdownEscaped(finding.fix.description)}`);
  }
  if (facts.length) lines.push('', ...facts.map((fact) => `- ${fact}`));
  if (webLinkTarget(finding.helpUri) !== undefined) {
    lines.push('', markdownWebLink(`Read about ${markdownEscaped(finding.ruleId)}`, finding.helpUri));
  }
  return lines.join('\n');
}

/** The tool's own severity word, only when it says something the normalised severity does not ("high (HIGH)" does not). */
function nativeSeverityNote(finding: Finding): string {
  const native = finding.nativeSeverity?.trim();
  if (!native || native.toLowerCase() === finding.severity) return '';
  return ` (${markdownEscaped(native)})`;
}

/** The advisory's own summary in an SCA message ("name 1.0 is affected by ID (aliases): summary"). */
function advisorySummary(finding: Finding): string {
  const at = finding.message.indexOf(finding.ruleId);
  const colon = finding.message.indexOf(': ', at < 0 ? 0 : at);
  return colon < 0 ? finding.message : finding.message.slice(colon + 2);
}

/**
 * The hover of several advisories on one requirement: the package and how many by severity, then each
 * advisory once (id linked to its page, aliases, severity, summary), most severe first.
 */
export function advisoryListMarkdown(findings: readonly Finding[]): string {
  const [lead] = findings;
  if (lead === undefined) return '';
  if (findings.length === 1) return findingHoverMarkdown(lead);
  const installed = lead.properties?.['installedVersion'];
  const specifier = lead.properties?.['specifier'];
  const subject = `${packageOf(lead) ?? ''} ${typeof installed === 'string' ? installed : typeof specifier === 'string' ? specifier : ''}`;
  const lines = [
    `**${markdownEscaped(subject.trim())}** · ${markdownEscaped(lead.tool)} · ${String(findings.length)} advisories (${severityCounts(findings)})`,
    '',
  ];
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const aliases = stringList(finding.properties?.['aliases']);
    const id =
      webLinkTarget(finding.helpUri) === undefined
        ? `**${markdownEscaped(finding.ruleId)}**`
        : markdownWebLink(markdownEscaped(finding.ruleId), finding.helpUri);
    const also = aliases.length ? ` (${aliases.map(markdownEscaped).join(', ')})` : '';
    lines.push(
      `- ${id}${also} · ${finding.severity}${nativeSeverityNote(finding)} · ${markdownEscaped(advisorySummary(finding))}`,
    );
  }
  lines.push('', 'Quick fix (Ctrl+.): one upgrade for all of them.');
  return lines.join('\n');
}
