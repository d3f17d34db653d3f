import { RULE_SEVERITIES } from '../scanners/dockerfile-severity/rule-severities';
import { closestName } from './closest-name';

/**
 * Every test id Bandit has shipped (its plugins and blacklists, 1.6 to 1.8): an id retired in a later release
 * is kept, since the Bandit a user runs may be older. From Bandit's `bandit --help` test list and its
 * `doc/source/plugins` and `doc/source/blacklists` pages.
 */
const BANDIT_RULE_IDS: readonly string[] = [
  ...range('B', 101, 113),
  'B201',
  'B202',
  ...range('B', 301, 325),
  ...range('B', 401, 415),
  ...range('B', 501, 509),
  ...range('B', 601, 615),
  ...range('B', 701, 704),
];

/** hadolint's rules and ours (DL…, DS…), as the Dockerfile engines report them. */
const DOCKERFILE_RULE_IDS: readonly string[] = Object.keys(RULE_SEVERITIES);

const KNOWN_RULE_IDS: readonly string[] = [...BANDIT_RULE_IDS, ...DOCKERFILE_RULE_IDS];
const KNOWN = new Set(KNOWN_RULE_IDS);
const KNOWN_BY_UPPER_CASE = new Map(KNOWN_RULE_IDS.map((id) => [id.toUpperCase(), id]));

/**
 * The id families our scanners report, as they spell them: Bandit, the Dockerfile rules, ShellCheck (which
 * the Dockerfile engines run on RUN lines), and advisory ids (OSV, GitHub, CVE). A finding's rule id is
 * compared exactly, so an id in another case matches nothing.
 */
const CANONICAL_FAMILIES: readonly { readonly pattern: RegExp; readonly canonical: (id: string) => string }[] = [
  { pattern: /^(?:b|dl|ds|sc)\d+$/i, canonical: (id) => id.toUpperCase() },
  // GitHub advisories: the prefix in capitals, the rest in lower case (GHSA-jfhm-5ghh-2f97).
  { pattern: /^ghsa(?:-[0-9a-z]{4}){3}$/i, canonical: (id) => `GHSA${id.slice(4).toLowerCase()}` },
  { pattern: /^(?:pysec|cve|osv|pyup)-[\w.-]+$/i, canonical: (id) => id.toUpperCase() },
];

/** Longer than any Bandit or Dockerfile rule id, with room for a typo or two. */
const MAX_SUGGESTED_ID_LENGTH = 10;

/** What is wrong with a rule id as `.devsecops.yml` names it, if anything. */
export type RuleIdAdvice =
  /** The id of a real rule in another case: it matches no finding, ever. */
  | { readonly kind: 'wrong-case'; readonly meant: string }
  /** An id in a scanner's family (B…, DL…, DS…) that no version of that scanner reports. */
  | { readonly kind: 'unknown'; readonly closest?: string };

/**
 * Checks a rule id written in `severity:` or a suppression's `rule:`. Ids we cannot know in advance (advisory
 * ids, ShellCheck codes, another tool's rules from an imported SARIF file) are checked for their case only.
 */
export function ruleIdAdvice(id: string): RuleIdAdvice | undefined {
  if (id === '*' || KNOWN.has(id)) return undefined;
  const sameLetters = KNOWN_BY_UPPER_CASE.get(id.toUpperCase());
  if (sameLetters !== undefined) return { kind: 'wrong-case', meant: sameLetters };
  const family = CANONICAL_FAMILIES.find((candidate) => candidate.pattern.test(id));
  if (family !== undefined && family.canonical(id) !== id) return { kind: 'wrong-case', meant: family.canonical(id) };
  if (!/^(?:B|DL|DS)\d+$/.test(id)) return undefined;
  // A suggestion costs an edit distance per known id: not worth it for a text no rule id is as long as.
  if (id.length > MAX_SUGGESTED_ID_LENGTH) return { kind: 'unknown' };
  const prefix = /^[A-Z]+/.exec(id)?.[0] ?? '';
  // Of ids as close, the one that shares the most leading characters (B705: B704 rather than B105).
  const candidates = KNOWN_RULE_IDS.filter((known) => known.startsWith(prefix)).sort(
    (a, b) => sharedPrefixLength(b, id) - sharedPrefixLength(a, id),
  );
  const closest = closestName(id, candidates);
  return closest === undefined ? { kind: 'unknown' } : { kind: 'unknown', closest };
}

function sharedPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}

function range(prefix: string, first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, index) => `${prefix}${String(first + index)}`);
}
