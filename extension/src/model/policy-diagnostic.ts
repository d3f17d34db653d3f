import type { PolicyProblem, TextFix } from '@devsecops/shared/config';

/** The `source` of the policy file's diagnostics (findings carry their tool's name instead). */
export const POLICY_DIAGNOSTIC_SOURCE = 'devsecops';

/**
 * The core's CONFIG_FILE_NAMES, in its order (a unit test keeps them equal): the module that holds those also
 * loads the YAML reader, which must stay out of the activation bundle.
 */
export const POLICY_FILE_NAMES: readonly string[] = ['.devsecops.yml', '.devsecops.yaml'];

/** True for a folder's policy file (`.devsecops.yml` or `.devsecops.yaml` at its root), by its relative path. */
export function isPolicyFile(relativePath: string): boolean {
  return POLICY_FILE_NAMES.includes(relativePath);
}

/**
 * Lines past which an open policy file is checked when opened and saved, not after each pause in typing. Policy
 * files are tens of lines; a hostile one padded with tens of thousands of keys takes seconds to read and check,
 * which as-you-type checking would spend on the extension host, shared by every extension, at each pause.
 */
export const MAX_POLICY_LINES_CHECKED_AS_YOU_TYPE = 2_000;

/** True when an edit of an open policy file of `lineCount` lines is checked as the user types. */
export function checksPolicyAsYouType(lineCount: number): boolean {
  return lineCount <= MAX_POLICY_LINES_CHECKED_AS_YOU_TYPE;
}

/** A policy problem as the editor draws it: 0-based line and characters, on one line. */
export interface PolicyDiagnostic {
  readonly severity: PolicyProblem['severity'];
  /** Line, 0-based. */
  readonly line: number;
  /** First character, 0-based. */
  readonly startCharacter: number;
  /** The character after the last one, 0-based. */
  readonly endCharacter: number;
  readonly message: string;
  /** The did-you-mean as an edit of the range (see policyQuickFix). */
  readonly fix?: TextFix;
}

/** Length of a line (0-based) of the open document, or undefined when it is not known. */
export type PolicyLineLength = (line: number) => number | undefined;

/**
 * What an error costs in the editor, said on each error: a policy file with any error is not used at all, so
 * the suppressions and severities in its valid parts do nothing either until it is fixed.
 */
const ERROR_CONSEQUENCE = 'Until it is fixed, the editor scans with the default policy.';

/**
 * The core's policy problems (1-based, end exclusive, UTF-16 columns) as editor ranges. A span without an
 * end runs to the end of its line; one past the end of the line (a buffer edited since) is held to it.
 */
export function policyDiagnostics(
  problems: readonly PolicyProblem[],
  lineLength: PolicyLineLength,
): PolicyDiagnostic[] {
  return problems.map((problem) => {
    const line = Math.max(0, problem.span.line - 1);
    const length = lineLength(line);
    const start = Math.max(0, problem.span.column - 1);
    const startCharacter = length === undefined ? start : Math.min(start, length);
    let endCharacter = problem.span.endColumn === undefined ? length : problem.span.endColumn - 1;
    if (endCharacter !== undefined && length !== undefined) endCharacter = Math.min(endCharacter, length);
    // An empty range still shows (a short squiggle) on a line that has text: cover the rest of the line.
    if (endCharacter === undefined || endCharacter <= startCharacter) {
      endCharacter = Math.max(length ?? startCharacter + 1, startCharacter);
    }
    return {
      severity: problem.severity,
      line,
      startCharacter,
      endCharacter,
      message: problem.severity === 'error' ? `${problem.message} ${ERROR_CONSEQUENCE}` : problem.message,
      ...(problem.fix === undefined ? {} : { fix: problem.fix }),
    };
  });
}

/** A quick fix of a policy diagnostic: its title and the text that replaces the diagnostic's range. */
export interface PolicyQuickFix {
  readonly title: string;
  readonly replacement: string;
}

/**
 * The quick fix for a diagnostic's did-you-mean, when its range still reads what the problem was found in: not
 * when the value is quoted (the range holds the quotes too) or the text was edited since the check.
 */
export function policyQuickFix(fix: TextFix | undefined, rangeText: string): PolicyQuickFix | undefined {
  if (fix === undefined || rangeText !== fix.written) return undefined;
  return {
    title: `Change ${quoted(fix.written)} to ${quoted(fix.replacement)}`,
    replacement: fix.replacement,
  };
}

/**
 * Text as a JSON string, with the line and paragraph separators JSON leaves as they are escaped too: what the
 * file wrote may hold any of them, and a title is one line.
 */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
