// Turns requirements into findings: exact pins are checked as the version pip
// installs (definite); other specifiers report what the allowed range can reach,
// one severity level lower and marked as not definite.
import type { FindingDraft } from '../../findings/finding';
import type { Severity } from '../../findings/severity';
import type { RequirementNote } from './requirement-note';
import type { ParsedRequirement } from './requirements-file';
import { collectRequirements, type IncludeReader } from './requirements-includes';
import { isPep440Version, versionsAllowedBy } from './pep440';
import type { CompactAdvisory } from './compact-index';
import type { AdvisoryMatch, VulnerabilityDatabase } from './vulnerability-database';
import { SCA_TOOL_NAME } from './sca-tool-name';
import { compareText } from '../../findings/finding-order';

export { SCA_TOOL_NAME };

export interface ScanRequirementsOptions {
  /** Reads `-r`/`-c` files by repository-relative POSIX path; without it includes are noted, not followed. */
  readonly readInclude?: IncludeReader;
}

export interface RequirementsScanResult {
  /** Findings, ordered by file, line, column and advisory id. */
  readonly findings: FindingDraft[];
  /** Lines not checked, or checked with a caveat, ordered by file, line and column. */
  readonly notes: RequirementNote[];
  /** Files read through `-c` (their pins applied, their packages not added). */
  readonly constraintFiles: readonly string[];
}

/** Severity one level lower, for advisories a range can reach but a pin might avoid. */
const ONE_LEVEL_LOWER: Readonly<Record<Severity, Severity>> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'info',
  info: 'info',
};

/** Per-advisory text every finding of it repeats, built once (a file rescanned while typing repeats them all). */
const advisoryTexts = new WeakMap<CompactAdvisory, { label: string; helpUri: string }>();

function textsOf(advisory: CompactAdvisory): { label: string; helpUri: string } {
  let texts = advisoryTexts.get(advisory);
  if (!texts) {
    const { id, aliases } = advisory;
    texts = {
      label: aliases.length > 0 ? `${id} (${aliases.join(', ')})` : id,
      helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
    };
    advisoryTexts.set(advisory, texts);
  }
  return texts;
}

function advisoryLabel(match: AdvisoryMatch): string {
  return textsOf(match.advisory).label;
}

function summaryText(match: AdvisoryMatch): string {
  return match.advisory.summary || 'no summary in the advisory';
}

