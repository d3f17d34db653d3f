import type { ScanCategory } from '../findings/finding';
import { isDockerfilePath, isRequirementsPath } from '../files/file-kinds';
import { ownEntry } from '../scanners/json-output';

/** SARIF driver names of tools we also run, mapped to the tool names our findings carry. */
const KNOWN_TOOL_NAMES: Readonly<Record<string, string>> = {
  bandit: 'bandit',
  hadolint: 'hadolint',
  'dependency-check': 'dependency-check',
  'owasp dependency-check': 'dependency-check',
};

/** The category of tools whose category is known by name. */
const CATEGORY_OF_TOOL: Readonly<Record<string, ScanCategory>> = {
  bandit: 'sast',
  hadolint: 'dockerfile',
  'dependency-check': 'sca',
  'devsecops-sca': 'sca',
  'devsecops-dockerfile': 'dockerfile',
};

/** Tags that mark a dependency-vulnerability finding (Trivy, Grype, Snyk and friends use these). */
const SCA_TAGS = new Set(['sca', 'dependency', 'dependencies', 'vulnerability', 'supply-chain', 'package']);
const DOCKERFILE_TAGS = new Set(['dockerfile', 'docker', 'container']);

/**
 * `Bandit` → `bandit`, `Hadolint` → `hadolint`; any other name is lower-cased
 * with spaces as dashes (`Semgrep OSS` → `semgrep-oss`), so the tool name is
 * stable whichever way a tool capitalises itself.
 */
export function normaliseToolName(driverName: string): string {
  const key = driverName.trim().toLowerCase();
  return ownEntry(KNOWN_TOOL_NAMES, key) ?? key.replace(/\s+/g, '-');
}

/** The category of a tool we know by name (`bandit` → sast), or undefined for any other tool. */
export function knownCategoryOf(tool: string): ScanCategory | undefined {
  return ownEntry(CATEGORY_OF_TOOL, tool);
}

/** By tool, then by tags, then by the file or rule id; SAST when nothing says otherwise. */
export function categoryOf(tool: string, tags: readonly string[], path: string, ruleId: string): ScanCategory {
  const known = knownCategoryOf(tool);
  if (known !== undefined) return known;
  const lowerTags = tags.map((tag) => tag.trim().toLowerCase());
  if (lowerTags.some((tag) => SCA_TAGS.has(tag))) return 'sca';
  if (lowerTags.some((tag) => DOCKERFILE_TAGS.has(tag))) return 'dockerfile';
  if (isDockerfilePath(path)) return 'dockerfile';
  if (isRequirementsPath(path) || /^(CVE|GHSA|PYSEC)-/i.test(ruleId)) return 'sca';
  return 'sast';
}
