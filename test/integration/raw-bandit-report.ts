/** What the parity checks read of raw `bandit -f json` output: each result's place and rating, and its errors. */
export interface RawBanditReport {
  readonly results: readonly {
    readonly filename: string;
    readonly line_number: number;
    readonly test_id: string;
    readonly issue_severity: string;
    readonly issue_confidence: string;
  }[];
  /** Files Bandit could not analyse. */
  readonly errors: readonly { readonly filename: string; readonly reason: string }[];
  readonly metrics: Readonly<Record<string, unknown>>;
}
