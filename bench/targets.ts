// How every benchmark states a verdict: `met` or `MISSED`, then the target as the goal writes it, so that a reader
// (or grep) finds each miss in the same words whichever benchmark printed it.

/** A limit a measured value must stay at or under (`≤`), or strictly under (`<`). */
export interface Target {
  readonly relation: '≤' | '<';
  readonly limit: number;
  /** The limit as a reader writes it, with its unit: `1 MB`, `300 ms`, `0.65`. */
  readonly text: string;
}

export function atMost(limit: number, text = String(limit)): Target {
  return { relation: '≤', limit, text };
}

export function below(limit: number, text = String(limit)): Target {
  return { relation: '<', limit, text };
}

/** `met (target ≤ 1 MB)` or `MISSED (target ≤ 1 MB)`. */
export function verdict(value: number, target: Target): string {
  const met = target.relation === '≤' ? value <= target.limit : value < target.limit;
  return `${met ? 'met' : 'MISSED'} (target ${target.relation} ${target.text})`;
}
