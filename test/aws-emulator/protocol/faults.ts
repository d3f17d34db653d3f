/**
 * What a fault does to a matching call:
 * - `throttle`: 400 `ThrottlingException` before the operation runs (the SDK retries it as throttling);
 * - `server-error`: 500 `InternalFailure` before the operation runs (retried as a transient error);
 * - `slow`: waits `delayMs`, then handles the call normally;
 * - `drop`: destroys the socket without answering, before the operation runs;
 * - `drop-after`: runs the operation, then destroys the socket: the caller cannot know it
 *   succeeded, so its retry must be made safe by an idempotency token;
 * - `hold`: parks the call before the operation runs until the test releases it
 *   (`emulator.releaseHeldCalls()`, `POST /__emulator/release`): a run stopped at a known point while
 *   another one runs, for race tests without sleeps.
 */
export type FaultKind = 'throttle' | 'server-error' | 'slow' | 'drop' | 'drop-after' | 'hold';

/** One fault rule. A call matches when its service and operation match; the first matching rule that fires wins. */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Operation name (`StartPipelineExecution`) or `Service.Operation` (`CodePipeline.StartPipelineExecution`); default: every call. */
  readonly operation?: string;
  /** Probability (0..1) that a matching call is hit; default 1. Drawn from the injector's seeded generator. */
  readonly rate?: number;
  /** Hit at most this many calls, then stop; default unlimited. */
  readonly times?: number;
  /** For `slow`: milliseconds to wait before answering; default 1000. */
  readonly delayMs?: number;
}

/** The decision for one call. */
export interface FaultDecision {
  readonly kind: FaultKind;
  readonly delayMs: number;
}

/**
 * Chooses faults for calls. Deterministic for a given seed and call order, so tests
 * with a rate below 1 are repeatable.
 */
export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private state: number;

  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.state = seed >>> 0 || 1;
    this.setRules(rules);
  }

  /** Replaces every rule (and their remaining counts). */
  setRules(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1))
        throw new Error('Fault rate must be within 0..1');
    }
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  /** The rules currently active, with what is left of their `times`. */
  listRules(): readonly (FaultRule & { readonly remaining: number | null })[] {
    return this.rules.map(({ rule, remaining }) => ({
      ...rule,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  decide(service: string, operation: string): FaultDecision | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.operation !== undefined && rule.operation !== operation && rule.operation !== `${service}.${operation}`)
        continue;
      if (rule.rate !== undefined && this.next() >= rule.rate) continue;
      entry.remaining -= 1;
      return { kind: rule.kind, delayMs: rule.delayMs ?? 1000 };
    }
    return undefined;
  }

  /** mulberry32: small, fast, good enough to spread faults. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
