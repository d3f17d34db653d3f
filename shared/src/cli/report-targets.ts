// `devsecops scan` renders one scan into as many reports as asked: `--output sarif=FILE --output junit=FILE`.
// Every format is rendered from the same result, so each scanner runs once whatever the number of reports.
import { resolve } from 'node:path';
import { closestName } from '../config/closest-name';
import { DevsecopsError } from '../errors/devsecops-error';
import { isReportFormat, REPORT_FORMATS } from '../reporters/render-report';
import type { ReportFormat } from '../reporters/render-report';

/** Where one report goes: standard output, or a file (an absolute path). */
export type ReportDestination = { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string };

/** One report of a scan: its format and where it is written. */
export interface ReportTarget {
  readonly format: ReportFormat;
  readonly destination: ReportDestination;
}

/** What `--format` and the `--output`s said, as given on the command line. */
export interface ReportOptions {
  /** `--format`, when given. */
  readonly format?: ReportFormat;
  /** Every `--output`, in order: `FORMAT=FILE`, `FORMAT=-`, or a plain `FILE` (written in `--format`). */
  readonly outputs: readonly string[];
}

/** The format `devsecops scan` prints when told nothing. */
export const DEFAULT_REPORT_FORMAT: ReportFormat = 'console';

const STDOUT = '-';

/**
 * `sarif=reports/x.sarif` → its format and file. A value whose text before the first `=` is not a report format
 * is a plain file name (so `./sarif=x` names a file of that name), unless that text is a word close to a format
 * (`sarf=x`), which is refused as a typo.
 */
function parseOutput(value: string, plainFormat: ReportFormat): { format: ReportFormat; file: string; plain: boolean } {
  const separator = value.indexOf('=');
  const prefix = separator < 0 ? '' : value.slice(0, separator).trim().toLowerCase();
  if (separator < 0 || !isReportFormat(prefix)) {
    // A word that is almost a format is a typo: the report would go, in the wrong format, to a file named after it.
    const meant = /^[a-z]+$/.test(prefix) ? closestName(prefix, REPORT_FORMATS) : undefined;
    if (meant !== undefined) {
      const file = value.slice(separator + 1);
      throw new DevsecopsError(
        'USAGE',
        `--output ${value}: "${value.slice(0, separator)}" is not a report format; did you mean ${meant}=${file}? (For a file of that name, write ./${value}.)`,
      );
    }
    return { format: plainFormat, file: value, plain: true };
  }
  const file = value.slice(separator + 1);
  if (file === '') {
    throw new DevsecopsError(
      'USAGE',
      `--output ${value} names no file: use ${prefix}=FILE, or ${prefix}=- for standard output.`,
    );
  }
  return { format: prefix, file, plain: false };
}

/**
 * The reports a scan writes. With no `--output`, the `--format` report (console by default) goes to standard
 * output, as it always did. A plain `--output FILE` takes `--format`'s format; `FORMAT=FILE` names its own. An
 * explicit `--format` that no plain `--output` takes still prints on standard output. At most one report goes to
 * standard output, and no file is named twice: both would interleave or overwrite reports.
 */
export function reportTargets(options: ReportOptions, cwd: string): ReportTarget[] {
  const plainFormat = options.format ?? DEFAULT_REPORT_FORMAT;
  const targets: ReportTarget[] = [];
  let formatTaken = false;
  for (const value of options.outputs) {
    const parsed = parseOutput(value, plainFormat);
    if (parsed.plain) formatTaken = true;
    targets.push({
      format: parsed.format,
      destination: parsed.file === STDOUT ? { kind: 'stdout' } : { kind: 'file', path: resolve(cwd, parsed.file) },
    });
  }
  if (options.outputs.length === 0 || (options.format !== undefined && !formatTaken)) {
    targets.unshift({ format: plainFormat, destination: { kind: 'stdout' } });
  }

  const toStdout = targets.filter((target) => target.destination.kind === 'stdout');
  if (toStdout.length > 1) {
    throw new DevsecopsError(
      'USAGE',
      `${toStdout.length} reports would go to standard output (${toStdout.map((target) => target.format).join(', ')}): send at most one there (FORMAT=- or --format without a plain --output), and the others to files with FORMAT=FILE.`,
    );
  }
  const seen = new Set<string>();
  for (const target of targets) {
    if (target.destination.kind !== 'file') continue;
    if (seen.has(target.destination.path)) {
      throw new DevsecopsError(
        'USAGE',
        `--output names ${target.destination.path} twice: give each report its own file.`,
      );
    }
    seen.add(target.destination.path);
  }
  return targets;
}

/** The help text of `--output`. */
export const OUTPUT_OPTION_HELP = `write a report to a file instead of standard output: FILE (in --format's format) or FORMAT=FILE with FORMAT one of ${REPORT_FORMATS.join('|')} (FORMAT=- for standard output); repeat it to write several reports from one scan`;
