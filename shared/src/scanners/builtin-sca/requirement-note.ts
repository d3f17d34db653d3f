/** Why a line of a requirements file (or an entry of a manifest or lockfile) was not checked, or was checked with a caveat. */
export type RequirementNoteKind =
  /** Not a requirement pip would accept (garbage, broken syntax). */
  | 'unparseable'
  /** A version specifier that cannot be read here: PEP 440 does not allow it, or it has numbers too large to compare. */
  | 'invalid-specifier'
  /** No version constraint at all: only advisories that affect the newest known release are reported. */
  | 'unpinned'
  /** `-e`/`--editable`, a VCS or archive URL, or a local path: no version to check. */
  | 'not-a-release'
  /** Options pip cannot read (one it does not know, a value it refuses): pip refuses the whole file, installing nothing from it. */
  | 'unknown-option'
  /** A requirement line of a requirements file that pip cannot read (`flask=2.0`): pip refuses the whole file. */
  | 'invalid-requirement'
  /**
   * A requirement line whose specifier is not PEP 440 but a legacy one (`flask==not.a.version`): pip 24.1 and later
   * refuse the whole file; earlier pip installs from it, a version that cannot be checked.
   */
  | 'legacy-specifier'
  /** An option pip accepts and ignores where it is (`-r` after a requirement, a second `-r` on one line). */
  | 'ignored-option'
  /** An `-r`/`-c` file that could not be read. */
  | 'include-missing'
  /** An `-r`/`-c` file already being read higher up the chain. */
  | 'include-cycle'
  /** An `-r`/`-c` path outside the repository, absolute, or a URL: not read. */
  | 'include-outside'
  /** A constraint pin that contradicts the requirement's own specifier. */
  | 'constraint-conflict'
  /** A pinned version that PEP 440 cannot order; only exact matches against advisories' version lists are possible. */
  | 'version-not-pep440'
  /** `${VAR}` references: pip expands them from the environment; we do not. */
  | 'environment-variable'
  /** The same requirement (name, specifier, marker) again in the same file: checked and reported once, on its first line. */
  | 'repeated-requirement'
  /** A name required more than once in the same file with different specifiers (older pip refused: "Double requirement given"). */
  | 'duplicate-name'
  /** The file produced more findings than one report holds: the rest were counted, not listed. */
  | 'findings-capped'
  /** More requirement lines than one scan reads (a file and its includes): the rest were not read. */
  | 'lines-capped'
  /** A manifest or lockfile that is not valid TOML/JSON: nothing in it was checked. */
  | 'invalid-file'
  /** A key of a manifest or lockfile holds the wrong type of value (a string where a list belongs): skipped. */
  | 'wrong-type'
  /** `dynamic = ["dependencies"]`: the build backend computes them, so pyproject.toml does not list them. */
  | 'dynamic-dependencies'
  /** A dependency the manifest declares that its lockfile beside it does not list: checked as declared. */
  | 'not-locked';

/** One thing the requirements scan could not check, with where it is. */
export interface RequirementNote {
  /** Repository-relative POSIX path of the file the note is about. */
  readonly path: string;
  /** Line, 1-based (the first physical line of a continued line). */
  readonly line: number;
  /** Column, 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly kind: RequirementNoteKind;
  /** What was skipped and why, in one sentence a person can act on. */
  readonly message: string;
}

/**
 * Note kinds of a requirements file's line that makes pip refuse the file (every pip, or pip 24.1 and later): the
 * file is not fully scanned, because what pip installs from it is not what it says.
 */
export const PIP_REFUSAL_KINDS: ReadonlySet<RequirementNoteKind> = new Set([
  'unknown-option',
  'invalid-requirement',
  'legacy-specifier',
]);
