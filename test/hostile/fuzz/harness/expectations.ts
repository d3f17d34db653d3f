// What "survives anything" means for a parser: it returns, or throws our documented error type
// (DevsecopsError with a code it documents), never a TypeError, RangeError or stack overflow; and
// what it returns is well-formed: 1-based lines, repository-relative paths, known severities.
import { AssertionError } from 'node:assert';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { ErrorCode } from '@devsecops/shared/errors';
import { SCAN_CATEGORIES, SEVERITIES } from '@devsecops/shared/findings';
import type { FindingDraft } from '@devsecops/shared/findings';

function fail(message: string, cause?: unknown): never {
  const error = new AssertionError({ message });
  if (cause instanceof Error) error.stack = `${error.message}\ncaused by: ${cause.stack ?? cause.message}`;
  throw error;
}

function checkThrown(error: unknown, codes: readonly ErrorCode[]): void {
  if (!isDevsecopsError(error)) {
    fail(`threw ${error instanceof Error ? error.name : typeof error} instead of a DevsecopsError`, error);
  }
  if (!codes.includes(error.code)) fail(`threw DevsecopsError ${error.code}; documented: ${codes.join(', ')}`, error);
  if (error.message.trim() === '') fail(`threw DevsecopsError ${error.code} with an empty message`, error);
}

/** Runs `parse`: its result, or undefined when it threw a DevsecopsError with one of `codes`. */
export function returnsOrThrows<T>(parse: () => T, codes: readonly ErrorCode[]): T | undefined {
  try {
    return parse();
  } catch (error) {
    checkThrown(error, codes);
    return undefined;
  }
}

/** `returnsOrThrows` for a parser that awaits. */
export async function resolvesOrRejects<T>(
  parse: () => Promise<T>,
  codes: readonly ErrorCode[],
): Promise<T | undefined> {
  try {
    return await parse();
  } catch (error) {
    checkThrown(error, codes);
    return undefined;
  }
}

/** A parser documented never to throw. */
export function neverThrows<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    return fail(
      `threw ${error instanceof Error ? error.name : typeof error}, but it is documented never to throw`,
      error,
    );
  }
}

/** A value as a failure message shows it, whatever type it really has at run time. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  // JSON has no form for these (JSON.stringify gives undefined, whatever its type says).
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function assertThat(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

/** A line or column: an integer from 1 (and at most `max` when given). */
export function assertPosition(value: unknown, what: string, max?: number): void {
  assertThat(
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && (max === undefined || value <= max),
    `${what} is ${JSON.stringify(value)}, not an integer from 1${max === undefined ? '' : ` to ${String(max)}`}`,
  );
}

/** A repository-relative POSIX path: not absolute, not leaving the repository, no backslashes. */
export function assertRepoRelativePath(path: unknown, what = 'path'): void {
  assertThat(typeof path === 'string' && path !== '', `${what} is ${JSON.stringify(path)}, not a non-empty string`);
  assertThat(!path.startsWith('/'), `${what} ${JSON.stringify(path)} is absolute`);
  assertThat(path !== '..' && !path.startsWith('../'), `${what} ${JSON.stringify(path)} leaves the repository`);
  assertThat(!path.includes('\\'), `${what} ${JSON.stringify(path)} has a backslash`);
}

/** Survives JSON (reports, SARIF, IPC to the editor): no cycles, no nesting deep enough to overflow the stack. */
export function assertJsonSafe(value: unknown, what: string): void {
  try {
    JSON.stringify(value);
  } catch (error) {
    fail(`${what} cannot be written as JSON`, error);
  }
}

function isOwnPlainObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * A finding draft every consumer can rely on. `lineCount`, when known, bounds the lines (a parser
 * of the file itself must point inside it; a report parser cannot know the file).
 */
export function assertWellFormedDraft(draft: FindingDraft, lineCount?: number): void {
  assertThat(typeof draft.tool === 'string' && draft.tool !== '', `tool is ${JSON.stringify(draft.tool)}`);
  assertThat(
    (SCAN_CATEGORIES as readonly unknown[]).includes(draft.category),
    `category is ${shown(draft.category)}, not one of ${SCAN_CATEGORIES.join(', ')}`,
  );
  assertThat(typeof draft.ruleId === 'string', `ruleId is ${typeof draft.ruleId}`);
  assertThat(typeof draft.message === 'string', `message is ${typeof draft.message}`);
  assertThat(
    (SEVERITIES as readonly unknown[]).includes(draft.severity),
    `severity is ${shown(draft.severity)}, not one of ${SEVERITIES.join(', ')}`,
  );
  for (const key of ['nativeSeverity', 'confidence', 'helpUri'] as const) {
    const value: unknown = draft[key];
    assertThat(value === undefined || typeof value === 'string', `${key} is ${typeof value}`);
  }
  const { location } = draft;
  assertRepoRelativePath(location.path, 'location.path');
  assertPosition(location.line, 'location.line', lineCount);
  if (location.column !== undefined) assertPosition(location.column, 'location.column');
  if (location.endLine !== undefined) {
    assertPosition(location.endLine, 'location.endLine', lineCount);
    assertThat(
      location.endLine >= location.line,
      `endLine ${String(location.endLine)} is before line ${String(location.line)}`,
    );
  }
  if (location.endColumn !== undefined) assertPosition(location.endColumn, 'location.endColumn');
  if (draft.cwe !== undefined) {
    assertThat(
      Array.isArray(draft.cwe) && draft.cwe.every((id) => Number.isInteger(id) && id >= 0),
      `cwe is ${JSON.stringify(draft.cwe)}`,
    );
  }
  if (draft.fix !== undefined) {
    assertThat(typeof draft.fix.description === 'string', 'fix.description is not a string');
    assertThat(
      draft.fix.fixedVersions === undefined || draft.fix.fixedVersions.every((version) => typeof version === 'string'),
      'fix.fixedVersions holds a non-string',
    );
  }
  if (draft.properties !== undefined) {
    assertThat(isOwnPlainObject(draft.properties), 'properties is not a plain object');
    assertJsonSafe(draft.properties, 'properties');
  }
}

/** Lines in `text` as the parsers count them (\n, \r\n or \r; a final newline does not end the count). */
export function physicalLineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}
