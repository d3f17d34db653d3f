import { DevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import type { Severity } from '../../findings/severity';
import { isJsonObject, numberField, ownEntry, parseToolJson, stringField } from '../json-output';
import { toRepoRelativePath } from '../report-paths';
import { normalizePackageName } from '../builtin-sca/package-name';
import { findRequirementLine } from './requirement-lines';

/** What a Dependency-Check JSON report holds. */
export interface DependencyCheckReport {
  readonly findings: FindingDraft[];
  /** `scanInfo.engineVersion`: the Dependency-Check version that wrote the report. */
  readonly engineVersion?: string;
}

export interface DependencyCheckReportOptions {
  /** Absolute repository root; reported paths are made relative to it. */
  readonly root: string;
  /** Reads a repository-relative file's text (to find a package's requirements line); undefined if unreadable. */
  readonly readText?: (repoPath: string) => string | undefined;
  /** Paths Dependency-Check was given that stand for something else (temporary copies of unsaved buffers). */
  readonly repoPathOf?: ReadonlyMap<string, string>;
}

/** Dependency-Check's severity words (CVSS ratings, and RetireJS's `moderate`) onto ours. */
const SEVERITY_BY_WORD: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  info: 'info',
  informational: 'info',
  none: 'info',
};

/** Advisory ids worth keeping as aliases (for dedupe against the built-in SCA engine). */
const ADVISORY_ID = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+)\b/gi;

function notADependencyCheckReport(what: string): DevsecopsError {
  return new DevsecopsError(
    'TOOL_OUTPUT_INVALID',
    `Dependency-Check's JSON report is not in the expected shape: ${what}.`,
  );
}

