import type { Finding } from '../findings/finding';
import { assignFingerprints } from '../findings/fingerprint';
import type { LineReader } from '../findings/fingerprint';
import { fileLineReader } from '../files/line-reader';
import { maskFindingSecrets } from '../findings/secret-masking';
import type { ToolWithoutBaseline } from '../policy/baseline';
import type { ToolRun } from '../scanners/scanner';
import type { SarifImportOptions } from './parse-sarif';
import { parseSarifLog } from './parse-sarif';

export interface SarifFindingsOptions extends SarifImportOptions {
  /** Reads source lines for fingerprints; default: files under `root`, or none without a root. */
  readonly readLine?: LineReader;
}

/**
 * SARIF → findings, fingerprinted. A result that carries our fingerprint
 * (`partialFingerprints['devsecops/v1']`) keeps it, so SARIF written by
 * `devsecops scan` and read back (by the bot, the extension) is the same
 * finding; other results are fingerprinted from the source line like any
 * scanner's findings.
 */
export function importSarifFindings(text: string, options: SarifFindingsOptions = {}): Finding[] {
  return importSarifReport(text, options).findings;
}

/** A SARIF report read back: its findings and what each tool run says (failed, files not scanned). */
export interface ImportedSarifReport {
  readonly findings: Finding[];
  /** One per SARIF run; `unscanned` and `failed` runs make the report incomplete (see `incompletenessOf`). */
  readonly tools: ToolRun[];
  /**
   * Fingerprints of the findings the scan's baseline already had (`baselineState` `unchanged` or `updated`,
   * see `devsecops scan --baseline`). Empty when the report was not compared with a baseline.
   */
  readonly preExisting: string[];
  /** Tools the scan had no baseline for (their findings are all new), and why; empty otherwise. */
  readonly withoutBaseline: ToolWithoutBaseline[];
}

/** SARIF → findings (as `importSarifFindings`) and tool runs, from one parse. */
export function importSarifReport(text: string, options: SarifFindingsOptions = {}): ImportedSarifReport {
  const { results: imported, tools, withoutBaseline } = parseSarifLog(text, options);
  const readLine = options.readLine ?? (options.root === undefined ? () => undefined : fileLineReader(options.root));
  const needFingerprints = imported.filter((result) => result.fingerprint === undefined).map((result) => result.draft);
  const fingerprinted = assignFingerprints(needFingerprints, readLine);
  let next = 0;
  const findings = imported.map((result) => {
    // A SARIF file may come from anywhere (an older release, another tool): its text is masked too.
    if (result.fingerprint !== undefined)
      return maskFindingSecrets({ ...result.draft, fingerprint: result.fingerprint });
    const finding = fingerprinted[next];
    next += 1;
    return finding ?? { ...result.draft, fingerprint: '' };
  });
  const preExisting = imported.flatMap((result, index) =>
    result.baselineState === 'unchanged' || result.baselineState === 'updated'
      ? [findings[index]?.fingerprint ?? '']
      : [],
  );
  return { findings, tools, preExisting, withoutBaseline };
}
