import type { DevsecopsConfig } from '../config/config';
import type { FindingDraft } from '../findings/finding';
import { assignFingerprints } from '../findings/fingerprint';
import { fileLineReader } from '../files/line-reader';
import { applyPolicy } from '../policy/apply-policy';
import type { PolicyResult } from '../policy/apply-policy';
import { dedupeScaFindings } from './dedupe-sca';

export interface FingerprintAndPolicyOptions {
  /** The scanned tree; fingerprints read finding lines from its files. */
  readonly root: string;
  /** `.devsecops.yml` as loaded: ignore globs, severity overrides, suppressions. */
  readonly config: DevsecopsConfig;
  /** Unsaved editor buffers by repository-relative POSIX path: their lines win over the files on disk. */
  readonly buffers?: ReadonlyMap<string, string>;
  /** Lines the scanners already hold (e.g. remembered with Bandit's results), by path: not read again. */
  readonly knownLines?: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** The clock for suppression expiry; default now. */
  readonly now?: Date;
}

/**
 * What every scan does to its scanners' drafts, whoever runs the scanners (`runScan`, the editor's
 * in-process engines): fingerprints them from the lines they point at, shows an advisory two SCA tools
 * report once, then applies policy. One recipe, so a finding has the same fingerprint and the same
 * verdict in the editor, the CLI, the pipeline and the bot.
 */
export function fingerprintAndApplyPolicy(
  drafts: readonly FindingDraft[],
  options: FingerprintAndPolicyOptions,
): PolicyResult {
  const fingerprinted = assignFingerprints(drafts, fileLineReader(options.root, options.buffers, options.knownLines));
  return applyPolicy(dedupeScaFindings(fingerprinted), options.config, options.now ? { now: options.now } : {});
}
