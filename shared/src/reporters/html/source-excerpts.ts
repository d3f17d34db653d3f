// The source lines around each finding, for the HTML report. A finding's path comes from a tool's report or a
// SARIF file, so each file is read only as a file of the scanned tree (no link out of it, no FIFO or device,
// bounded in size and time), and what is kept is bounded too: a few lines around each finding, ranges that
// touch merged into one excerpt per place, and a total budget so a report of 10,000 findings stays small.
import type { Finding } from '../../findings/finding';
import { splitLines } from '../../files/line-reader';
import { CREDENTIAL_FLAG_NAMES, maskSecret, maskSecretsInText } from '../../findings/secret-masking';
import { readRepositoryFile } from '../../files/repository-file';
import { sortFindingsBySeverity } from '../../findings/finding-order';
import { referenceLinks } from '../reference-links';

/** Consecutive source lines of one file. */
export interface SourceExcerpt {
  /** Line number of `lines[0]`, 1-based. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/** Excerpts by repository-relative path, each file's in line order and never overlapping. */
export type SourceExcerpts = ReadonlyMap<string, readonly SourceExcerpt[]>;

export interface ExcerptLimits {
  /** Lines shown before and after a finding's region. */
  readonly contextLines: number;
  /** Lines of a finding's own region shown at most (a 300-line region shows its start). */
  readonly maxRegionLines: number;
  /** A longer source line is cut (minified code must not bloat the report). */
  readonly maxLineChars: number;
  /** Files larger than this are not read. */
  readonly maxFileBytes: number;
  /** Characters of source kept over the whole report; findings past it show none. */
  readonly maxTotalChars: number;
}

/**
 * The report's size goal (5 MB) less a margin: what the findings themselves take is estimated (markup, message,
 * fix), and the source gets what is left, within `maxTotalChars`. A report of 10,000 long findings shows less
 * source rather than growing past the goal.
 */
const REPORT_SIZE_TARGET_CHARS = 4_400_000;
/** A finding's own markup (article, severity, line, tool, marks), its texts and links aside. */
const ESTIMATED_MARKUP_PER_FINDING = 260;
/** Above this many findings, each gets one line of context instead of two. */
const MANY_FINDINGS = 2_000;
/** Source gets at least this much, however many findings. */
const MIN_SOURCE_CHARS = 100_000;

function roomForSource(findings: readonly Finding[]): number {
  const findingChars = findings.reduce(
    (sum, finding) =>
      sum +
      ESTIMATED_MARKUP_PER_FINDING +
      finding.message.length +
      (finding.fix?.description.length ?? 0) +
      referenceLinks(finding).reduce((links, link) => links + link.url.length + link.label.length, 0),
    0,
  );
  return Math.max(MIN_SOURCE_CHARS, REPORT_SIZE_TARGET_CHARS - findingChars);
}

export const DEFAULT_EXCERPT_LIMITS: ExcerptLimits = {
  contextLines: 2,
  maxRegionLines: 6,
  maxLineChars: 240,
  maxFileBytes: 4 * 1024 * 1024,
  maxTotalChars: 1_500_000,
};

/** Rules whose line holds a secret literal: Bandit's hard-coded passwords, the Dockerfile credential rules. */
const SECRET_RULES = new Set(['B105', 'B106', 'B107', 'DS001', 'DS002']);

/** Quoted literals on a line a secret rule flagged: masked like the finding's own message. */
const QUOTED_LITERAL = /(["'])((?:(?!\1)[^\\]|\\.)+)\1/g;

/** A variable named for a credential (`DB_PASSWORD`, `api_key`, `GITHUB_TOKEN`, `client_secret`, `auth`). */
const CREDENTIAL_NAME = String.raw`[A-Za-z0-9_.-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)[A-Za-z0-9_.-]*`;
/** Such a variable given a value: `NAME=value`, `name: "value"`, `name = 'value'`. */
const CREDENTIAL_ASSIGNMENT = new RegExp(String.raw`(\b${CREDENTIAL_NAME}\s*[:=]\s*)(["']?)([^\s"',;)#]+)\2`, 'gi');
/** Dockerfile's older `ENV NAME value` form, where a space separates the name from its value. */
const DOCKERFILE_SPACE_ENV = new RegExp(String.raw`^(\s*ENV\s+${CREDENTIAL_NAME}\s+)(\S.*)$`, 'i');

/**
 * A credential given to a command-line flag, as DS002 reads one (`docker login --password hunter22`): masked on
 * every shown line, since these flags name what their value is.
 */
const SECRET_FLAG_VALUE = new RegExp(
  String.raw`((?:^|\s)--(?:${CREDENTIAL_FLAG_NAMES})(?:=|\s+))(?!\$)([^\s"']{4,})`,
  'g',
);
/** mysql's `-p hunter22`: masked on a line a secret rule flagged only, as elsewhere `-p` is `mkdir -p /app`. */
const SHORT_PASSWORD_FLAG_VALUE = /((?:^|\s)-p\s+)(?!\$)([^\s"']{4,})/g;
/** curl's `-u user:password`: the password masked on a line a secret rule flagged (`docker run -u 1000:1000` is not one). */
const USER_PASSWORD_FLAG_VALUE = /((?:^|\s)(?:-u|--user)(?:=|\s+)["']?[^\s:"']+:)(?!\$)([^\s"']{4,})/g;

/**
 * What a shown source line must not reveal. Every line, not only those a secret rule flagged: a context line
 * around another finding can hold a credential just as well (`ENV DB_PASSWORD=…` above a `USER root`).
 */
function maskLine(line: string, holdsSecret: boolean): string {
  let masked = maskSecretsInText(line);
  if (holdsSecret) {
    masked = masked.replace(
      QUOTED_LITERAL,
      (_whole, quote: string, value: string) => `${quote}${maskSecret(value)}${quote}`,
    );
  }
  // A value masked already reads `co…ry (masked, 21 characters)`: it is left as it is.
  const alreadyMasked = (text: string, offset: number, length: number): boolean =>
    text.startsWith(' (masked, ', offset + length);
  const maskFlagValue = (whole: string, lead: string, value: string, offset: number, text: string): string =>
    alreadyMasked(text, offset, whole.length) ? whole : `${lead}${maskSecret(value)}`;
  masked = masked.replace(SECRET_FLAG_VALUE, maskFlagValue);
  if (holdsSecret) {
    masked = masked.replace(SHORT_PASSWORD_FLAG_VALUE, maskFlagValue).replace(USER_PASSWORD_FLAG_VALUE, maskFlagValue);
  }
  return masked
    .replace(DOCKERFILE_SPACE_ENV, (whole, lead: string, value: string) =>
      value.includes('(masked, ') ? whole : `${lead}${maskSecret(value)}`,
    )
    .replace(
      CREDENTIAL_ASSIGNMENT,
      (whole: string, lead: string, quote: string, value: string, offset: number, text: string) =>
        alreadyMasked(text, offset, whole.length) ? whole : `${lead}${quote}${maskSecret(value)}${quote}`,
    );
}

function cutLine(line: string, maxChars: number): string {
  return line.length <= maxChars ? line : `${line.slice(0, maxChars - 1)}…`;
}

/** The line ranges to show in one file, merged where they touch. */
function rangesOf(findings: readonly Finding[], limits: ExcerptLimits): [number, number][] {
  const ranges = findings
    .map((finding): [number, number] => {
      const { line } = finding.location;
      const end = Math.min(Math.max(finding.location.endLine ?? line, line), line + limits.maxRegionLines - 1);
      return [Math.max(1, line - limits.contextLines), end + limits.contextLines];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * Reads the excerpts for `findings` from the tree at `root`. Files are visited most severe finding first, so a
 * budget that runs out leaves the least important findings without source. A file that cannot be read (gone,
 * a link out of the tree, too large) simply has no excerpt.
 */
export async function readSourceExcerpts(
  root: string,
  findings: readonly Finding[],
  limits: ExcerptLimits = DEFAULT_EXCERPT_LIMITS,
): Promise<Map<string, SourceExcerpt[]>> {
  const byPath = new Map<string, Finding[]>();
  for (const finding of sortFindingsBySeverity(findings)) {
    const path = finding.location.path;
    if (path === '.' || path === '') continue;
    const group = byPath.get(path) ?? [];
    group.push(finding);
    byPath.set(path, group);
  }
  // Many findings: one line of context each, so the budget shows more of them.
  const limitsHere =
    findings.length > MANY_FINDINGS ? { ...limits, contextLines: Math.min(1, limits.contextLines) } : limits;
  const excerpts = new Map<string, SourceExcerpt[]>();
  let budget = Math.min(limits.maxTotalChars, roomForSource(findings));
  for (const [path, group] of byPath) {
    if (budget <= 0) break;
    const read = await readRepositoryFile({ root, path, maxBytes: limits.maxFileBytes, timeoutMs: 5_000 });
    if (!read.ok) continue;
    const lines = splitLines(read.text);
    const secretLines = new Set(
      group.filter((finding) => SECRET_RULES.has(finding.ruleId)).map((finding) => finding.location.line),
    );
    const fileExcerpts: SourceExcerpt[] = [];
    for (const [first, last] of rangesOf(group, limitsHere)) {
      if (first > lines.length) continue;
      const shown = lines
        .slice(first - 1, Math.min(last, lines.length))
        .map((line, index) => cutLine(maskLine(line, secretLines.has(first + index)), limits.maxLineChars));
      budget -= shown.reduce((sum, line) => sum + line.length + 1, 0);
      fileExcerpts.push({ firstLine: first, lines: shown });
      if (budget <= 0) break;
    }
    if (fileExcerpts.length > 0) excerpts.set(path, fileExcerpts);
  }
  return excerpts;
}
