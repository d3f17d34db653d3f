import { join, sep } from 'node:path';
import { DevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import type { Severity } from '../../findings/severity';
import {
  columnNumber,
  isJsonObject,
  lineNumber,
  numberField,
  ownEntry,
  parseToolJson,
  stringField,
} from '../json-output';
import { repoRelativePathsUnder } from '../report-paths';
import type { UnscannedFile } from '../scanner';

/** What a Bandit JSON report holds: findings, and what it says about each file. */
export interface BanditReport {
  readonly findings: FindingDraft[];
  /**
   * Files Bandit lists under `errors` (a syntax error, an exception while
   * scanning, a file it could not open), repository-relative, with Bandit's reason.
   */
  readonly errors: UnscannedFile[];
  /**
   * Files the report's per-file `metrics` cover (repository-relative): every
   * file Bandit began to analyse. Undefined when the report has no `metrics`.
   */
  readonly analysedFiles?: readonly string[];
}

export interface BanditReportOptions {
  /** Absolute repository root; reported paths are made relative to it. */
  readonly root: string;
  /** Paths Bandit was given that stand for something else (temporary copies of unsaved buffers). */
  readonly repoPathOf?: ReadonlyMap<string, string>;
}

/** A relative POSIX path without empty, `.` or `..` segments; any other character (a backslash too) is plain. */
const PLAIN_POSIX_RELATIVE_PATH = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/** Turns a path as Bandit printed it (`./a.py`, absolute, a temporary copy) into its repository-relative form. */
export function banditPathMapper(
  root: string,
  repoPathOf: ReadonlyMap<string, string> | undefined,
): (reported: string) => string {
  const underRoot = repoRelativePathsUnder(root);
  // The files Bandit is given are `join(root, path)`; on POSIX a backslash in their names is a character of
  // the name (`app\main.py` is one file), which the general path reader would turn into a folder separator.
  const rootPrefix = sep === '/' ? join(root, '/') : undefined;
  const literalPath = (reported: string): string | undefined => {
    if (rootPrefix === undefined) return undefined;
    const rest = reported.startsWith(rootPrefix)
      ? reported.slice(rootPrefix.length)
      : reported.startsWith('./')
        ? reported.slice(2)
        : undefined;
    return rest !== undefined && PLAIN_POSIX_RELATIVE_PATH.test(rest) ? rest : undefined;
  };
  return (reported) => repoPathOf?.get(reported) ?? literalPath(reported) ?? underRoot(reported);
}

/** Bandit's three levels; `UNDEFINED` (no level) becomes info. */
const SEVERITY_BY_BANDIT_LEVEL: Readonly<Record<string, Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

/** Thrown for a document that is JSON but not a Bandit report; the scanner adds the excerpt. */
function notABanditReport(what: string): DevsecopsError {
  return new DevsecopsError('TOOL_OUTPUT_INVALID', `Bandit's JSON report is not in the expected shape: ${what}.`);
}

/**
 * Reads Bandit's `-f json` report, any version from 1.6 to 1.9: `col_offset`
 * (0-based, 1.7+), `end_col_offset` (1.7.5+) and `issue_cwe` (1.7.5+) are used
 * when present. `# nosec` needs no handling here: Bandit never reports those lines.
 *
 * Pure: throws a DevsecopsError (TOOL_OUTPUT_INVALID) for text that is not a
 * Bandit report; the caller decides what a failed tool means.
 */
export function parseBanditReport(text: string, options: BanditReportOptions): BanditReport {
  return readBanditReport(parseBanditDocument(text), options);
}

/** The parsed JSON of Bandit's report, checked to be one; throws TOOL_OUTPUT_INVALID otherwise. */
export function parseBanditDocument(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parseToolJson(text);
  } catch (error) {
    throw new DevsecopsError('TOOL_OUTPUT_INVALID', 'Bandit did not print a JSON document.', { cause: error });
  }
  if (!isJsonObject(document)) throw notABanditReport('the top level is not an object');
  if (!Array.isArray(document['results'])) throw notABanditReport('it has no `results` list');
  return document;
}