interface Verdict {
  readonly requirement: ParsedRequirement;
  readonly match: AdvisoryMatch;
  readonly definite: boolean;
  readonly installedVersion: string | null;
  readonly specifier: string;
  readonly message: string;
  readonly fixDescription: string;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function toDraft(verdict: Verdict): FindingDraft {
  const { requirement, match } = verdict;
  const { advisory } = match;
  const baseSeverity = advisory.severity ?? 'medium';
  const fix: Writable<NonNullable<FindingDraft['fix']>> = { description: verdict.fixDescription };
  if (match.fixedVersions.length > 0) fix.fixedVersions = match.fixedVersions;
  const properties: Record<string, unknown> = {
    package: requirement.normalizedName,
    installedVersion: verdict.installedVersion,
    specifier: verdict.specifier,
    aliases: advisory.aliases,
    definite: verdict.definite,
  };
  if (requirement.marker) properties['marker'] = requirement.marker;
  // Plain assignments rather than spreads: a worst-case file makes hundreds of these per keystroke.
  const draft: Writable<FindingDraft> = {
    tool: SCA_TOOL_NAME,
    category: 'sca',
    ruleId: advisory.id,
    message: verdict.message,
    severity: verdict.definite ? baseSeverity : ONE_LEVEL_LOWER[baseSeverity],
    location: requirement.location,
    helpUri: textsOf(advisory).helpUri,
    fix,
    properties,
  };
  if (advisory.nativeSeverity) draft.nativeSeverity = advisory.nativeSeverity;
  if (advisory.cwe?.length) draft.cwe = advisory.cwe;
  return draft;
}

function noFixText(name: string): string {
  return `No fixed version of ${name} is known for this advisory: remove the package or mitigate, and watch the advisory.`;
}

/** How a requirement met an advisory; the texts differ by kind. */
type VerdictKind = 'exact' | 'range' | 'unpinned';
type VerdictTexts = Pick<Verdict, 'message' | 'fixDescription'>;

/**
 * Texts of a verdict, built once per database answer. The database memoises its
 * answers per package and version (or specifier), and everything in these texts
 * follows from that key, so a rescan reuses them instead of rebuilding hundreds of strings.
 */
const verdictTexts = new WeakMap<AdvisoryMatch, Partial<Record<VerdictKind, VerdictTexts>>>();

function textsFor(match: AdvisoryMatch, kind: VerdictKind, build: () => VerdictTexts): VerdictTexts {
  let byKind = verdictTexts.get(match);
  if (!byKind) {
    byKind = {};
    verdictTexts.set(match, byKind);
  }
  const texts = byKind[kind] ?? build();
  byKind[kind] = texts;
  return texts;
}

/** What the way a requirement is written says about every advisory that reaches it. */
type VerdictFacts = Pick<Verdict, 'definite' | 'installedVersion' | 'specifier'>;

/** A verdict on `requirement` for each of `matches`: the same facts for all, and each advisory's texts. */
function verdictsOf(
  requirement: ParsedRequirement,
  matches: readonly AdvisoryMatch[],
  kind: VerdictKind,
  facts: VerdictFacts,
  texts: (match: AdvisoryMatch) => VerdictTexts,
): Verdict[] {
  return matches.map((match) => ({ requirement, match, ...facts, ...textsFor(match, kind, () => texts(match)) }));
}

function exactVerdicts(
  requirement: ParsedRequirement,
  version: string,
  specifier: string,
  db: VulnerabilityDatabase,
): Verdict[] {
  const name = requirement.normalizedName;
  const facts = { definite: true, installedVersion: version, specifier };
  return verdictsOf(requirement, db.advisoriesAffecting(name, version), 'exact', facts, (match) => ({
    message: `${name} ${version} is affected by ${advisoryLabel(match)}: ${summaryText(match)}`,
    fixDescription:
      match.fixedVersions[0] !== undefined
        ? `Upgrade ${name} to ${match.fixedVersions[0]}, the lowest fixed version above ${version}.`
        : noFixText(name),
  }));
}

function rangeVerdicts(requirement: ParsedRequirement, specifier: string, db: VulnerabilityDatabase): Verdict[] {
  const name = requirement.normalizedName;
  const facts = { definite: false, installedVersion: null, specifier };
  return verdictsOf(requirement, db.advisoriesReachable(name, specifier), 'range', facts, (match) => {
    const span = match.reachable;
    const versions = !span
      ? ''
      : span.lowest === span.highest
        ? ` (${span.lowest})`
        : ` (${span.lowest} to ${span.highest})`;
    return {
      message: `${name}${specifier} allows vulnerable versions${versions} affected by ${advisoryLabel(match)}: ${summaryText(match)}`,
      fixDescription:
        match.fixedVersions[0] !== undefined
          ? // Fixed versions the specifier allows come first, so this is one the user can pin without widening the range.
            `Pin ${name} to a fixed version, e.g. ==${match.fixedVersions[0]}.`
          : noFixText(name),
    };
  });
}

function unpinnedVerdicts(requirement: ParsedRequirement, db: VulnerabilityDatabase): Verdict[] {
  const name = requirement.normalizedName;
  const newest = db.newestKnownVersion(name);
  if (newest === undefined) return [];
  const facts = { definite: false, installedVersion: null, specifier: '' };
  return verdictsOf(requirement, db.advisoriesAffecting(name, newest), 'unpinned', facts, (match) => ({
    message: `${name} is not pinned, and even its newest known release ${newest} is affected by ${advisoryLabel(match)}: ${summaryText(match)}`,
    fixDescription: noFixText(name),
  }));
}

function compareFindings(a: FindingDraft, b: FindingDraft): number {
  return (
    (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) ||
    a.location.line - b.location.line ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1] as T, items[i] as T) > 0) return false;
  return true;
}

/**
 * Findings one scan of a file (with what it includes) returns at most. A generated file with
 * thousands of vulnerable lines would otherwise make millions, each then fingerprinted, gated
 * and reported, and run the process out of memory; the rest are counted in a note.
 */
export const MAX_FINDINGS_PER_FILE = 10_000;
/** Line numbers a repeat or duplicate-name note lists before "…". */
const MAX_LISTED_LINES = 10;

type Where = Pick<RequirementNote, 'path' | 'line' | 'column'>;

