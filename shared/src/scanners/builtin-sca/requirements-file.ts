// Parses one requirements file the way pip's req_file.py reads it: physical lines
// joined on a trailing backslash, comments removed when `#` starts the line or
// follows whitespace, the requirement part ending at the first token that starts
// with `-`. Each requirement keeps the line and column where its name starts.
import type { RequirementNote, RequirementNoteKind } from './requirement-note';
import { isValidPackageName, normalizePackageName } from './package-name';
import { isEnvironmentMarker } from './environment-marker';
import { isLegacyOnlySpecifier } from './legacy-specifier';
import { isPep440Specifier, isPep440Version } from './pep440';
import { parsePipOptions, type ParsedOption, type ParsedOptions } from './requirements-options';
import type { LineColumn } from './text-positions';

/** A place in the file: line and column 1-based, end column exclusive. */
export interface RequirementLocation {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** Line, 1-based. */
  readonly line: number;
  /** Column, 1-based (UTF-16 code units, BOM not counted). */
  readonly column: number;
  /** Line of the end, 1-based. */
  readonly endLine: number;
  /** Column just past the end, 1-based. */
  readonly endColumn: number;
}

/** One requirement (or constraint) line. */
export interface ParsedRequirement {
  /** The name as written (`Django`). */
  readonly name: string;
  /** PEP 503 name (`django`). */
  readonly normalizedName: string;
  readonly extras: readonly string[];
  /** The PEP 440 specifier set as written, without parentheses (`>=3.2,<4`); empty when none. */
  readonly specifier: string;
  /** The environment marker after `;`, unevaluated (the target environment is unknown). */
  readonly marker?: string;
  /** The version an exact pin (`==1.2.3`, `===1.2.3`, a wheel URL) installs. */
  readonly exactVersion?: string;
  /**
   * The values of the `--hash` options pip applies to this requirement (`sha256:…`), as written; absent when it
   * has none. pip checks the download against them, so a new version needs new hashes, not an edit.
   */
  readonly hashes?: readonly string[];
  /** Where the name starts through the end of the specifier. */
  readonly location: RequirementLocation;
}

/** An `-r`/`--requirement` or `-c`/`--constraint` line. */
export interface IncludeReference extends LineColumn {
  readonly kind: 'requirement' | 'constraint';
  /** The path as written. */
  readonly target: string;
}

/** Everything in one file. */
export interface ParsedRequirementsFile {
  readonly requirements: readonly ParsedRequirement[];
  readonly includes: readonly IncludeReference[];
  readonly notes: readonly RequirementNote[];
  /** Requirement, option and garbage lines read (continued lines count once; blank and comment lines not at all). */
  readonly linesRead: number;
  /** True when the file had more lines than it was allowed to read (a `lines-capped` note says where). */
  readonly capped: boolean;
}

/**
 * Requirement lines one scan reads at most, over a file and everything it includes. Each line
 * read becomes an object kept to the end (a requirement or a note); a 32 MB file of garbage
 * lines made 16 million of them and ran the process out of memory. Real files have hundreds.
 */
export const MAX_REQUIREMENT_LINES = 250_000;

/** A stretch of a logical line and where it came from. */
interface Segment {
  /** Offset in the logical line where the segment starts. */
  readonly offset: number;
  readonly line: number;
  /** Column, 1-based, of the segment's first character in its physical line. */
  readonly column: number;
}

/** A logical line: physical lines joined on `\`, comment removed. */
interface LogicalLine {
  readonly text: string;
  readonly segments: readonly Segment[];
}

/**
 * Python's whitespace (`str.isspace`, and `\s` in its regexes), which pip strips and comments
 * follow. Not JavaScript's `\s`: Python's also holds U+001C–U+001F and U+0085, and not U+FEFF.
 */
const PYTHON_WHITESPACE: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function isPythonWhitespace(character: string): boolean {
  return PYTHON_WHITESPACE.has(character.charCodeAt(0));
}

/** Python's `str.strip()`: the text without Python whitespace at either end. */
function pythonStrip(text: string): { text: string; leading: number } {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonWhitespace(text.charAt(start))) start += 1;
  while (end > start && isPythonWhitespace(text.charAt(end - 1))) end -= 1;
  return { text: text.slice(start, end), leading: start };
}

