import { posix } from 'node:path';
import { applyPolicy } from '@devsecops/shared/policy';
import { severityRank } from '@devsecops/shared/findings';
import { DEFAULT_MAX_DATABASE_AGE_DAYS } from '@devsecops/shared/config';
import { BANDIT_CONFIG_FILE, HADOLINT_CONFIG_FILES, globMatcher } from '@devsecops/shared/files';
import type { DevsecopsConfig, Suppression, ToolEnablement } from '@devsecops/shared/config';
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
   * finding; `policy`: an ignore glob, suppression or severity override no finding meets yet (once merged it
   * hides what later pull requests add), or a staler advisory database allowed; `gate`: a looser threshold or scope; `tool-disabled`: a scanner turned off; `config-file`: a
   * file the scanners read themselves (`.bandit`, `.hadolint.yaml`) changed; `inline-suppression`: a
   * `# nosec` or `# hadolint ignore=` the pull request writes into a file; `unscanned`: a Python file it adds or
   * changes where Bandit's default excludes leave it out.
   */
  readonly kind:
    | 'suppressed'
    | 'ignored'
    | 'downgraded'
    | 'policy'
    | 'gate'
    | 'tool-disabled'
    | 'config-file'
    | 'inline-suppression'
    | 'unscanned';
  /** The finding concerned, for the first three kinds. */
  readonly finding?: Finding;
  /** Where the change is written, for `inline-suppression`. */
  readonly location?: { readonly path: string; readonly line: number };
  /** What changes, in a few words (`suppression "*": trust me`, `failOn high → critical`, `.bandit`). */
  readonly detail: string;
}

/** Files the scanners read on their own from the checkout, whose edits change what they report. */
export const SCANNER_CONFIG_FILE_NAMES: readonly string[] = [BANDIT_CONFIG_FILE, ...HADOLINT_CONFIG_FILES];

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
export function repositoryPathOf(configPath: string | undefined): string | undefined {
  if (configPath === undefined) return undefined;
  return posix.normalize(configPath).replace(/^(?:\.\/)+/, '');
}

/** Whether a normalised path leaves the repository (absolute, or up from its root): no file of it is there. */
export function isOutsideRepository(path: string): boolean {
  return posix.isAbsolute(path) || path === '..' || path.startsWith('../');
}

/** Everything the pull request's own files would relax, in a stable order (findings, gate, tools, files). */
export function policyChangesOf(input: PolicyChangeInput): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const bandit = repositoryPathOf(input.destinationConfig.tools.bandit.configFile);
  for (const path of input.changedPaths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (SCANNER_CONFIG_FILE_NAMES.includes(name) || path === bandit)
      changes.push({ kind: 'config-file', detail: path });
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
  const suppressionsUsed = new Set(policy.suppressed.map((entry) => entry.suppression));
  changes.unshift(
    ...findingChanges,
    ...policyAddedAhead(input.findings, destination, source, findingChanges, suppressionsUsed),
  );
  const configFileBefore = repositoryPathOf(destination.tools.bandit.configFile);
  const configFileAfter = repositoryPathOf(source.tools.bandit.configFile);
  if (configFileAfter !== configFileBefore) {
    changes.push({
      kind: 'config-file',
      detail: `tools.bandit.configFile ${configFileBefore ?? '(none)'} → ${configFileAfter ?? '(none)'}`,
    });
  }
  const ageBefore = destination.tools.sca.maxDatabaseAgeDays ?? DEFAULT_MAX_DATABASE_AGE_DAYS;
  const ageAfter = source.tools.sca.maxDatabaseAgeDays ?? DEFAULT_MAX_DATABASE_AGE_DAYS;
  if (ageAfter > ageBefore) {
    changes.push({ kind: 'policy', detail: `tools.sca.maxDatabaseAgeDays ${String(ageBefore)} → ${String(ageAfter)}` });
  }
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

/**
 * What the source's policy adds that no finding of this pull request shows: an ignore glob no finding's path
 * matches, a severity override no finding of its rule was lowered by, a suppression that matched no finding.
 * Each would hide, once merged, what a later pull request adds (judged by this policy then) without a reviewer
 * having seen it here.
 */
function policyAddedAhead(
  findings: readonly Finding[],
  destination: DevsecopsConfig,
  source: DevsecopsConfig,
  findingChanges: readonly PolicyChange[],
  suppressionsUsed: ReadonlySet<Suppression>,
): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const glob of source.ignore) {
    if (destination.ignore.includes(glob)) continue;
    const matches = globMatcher([glob]);
    if (findings.some((finding) => matches(finding.location.path))) continue;
    changes.push({ kind: 'policy', detail: `ignore "${glob}" (no finding matches it now)` });
  }
  const lowered = new Set(
    findingChanges.flatMap((change) => (change.kind === 'downgraded' && change.finding ? [change.finding.ruleId] : [])),
  );
  for (const [rule, severity] of Object.entries(source.severity)) {
    const before = destination.severity[rule];
    if (before === severity || lowered.has(rule)) continue;
    // Higher than the destination's own override, or critical: it can lower nothing.
    if (severity === 'critical' || (before !== undefined && severityRank(severity) > severityRank(before))) continue;
    const none = !findings.some((finding) => finding.ruleId === rule);
    changes.push({
      kind: 'policy',
      detail: `severity of ${rule} → ${severity} (${none ? 'no finding of it now' : 'none of its findings now is lowered; later ones may be'})`,
    });
  }
  for (const suppression of source.suppressions) {
    if (
      suppressionsUsed.has(suppression) ||
      destination.suppressions.some((kept) => sameSuppression(kept, suppression))
    )
      continue;
    const scope = `${suppression.path === undefined ? '' : ` in ${suppression.path}`}${suppression.fingerprint === undefined ? '' : ` for ${suppression.fingerprint}`}`;
    changes.push({
      kind: 'policy',
      detail: `suppression of ${suppression.rule}${scope}: ${suppression.reason} (no finding matches it now)`,
    });
  }
  return changes;
}

function sameSuppression(a: Suppression, b: Suppression): boolean {
  return (
    a.rule === b.rule &&
    a.path === b.path &&
    a.fingerprint === b.fingerprint &&
    a.reason === b.reason &&
    a.expires === b.expires
  );
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
