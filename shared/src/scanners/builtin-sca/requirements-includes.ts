// Follows `-r` and `-c` lines the way pip does: paths relative to the including
// file, constraint files pinning without adding packages, and `-r` inside a
// constraint file adding requirements again (pip's own rule). A file already on
// the include chain is a cycle: noted, not followed.
import { posix } from 'node:path';
import type { RequirementNote } from './requirement-note';
import { MAX_REQUIREMENT_LINES, parseRequirementsFile, type ParsedRequirement } from './requirements-file';

/** An included file that exists but was not read, with the reason (which never quotes the file). */
export interface IncludeRefusal {
  /** One sentence: which file, why it was not read (a link out of the repository, a FIFO, too large). */
  readonly refused: string;
  /** True when the file lies outside the repository (through a link), false for any other reason. */
  readonly outside: boolean;
}

/**
 * Gives an included file's text by repository-relative POSIX path; undefined when it cannot be
 * read, or a refusal when reading it would not be safe.
 */
export type IncludeReader = (path: string) => string | IncludeRefusal | undefined;

/** Every requirement and constraint reachable from one file. */
export interface RequirementsSet {
  readonly requirements: readonly ParsedRequirement[];
  /** Constraints by PEP 503 name. */
  readonly constraints: ReadonlyMap<string, readonly ParsedRequirement[]>;
  readonly notes: readonly RequirementNote[];
  /** Every file read, the starting one first. */
  readonly files: readonly string[];
  /** Files read as constraint files (`-c`). */
  readonly constraintFiles: readonly string[];
}

/** Stops a hostile or generated tree from making one scan read without end. */
const MAX_FILES = 1000;

/** The repository-relative path an include refers to, or a reason it is not followed. */
export function resolveIncludePath(
  fromPath: string,
  target: string,
): { path: string } | { reason: string; outside: boolean } {
  const slashed = target.replace(/\\/g, '/');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(slashed)) return { reason: 'a URL, which is not fetched', outside: true };
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed))
    return { reason: 'an absolute path, outside the repository', outside: true };
  // No file name holds a NUL; the file system would refuse it with an error that names no cause.
  if (slashed.includes('\u0000'))
    return { reason: 'a path with a NUL character, which no file can have', outside: false };
  const joined = posix.normalize(posix.join(posix.dirname(fromPath), slashed));
  if (joined === '..' || joined.startsWith('../')) return { reason: 'outside the repository', outside: true };
  if (joined === '.' || joined === './') return { reason: 'the repository folder itself, not a file', outside: false };
  return { path: joined };
}

/**
 * Collects requirements and constraints starting at `path` (whose text is given).
 * Never throws: unreadable, cyclic or out-of-tree includes become notes.
 */
export function collectRequirements(
  text: string,
  path: string,
  readInclude: IncludeReader | undefined,
): RequirementsSet {
  const requirements: ParsedRequirement[] = [];
  const constraints = new Map<string, ParsedRequirement[]>();
  const notes: RequirementNote[] = [];
  const files: string[] = [];
  const constraintFiles: string[] = [];
  const chain = new Set<string>();
  let linesLeft = MAX_REQUIREMENT_LINES;
  const done = new Set<string>();

  const visit = (fileText: string, filePath: string, asConstraint: boolean): void => {
    chain.add(filePath);
    done.add(`${filePath}\u0000${String(asConstraint)}`);
    if (!files.includes(filePath)) files.push(filePath);
    if (asConstraint && !constraintFiles.includes(filePath)) constraintFiles.push(filePath);
    const parsed = parseRequirementsFile(fileText, filePath, linesLeft);
    linesLeft -= parsed.linesRead;
    // A loop, not push(...notes): spreading a 100k-element array overflows the call stack.
    for (const note of parsed.notes) notes.push(note);
    for (const requirement of parsed.requirements) {
      if (asConstraint) {
        const list = constraints.get(requirement.normalizedName) ?? [];
        list.push(requirement);
        constraints.set(requirement.normalizedName, list);
      } else {
        requirements.push(requirement);
      }
    }
    for (const include of parsed.includes) {
      const where = { path: filePath, line: include.line, column: include.column };
      const resolved = resolveIncludePath(filePath, include.target);
      if ('reason' in resolved) {
        notes.push({
          ...where,
          kind: resolved.outside ? 'include-outside' : 'include-missing',
          message: `${include.target} is ${resolved.reason}; not read.`,
        });
        continue;
      }
      const nestedConstraint = include.kind === 'constraint';
      if (chain.has(resolved.path)) {
        notes.push({
          ...where,
          kind: 'include-cycle',
          message: `${include.target} is already being read (an include cycle); not read again.`,
        });
        continue;
      }
      if (done.has(`${resolved.path}\u0000${String(nestedConstraint)}`)) continue; // Read once is enough.
      if (files.length >= MAX_FILES) {
        notes.push({
          ...where,
          kind: 'include-missing',
          message: `More than ${MAX_FILES} included files; ${include.target} not read.`,
        });
        continue;
      }
      const includedText = readInclude?.(resolved.path);
      if (typeof includedText === 'object') {
        // One line naming the include; the refused file's content is never read, so never quoted.
        notes.push({
          ...where,
          kind: includedText.outside ? 'include-outside' : 'include-missing',
          message: `${include.target} (included here) was not read: ${includedText.refused}`,
        });
        continue;
      }
      if (includedText === undefined) {
        notes.push({
          ...where,
          kind: 'include-missing',
          message: `Cannot read ${resolved.path} (included here): its requirements are not checked.`,
        });
        continue;
      }
      visit(includedText, resolved.path, nestedConstraint);
    }
    chain.delete(filePath);
  };

  visit(text, path, false);
  return { requirements, constraints, notes, files, constraintFiles };
}