/** A requirement seen once, and the later lines of the same file that repeat it exactly. */
interface Repeats {
  readonly first: ParsedRequirement;
  /** Up to MAX_LISTED_LINES lines, 1-based. */
  readonly lines: number[];
  count: number;
}

/** A name's first requirement in a file, and later lines naming it with a different specifier. */
interface SameName {
  readonly first: ParsedRequirement;
  /** Up to MAX_LISTED_LINES `line N: specifier` texts. */
  readonly others: string[];
  count: number;
}

function requirementText(requirement: ParsedRequirement): string {
  if (requirement.specifier !== '') return `${requirement.name}${requirement.specifier}`;
  return requirement.exactVersion !== undefined ? `${requirement.name} ${requirement.exactVersion}` : requirement.name;
}

function listed(items: readonly (string | number)[], count: number): string {
  return `${items.map(String).join(', ')}${count > items.length ? ', …' : ''}`;
}

function whereOf(requirement: ParsedRequirement): Where {
  const { location } = requirement;
  return { path: location.path, line: location.line, column: location.column };
}

/**
 * What the database says of one requirement: an exact version (its own pin or a constraint's) is checked
 * as installed (definite); a specifier reports what its range can reach; no specifier at all, what the
 * newest known release has (with a note).
 */
function judgeRequirement(
  requirement: ParsedRequirement,
  constraints: readonly ParsedRequirement[],
  db: VulnerabilityDatabase,
): { verdicts: Verdict[]; notes: RequirementNote[] } {
  const notes: RequirementNote[] = [];
  const where = whereOf(requirement);
  // Constraint files often pin per environment (`==1.3; python_version >= "3.8"` beside `==1.2; …`): the
  // environment is unknown, so each distinct pin is checked, as separate requirement lines are.
  const pins: { version: string; from?: ParsedRequirement }[] = [];
  if (requirement.exactVersion !== undefined) pins.push({ version: requirement.exactVersion });
  else {
    for (const constraint of constraints) {
      const version = constraint.exactVersion;
      if (version !== undefined && !pins.some((pin) => pin.version === version))
        pins.push({ version, from: constraint });
    }
  }
  const specifier = [requirement.specifier, ...constraints.map((constraint) => constraint.specifier)]
    .filter((part) => part !== '')
    .join(',');

  if (pins.length > 0) {
    const verdicts: Verdict[] = [];
    const reported = new Set<string>();
    for (const { version, from } of pins) {
      if (!isPep440Version(version)) {
        notes.push({
          ...where,
          kind: 'version-not-pep440',
          message: `${requirement.name} ${version} is not a PEP 440 version: only advisories listing exactly "${version}" can match.`,
        });
      } else if (
        from !== undefined &&
        requirement.specifier !== '' &&
        versionsAllowedBy([version], requirement.specifier).length === 0
      ) {
        notes.push({
          ...where,
          kind: 'constraint-conflict',
          message: `${requirement.name}${requirement.specifier} conflicts with the pin ==${version} at ${from.location.path}:${String(from.location.line)}; pip would refuse to install. Checked as ${version}.`,
        });
      }
      // One finding per advisory on this line: the first pin it affects names it.
      for (const verdict of exactVerdicts(requirement, version, specifier, db)) {
        if (reported.has(verdict.match.advisory.id)) continue;
        reported.add(verdict.match.advisory.id);
        verdicts.push(verdict);
      }
    }
    return { verdicts, notes };
  }
  if (specifier !== '') return { verdicts: rangeVerdicts(requirement, specifier, db), notes };
  notes.push({
    ...where,
    kind: 'unpinned',
    message: `${requirement.name} has no version constraint: only advisories that affect its newest known release are reported. Pin it with == to check the version you ship.`,
  });
  return { verdicts: unpinnedVerdicts(requirement, db), notes };
}

/** The findings and notes of one requirement on its own (a manifest's dependency, a lockfile's package). */
export function checkRequirement(
  requirement: ParsedRequirement,
  db: VulnerabilityDatabase,
): { findings: FindingDraft[]; notes: RequirementNote[] } {
  const judged = judgeRequirement(requirement, [], db);
  return { findings: judged.verdicts.map(toDraft), notes: judged.notes };
}