/** A package URL's parts: `pkg:pypi/jinja2@2.10` → pypi, jinja2, 2.10 (percent-decoded). */
export function parsePackageUrl(purl: string): { type: string; name: string; version?: string } | undefined {
  const match = /^pkg:([a-zA-Z][\w.+-]*)\/([^@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (!match?.[1] || !match[2]) return undefined;
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return {
    type: match[1].toLowerCase(),
    name: decode(match[2]),
    ...(match[3] === undefined ? {} : { version: decode(match[3]) }),
  };
}

/**
 * Where a dependency was found. Dependency-Check's Python analyzer reports
 * each requirement as a virtual dependency whose `filePath` is
 * `<manifest>:<name>/<version>`; the manifest is the file to point at.
 */
function manifestPathOf(filePath: string): string {
  const colon = filePath.lastIndexOf(':');
  if (colon <= 1) return filePath; // No suffix (or a Windows drive letter only).
  const suffix = filePath.slice(colon + 1);
  return suffix.includes('/') && !suffix.startsWith('/') && !suffix.startsWith('\\')
    ? filePath.slice(0, colon)
    : filePath;
}

/** The first CVSS severity word present: CVSS v3, then v2, then Dependency-Check's own `severity`. */
function severityWordOf(vulnerability: Record<string, unknown>): string | undefined {
  const v3 = vulnerability['cvssv3'];
  const v2 = vulnerability['cvssv2'];
  return (
    (isJsonObject(v3) ? stringField(v3, 'baseSeverity') : undefined) ??
    (isJsonObject(v2) ? stringField(v2, 'severity') : undefined) ??
    stringField(vulnerability, 'severity')
  );
}

function cvssScoreOf(vulnerability: Record<string, unknown>): number | undefined {
  const v3 = vulnerability['cvssv3'];
  const v2 = vulnerability['cvssv2'];
  return (
    (isJsonObject(v3) ? numberField(v3, 'baseScore') : undefined) ??
    (isJsonObject(v2) ? numberField(v2, 'score') : undefined)
  );
}

/** `CWE-79` → 79; NVD's placeholders (`NVD-CWE-Other`, `NVD-CWE-noinfo`) are dropped. */
function cweIdsOf(vulnerability: Record<string, unknown>): number[] {
  const cwes = vulnerability['cwes'];
  if (!Array.isArray(cwes)) return [];
  const ids = cwes
    .map((cwe) => (typeof cwe === 'string' ? /^CWE-(\d+)$/i.exec(cwe.trim())?.[1] : undefined))
    .filter((id): id is string => id !== undefined)
    .map(Number);
  return [...new Set(ids)];
}

function referenceUrlsOf(vulnerability: Record<string, unknown>): string[] {
  const references = vulnerability['references'];
  if (!Array.isArray(references)) return [];
  return references
    .map((reference) => (isJsonObject(reference) ? stringField(reference, 'url') : undefined))
    .filter((url): url is string => url !== undefined);
}

/** Other ids of the same advisory mentioned in its references (a CVE's GHSA, and back). */
function aliasesOf(ruleId: string, vulnerability: Record<string, unknown>): string[] {
  const found = new Set<string>();
  for (const url of referenceUrlsOf(vulnerability)) {
    for (const match of url.matchAll(ADVISORY_ID)) {
      const id = match[1] ?? '';
      const canonical = id.toUpperCase().startsWith('GHSA') ? `GHSA${id.slice(4).toLowerCase()}` : id.toUpperCase();
      if (canonical !== ruleId) found.add(canonical);
    }
  }
  return [...found].sort();
}

/** Where to read about an advisory: NVD for a CVE, GitHub for a GHSA, else its first reference. */
function helpUriOf(ruleId: string, vulnerability: Record<string, unknown>): string | undefined {
  if (/^CVE-\d{4}-\d+$/.test(ruleId)) return `https://nvd.nist.gov/vuln/detail/${ruleId}`;
  if (/^GHSA-/.test(ruleId)) return `https://github.com/advisories/${ruleId}`;
  return referenceUrlsOf(vulnerability)[0];
}

/** The first sentence of a description, bounded, for a one-line message. */
function firstSentence(text: string, maxChars = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at a full stop before a capital letter, so `i.e. html()` does not cut it short.
  const end = flat.search(/\.\s+(?=[A-Z])/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length <= maxChars ? sentence : `${sentence.slice(0, maxChars - 1)}…`;
}

/**
 * Reads Dependency-Check's `--format JSON` report (checked on 6.5.x and 12.x).
 * Each vulnerability of each dependency becomes one finding:
 * - PyPI requirements (virtual dependencies `…/requirements.txt:<name>/<version>`)
 *   point at the requirements line that names the package (PEP 503 names);
 *   line 1 of the manifest when no line does (e.g. it came from a `-r` include);
 * - anything else (a vendored `.js` file, a `.jar`) points at line 1 of the file
 *   Dependency-Check found it in: the report has no line numbers, and the file
 *   itself is what to replace.
 * Severity is CVSS v3's rating, else CVSS v2's, else Dependency-Check's own
 * `severity` (RetireJS entries only have that). Dependency-Check's JSON gives
 * no fixed versions, so findings carry no `fix`.
 */
export function parseDependencyCheckReport(text: string, options: DependencyCheckReportOptions): DependencyCheckReport {
  let document: unknown;
  try {
    document = parseToolJson(text);
  } catch (error) {
    throw new DevsecopsError('TOOL_OUTPUT_INVALID', 'Dependency-Check did not write a JSON document.', {
      cause: error,
    });
  }
  if (!isJsonObject(document)) throw notADependencyCheckReport('the top level is not an object');
  const dependencies = document['dependencies'];
  if (!Array.isArray(dependencies)) throw notADependencyCheckReport('it has no `dependencies` list');
  const scanInfo = document['scanInfo'];
  const engineVersion = isJsonObject(scanInfo) ? stringField(scanInfo, 'engineVersion') : undefined;

  const findings: FindingDraft[] = [];
  dependencies.forEach((dependency: unknown, index) => {
    if (!isJsonObject(dependency)) throw notADependencyCheckReport(`dependency ${index} is not an object`);
    const vulnerabilities = dependency['vulnerabilities'];
    if (!Array.isArray(vulnerabilities) || vulnerabilities.length === 0) return;
    const filePath = stringField(dependency, 'filePath');
    const fileName = stringField(dependency, 'fileName');
    if (filePath === undefined) throw notADependencyCheckReport(`dependency ${index} has no filePath`);

    const manifest = manifestPathOf(filePath);
    const path = options.repoPathOf?.get(manifest) ?? toRepoRelativePath(manifest, options.root);
    const packages = dependency['packages'];
    const firstPackage = Array.isArray(packages) && isJsonObject(packages[0]) ? packages[0] : undefined;
    const purl = firstPackage === undefined ? undefined : stringField(firstPackage, 'id');
    const parsedPurl = purl === undefined ? undefined : parsePackageUrl(purl);
    const isPyPi = parsedPurl?.type === 'pypi';
    const packageName = parsedPurl
      ? isPyPi
        ? normalizePackageName(parsedPurl.name)
        : parsedPurl.name
      : (fileName ?? path);
    const installedVersion = parsedPurl?.version;
    const requirementText = isPyPi ? options.readText?.(path) : undefined;
    const line = (requirementText === undefined ? undefined : findRequirementLine(requirementText, packageName)) ?? 1;
    const subject = installedVersion === undefined ? packageName : `${packageName} ${installedVersion}`;

    vulnerabilities.forEach((vulnerability: unknown, vIndex) => {
      if (!isJsonObject(vulnerability)) {
        throw notADependencyCheckReport(`vulnerability ${vIndex} of dependency ${index} is not an object`);
      }
      const ruleId = stringField(vulnerability, 'name');
      if (ruleId === undefined)
        throw notADependencyCheckReport(`vulnerability ${vIndex} of dependency ${index} has no name`);
      const word = severityWordOf(vulnerability);
      const description = stringField(vulnerability, 'description') ?? '';
      const summary = firstSentence(description);
      const cwe = cweIdsOf(vulnerability);
      const helpUri = helpUriOf(ruleId, vulnerability);
      const cvssScore = cvssScoreOf(vulnerability);
      const source = stringField(vulnerability, 'source');
      findings.push({
        tool: 'dependency-check',
        category: 'sca',
        ruleId,
        message:
          summary === '' || summary === ruleId
            ? `${subject} has a known vulnerability: ${ruleId}.`
            : `${subject} has a known vulnerability (${ruleId}): ${summary}`,
        severity: (word === undefined ? undefined : ownEntry(SEVERITY_BY_WORD, word.toLowerCase())) ?? 'medium',
        ...(word === undefined ? {} : { nativeSeverity: word }),
        location: { path, line },
        ...(cwe.length > 0 ? { cwe } : {}),
        ...(helpUri === undefined ? {} : { helpUri }),
        properties: {
          package: packageName,
          ...(installedVersion === undefined ? {} : { installedVersion }),
          aliases: aliasesOf(ruleId, vulnerability),
          ...(purl === undefined ? {} : { purl }),
          ...(source === undefined ? {} : { source }),
          ...(cvssScore === undefined ? {} : { cvssScore }),
        },
      });
    });
  });
  return { findings, ...(engineVersion === undefined ? {} : { engineVersion }) };
}
