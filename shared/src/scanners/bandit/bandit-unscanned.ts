import type { UnscannedFile } from '../scanner';
import type { BanditReport } from './bandit-report';
import { compareText } from '../../findings/finding-order';

/** Everything a Bandit run says about the files it was asked to scan. */
export interface BanditRunEvidence {
  /** The parsed JSON report. */
  readonly report: BanditReport;
  /** What Bandit printed on stderr (its log). */
  readonly stderr: string;
  /**
   * The files Bandit was given (repository-relative), or undefined when that
   * set is not known exactly (then only the report's `errors` and stderr count).
   */
  readonly givenFiles?: readonly string[];
  /** Turns a path as Bandit printed it into the repository-relative form (the report's own mapping). */
  readonly pathOf: (reported: string) => string;
}

/**
 * Bandit's log line for a plugin that raised on a file (every version since
 * 1.0, `tester.report_error`): the file stays in the report's metrics and is
 * not in `errors`, so this line is the only trace that its checks did not run.
 * The exception text is followed on the same line by "Traceback …".
 */
const PLUGIN_ERROR = /Bandit internal error running: (\S+) on file (.*?) at line (\d+): (.*)$/;

/** `manager`'s log line for a file whose analysis raised (it is in `errors` too, as "exception while scanning file"). */
const FILE_EXCEPTION = /Exception occurred when executing tests against (.*?)\. Run "bandit --debug /;

/** At most this much of an exception's text goes into a reason. */
const MAX_ERROR_TEXT_CHARS = 200;

/**
 * Every file Bandit was asked to scan but did not fully analyse, with
 * Bandit's reason, in three layers, each catching what the one before misses:
 * 1. the report's `errors` (syntax errors, exceptions, unreadable files; 1.6+);
 * 2. stderr: a plugin that raised on a file (the file looks scanned: Bandit
 *    1.6.2 on Python 3.11 loses a `shell=True` finding this way when its
 *    checks hit the recursion limit), and per-file exceptions;
 * 3. most robust: a given file the report's per-file `metrics` do not cover,
 *    whatever the reason (Bandit never opened it).
 * One entry per file (the first reason found wins), sorted by path. Pure.
 */
export function banditUnscannedFiles(evidence: BanditRunEvidence): UnscannedFile[] {
  const reasons = new Map<string, string>();
  const add = (path: string, reason: string): void => {
    if (!reasons.has(path)) reasons.set(path, reason);
  };

  for (const error of evidence.report.errors) add(error.path, `Bandit could not scan it: ${error.reason}`);

  for (const line of evidence.stderr.split(/\r?\n/)) {
    const pluginError = PLUGIN_ERROR.exec(line);
    if (pluginError !== null) {
      const [, test = '?', file = '', lineNumber = '?', error = ''] = pluginError;
      add(
        evidence.pathOf(file),
        `Bandit's check ${test} failed at line ${lineNumber}, so its findings in this file are missing: ${errorText(error)}`,
      );
      continue;
    }
    const fileException = FILE_EXCEPTION.exec(line);
    if (fileException !== null) {
      add(evidence.pathOf(fileException[1] ?? ''), 'Bandit could not scan it: exception while scanning file');
    }
  }

  if (evidence.givenFiles !== undefined && evidence.report.analysedFiles !== undefined) {
    const analysed = new Set(evidence.report.analysedFiles);
    for (const file of evidence.givenFiles) {
      if (!analysed.has(file)) add(file, 'Bandit was asked to scan it, but its report does not cover it');
    }
  }

  return [...reasons].map(([path, reason]) => ({ path, reason })).sort((a, b) => compareText(a.path, b.path));
}

/** The exception's own words: without the traceback Bandit appends, on one line, bounded. */
function errorText(error: string): string {
  const text = error.replace(/Traceback \(most recent call last\):.*$/, '').trim() || 'no details';
  return text.length <= MAX_ERROR_TEXT_CHARS ? text : `${text.slice(0, MAX_ERROR_TEXT_CHARS - 1)}…`;
}
