// The built-in SCA scanner: every requirements file, pyproject.toml and lockfile in the tree (or only
// the editor's unsaved buffers) checked against the OSV database.
import { posix } from 'node:path';
import { toDevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import { discoverFiles } from '../../files/discover-files';
import { readRepositoryFileSync, type RepositoryFileRefusal } from '../../files/repository-file';
import { isRequirementsPath, isScaManifestPath, pythonManifestKind } from '../../files/file-kinds';
import type { Scanner, ScanContext, ScannerOutcome, ToolRun, UnscannedFile } from '../scanner';
import { databaseAge } from './database-age';
import { loadVulnerabilityDatabase } from './database-loader';
import { PIP_REFUSAL_KINDS, type RequirementNote } from './requirement-note';
import { readPythonManifest, scanPythonManifests, type ReadManifest } from './manifest-scan';
import type { IncludeRefusal } from './requirements-includes';
import { SCA_TOOL_NAME, scanRequirementsText, type RequirementsScanResult } from './requirements-scan';
import { globMatcher } from '../../files/glob';

/** Scanner id and tool name of the built-in engine. */
export const BUILTIN_SCA_TOOL = SCA_TOOL_NAME;

export interface BuiltinScaScannerOptions {
  /** Database zip; default the user's `tools.sca.database` (execution settings), then the per-user download, then the bundled snapshot. */
  readonly databasePath?: string;
}

/** Requirements files, manifests and lockfiles larger than this are not read: the file is listed as unscanned. */
export const MAX_REQUIREMENTS_FILE_BYTES = 32 * 1024 * 1024;

/** `constraints.txt`, `constraints-dev.txt`, `requirements/constraints.txt`: a file named for pinning, not installing. */
function isConstraintsFileName(path: string): boolean {
  return posix.basename(path).toLowerCase().startsWith('constraints');
}
/** Notes listed on the tool run; the rest are counted. */
const MAX_LISTED_NOTES = 200;

/** Note kinds that mean part of a manifest's requirements was never read. */
const UNREAD_INCLUDE_KINDS: ReadonlySet<RequirementNote['kind']> = new Set([
  'include-missing',
  'include-outside',
  'lines-capped',
]);

/** A requirements file of the tree, through the safe reader: its text, or why it was not read. */
function readRequirementsFile(root: string, path: string, included = false): string | RepositoryFileRefusal {
  // Ignoring an included file would not stop its includer from reading it: no such advice for includes.
  // pip reads a requirements file written as UTF-16 or UTF-32 with a byte order mark (uv: UTF-16); TOML and JSON files are UTF-8.
  const read = readRepositoryFileSync({
    root,
    path,
    maxBytes: MAX_REQUIREMENTS_FILE_BYTES,
    ignorable: !included,
    pipDecoding: included || isRequirementsPath(path),
  });
  return read.ok ? read.text : read;
}

/** An include the safe reader refused, as the include parser takes it; a missing file is just undefined. */
function asInclude(read: string | RepositoryFileRefusal): string | IncludeRefusal | undefined {
  if (typeof read === 'string') return read;
  if (read.reason === 'missing') return undefined;
  return { refused: read.error.message, outside: read.reason === 'outside' || read.reason === 'system' };
}

/** Why a manifest whose includes were not all read is unscanned, naming the first such include. */
function unreadIncludesReason(path: string, unread: readonly RequirementNote[]): string | undefined {
  const [first] = unread;
  if (first === undefined) return undefined;
  const more = unread.length > 1 ? ` ${String(unread.length - 1)} more includes were not read either.` : '';
  if (first.kind === 'lines-capped') {
    return `Not all of its lines were read, so the rest are not checked. ${where(first)}${more} To leave it out on purpose, add ${path} to \`ignore\` in .devsecops.yml.`;
  }
  return `Not every file it includes was read, so their requirements are not checked. ${where(first)}${more} Fix the include, or add ${path} to \`ignore\` in .devsecops.yml to leave it out on purpose.`;
}

/**
 * Why a requirements file scanned into `notes` is not fully scanned (a line that makes pip refuse the file, lines
 * past the cap, includes not read), or undefined when every line was checked. The editor's in-process check of a buffer says the same as the CLI.
 */
export function requirementsUnscannedReason(path: string, notes: readonly RequirementNote[]): string | undefined {
  const refusals = notes.filter((note) => PIP_REFUSAL_KINDS.has(note.kind));
  // A line every pip refuses goes first: it says more than one only pip 24.1 and later refuse.
  const [refused] = [...refusals.filter((note) => note.kind !== 'legacy-specifier'), ...refusals];
  if (refused !== undefined) {
    // Its pins were still checked (a user who fixes the line installs them), but they are not what gets installed
    // now: pip stops at the line and installs nothing, so a file without findings must not read as clean.
    const more = refusals.length > 1 ? ` ${String(refusals.length - 1)} more lines are refused too.` : '';
    const who = refused.kind === 'legacy-specifier' ? 'pip 24.1 and later refuse' : 'pip refuses';
    const unread = notes.find((note) => UNREAD_INCLUDE_KINDS.has(note.kind));
    const alsoUnread = unread === undefined ? '' : ` Not all of it was read either: ${where(unread)}`;
    return `${who} to install from it, so its requirements are checked as written, not as installed. ${where(refused)}${more}${alsoUnread} To leave it out on purpose, add ${path} to \`ignore\` in .devsecops.yml.`;
  }
  return unreadIncludesReason(
    path,
    notes.filter((note) => UNREAD_INCLUDE_KINDS.has(note.kind)),
  );
}

/**
 * `requirementsUnscannedReason` of a requirements file read without its includes (the editor's unsaved buffer): only
 * its own lines count, the cap and lines that make pip refuse it. Its includes are checked as files of their own, so
 * a note that one was not read says nothing about this file.
 */
export function ownLinesUnscannedReason(path: string, notes: readonly RequirementNote[]): string | undefined {
  return requirementsUnscannedReason(
    path,
    notes.filter((note) => note.kind === 'lines-capped' || PIP_REFUSAL_KINDS.has(note.kind)),
  );
}

/**
 * Why a manifest or lockfile read only in part (`ManifestReading.problems`) is unscanned, naming the first
 * problem, or undefined when it was read whole. The editor's in-process check of a buffer says the same as the CLI.
 */
export function manifestUnscannedReason(path: string, problems: readonly RequirementNote[]): string | undefined {
  const [first] = problems;
  if (first === undefined) return undefined;
  const more = problems.length > 1 ? ` ${String(problems.length - 1)} more parts could not be read either.` : '';
  return `Part of it could not be read, so its packages are not all checked. ${where(first)}${more} To leave it out on purpose, add ${path} to \`ignore\` in .devsecops.yml.`;
}

function where(note: RequirementNote): string {
  return `${note.path}:${String(note.line)}: ${note.message}`;
}

function formatNote(note: RequirementNote): string {
  return `${note.path}:${String(note.line)}:${String(note.column)}: ${note.message}`;
}

async function filesToScan(context: ScanContext): Promise<string[]> {
  const ignore = context.config.ignore;
  if (context.buffers) {
    const isIgnored = ignore.length > 0 ? globMatcher(ignore) : () => false;
    return [...context.buffers.keys()].filter((path) => isScaManifestPath(path) && !isIgnored(path)).sort();
  }
  // A matching link or FIFO goes to the safe reader too: read when it stays inside, else listed as unscanned.
  const linksAndSpecialFiles: string[] = [];
  const found = await discoverFiles(context.root, {
    match: isScaManifestPath,
    ignore,
    ...(context.signal ? { signal: context.signal } : {}),
    onSkipped: (path) => linksAndSpecialFiles.push(path),
  });
  return [...found, ...linksAndSpecialFiles].sort();
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
      // The user's database (never the repository's: it could name any file); absolute by construction.
      const databasePath = options.databasePath ?? context.execution?.sca.database;
      try {
        const db = await loadVulnerabilityDatabase({
          ...(databasePath !== undefined ? { databasePath } : {}),
          ...(context.env ? { env: context.env } : {}),
        });
        const paths = await filesToScan(context);
        const readInclude = (path: string): string | IncludeRefusal | undefined =>
          context.buffers?.get(path) ?? asInclude(readRequirementsFile(context.root, path, true));
        const results = new Map<string, RequirementsScanResult>();
        const notes: RequirementNote[] = [];
        const unscanned: UnscannedFile[] = [];
        const manifests: ReadManifest[] = [];
        for (const path of paths) {
          if (context.signal?.aborted) throw toDevsecopsError(new Error('cancelled'), 'CANCELLED');
          const text = context.buffers?.get(path) ?? readRequirementsFile(context.root, path);
          if (typeof text !== 'string') {
            unscanned.push({ path, reason: text.error.message });
            context.log?.(`${BUILTIN_SCA_TOOL}: ${text.error.message}`);
            continue;
          }
          const kind = pythonManifestKind(path);
          if (kind !== undefined) {
            const reading = readPythonManifest(kind, text, path);
            manifests.push({ path, kind, reading });
            const reason = manifestUnscannedReason(path, reading.problems);
            if (reason !== undefined) {
              unscanned.push({ path, reason });
              context.log?.(`${BUILTIN_SCA_TOOL}: ${path} is not fully scanned: ${reason}`);
            }
            continue;
          }
          if (!isRequirementsPath(path)) continue;
          const result = scanRequirementsText(text, path, db, { readInclude });
          results.set(path, result);
          const reason = requirementsUnscannedReason(path, result.notes);
          if (reason !== undefined) {
            unscanned.push({ path, reason });
            context.log?.(`${BUILTIN_SCA_TOOL}: ${path} is not fully scanned: ${reason}`);
          }
        }
        // A constraints file another one reads with -c only pins: scanned alone it would report packages never
        // installed. Only one named as such, though: `pip install -r requirements-dev.txt -c requirements.txt` is
        // how a team pins its development tools to production's versions, and production installs
        // requirements.txt itself. Dropping a requirements file's findings because some file reads it with -c
        // would let one added line (`-c requirements.txt` in any file) hide everything the image installs.
        const constraintOnly = new Set(
          [...results.values()].flatMap((result) => result.constraintFiles).filter(isConstraintsFileName),
        );
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
        for (const result of scanPythonManifests(manifests, db).values()) {
          for (const finding of result.findings) {
            const { location } = finding;
            findings.set([finding.ruleId, location.path, location.line, location.column ?? 0].join('\u0000'), finding);
          }
          for (const note of result.notes) notes.push(note);
        }
        // A capped file's note goes first: behind 200 other notes nobody would learn findings were left out.
        const ordered = notes.filter((note) => note.kind === 'findings-capped');
        for (const note of notes) if (note.kind !== 'findings-capped') ordered.push(note);
        const listed = ordered.slice(0, MAX_LISTED_NOTES).map(formatNote);
        if (notes.length > MAX_LISTED_NOTES) listed.push(`… and ${String(notes.length - MAX_LISTED_NOTES)} more notes`);
        context.log?.(
          `${BUILTIN_SCA_TOOL}: ${String(paths.length - manifests.length)} requirements files, ${String(manifests.length)} manifests and lockfiles, ${String(findings.size)} findings, ${String(notes.length)} notes (database: ${db.info.source}, ${db.info.date})`,
        );
        const age = databaseAge(db.info, context.now ?? new Date(), context.config.tools.sca.maxDatabaseAgeDays);
        return {
          findings: [...findings.values()],
          tools: [
            run({
              version: `OSV database ${db.info.date}, ${String(db.info.advisoryCount)} advisories`,
              status: 'ok',
              ...(age === undefined ? {} : { advisoryDatabase: age }),
              ...(listed.length > 0 ? { notes: listed } : {}),
              ...(unscanned.length > 0 ? { unscanned } : {}),
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
