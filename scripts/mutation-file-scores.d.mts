// Types of mutation-file-scores.mjs, for the TypeScript tests that import it.

/** One mutated file's score (or the run's total, named "All files"). */
export interface FileScore {
  readonly file: string;
  /** Killed and timed-out mutants. */
  readonly detected: number;
  /** Detected, surviving and uncovered mutants: those a score counts. */
  readonly valid: number;
  /** Percent; NaN when there is no valid mutant. */
  readonly score: number;
}

export interface FileScoreCheck {
  readonly files: readonly FileScore[];
  readonly total: FileScore | undefined;
  /** Why the check fails; empty when it passes. */
  readonly problems: readonly string[];
}

export const MUTATION_SCORE_FLOOR: number;
export function checkFileScores(report: unknown, floor?: number): FileScoreCheck;
export function fileScoreLines(check: FileScoreCheck, floor?: number): string[];