/**
 * Line breaks of Python's `str.splitlines`, which pip splits a file with, beyond the `\n`, `\r`
 * and `\r\n` an editor breaks lines on: a requirement after a form feed or U+2028 is a line of its
 * own to pip, though an editor shows it on the same line.
 */
const PYTHON_ONLY_LINE_BREAKS: ReadonlySet<number> = new Set([0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

/**
 * pip's COMMENT_RE, `(^|\s+)#.*$`: from a `#` at the start or after whitespace to the
 * end. Scanned by hand: that regex backtracks quadratically over long runs of spaces,
 * which a hostile file could use to stall every editor that opens it.
 */
function withoutComment(text: string): string {
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    if (at === 0 || isPythonWhitespace(text.charAt(at - 1))) return text.slice(0, at);
  }
  return text;
}

/** pip's `COMMENT_RE.match`: the line starts with `#`, after whitespace or not. */
function startsAsComment(text: string): boolean {
  let at = 0;
  while (at < text.length && isPythonWhitespace(text.charAt(at))) at += 1;
  return text.charAt(at) === '#';
}

/**
 * A continued line as pip joins it, `line.strip("\\")`: without the backslashes at either end,
 * leading ones included (a linear scan, for the same reason).
 */
function withoutBackslashesAtEnds(text: string): { text: string; leading: number } {
  let start = 0;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x5c) end -= 1;
  while (start < end && text.charCodeAt(start) === 0x5c) start += 1;
  return { text: text.slice(start, end), leading: start };
}

const ARCHIVE_SUFFIX = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i;
const URL_SCHEME = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|file:|(?:git|hg|svn|bzr)\+)/;
const NAME_AT_START = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;
const ENVIRONMENT_VARIABLE = /\$\{[A-Z0-9_]+\}/;

/** A line as pip splits the file, and where its first character is in the editor's lines. */
interface PhysicalLine {
  readonly text: string;
  /** Line, 1-based, counting only `\n`, `\r` and `\r\n`. */
  readonly line: number;
  /** Column, 1-based, of its first character. */
  readonly column: number;
}

/**
 * The file split like Python's `str.splitlines` (a leading BOM dropped), each piece placed in editor
 * lines. A generator, like `logicalLines`: a 32 MB file of one-character lines is 16 million lines,
 * and holding an object for each at once ran the process out of memory.
 */
function* physicalLines(text: string): Generator<PhysicalLine> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const editorLineBreak = /\r\n|\r|\n/g;
  let line = 1;
  let lineStart = 0;
  for (;;) {
    const found = editorLineBreak.exec(body);
    const lineEnd = found ? found.index : body.length;
    let start = lineStart;
    for (let at = lineStart; at < lineEnd; at++) {
      if (!PYTHON_ONLY_LINE_BREAKS.has(body.charCodeAt(at))) continue;
      yield { text: body.slice(start, at), line, column: start - lineStart + 1 };
      start = at + 1;
    }
    yield { text: body.slice(start, lineEnd), line, column: start - lineStart + 1 };
    if (!found) return;
    lineStart = found.index + found[0].length;
    line += 1;
  }
}

/** A joined line without its comment and surrounding whitespace, or undefined when nothing is left. */
function finishedLine(joined: { text: string; segments: Segment[] }): LogicalLine | undefined {
  const stripped = pythonStrip(withoutComment(joined.text));
  if (stripped.text === '') return undefined;
  // Shift segments so offsets index the stripped text.
  const segments = joined.segments.map((segment) => ({ ...segment, offset: segment.offset - stripped.leading }));
  return { text: stripped.text, segments };
}

