import { checkRepositoryFile, readRepositoryFile } from '../files/repository-file';
import { NO_EXECUTION_SETTINGS } from './execution-settings';
import type { ExecutionSettings } from './execution-settings';
import { CONFIG_FILE_NAMES, MAX_CONFIG_FILE_BYTES } from './load-config';
import { oneLineWithEscapes, readConfigText } from './parse-config';
import type { ConfigProblem } from './parse-config';
import { FILE_START } from './text-span';
import type { TextFix, TextSpan } from './text-span';
import { resolveExecution } from './trust';
import type { WhereToSet } from './trust';

/**
 * Every problem of a `.devsecops.yml` at its place, as plain data for a front end that shows them where they
 * are written (the editor's Problems panel): what `parseConfig` throws as one CONFIG_INVALID error, what it
 * keeps as `policyWarnings`, and the execution keys `resolveExecution` ignores with a warning.
 */

/** One problem of the policy file, at its key or value. */
export interface PolicyProblem {
  /** `error`: the file is not valid, and scans use the defaults; `warning`: it is used, but may not do what it says. */
  readonly severity: 'error' | 'warning';
  readonly span: TextSpan;
  /** What is wrong and what to write instead, on one line. */
  readonly message: string;
  /** The message's did-you-mean as an edit of the span (a rule id's case, a misspelt key), where there is one. */
  readonly fix?: TextFix;
}

/** What decides the wording of the warnings about execution keys. */
export interface PolicyProblemOptions {
  /** The user's execution settings: a repository's shorter time limit is honoured without a warning. */
  readonly execution?: ExecutionSettings;
  /** Where the front end's user sets an execution key instead (default: the CLI's words). */
  readonly whereToSet?: WhereToSet;
}

/** The problems of one policy file of a folder, by its name (`.devsecops.yml`). */
export interface PolicyFileProblems {
  readonly name: string;
  readonly problems: readonly PolicyProblem[];
}

/**
 * The problems of `.devsecops.yml` text (`sourceName` names it in messages), in text order. The text may be an
 * editor's unsaved buffer: it is held to the size limit a file on disk is read with, so a huge buffer costs a
 * length check, not a parse.
 */
export function policyProblems(text: string, sourceName: string, options: PolicyProblemOptions = {}): PolicyProblem[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_FILE_BYTES) {
    return [
      {
        severity: 'error',
        span: FILE_START,
        message: `${sourceName} is larger than ${String(MAX_CONFIG_FILE_BYTES / 1024)} KiB, so it is not read at all; a policy file is a few kilobytes: keep only the policy in it (ignore, severity, gate, suppressions).`,
      },
    ];
  }
  const { parsed, list } = readConfigText(text, sourceName);
  const placed = (severity: PolicyProblem['severity'], problem: ConfigProblem): PolicyProblem => ({
    severity,
    span: problem.span ?? { line: problem.line, column: 1 },
    message: oneLineWithEscapes(problem.message),
    ...(problem.fix === undefined ? {} : { fix: problem.fix }),
  });
  const problems = [
    ...list.problems.map((problem) => placed('error', problem)),
    ...list.warnings.map((warning) => placed('warning', warning)),
  ];
  const { warnings } = resolveExecution(
    { executionRequests: list.executionRequests },
    options.execution ?? NO_EXECUTION_SETTINGS,
    options.whereToSet === undefined ? {} : { whereToSet: options.whereToSet },
  );
  for (const warning of warnings) {
    // The message starts with where the key is written, which the span already says.
    const prefix = `${warning.where}: `;
    problems.push({
      severity: 'warning',
      span: parsed.lines.keySpan(warning.key.split('.')),
      message: oneLineWithEscapes(
        warning.message.startsWith(prefix) ? warning.message.slice(prefix.length) : warning.message,
      ),
    });
  }
  return problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
}

/**
 * The problems of the policy files at `root`, read as every scan reads them (bounded, never through a link out
 * of the folder): each file's own, a file that cannot be read, and two files where one is read.
 */
export async function policyFileProblems(
  root: string,
  options: PolicyProblemOptions = {},
): Promise<PolicyFileProblems[]> {
  const files: PolicyFileProblems[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const read = await readRepositoryFile({ root, path: name, maxBytes: MAX_CONFIG_FILE_BYTES });
    if (read.ok) files.push({ name, problems: policyProblems(read.text, name, options) });
    else if (read.reason !== 'missing') {
      files.push({
        name,
        problems: [{ severity: 'error', span: FILE_START, message: oneLineWithEscapes(read.error.message) }],
      });
    }
  }
  if (files.length < 2) return files;
  const both = twoPolicyFiles(files.map((file) => file.name));
  return files.map((file) => ({ name: file.name, problems: [both, ...file.problems] }));
}

/**
 * The problems of the policy file `name` at `root` as an editor holds it: the buffer's text (unsaved edits
 * included), and what keeps the file from being read at all, which the text does not show: a link out of the
 * folder, a special file, or the other name beside it. A file that is not on disk (deleted while open) is no
 * policy: nothing to say until it is saved again.
 */
export function policyBufferProblems(
  root: string,
  name: string,
  text: string,
  options: PolicyProblemOptions = {},
): PolicyProblem[] {
  // Checked, not read: the size that counts is the buffer's, which policyProblems holds to the limit.
  const check = checkRepositoryFile({ root, path: name });
  if (!check.ok) {
    if (check.reason === 'missing') return [];
    return [{ severity: 'error', span: FILE_START, message: oneLineWithEscapes(check.error.message) }];
  }
  const present = CONFIG_FILE_NAMES.filter((other) => {
    if (other === name) return true;
    const found = checkRepositoryFile({ root, path: other });
    return found.ok || found.reason !== 'missing';
  });
  const problems = policyProblems(text, name, options);
  return present.length < 2 ? problems : [twoPolicyFiles(present), ...problems];
}

/** Both names present: the one problem said at the top of each. */
function twoPolicyFiles(names: readonly string[]): PolicyProblem {
  return {
    severity: 'error',
    span: FILE_START,
    message: `Both ${names.join(' and ')} exist, so neither is used: keep one of them (the CLI, the extension and the bot read the same file).`,
  };
}
