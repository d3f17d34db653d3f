// The built-in SCA scanner: every requirements file in the tree (or only the
// editor's unsaved buffers) checked against the OSV database.
import { lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { toDevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import { discoverFiles } from '../../files/discover-files';
import { isRequirementsPath } from '../../files/file-kinds';
import type { Scanner, ScanContext, ScannerOutcome, ToolRun } from '../scanner';
import { loadVulnerabilityDatabase } from './database-loader';
import type { RequirementNote } from './requirement-note';
import { SCA_TOOL_NAME, scanRequirementsText, type RequirementsScanResult } from './requirements-scan';
import { globMatcher } from '../../policy/glob';

/** Scanner id and tool name of the built-in engine. */
export const BUILTIN_SCA_TOOL = SCA_TOOL_NAME;

export interface BuiltinScaScannerOptions {
  /** Database zip; default `tools.sca.database` from the config, then the per-user download, then the bundled snapshot. */
  readonly databasePath?: string;
}

/** Requirements files larger than this are not read (a note says so). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Notes listed on the tool run; the rest are counted. */
const MAX_LISTED_NOTES = 200;

function readRepositoryFile(root: string, path: string): string | undefined {
  const absolute = join(root, path);
  try {
    const info = lstatSync(absolute);
    // Symbolic links are not followed, as in file discovery: a repository cannot point a scan outside itself.
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
}

function formatNote(note: RequirementNote): string {
  return `${note.path}:${String(note.line)}:${String(note.column)}: ${note.message}`;
}

async function filesToScan(context: ScanContext): Promise<string[]> {
  const ignore = context.config.ignore;
  if (context.buffers) {
    const isIgnored = ignore.length > 0 ? globMatcher(ignore) : () => false;
    return [...context.buffers.keys()].filter((path) => isRequirementsPath(path) && !isIgnored(path)).sort();
  }
  return discoverFiles(context.root, {
    match: isRequirementsPath,
    ignore,
    ...(context.signal ? { signal: context.signal } : {}),
  });
}

/** The built-in OSV-based SCA scanner (id `devsecops-sca`, category `sca`). */
export function createBuiltinScaScanner(options: BuiltinScaScannerOptions = {}): Scanner {
  return {
    id: BUILTIN_SCA_TOOL,
    category: 'sca',
    async scan(context: ScanContext): Promise<ScannerOutcome> {
      const started = Date.now();
      const run = (fields: Omit<ToolRun, 'name' | 'category' | 'durationMs'>): ToolRun => ({
        name: BUILTIN_SCA_TOOL,
        category: 'sca',
        durationMs: Date.now() - started,
        ...fields,
      });
      const configured = context.config.tools.sca.database;
      const databasePath =
        options.databasePath ??
        (configured === undefined ? undefined : isAbsolute(configured) ? configured : join(context.root, configured));
      try {
        const db = await loadVulnerabilityDatabase({
          ...(databasePath !== undefined ? { databasePath } : {}),
          ...(context.env ? { env: context.env } : {}),
        });
        const paths = await filesToScan(context);
        const readInclude = (path: string): string | undefined =>
          context.buffers?.get(path) ?? readRepositoryFile(context.root, path);
        const results = new Map<string, RequirementsScanResult>();
        const notes: RequirementNote[] = [];
        for (const path of paths) {
          if (context.signal?.aborted) throw toDevsecopsError(new Error('cancelled'), 'CANCELLED');
          const text = readInclude(path);
          if (text === undefined) {
            notes.push({
              path,
              line: 1,
              column: 1,
              kind: 'include-missing',
              message: `Cannot read ${path}; not checked.`,
            });
            continue;
          }
          results.set(path, scanRequirementsText(text, path, db, { readInclude }));
        }
        // A file another one reads with -c only pins; scanned alone it would report packages never installed.
        const constraintOnly = new Set([...results.values()].flatMap((result) => result.constraintFiles));
        const findings = new Map<string, FindingDraft>();
        const seenNotes = new Set<string>();
        for (const [path, result] of results) {
          if (constraintOnly.has(path)) continue;
          for (const finding of result.findings) {
            // A file included by another and also found on its own yields the same finding twice.
            const { location } = finding;
            const key = [finding.ruleId, location.path, location.line, location.column ?? 0].join('\u0000');
            if (!findings.has(key)) findings.set(key, finding);
          }
          for (const note of result.notes) {
            const key = formatNote(note);
            if (!seenNotes.has(key)) {
              seenNotes.add(key);
              notes.push(note);
            }
          }
        }
        // A capped file's note goes first: behind 200 other notes nobody would learn findings were left out.
        const ordered = notes.filter((note) => note.kind === 'findings-capped');
        for (const note of notes) if (note.kind !== 'findings-capped') ordered.push(note);
        const listed = ordered.slice(0, MAX_LISTED_NOTES).map(formatNote);
        if (notes.length > MAX_LISTED_NOTES) listed.push(`… and ${String(notes.length - MAX_LISTED_NOTES)} more notes`);
        context.log?.(
          `${BUILTIN_SCA_TOOL}: ${String(paths.length)} requirements files, ${String(findings.size)} findings, ${String(notes.length)} notes (database: ${db.info.source}, ${db.info.date})`,
        );
        return {
          findings: [...findings.values()],
          tools: [
            run({
              version: `OSV database ${db.info.date}, ${String(db.info.advisoryCount)} advisories`,
              status: 'ok',
              ...(listed.length > 0 ? { notes: listed } : {}),
            }),
          ],
        };
      } catch (error) {
        const failure = toDevsecopsError(error);
        return { findings: [], tools: [run({ status: 'failed', reason: failure.message, errorCode: failure.code })] };
      }
    },
  };
}