/**
 * Checks one requirements file's text (and what it includes) against the database.
 * `path` is the file's repository-relative POSIX path; findings point at the
 * requirement's line and column. Never throws on bad input: it becomes notes.
 * A requirement repeated in the same file is checked once (a note lists the repeats),
 * and at most MAX_FINDINGS_PER_FILE findings are returned (a note counts the rest).
 */
export function scanRequirementsText(
  text: string,
  path: string,
  db: VulnerabilityDatabase,
  options: ScanRequirementsOptions = {},
): RequirementsScanResult {
  const collected = collectRequirements(text, path, options.readInclude);
  const notes: RequirementNote[] = [];
  // Loops rather than push(...array) throughout: spreading 100k+ elements overflows the call stack.
  for (const note of collected.notes) notes.push(note);
  const verdicts: Verdict[] = [];
  const repeats = new Map<string, Repeats>();
  const sameNames = new Map<string, SameName>();
  let omittedFindings = 0;
  let omittedRequirements = 0;
  let firstOmitted: Where | undefined;

  const keep = (produced: readonly Verdict[], where: Where): void => {
    let omittedHere = 0;
    for (const verdict of produced) {
      if (verdicts.length < MAX_FINDINGS_PER_FILE) verdicts.push(verdict);
      else omittedHere += 1;
    }
    if (omittedHere > 0) {
      omittedFindings += omittedHere;
      omittedRequirements += 1;
      firstOmitted ??= where;
    }
  };

  for (const requirement of collected.requirements) {
    const where = whereOf(requirement);
    const { path: file, line } = where;
    const nameKey = `${file}\u0000${requirement.normalizedName}`;
    // Spaces inside a specifier do not change it (`== 1.0` is `==1.0`).
    const key = `${nameKey}\u0000${requirement.specifier.replace(/\s+/g, '')}\u0000${requirement.exactVersion ?? ''}\u0000${requirement.marker ?? ''}`;
    const repeated = repeats.get(key);
    if (repeated) {
      // Same name, specifier and marker again: the same findings again would only bury the others.
      repeated.count += 1;
      if (repeated.lines.length < MAX_LISTED_LINES) repeated.lines.push(line);
      continue;
    }
    repeats.set(key, { first: requirement, lines: [], count: 0 });
    const sameName = sameNames.get(nameKey);
    if (sameName) {
      sameName.count += 1;
      if (sameName.others.length < MAX_LISTED_LINES) {
        sameName.others.push(`line ${String(line)}: ${requirementText(requirement)}`);
      }
    } else {
      sameNames.set(nameKey, { first: requirement, others: [], count: 0 });
    }

    const constraints = collected.constraints.get(requirement.normalizedName) ?? [];
    const judged = judgeRequirement(requirement, constraints, db);
    for (const note of judged.notes) notes.push(note);
    keep(judged.verdicts, where);
  }

  for (const { first, lines, count } of repeats.values()) {
    if (count === 0) continue;
    notes.push({
      ...whereOf(first),
      kind: 'repeated-requirement',
      message: `${requirementText(first)} is repeated on ${String(count)} more line${count === 1 ? '' : 's'} (${listed(lines, count)}): checked once, and its findings are reported on this line only. Remove the repeats.`,
    });
  }
  for (const { first, others, count } of sameNames.values()) {
    if (count === 0) continue;
    notes.push({
      ...whereOf(first),
      kind: 'duplicate-name',
      message: `${first.name} is required again with other specifiers on ${String(count)} more line${count === 1 ? '' : 's'} (${listed(others, count)}): pip must install one version that satisfies all of them (older pip refused the file: "Double requirement given"). Each line is checked on its own here.`,
    });
  }
  if (firstOmitted) {
    notes.push({
      ...firstOmitted,
      kind: 'findings-capped',
      message: `This file reached the limit of ${String(MAX_FINDINGS_PER_FILE)} findings: ${String(omittedFindings)} more findings on ${String(omittedRequirements)} requirements from this line on were left out. Fix the requirements reported so far and scan again.`,
    });
  }

  const findings = verdicts.map(toDraft);
  // Verdicts come in file order already unless includes interleave files: sort only then.
  if (!isSorted(findings, compareFindings)) findings.sort(compareFindings);
  notes.sort((a, b) => compareText(a.path, b.path) || a.line - b.line || a.column - b.column);
  return { findings, notes, constraintFiles: collected.constraintFiles };
}
