import { DevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import type { Severity } from '../../findings/severity';
import { HADOLINT_SEVERITIES } from '../dockerfile-severity/hadolint-names';
import { dockerfileFindingSeverity } from '../dockerfile-severity/dockerfile-severity';
import { RULE_SEVERITIES } from '../dockerfile-severity/rule-severities';
import {
  columnNumber,
  isJsonObject,
  lineNumber,
  numberField,
  ownEntry,
  parseToolJson,
  stringField,
} from '../json-output';
import { toRepoRelativePath } from '../report-paths';

/** Where hadolint's rules are documented: its wiki for DL rules, ShellCheck's wiki for SC rules. */
export function hadolintHelpUri(code: string): string | undefined {
  if (/^DL\d+$/.test(code)) return `https://github.com/hadolint/hadolint/wiki/${code}`;
  if (/^SC\d+$/.test(code)) return `https://www.shellcheck.net/wiki/${code}`;
  return undefined;
}

/**
 * The severity of a result of hadolint's own SARIF (`hadolint -f sarif`), which
 * writes its levels as `error`, `warning` and `note` (info and style together):
 * the same as the JSON report's, reading `note` as the rule's default level
 * when that is info or style, else as info. Undefined for a level SARIF does not have.
 */
export function hadolintSarifSeverity(code: string, sarifLevel: string): Severity | undefined {
  if (sarifLevel === 'error' || sarifLevel === 'warning') return dockerfileFindingSeverity(code, sarifLevel);
  if (sarifLevel !== 'note') return undefined;
  const defaultLevel = ownEntry(RULE_SEVERITIES, code)?.level;
  return dockerfileFindingSeverity(code, defaultLevel === 'style' ? 'style' : 'info');
}

export interface HadolintReportOptions {
  /** Absolute repository root; reported paths are made relative to it. */
  readonly root: string;
  /** Paths hadolint was given that stand for something else (temporary copies of unsaved buffers). */
  readonly repoPathOf?: ReadonlyMap<string, string>;
}

function notAHadolintReport(what: string): DevsecopsError {
  return new DevsecopsError('TOOL_OUTPUT_INVALID', `hadolint's JSON report is not in the expected shape: ${what}.`);
}

/**
 * Reads `hadolint -f json` output: one array of `{code, column, file, level,
 * line, message}` (columns are 1-based in hadolint). Pure; throws a
 * DevsecopsError (TOOL_OUTPUT_INVALID) for anything else.
 */
export function parseHadolintReport(text: string, options: HadolintReportOptions): FindingDraft[] {
  let document: unknown;
  try {
    // hadolint prints nothing at all for a clean file with some formatters; treat that as no findings.
    document = text.trim() === '' ? [] : parseToolJson(text);
  } catch (error) {
    throw new DevsecopsError('TOOL_OUTPUT_INVALID', 'hadolint did not print a JSON document.', { cause: error });
  }
  if (!Array.isArray(document)) throw notAHadolintReport('the top level is not a list');
  return document.map((item: unknown, index): FindingDraft => {
    if (!isJsonObject(item)) throw notAHadolintReport(`entry ${index} is not an object`);
    const code = stringField(item, 'code');
    const file = stringField(item, 'file');
    const line = numberField(item, 'line');
    if (code === undefined || file === undefined || line === undefined) {
      throw notAHadolintReport(`entry ${index} lacks code, file or line`);
    }
    const level = stringField(item, 'level') ?? 'info';
    const lowerLevel = level.toLowerCase();
    const knownLevel = HADOLINT_SEVERITIES.find((candidate) => candidate === lowerLevel);
    const column = columnNumber(numberField(item, 'column'));
    const helpUri = hadolintHelpUri(code);
    return {
      tool: 'hadolint',
      category: 'dockerfile',
      ruleId: code,
      message: stringField(item, 'message') ?? code,
      // The same table as the built-in engine's, so a rule has one severity whichever engine ran.
      severity: knownLevel === undefined ? 'info' : dockerfileFindingSeverity(code, knownLevel),
      nativeSeverity: level,
      location: {
        path: options.repoPathOf?.get(file) ?? toRepoRelativePath(file, options.root),
        // hadolint reports line 0 for some whole-file problems (a parse error); findings are 1-based.
        line: lineNumber(line),
        ...(column === undefined ? {} : { column }),
      },
      ...(helpUri === undefined ? {} : { helpUri }),
    };
  });
}