/** Joins continuation lines and removes comments, keeping where every piece came from. */
function* logicalLines(text: string): Generator<LogicalLine> {
  let pending: { text: string; segments: Segment[] } | undefined;
  for (const { text: raw, line, column: start } of physicalLines(text)) {
    const isComment = startsAsComment(raw);
    if (!raw.endsWith('\\') || isComment) {
      // pip prefixes comment lines with a space so the comment is always removed after joining;
      // one column less for that piece keeps the raw characters at their real columns.
      const piece = isComment ? ` ${raw}` : raw;
      const column = isComment ? start - 1 : start;
      let joined: { text: string; segments: Segment[] };
      if (pending) {
        pending.segments.push({ offset: pending.text.length, line, column });
        pending.text += piece;
        joined = pending;
        pending = undefined;
      } else {
        joined = { text: piece, segments: [{ offset: 0, line, column }] };
      }
      const finished = finishedLine(joined);
      if (finished) yield finished;
    } else {
      const piece = withoutBackslashesAtEnds(raw);
      if (!pending) pending = { text: '', segments: [] };
      pending.segments.push({ offset: pending.text.length, line, column: start + piece.leading });
      pending.text += piece.text;
    }
  }
  const last = pending ? finishedLine(pending) : undefined;
  if (last) yield last;
}

/**
 * Physical line and column of an offset in a logical line. A binary search: a file of
 * continuation lines is one logical line with a segment per physical line, and every note
 * on it asks for a position.
 */
