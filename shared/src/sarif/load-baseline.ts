import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import { isSeverity } from '../findings/severity';
import { isJsonObject } from '../json/json-object';
import { parseSarifLog } from './parse-sarif';
import { isSarifReportName } from './report-layout';
import type { Baseline, BaselineEntry, BaselineTool } from '../policy/baseline';
import type { ToolRun } from '../scanners/scanner';

/** `DEVSECOPS_BASELINE`: the `--baseline` of every scan (the pull-request build sets it for `pipeline run`). */
export const BASELINE_VARIABLE = 'DEVSECOPS_BASELINE';

/** A baseline report larger than this is refused unread (reports of real projects are a few megabytes). */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

/** The `--baseline` flag, else `DEVSECOPS_BASELINE` (an empty value counts as unset). */
export function baselinePathFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const named = flag ?? env[BASELINE_VARIABLE];
  return named === undefined || named === '' ? undefined : resolve(named);
}

/**
 * Reads a baseline: a SARIF log or a `--format json` report of an earlier scan, or a folder, whose `*.sarif`
 * files (not its subfolders) are read together — the `reports/` folder of an earlier `pipeline run`.
 * Suppressed findings count as present (a suppression expiring later must not make a finding "new").
 */
export async function loadBaseline(path: string): Promise<Baseline> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) {
    throw new DevsecopsError(
      'USAGE',
      `The baseline ${absolute} (--baseline or ${BASELINE_VARIABLE}) does not exist: name a SARIF or JSON report of an earlier scan, or a folder of SARIF reports.`,
    );
  }
  let files: string[];
  if (info.isDirectory()) {
    const names = (await readdir(absolute)).filter(isSarifReportName).sort();
    if (names.length === 0) {
      throw new DevsecopsError(
        'USAGE',
        `The baseline folder ${absolute} holds no .sarif report: point --baseline at the reports of an earlier scan.`,
      );
    }
    files = names.map((name) => join(absolute, name));
  } else {
    files = [absolute];
  }
  const entries: BaselineEntry[] = [];
  const tools: BaselineTool[] = [];
  let unmatchable = 0;
  for (const file of files) {
    const read = await readRepositoryFile({ root: dirname(file), path: basename(file), maxBytes: MAX_BASELINE_BYTES });
    if (!read.ok) {
      throw new DevsecopsError('USAGE', `The baseline ${file} cannot be read: ${read.error.message}`);
    }
    const parsed = parseBaselineText(read.text, file);
    entries.push(...parsed.entries);
    tools.push(...parsed.tools);
    unmatchable += parsed.unmatchable;
  }
  return { sources: files, entries, unmatchable, tools };
}

/**
 * What one tool run of a baseline report shows: a baseline for its tool when the tool ran and succeeded. Files
 * it could not scan there leave it a baseline (their findings then count as new, the safe side).
 */
function baselineToolOf(run: Pick<ToolRun, 'name' | 'status' | 'reason'>): BaselineTool {
  if (run.status === 'failed') return { name: run.name, succeeded: false, reason: run.reason ?? 'the tool failed' };
  if (run.status === 'skipped') return { name: run.name, succeeded: false, reason: 'the tool did not run' };
  return { name: run.name, succeeded: true };
}

/** One baseline report's text: SARIF (it has `runs`) or our JSON report (it has `findings`). */
export function parseBaselineText(
  text: string,
  sourceName: string,
): { entries: BaselineEntry[]; unmatchable: number; tools: BaselineTool[] } {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new DevsecopsError(
      'INPUT_INVALID',
      `The baseline ${sourceName} is not JSON: pass a SARIF or --format json report of an earlier scan.`,
      { cause: error },
    );
  }
  if (isJsonObject(document) && 'runs' in document) {
    const log = parseSarifLog(text, { includeSuppressed: true, sourceName });
    const entries: BaselineEntry[] = [];
    let unmatchable = 0;
    for (const { draft, fingerprint } of log.results) {
      if (fingerprint === undefined) {
        unmatchable += 1;
        continue;
      }
      const { location } = draft;
      entries.push({
        fingerprint,
        tool: draft.tool,
        ruleId: draft.ruleId,
        severity: draft.severity,
        message: draft.message,
        path: location.path,
        line: location.line,
      });
    }
    return {
      entries,
      unmatchable,
      tools: log.tools.map(baselineToolOf),
    };
  }
  if (isJsonObject(document) && Array.isArray(document['findings'])) {
    const suppressed = Array.isArray(document['suppressed']) ? document['suppressed'] : [];
    const all: unknown[] = [...(document['findings'] as unknown[]), ...(suppressed as unknown[])];
    const tools = Array.isArray(document['tools']) ? (document['tools'] as unknown[]) : [];
    return {
      entries: all.map((item, index) => jsonEntry(item, `${sourceName}: finding ${String(index + 1)}`)),
      unmatchable: 0,
      tools: tools.map((item, index) => jsonTool(item, `${sourceName}: tool ${String(index + 1)}`)),
    };
  }
  throw new DevsecopsError(
    'INPUT_INVALID',
    `The baseline ${sourceName} is neither a SARIF log nor a devsecops JSON report: pass the SARIF or --format json output of an earlier scan.`,
  );
}

/** One tool of our JSON report (`tools[]`): its name and status. */
function jsonTool(item: unknown, where: string): BaselineTool {
  const name = isJsonObject(item) ? item['name'] : undefined;
  const status = isJsonObject(item) ? item['status'] : undefined;
  if (
    !isJsonObject(item) ||
    typeof name !== 'string' ||
    (status !== 'ok' && status !== 'failed' && status !== 'skipped')
  )
    throw new DevsecopsError(
      'INPUT_INVALID',
      `The baseline ${where} has no "name" and "status": pass an unedited --format json report.`,
    );
  const reason = item['reason'];
  return baselineToolOf({ name, status, ...(typeof reason === 'string' ? { reason } : {}) });
}

/** One finding of our JSON report, checked field by field. */
function jsonEntry(item: unknown, where: string): BaselineEntry {
  const fail = (what: string): never => {
    throw new DevsecopsError('INPUT_INVALID', `The baseline ${where} ${what}: pass an unedited --format json report.`);
  };
  if (!isJsonObject(item)) return fail('is not an object');
  const text = (key: string): string => {
    const value = item[key];
    return typeof value === 'string' ? value : fail(`has no "${key}" text`);
  };
  const severity = item['severity'];
  const line = item['line'];
  if (!isSeverity(severity)) return fail('has no valid "severity"');
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return fail('has no valid "line"');
  return {
    fingerprint: text('fingerprint'),
    tool: text('tool'),
    ruleId: text('ruleId'),
    severity,
    message: text('message'),
    path: text('path'),
    line,
  };
}
