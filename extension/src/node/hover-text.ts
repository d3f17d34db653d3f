import type { Finding } from '@devsecops/shared';

/** MITRE's page for a CWE id. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** Escapes text for Markdown so a tool's message can never inject links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The hover for one finding: rule and tool, severity (with the tool's own word), the message, CWE links,
 * advisory aliases, the installed and fixed versions, and the rule's documentation link.
 */
export function findingHoverMarkdown(finding: Finding): string {
  const lines: string[] = [];
  const native = finding.nativeSeverity ? ` (${escapeMarkdown(finding.nativeSeverity)})` : '';
  const confidence = finding.confidence ? `, confidence ${escapeMarkdown(finding.confidence)}` : '';
  lines.push(
    `**${escapeMarkdown(finding.ruleId)}** · ${escapeMarkdown(finding.tool)} · ${finding.severity}${native}${confidence}`,
  );
  lines.push('', escapeMarkdown(finding.message));
  const facts: string[] = [];
  if (finding.cwe?.length) {
    facts.push(`CWE: ${finding.cwe.map((id) => `[CWE-${id}](${cweUrl(id)})`).join(', ')}`);
  }
  const properties = finding.properties ?? {};
  const aliases = stringList(properties['aliases']);
  if (aliases.length) facts.push(`Also known as: ${aliases.map(escapeMarkdown).join(', ')}`);
  const installed = properties['installedVersion'] ?? properties['version'];
  if (typeof installed === 'string') facts.push(`Installed: ${escapeMarkdown(installed)}`);
  if (finding.fix?.fixedVersions?.length) {
    facts.push(`Fixed in: ${finding.fix.fixedVersions.map(escapeMarkdown).join(', ')}`);
  } else if (finding.fix) {
    facts.push(`Fix: ${escapeMarkdown(finding.fix.description)}`);
  }
  if (facts.length) lines.push('', ...facts.map((fact) => `- ${fact}`));
  if (finding.helpUri) lines.push('', `[Read about ${escapeMarkdown(finding.ruleId)}](${finding.helpUri})`);
  return lines.join('\n');
}
