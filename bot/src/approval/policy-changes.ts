import { posix } from 'node:path';
import { applyPolicy } from '@devsecops/shared/policy';
import { severityRank } from '@devsecops/shared/findings';
import type { DevsecopsConfig, ToolEnablement } from '@devsecops/shared/config';
import type { Finding, GateThreshold } from '@devsecops/shared/findings';

/**
 * What a pull request changes about its own judgement. The pull-request build scans with the destination's
 * policy (`--policy`), so a `.devsecops.yml` edit in the pull request cannot hide what it adds; but the
 * edit still lands when it merges, and from then on it hides those findings for everyone. So the bot
 * lists what the pull request's own policy would do, and does not approve until a security reviewer has.
 */
export interface PolicyChange {
  /**
   * `suppressed` / `ignored` / `downgraded`: what the pull request's `.devsecops.yml` would do to a
   * finding; `gate`: a looser threshold or scope; `tool-disabled`: a scanner turned off; `config-file`: a
   * file the scanners read themselves (`.bandit`, `.hadolint.yaml`) changed; `inline-suppression`: a
   * `# nosec` or `# hadolint ignore=` the pull request writes into a file.
   */
  readonly kind:
    'suppressed' | 'ignored' | 'downgraded' | 'gate' | 'tool-disabled' | 'config-file' | 'inline-suppression';
  /** The finding concerned, for the first three kinds. */
  readonly finding?: Finding;
  /** Where the change is written, for `inline-suppression`. */
  readonly location?: { readonly path: string; readonly line: number };
  /** What changes, in a few words (`suppression "*": trust me`, `failOn high → critical`, `.bandit`). */
  readonly detail: string;
}

/** Files the scanners read on their own from the checkout, whose edits change what they report. */
const SCANNER_CONFIG_FILE_NAMES = new Set(['.bandit', '.hadolint.yaml', '.hadolint.yml']);

export interface PolicyChangeInput {
  /** The findings as the destination's policy reports them. */
  readonly findings: readonly Finding[];
  readonly destinationConfig: DevsecopsConfig;
  /** `.devsecops.yml` at the source commit; undefined when it was not read. */
  readonly sourceConfig?: DevsecopsConfig;
  /** Paths the pull request changes. */
  readonly changedPaths: Iterable<string>;
  /**
   * Why `.devsecops.yml` at the source commit could not be read, when it could not: what it would relax is then
   * unknown (the CLI may read it where the bot cannot, e.g. through a symbolic link), which needs a reviewer.
   */
  readonly sourceConfigUnreadable?: string;
}

/**
 * A config path as the diff names the file: the scanner resolves it from the repository root, so `./x`,
 * `a/./x` and `b/../x` all name `x`.
 */
function repositoryPathOf(configPath: string | undefined): string | undefined {
  if (configPath === undefined) return undefined;
  return posix.normalize(configPath).replace(/^(?:\.\/)+/, '');
}

/** Everything the pull request's own files would relax, in a stable order (findings, gate, tools, files). */
export function policyChangesOf(input: PolicyChangeInput): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const bandit = repositoryPathOf(input.destinationConfig.tools.bandit.configFile);
  for (const path of input.changedPaths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (SCANNER_CONFIG_FILE_NAMES.has(name) || path === bandit) changes.push({ kind: 'config-file', detail: path });
  }
  if (input.sourceConfigUnreadable !== undefined) {
    changes.push({
      kind: 'config-file',
      detail: `.devsecops.yml of the pull request cannot be read, so what it changes is unknown: ${input.sourceConfigUnreadable}`,
    });
  }
  const source = input.sourceConfig;
  if (source === undefined) return changes;
  const destination = input.destinationConfig;
  const policy = applyPolicy(input.findings, source);
  const kept = new Map(policy.reported.map((finding) => [finding.fingerprint, finding]));
  const suppressedBy = new Map(policy.suppressed.map((entry) => [entry.finding.fingerprint, entry.suppression]));
  const findingChanges: PolicyChange[] = [];
  for (const finding of input.findings) {
    const suppression = suppressedBy.get(finding.fingerprint);
    const after = kept.get(finding.fingerprint);
    if (suppression !== undefined) {
      findingChanges.push({
        kind: 'suppressed',
        finding,
        detail: `suppression of ${suppression.rule}: ${suppression.reason}`,
      });
    } else if (after === undefined) {
      findingChanges.push({ kind: 'ignored', finding, detail: 'its file matches an ignore glob' });
    } else if (severityRank(after.severity) < severityRank(finding.severity)) {
      findingChanges.push({ kind: 'downgraded', finding, detail: `severity ${finding.severity} → ${after.severity}` });
    }
  }
  changes.unshift(...findingChanges);
  if (looser(source.gate.failOn, destination.gate.failOn)) {
    changes.push({ kind: 'gate', detail: `gate.failOn ${destination.gate.failOn} → ${source.gate.failOn}` });
  }
  if ((destination.gate.scope ?? 'new') === 'all' && (source.gate.scope ?? 'new') === 'new') {
    changes.push({ kind: 'gate', detail: 'gate.scope all → new' });
  }
  const toolNames = Object.keys(source.tools) as (keyof DevsecopsConfig['tools'])[];
  for (const name of toolNames) {
    const before = destination.tools[name].enabled;
    const after = source.tools[name].enabled;
    if (isOff(after) && !isOff(before)) {
      changes.push({ kind: 'tool-disabled', detail: `tools.${name}.enabled ${String(before)} → ${String(after)}` });
    }
  }
  return changes;
}

function isOff(enabled: boolean | ToolEnablement): boolean {
  return enabled === false || enabled === 'off';
}

/** Whether `after` fails on fewer findings than `before` (a higher threshold, or `none`). */
function looser(after: GateThreshold, before: GateThreshold): boolean {
  if (after === before || before === 'none') return false;
  if (after === 'none') return true;
  return severityRank(after) > severityRank(before);
}