function positionAt(logical: LogicalLine, offset: number): { line: number; column: number } {
  const { segments } = logical;
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((segments[middle]?.offset ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  const segment = segments[low] ?? { offset: 0, line: 1, column: 1 };
  return { line: segment.line, column: segment.column + (offset - segment.offset) };
}

/**
 * Where a stretch ending just before `offset` ends: just past its last character. Asking
 * `positionAt(offset)` instead would land on the next physical line's start when the stretch
 * ends a continued line.
 */
function endPositionAt(logical: LogicalLine, offset: number): { line: number; column: number } {
  if (offset <= 0) return positionAt(logical, offset);
  const last = positionAt(logical, offset - 1);
  return { line: last.line, column: last.column + 1 };
}

/** pip's break_args_options: the requirement is every space-separated token before the first `-…` token. */
function splitRequirementAndOptions(text: string): { requirement: string; options: string; optionsOffset: number } {
  const tokens = text.split(' ');
  let offset = 0;
  const kept: string[] = [];
  for (const token of tokens) {
    if (token.startsWith('-')) break;
    kept.push(token);
    offset += token.length + 1;
  }
  const requirement = kept.join(' ');
  return { requirement, options: text.slice(offset), optionsOffset: offset };
}

/** The wheel filename's name and version (`foo_bar-1.2.3-py3-none-any.whl`). */
export function wheelNameAndVersion(url: string): { name: string; version: string } | undefined {
  const path = url.split(/[#?]/)[0] ?? '';
  const file = decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1));
  const match = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(file);
  if (!match?.[1] || !match[2]) return undefined;
  return { name: match[1], version: match[2] };
}

/** Source archive extensions, longest first (uv's SourceDistExtension). */
const SOURCE_ARCHIVE_EXTENSIONS = [
  '.tar.gz',
  '.tar.bz2',
  '.tar.xz',
  '.tar.zst',
  '.tar.lzma',
  '.tar.lz',
  '.tgz',
  '.tbz',
  '.txz',
  '.tar',
  '.zip',
];

/**
 * The version in a source archive's file name when the package's name is known
 * (`Django-2.2.tar.gz` for django), read as uv's SourceDistFilename does: the stem is the name
 * (compared normalised), a `-`, and a PEP 440 version. Without the name the split is ambiguous.
 */
export function sourceArchiveVersion(url: string, name: string): string | undefined {
  const path = url.split(/[#?]/)[0] ?? '';
  const file = decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1));
  const extension = SOURCE_ARCHIVE_EXTENSIONS.find((suffix) => file.toLowerCase().endsWith(suffix));
  if (extension === undefined) return undefined;
  const stem = file.slice(0, file.length - extension.length);
  if (stem.length <= name.length + 1 || stem.charAt(name.length) !== '-') return undefined;
  if (normalizePackageName(stem.slice(0, name.length)) !== normalizePackageName(name)) return undefined;
  const version = stem.slice(name.length + 1);
  return isPep440Version(version) ? version : undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The `#egg=name` fragment of a URL, if any. */
function eggName(url: string): string | undefined {
  const egg = /[#&]egg=([^&\s]+)/.exec(url)?.[1];
  return egg && isValidPackageName(egg) ? egg : undefined;
}

/** The exact version a specifier set pins: `==X` (no wildcard) or `===X`. */
export function exactVersionOf(specifier: string): string | undefined {
  for (const clause of specifier.split(',')) {
    const match = /^\s*(===?)\s*(\S+)\s*$/.exec(clause);
    const version = match?.[2];
    if (!version) continue;
    if (match[1] === '==' && version.endsWith('.*')) continue;
    return version;
  }
  return undefined;
}

/** Parses one requirements file's text. Never throws: what it cannot read becomes a note. */
export function parseRequirementsFile(
  text: string,
  path: string,
  maxLines = MAX_REQUIREMENT_LINES,
): ParsedRequirementsFile {
  const requirements: ParsedRequirement[] = [];
  const includes: IncludeReference[] = [];
  const notes: RequirementNote[] = [];
  const note = (logical: LogicalLine, offset: number, kind: RequirementNoteKind, message: string): void => {
    const { line, column } = positionAt(logical, offset);
    notes.push({ path, line, column, kind, message });
  };

  let lines = 0;
  for (const logical of logicalLines(text)) {
    if (lines >= maxLines) {
      note(
        logical,
        0,
        'lines-capped',
        `More than ${String(maxLines)} requirement lines are read in one scan (of a file and what it includes), to bound memory; this line and the rest of the file are not checked. Split the file.`,
      );
      return { requirements, includes, notes, linesRead: lines, capped: true };
    }
    lines += 1;
    const { requirement, options, optionsOffset } = splitRequirementAndOptions(logical.text);
    // pip expands `${VAR}` before it splits the line, so a variable in the options part (a token from the
    // first one starting with "-" on) can change the options but never the requirement before them.
    const optionsUseVariables = ENVIRONMENT_VARIABLE.test(options);
    if (ENVIRONMENT_VARIABLE.test(requirement) || (requirement === '' && optionsUseVariables)) {
      if (requirement === '' && parseOptionLineWithVariables(logical, options, optionsOffset, { includes, note })) {
        continue;
      }
      note(
        logical,
        0,
        'environment-variable',
        `"${excerpt(logical.text)}" uses environment variables, which pip expands at install time; not checked.`,
      );
      continue;
    }
    if (requirement === '') {
      parseOptionLine(logical, options, optionsOffset, { includes, note });
      continue;
    }
    const parsed = parseRequirementText(withoutEmptyMarker(requirement), logical, path, {
      note,
      refuse: noteRefusedRequirement(note),
    });
    const parsedOptions = parsePipOptions(options);
    // Read unexpanded: a written `--hash` counts whatever its `${VAR}` value; a `${VAR}` standing for a whole
    // `--hash=…` option is not seen (pip would refuse the new version's download, never install an unchecked one).
    const hashes = 'error' in parsedOptions ? [] : hashesOf(parsedOptions.options);
    if (parsed) requirements.push(hashes.length > 0 ? { ...parsed, hashes } : parsed);
    if (!optionsUseVariables) checkPerRequirementOptions(logical, options, optionsOffset, parsedOptions, note);
  }
  return { requirements, includes, notes, linesRead: lines, capped: false };
}

/**
 * Parses one PEP 508 requirement string that is not a line of a requirements file (an entry of
 * `[project] dependencies` in pyproject.toml). `at` is where the string's first character is;
 * columns inside it are exact when `exact` (the string was written without escapes), else every
 * position is `at`. Never throws: what it cannot read becomes a note.
 */
export function parseRequirementString(
  text: string,
  path: string,
  at: LineColumn,
  exact: boolean,
): { requirement?: ParsedRequirement; notes: RequirementNote[] } {
  const notes: RequirementNote[] = [];
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const logical: LogicalLine = {
    text: trimmed,
    segments: [{ offset: 0, line: at.line, column: exact ? at.column + leading : at.column }],
  };
  const note: NoteSink = (line, offset, kind, message) => {
    const position = exact ? positionAt(line, offset) : { line: at.line, column: at.column };
    notes.push({ path, ...position, kind, message });
  };
  if (trimmed === '') {
    note(logical, 0, 'unparseable', 'An empty string is not a requirement; skipped.');
    return { notes };
  }
  const parsed = parseRequirementText(trimmed, logical, path, {
    note,
    refuse: (line, refusal) => note(line, refusal.offset, refusal.kind, `${refusal.problem}; line skipped.`),
  });
  if (!parsed) return { notes };
  if (exact) return { requirement: parsed, notes };
  const location = { path, line: at.line, column: at.column, endLine: at.line, endColumn: at.column };
  return { requirement: { ...parsed, location }, notes };
}

function excerpt(text: string, length = 80): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

type NoteSink = (logical: LogicalLine, offset: number, kind: RequirementNoteKind, message: string) => void;

/** A requirement string that is not one pip reads: what is wrong with it, and where. */
interface RequirementRefusal {
  /** Offset in the logical line of the part at fault. */
  readonly offset: number;
  readonly kind: 'unparseable' | 'invalid-specifier';
  /** What is wrong, without what follows from it: `"=2.0" is not a valid PEP 440 version specifier for flask`. */
  readonly problem: string;
  /**
   * True when the specifier is a legacy one that packaging 21.3 reads (`==not.a.version`): pip up to 24.0 installs
   * from the file, and only pip 24.1 and later refuse it.
   */
  readonly legacy: boolean;
}

type RefusalSink = (logical: LogicalLine, refusal: RequirementRefusal) => void;

/**
 * How a requirements file's line pip cannot read is noted. pip parses every requirement of the file (and of the
 * files including it) before it installs any (`install_req_from_line` raises "Invalid requirement"), so the line
 * does not just go: nothing of the file is installed. The note marks the file as not what gets installed
 * (`requirementsUnscannedReason`).
 */
function noteRefusedRequirement(note: NoteSink): RefusalSink {
  return (logical, refusal) => {
    if (refusal.legacy) {
      note(
        logical,
        refusal.offset,
        'legacy-specifier',
        `pip 24.1 and later refuse this file: ${refusal.problem}; fix the line. Earlier pip reads it as a legacy version and installs from the file, a version not checked here.`,
      );
      return;
    }
    note(
      logical,
      refusal.offset,
      'invalid-requirement',
      `pip refuses this file: ${refusal.problem}; fix the line. Until then pip installs nothing from it.`,
    );
  };
}

/**
 * The requirement without an empty marker (`flask==2.0 ;`): pip's parse_req_from_line drops it before reading the
 * requirement, where packaging alone would refuse it. A URL's marker starts at "; " and is read with the URL.
 */
function withoutEmptyMarker(requirement: string): string {
  if (looksLikePathOrUrl(requirement)) return requirement;
  const semicolon = requirement.indexOf(';');
  if (semicolon < 0 || pythonStrip(requirement.slice(semicolon + 1)).text !== '') return requirement;
  return requirement.slice(0, semicolon);
}

/**
 * A note for options pip refuses. pip stops there and installs nothing from the file (nor from a file that includes
 * it), so the note says so; this reads on, keeping the requirements for a user who fixes the line, and the note
 * marks the file as not what gets installed (`requirementsUnscannedReason`).
 */
function noteRefusedOptions(
  logical: LogicalLine,
  options: string,
  optionsOffset: number,
  refused: Extract<ParsedOptions, { error: string }>,
  note: NoteSink,
): void {
  note(
    logical,
    optionsOffset + refused.offset,
    'unknown-option',
    // The complaint quotes the word it is about, which a hostile file can make a megabyte long.
    `pip refuses this file: ${excerpt(refused.error, 240)} (in "${excerpt(options)}"); fix the line. Until then pip installs nothing from it.`,
  );
}

function parseOptionLine(
  logical: LogicalLine,
  options: string,
  optionsOffset: number,
  sink: { includes: IncludeReference[]; note: NoteSink },
): void {
  const parsed = parsePipOptions(options);
  if ('error' in parsed) {
    noteRefusedOptions(logical, options, optionsOffset, parsed, sink.note);
    return;
  }
  const named = (name: string): ParsedOption[] => parsed.options.filter((option) => option.name === name);
  const editables = named('--editable');
  const requirementFiles = named('--requirement');
  const constraintFiles = named('--constraint');
  // pip reads one thing per line: a line with -e is that editable requirement (no file it names is
  // read); otherwise the first -r, or failing that the first -c.
  const [editable] = editables;
  const followed = editable ? undefined : (requirementFiles[0] ?? constraintFiles[0]);
  if (editable) {
    const target = editable.value ?? '';
    const name = eggName(target);
    sink.note(
      logical,
      optionsOffset + editable.offset,
      'not-a-release',
      name
        ? `Editable install of ${name} from ${excerpt(target)}: not a released version, not checked.`
        : `Editable install from ${excerpt(target)}: not a released version, not checked.`,
    );
  }
  if (followed) {
    const at = optionsOffset + followed.offset;
    const kind = followed.name === '--constraint' ? 'constraint' : 'requirement';
    if (!followed.value) sink.note(logical, at, 'unparseable', `${followed.written} needs a file name.`);
    else sink.includes.push({ kind, target: followed.value, ...positionAt(logical, at) });
  }
  const ignored = [...editables, ...requirementFiles, ...constraintFiles]
    .filter((option) => option !== editable && option !== followed)
    .sort((a, b) => a.offset - b.offset);
  const [first] = ignored;
  if (first) {
    const more = ignored.length > 1 ? ` and ${String(ignored.length - 1)} more` : '';
    sink.note(
      logical,
      optionsOffset + first.offset,
      'ignored-option',
      `pip reads only one -e, -r or -c per line (-e first, then -r, then -c): "${excerpt(`${first.written} ${first.value ?? ''}`)}"${more} ignored, as pip does. Put each on a line of its own.`,
    );
  }
}

/**
 * An option line with `${VAR}` in it, read unexpanded: an include whose path names a variable is
 * not read (a note that makes the result incomplete), the rest as usual. False when the options
 * cannot be read at all, so the caller notes the whole line.
 */
function parseOptionLineWithVariables(
  logical: LogicalLine,
  options: string,
  optionsOffset: number,
  sink: { includes: IncludeReference[]; note: NoteSink },
): boolean {
  if ('error' in parsePipOptions(options)) return false;
  const includes: IncludeReference[] = [];
  parseOptionLine(logical, options, optionsOffset, { includes, note: sink.note });
  for (const include of includes) {
    if (!ENVIRONMENT_VARIABLE.test(include.target)) {
      sink.includes.push(include);
      continue;
    }
    sink.note(
      logical,
      0,
      'include-missing',
      `${excerpt(include.target)} names environment variables, which pip expands at install time: not read, so its requirements are not checked. Write the path without variables.`,
    );
  }
  return true;
}

/** The values of the `--hash` options among `options` (pip appends each one to the requirement's hashes). */
function hashesOf(options: readonly ParsedOption[]): string[] {
  return options.flatMap((option) => (option.name === '--hash' && option.value !== undefined ? [option.value] : []));
}

function checkPerRequirementOptions(
  logical: LogicalLine,
  options: string,
  optionsOffset: number,
  parsed: ParsedOptions,
  note: NoteSink,
): void {
  if ('error' in parsed) {
    noteRefusedOptions(logical, options, optionsOffset, parsed, note);
    return;
  }
  for (const option of parsed.options) {
    if (option.perRequirement) continue;
    note(
      logical,
      optionsOffset + option.offset,
      'ignored-option',
      `pip ignores ${option.written} after a requirement (only --hash, --global-option and --config-settings apply to it). Put it on a line of its own.`,
    );
  }
}

function looksLikePathOrUrl(requirement: string): boolean {
  if (URL_SCHEME.test(requirement)) return true;
  const beforeMarker = requirement.split(';')[0]?.trim() ?? '';
  // pip's _get_url_from_path: an archive name with "@" whose part before it does not look like
  // a path (no separator, no leading ".") is a PEP 508 `name @ url` requirement, not a file.
  const at = beforeMarker.indexOf('@');
  const namedUrl = at >= 0 && !/[/\\]|^\./.test(beforeMarker.slice(0, at));
  return (
    /^[./\\~]/.test(beforeMarker) ||
    (/[/\\]/.test(beforeMarker) && !/@/.test(beforeMarker)) ||
    (ARCHIVE_SUFFIX.test(beforeMarker) && !namedUrl)
  );
}

function parseRequirementText(
  requirement: string,
  logical: LogicalLine,
  path: string,
  sinks: { note: NoteSink; refuse: RefusalSink },
): ParsedRequirement | undefined {
  const { note } = sinks;
  const refuse = (offset: number, kind: RequirementRefusal['kind'], problem: string, legacy = false): void =>
    sinks.refuse(logical, { offset, kind, problem, legacy });
  const locate = (startOffset: number, endOffset: number): RequirementLocation => {
    const start = positionAt(logical, startOffset);
    const stop = endPositionAt(logical, endOffset);
    return { path, line: start.line, column: start.column, endLine: stop.line, endColumn: stop.column };
  };

  if (looksLikePathOrUrl(requirement)) {
    // For URLs pip splits the marker off at "; " (a URL may contain ";").
    const url = requirement.split(/\s+;|;\s+/)[0]?.trim() ?? requirement;
    const wheel = wheelNameAndVersion(url);
    if (wheel && isValidPackageName(wheel.name)) {
      return {
        name: wheel.name,
        normalizedName: normalizePackageName(wheel.name),
        extras: [],
        specifier: `==${wheel.version}`,
        exactVersion: wheel.version,
        location: locate(0, url.length),
      };
    }
    const name = eggName(url);
    const sourceVersion = name !== undefined ? sourceArchiveVersion(url, name) : undefined;
    if (name !== undefined && sourceVersion !== undefined) {
      return {
        name,
        normalizedName: normalizePackageName(name),
        extras: [],
        specifier: `==${sourceVersion}`,
        exactVersion: sourceVersion,
        location: locate(0, url.length),
      };
    }
    const what = `${URL_SCHEME.test(url) ? 'URL' : 'local path'} ${excerpt(url)}`;
    note(
      logical,
      0,
      'not-a-release',
      `${name ? `${name} from ${what}` : `${what.charAt(0).toUpperCase()}${what.slice(1)}`}: not a released version, not checked.`,
    );
    return undefined;
  }

  const nameMatch = NAME_AT_START.exec(requirement);
  const name = nameMatch?.[1];
  if (!name) {
    refuse(0, 'unparseable', `"${excerpt(requirement)}" is not a requirement pip accepts`);
    return undefined;
  }
  let rest = requirement.slice(name.length);
  let extras: string[] = [];
  const extrasMatch = /^\s*\[([^\]]*)\]/.exec(rest);
  if (extrasMatch) {
    const listed = (extrasMatch[1] ?? '').split(',').map((extra) => extra.replace(/^[ \t]+/, '').trimEnd());
    // packaging's extras: names separated by commas, none empty (`[]` alone is allowed).
    if (!(listed.length === 1 && listed[0] === '') && !listed.every(isValidPackageName)) {
      refuse(0, 'unparseable', `"${excerpt(requirement)}" has malformed extras, which pip refuses`);
      return undefined;
    }
    extras = (extrasMatch[1] ?? '')
      .split(',')
      .map((extra) => extra.trim())
      .filter((extra) => extra !== '');
    rest = rest.slice(extrasMatch[0].length);
  }
  const semicolon = rest.indexOf(';');
  const versionPart = semicolon >= 0 ? rest.slice(0, semicolon) : rest;
  const marker = semicolon >= 0 ? rest.slice(semicolon + 1).trim() : undefined;
  const restOffset = requirement.length - rest.length;
  const specifierOffset = restOffset + (versionPart.length - versionPart.trimStart().length);
  const endOffset = restOffset + versionPart.trimEnd().length;

  if (versionPart.trim().startsWith('@')) {
    const url = versionPart.trim().slice(1).trim();
    const wheel = wheelNameAndVersion(url);
    const version =
      wheel && normalizePackageName(wheel.name) === normalizePackageName(name)
        ? wheel.version
        : sourceArchiveVersion(url, name);
    if (version !== undefined) {
      return {
        name,
        normalizedName: normalizePackageName(name),
        extras,
        specifier: `==${version}`,
        exactVersion: version,
        ...(marker ? { marker } : {}),
        location: locate(0, endOffset),
      };
    }
    note(logical, 0, 'not-a-release', `${name} from ${excerpt(url)}: not a released version, not checked.`);
    return undefined;
  }

  const writtenSpecifier = versionPart.trim();
  let specifier = writtenSpecifier;
  const parenthesised = /^\((.*)\)$/.exec(specifier);
  if (parenthesised) specifier = (parenthesised[1] ?? '').trim();
  // packaging 22 and later (pip 24.1 and later vendor it) allow one comma after the last clause; a comma alone is no
  // clause. (Tested by hand, not by a regex: `[ \t]*,[ \t]*$` backtracks quadratically over long runs of spaces.)
  if (specifier.endsWith(',') && specifier !== ',') specifier = specifier.slice(0, -1).trimEnd();
  if (specifier !== '' && !/^[<>=!~]/.test(specifier)) {
    refuse(0, 'unparseable', `"${excerpt(requirement)}" is not a requirement pip accepts`);
    return undefined;
  }
  // A marker one packaging version reads is taken: pip is said to refuse the line only when it does.
  const markerText = pythonStrip(marker ?? '').text;
  const markerReadBefore24 = marker === undefined || isEnvironmentMarker(markerText, 'packaging-21');
  const markerRead = markerReadBefore24 || isEnvironmentMarker(markerText, 'packaging-22');
  if (specifier !== '' && !isPep440Specifier(specifier) && isPep440Specifier(specifier.replace(/\d{16,}/g, '1'))) {
    // The version library reads no release number of 16 digits or more, which packaging reads: pip takes the line.
    note(
      logical,
      specifierOffset,
      'invalid-specifier',
      `"${excerpt(specifier)}" has a number too large to compare here; line not checked.`,
    );
    return undefined;
  }
  if (specifier !== '' && !isPep440Specifier(specifier) && specifier.includes('===')) {
    // packaging reads an arbitrary-equality version up to the next blank, commas (and for 21.3 a ")") included, so
    // `===1,,>=2` is one clause to it and `===` alone is allowed: whether pip takes the line is not said here.
    note(
      logical,
      specifierOffset,
      'invalid-specifier',
      `"${excerpt(specifier)}" is not a version specifier this reads (\`===\` reads on to the next blank); line not checked.`,
    );
    return undefined;
  }
  if (specifier !== '' && !isPep440Specifier(specifier)) {
    refuse(
      specifierOffset,
      'invalid-specifier',
      `"${excerpt(specifier)}" is not a valid PEP 440 version specifier for ${name}`,
      // Only pip 24.1 and later refuse a legacy specifier, unless the marker makes earlier pip refuse the line.
      markerReadBefore24 && isLegacyOnlySpecifier(writtenSpecifier),
    );
    return undefined;
  }
  // pip's own check after packaging's (`_parse_req_string`): `flask===1.0[x]` reads as extras after the version.
  if (specifier.split(',').some((clause) => clause.trimEnd().endsWith(']'))) {
    refuse(specifierOffset, 'unparseable', `"${excerpt(specifier)}" has extras after the version, which pip refuses`);
    return undefined;
  }
  if (semicolon >= 0 && marker === '') {
    refuse(restOffset + semicolon, 'unparseable', `"${excerpt(requirement)}" has an empty environment marker`);
    return undefined;
  }
  if (!markerRead) {
    refuse(restOffset + semicolon, 'unparseable', `"${excerpt(marker)}" is not a valid environment marker`);
    return undefined;
  }
  const exactVersion = exactVersionOf(specifier);
  return {
    name,
    normalizedName: normalizePackageName(name),
    extras,
    specifier,
    ...(marker ? { marker } : {}),
    ...(exactVersion !== undefined ? { exactVersion } : {}),
    location: locate(0, endOffset),
  };
}
