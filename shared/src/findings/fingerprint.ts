import { createHash } from 'node:crypto';
import type { Finding, FindingDraft } from './finding';
import { maskFindingSecrets } from './secret-masking';

/** Version prefix, so a future change of the recipe never collides with old fingerprints. */
export const FINGERPRINT_VERSION = 'v1';

/** The key under which SARIF `partialFingerprints` carry ours. */
export const SARIF_FINGERPRINT_KEY = 'devsecops/v1';

/**
 * Normalises a source line so that indentation and spacing changes do not
 * change a fingerprint: whitespace runs collapse and the ends are trimmed.
 */
export function normaliseLineContent(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True for text of the form `fingerprintOf` writes: the version, a colon, 32 lower-case hexadecimal digits. */
export function isFingerprint(text: string): boolean {
  return new RegExp(`^${FINGERPRINT_VERSION}:[0-9a-f]{32}$`).test(text);
}

/**
 * One fingerprint. Deliberately excludes the line number: a finding keeps its
 * identity when code above it is added or removed.
 */
export function fingerprintOf(parts: {
  tool: string;
  ruleId: string;
  path: string;
  lineContent: string;
  occurrence: number;
}): string {
  const contentHash = sha256Hex(normaliseLineContent(parts.lineContent));
  const key = [FINGERPRINT_VERSION, parts.tool, parts.ruleId, parts.path, contentHash, String(parts.occurrence)].join(
    '\u0000',
  );
  return `${FINGERPRINT_VERSION}:${sha256Hex(key).slice(0, 32)}`;
}

/** Gives the text of line `line` (1-based) of `path`, or undefined when unknown. */
export type LineReader = (path: string, line: number) => string | undefined;

/**
 * Fingerprints drafts. Findings of the same tool, rule and path on identical
 * line content are told apart by their occurrence index in line order, so two
 * identical `eval(x)` lines get two stable fingerprints.
 *
 * When the line's text is unknown (file not readable), the rule id and message
 * stand in for it: still stable when lines move, if less discriminating.
 *
 * This is where drafts become findings, so it also masks the secrets in their
 * text (`maskFindingSecrets`), after hashing: masking never changes a fingerprint.
 */
export function assignFingerprints(drafts: readonly FindingDraft[], readLine: LineReader): Finding[] {
  const order = drafts
    .map((draft, index) => ({ draft, index }))
    .sort(
      (a, b) =>
        a.draft.location.line - b.draft.location.line ||
        (a.draft.location.column ?? 0) - (b.draft.location.column ?? 0) ||
        a.index - b.index,
    );
  const seen = new Map<string, number>();
  const fingerprints = new Array<string>(drafts.length);
  for (const { draft, index } of order) {
    const { tool, ruleId } = draft;
    const { path, line } = draft.location;
    const lineContent = readLine(path, line) ?? `${ruleId} ${draft.message}`;
    const groupKey = [tool, ruleId, path, normaliseLineContent(lineContent)].join('\u0000');
    const occurrence = seen.get(groupKey) ?? 0;
    seen.set(groupKey, occurrence + 1);
    fingerprints[index] = fingerprintOf({ tool, ruleId, path, lineContent, occurrence });
  }
  return drafts.map((draft, index) => maskFindingSecrets({ ...draft, fingerprint: fingerprints[index] ?? '' }));
}