/** `parseBanditReport` on an already parsed report (a merge of several runs, see `bandit-document.ts`). */
export function readBanditReport(document: Record<string, unknown>, options: BanditReportOptions): BanditReport {
  const results = document['results'];
  if (!Array.isArray(results)) throw notABanditReport('it has no `results` list');

  const pathOf = banditPathMapper(options.root, options.repoPathOf);

  const findings = results.map((result: unknown, index): FindingDraft => {
    if (!isJsonObject(result)) throw notABanditReport(`result ${index} is not an object`);
    return banditResultToDraft(result, index, pathOf);
  });

  const errors: UnscannedFile[] = [];
  const errorList = document['errors'];
  if (Array.isArray(errorList)) {
    for (const error of errorList) {
      if (!isJsonObject(error)) continue;
      const file = stringField(error, 'filename');
      // An error without a file name still means some file was not analysed: it must not vanish.
      errors.push({
        path: file === undefined ? '.' : pathOf(file),
        reason: stringField(error, 'reason') ?? 'Bandit could not scan it and gave no reason',
      });
    }
  }
  const metrics = document['metrics'];
  const analysedFiles = isJsonObject(metrics)
    ? Object.keys(metrics)
        .filter((key) => key !== '_totals')
        .map(pathOf)
    : undefined;
  return { findings, errors, ...(analysedFiles === undefined ? {} : { analysedFiles }) };
}

function banditResultToDraft(
  result: Record<string, unknown>,
  index: number,
  pathOf: (reported: string) => string,
): FindingDraft {
  const filename = stringField(result, 'filename');
  const testId = stringField(result, 'test_id');
  const reportedLine = numberField(result, 'line_number');
  if (filename === undefined || testId === undefined || reportedLine === undefined) {
    throw notABanditReport(`result ${index} lacks filename, test_id or line_number`);
  }
  const line = lineNumber(reportedLine);
  const nativeSeverity = stringField(result, 'issue_severity') ?? 'UNDEFINED';
  const confidence = stringField(result, 'issue_confidence');
  const testName = stringField(result, 'test_name');
  const helpUri = stringField(result, 'more_info');

  const lineRange = Array.isArray(result['line_range'])
    ? result['line_range'].filter((n): n is number => Number.isSafeInteger(n))
    : [];
  // A loop, not Math.max(...lineRange): spreading a long array overflows the stack.
  const lastLine = lineRange.reduce((highest, candidate) => Math.max(highest, candidate), line);
  // Bandit's offsets are 0-based, as in Python's ast; ours are 1-based.
  const column = columnNumber((numberField(result, 'col_offset') ?? NaN) + 1);
  const endColumn = columnNumber((numberField(result, 'end_col_offset') ?? NaN) + 1);

  const cweObject = result['issue_cwe'];
  const cweId = isJsonObject(cweObject) ? numberField(cweObject, 'id') : undefined;

  return {
    tool: 'bandit',
    category: 'sast',
    ruleId: testId,
    message: stringField(result, 'issue_text') ?? testName ?? testId,
    severity: ownEntry(SEVERITY_BY_BANDIT_LEVEL, nativeSeverity.toUpperCase()) ?? 'info',
    nativeSeverity,
    ...(confidence === undefined ? {} : { confidence }),
    location: {
      path: pathOf(filename),
      line,
      ...(column === undefined ? {} : { column }),
      ...(lastLine > line ? { endLine: lastLine } : {}),
      ...(endColumn === undefined ? {} : { endColumn }),
    },
    // Bandit writes CWE 0 when a check has no CWE.
    ...(cweId === undefined || !Number.isSafeInteger(cweId) || cweId <= 0 ? {} : { cwe: [cweId] }),
    ...(helpUri === undefined ? {} : { helpUri }),
    ...(testName === undefined ? {} : { properties: { testName } }),
  };
}
