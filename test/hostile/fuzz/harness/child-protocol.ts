/** One target of a job, with the seed its inputs come from. */
export interface JobTarget {
  /** FuzzTarget name. */
  readonly name: string;
  readonly seed: number;
}

/** What the parent asks a fuzz child process to do: run these targets of one module, in order. */
export interface FuzzJob {
  /** Absolute path of the module whose `targets` export holds the targets. */
  readonly targetsModule: string;
  readonly targets: readonly JobTarget[];
  /** fast-check's replay path of a failure, to rerun exactly that input. */
  readonly path?: string;
  /** Overrides the target's own input count. */
  readonly runs?: number;
  /** Skip the timing of growing inputs (when replaying a failure). */
  readonly skipGrowth: boolean;
  /** The InputRecorder's file. */
  readonly recorderPath: string;
}

/** A property that failed: everything needed to reproduce it. */
export interface PropertyFailure {
  readonly seed: number;
  readonly path: string;
  /** fast-check's rendering of the smallest failing input found. */
  readonly counterexample: string;
  /** The error (stack) the check threw. */
  readonly error: string;
  readonly shrinks: number;
}

export interface PropertyResult {
  /** Inputs run (fewer than asked when one failed). */
  readonly runs: number;
  readonly ms: number;
  readonly failure?: PropertyFailure;
}

/** CPU time of one parser on a small and a large input of the same pattern (the fastest of a few runs). */
export interface GrowthResult {
  readonly name: string;
  readonly smallSize: number;
  readonly largeSize: number;
  readonly smallMs: number;
  readonly largeMs: number;
  /** Set for a super-linear parser found and not fixed yet: why, and where it is reported. */
  readonly knownIssue?: string;
}

/** Per target, in order: `start`, then `property`, then (unless it failed or growth is skipped) `growth`. */
export type ChildMessage =
  | { readonly kind: 'start'; readonly target: string }
  | { readonly kind: 'property'; readonly target: string; readonly property: PropertyResult }
  | { readonly kind: 'growth'; readonly target: string; readonly growth: readonly GrowthResult[] };
