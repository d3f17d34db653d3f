import fc from 'fast-check';

/** Inputs each parser's property runs: enough to reach rare branches, few enough for a unit run. */
export const DEFAULT_RUNS = 10_000;

/** One parser under fuzzing: a property over generated inputs, and inputs that grow to spot super-linear time. */
export interface FuzzTarget {
  /** Unique, kebab-case; names the test and selects the target inside the worker. */
  readonly name: string;
  /** Inputs to run (DEFAULT_RUNS unless the target says why it runs fewer). */
  readonly runs: number;
  /** Builds the property; `record` is called with every input before the parser sees it (hang reports). */
  readonly property: (record: (input: unknown) => void) => fc.IRawProperty<[unknown]>;
  /** Inputs of a repeated pattern that must take time roughly linear in their size. */
  readonly growth: readonly GrowthCheck[];
}

/** A family of inputs whose size we choose, and one run of the parser on one of them. */
export interface GrowthCheck {
  /** What is repeated, e.g. "100 kB line of spaces". */
  readonly name: string;
  /** Builds the input of about `size` units (characters, lines…) and returns one run of the parser on it. */
  readonly prepare: (size: number) => () => unknown;
  /**
   * Set when the parser is known to be super-linear on this pattern and is not fixed yet: the reason
   * (the ratio is still measured and printed, but does not fail the test). Like a skip, it needs one.
   */
  readonly knownIssue?: string;
}

/** How a target checks one input: throws (an assertion) when the parser misbehaved. */
type Check<T> = (input: T) => void;
type AsyncCheck<T> = (input: T) => Promise<void>;

interface TargetSpec<T> {
  readonly name: string;
  /** Built only in the child that runs the target (generators may read corpus files). */
  readonly arbitrary: () => fc.Arbitrary<T>;
  readonly runs?: number;
  readonly growth?: readonly GrowthCheck[];
}

/** The target a spec describes, with the defaults a spec may leave out, around its property. */
function targetOf<T>(spec: TargetSpec<T>, property: FuzzTarget['property']): FuzzTarget {
  return { name: spec.name, runs: spec.runs ?? DEFAULT_RUNS, growth: spec.growth ?? [], property };
}

/** A synchronous parser's target. */
export function fuzzTarget<T>(spec: TargetSpec<T> & { readonly check: Check<T> }): FuzzTarget {
  return targetOf(spec, (record) =>
    fc.property(spec.arbitrary(), (input) => {
      record(input);
      spec.check(input);
      return true;
    }),
  );
}

/** A parser that reads files or otherwise awaits: same contract, asynchronous property. */
export function asyncFuzzTarget<T>(spec: TargetSpec<T> & { readonly check: AsyncCheck<T> }): FuzzTarget {
  return targetOf(spec, (record) =>
    fc.asyncProperty(spec.arbitrary(), async (input) => {
      record(input);
      await spec.check(input);
      return true;
    }),
  );
}

/** A growth check over text: `make(size)` builds the text, `parse` is the parser call. */
export function textGrowth(
  name: string,
  make: (size: number) => string,
  parse: (text: string) => unknown,
  knownIssue?: string,
): GrowthCheck {
  return {
    name,
    prepare: (size) => {
      const text = make(size);
      return () => parse(text);
    },
    ...(knownIssue === undefined ? {} : { knownIssue }),
  };
}

/** Growth checks of one parser: each pattern's name and how to build its text of about `size` units. */
export function textGrowths(
  parse: (text: string) => unknown,
  patterns: Readonly<Record<string, (size: number) => string>>,
): GrowthCheck[] {
  return Object.entries(patterns).map(([name, make]) => textGrowth(name, make, parse));
}
