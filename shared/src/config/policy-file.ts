import { basename, dirname, resolve } from 'node:path';
import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import type { DevsecopsConfig } from './config';
import { configParser, loadConfig, MAX_CONFIG_FILE_BYTES } from './load-config';

/**
 * A policy file replaces the scanned folder's `.devsecops.yml` (ignore, severity, suppressions, gate, which
 * tools run). The pull-request build sets it to the destination branch's file, so a pull request cannot
 * approve itself by suppressing, downgrading or ignoring its own findings in its own `.devsecops.yml`.
 * Like the repository's file, it sets policy only: execution keys in it are ignored (`trust.ts`).
 */
export const POLICY_FILE_VARIABLE = 'DEVSECOPS_POLICY_FILE';

/** Where a scan's policy came from, for the line that says so. */
export interface LoadedPolicy {
  readonly config: DevsecopsConfig;
  /** The policy file, when one replaced the folder's `.devsecops.yml`. */
  readonly policyFile?: string;
}

/** The `--policy` flag, else `DEVSECOPS_POLICY_FILE` (an empty value counts as unset). */
export function policyFileFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const named = flag ?? env[POLICY_FILE_VARIABLE];
  return named === undefined || named === '' ? undefined : resolve(named);
}

/** The policy for a scan of `root`: the named policy file when there is one, else the folder's `.devsecops.yml`. */
export async function loadScanPolicy(root: string, policyFile: string | undefined): Promise<LoadedPolicy> {
  if (policyFile === undefined) return { config: await loadConfig(root) };
  return { config: await loadPolicyFile(policyFile), policyFile };
}

/**
 * Reads a policy file: bounded, never a FIFO or device. An empty file is the defaults (the destination
 * branch has no `.devsecops.yml`); a missing one is an error, since scanning with the folder's own policy
 * instead is exactly what naming a policy file is meant to prevent.
 */
export async function loadPolicyFile(file: string): Promise<DevsecopsConfig> {
  const absolute = resolve(file);
  const read = await readRepositoryFile({
    root: dirname(absolute),
    path: basename(absolute),
    maxBytes: MAX_CONFIG_FILE_BYTES,
  });
  if (!read.ok) {
    throw new DevsecopsError(
      'USAGE',
      read.reason === 'missing'
        ? `The policy file ${absolute} (--policy or ${POLICY_FILE_VARIABLE}) does not exist: name an existing file (an empty one means the defaults), or unset it to use the folder's .devsecops.yml.`
        : `The policy file ${absolute} (--policy or ${POLICY_FILE_VARIABLE}) cannot be read: ${read.error.message}`,
    );
  }
  return configParser().parseConfig(read.text, absolute);
}
