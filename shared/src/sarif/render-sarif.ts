import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Invocation,
  Log,
  Notification,
  PropertyBag,
  ReportingDescriptor,
  Result,
  Run,
  ToolComponent,
} from 'sarif';
import type { Suppression } from '../config/config';
import type { Finding } from '../findings/finding';
import { SARIF_FINGERPRINT_KEY } from '../findings/fingerprint';
import { compareSeverityDescending } from '../findings/severity';
import type { BaselineEntry } from '../policy/baseline';
import { baselineStateOf, SARIF_NO_BASELINE_PROPERTY } from '../policy/baseline';
import { isStaleDatabase, staleDatabaseWarning } from '../scanners/builtin-sca/database-age';
import type { AdvisoryDatabaseAge, ToolRun } from '../scanners/scanner';
import type { ReportInput } from '../reporters/report-input';
import { toolNamesInOrder } from '../reporters/report-order';
import { compareText, sortFindingsByLocation } from '../findings/finding-order';
import {
  ADVISORY_DATABASE_COMPONENT,
  cweTag,
  levelOfSeverity,
  pathToRelativeUri,
  RESULT_PROPERTY,
  SARIF_SCHEMA_URI,
  SARIF_VERSION,
  securitySeverityScore,
  SRCROOT_BASE_ID,
} from './sarif-conventions';

/** Where to read about the tools we wrap (SARIF's `tool.driver.informationUri`). */
const TOOL_INFORMATION_URIS: Readonly<Record<string, string>> = {
  bandit: 'https://bandit.readthedocs.io/',
  hadolint: 'https://github.com/hadolint/hadolint',
  'dependency-check': 'https://dependency-check.github.io/DependencyCheck/',
};

/** A rule's short description is its first finding's first sentence, at most this long. */
const MAX_SHORT_DESCRIPTION_CHARS = 200;

/**
 * SARIF 2.1.0: one run per tool. A tool gets a run when it ran (even with no
 * results, which tells code scanning it found nothing) or when it has findings.
 * A skipped tool gets no run. A tool that failed without findings gets a run
 * with no `results` at all (SARIF's "results not available", never an empty
 * list, which would tell code scanning that its earlier alerts were fixed),
 * an unsuccessful invocation and the failure as an error notification, so a
 * reader of the report knows it is incomplete. Suppressed findings appear with
 * an external, accepted suppression.
 *
 * Files a tool could not analyse make its invocation unsuccessful
 * (`executionSuccessful: false`), each with an error-level
 * `toolExecutionNotification` located at the file: the SARIF importer reads
 * them back, so the bot and the editor know the result is incomplete.
 *
 * With a baseline, every result has a `baselineState` (`new` or `unchanged`), and each baseline finding the
 * tool no longer reports follows its run's results as `absent` (SARIF §3.27.24): fixed, not a finding.
 */
export function buildSarifLog(input: ReportInput): Log {
  const suppressed = input.suppressed ?? [];
  const suppressionOf = new Map<Finding, Suppression>(suppressed.map((entry) => [entry.finding, entry.suppression]));
  const allFindings = [...input.result.findings, ...suppressed.map((entry) => entry.finding)];
  const runs: Run[] = [];
  for (const name of toolNamesInOrder(input.result.tools, allFindings)) {
    const toolRun = input.result.tools.find((tool) => tool.name === name);
    const findings = sortFindingsByLocation(allFindings.filter((finding) => finding.tool === name));
    if (findings.length === 0 && toolRun?.status === 'skipped') continue;
    runs.push(buildRun(name, toolRun, findings, suppressionOf, input));
  }
  return { $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION, runs };
}

/** `--format sarif`. */
export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarifLog(input), null, 2)}\n`;
}

function buildRun(
  name: string,
  toolRun: ToolRun | undefined,
  findings: readonly Finding[],
  suppressionOf: ReadonlyMap<Finding, Suppression>,
  input: ReportInput,
): Run {
  const descriptions = new Map(
    (input.rules ?? []).filter((rule) => rule.tool === name).map((rule) => [rule.id, rule.description]),
  );
  const rules = buildRules(findings, descriptions);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const informationUri = TOOL_INFORMATION_URIS[name];
  const run: Run = {
    tool: {
      driver: {
        name,
        ...(toolRun?.version === undefined ? {} : { version: toolRun.version }),
        ...(informationUri === undefined ? {} : { informationUri }),
        rules,
      },
      ...(toolRun?.advisoryDatabase === undefined
        ? {}
        : { extensions: [advisoryDatabaseComponent(toolRun.advisoryDatabase)] }),
    },
    invocations: [buildInvocation(toolRun)],
    ...(input.toolVersion === undefined
      ? {}
      : { conversion: { tool: { driver: { name: 'devsecops', version: input.toolVersion } } } }),
    ...(isAbsolute(input.root) ? { originalUriBaseIds: { [SRCROOT_BASE_ID]: { uri: directoryUri(input.root) } } } : {}),
    // Our columns count UTF-16 code units, as VS Code does.
    columnKind: 'utf16CodeUnits',
    ...noBaselineProperty(name, input),
    ...(toolRun?.status === 'failed' && findings.length === 0
      ? {}
      : {
          results: [
            ...findings.map((finding) => {
              const rule = rules[ruleIndex.get(finding.ruleId) ?? 0];
              const result = buildResult(
                finding,
                ruleIndex.get(finding.ruleId) ?? 0,
                rule?.helpUri,
                suppressionOf.get(finding),
              );
              const baselineState = baselineStateOf(finding, input.baseline);
              return baselineState === undefined ? result : { ...result, baselineState };
            }),
            ...(input.baseline?.absent ?? []).filter((entry) => entry.tool === name).map(absentResult),
          ],
        }),
  };
  return run;
}

/**
 * A run whose tool had no baseline says so and why (its results are all `new`), so that a reader (the bot)
 * can tell "no baseline for this tool" from "compared, and nothing was there before".
 */
function noBaselineProperty(name: string, input: ReportInput): { properties?: PropertyBag } {
  const missing = input.baseline?.withoutBaseline.find((entry) => entry.tool === name);
  return missing === undefined ? {} : { properties: { [SARIF_NO_BASELINE_PROPERTY]: missing.reason } };
}

function buildInvocation(toolRun: ToolRun | undefined): Invocation {
  const failed = toolRun?.status === 'failed';
  const notifications: Notification[] = [
    ...(failed && toolRun.reason !== undefined ? [{ level: 'error' as const, message: { text: toolRun.reason } }] : []),
    ...(toolRun?.unscanned ?? []).map((file): Notification => ({
      level: 'error',
      message: { text: file.reason },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToRelativeUri(file.path), uriBaseId: SRCROOT_BASE_ID },
          },
        },
      ],
    })),
  ];
  const stale = staleDatabaseWarning(toolRun?.advisoryDatabase);
  const errors = notifications.length;
  if (stale !== undefined) notifications.push({ level: 'warning', message: { text: stale } });
  return {
    executionSuccessful: !failed && errors === 0,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

/** The advisory database as a tool component (see ADVISORY_DATABASE_COMPONENT). */
function advisoryDatabaseComponent(age: AdvisoryDatabaseAge): ToolComponent {
  return {
    name: ADVISORY_DATABASE_COMPONENT,
    version: age.date,
    releaseDateUtc: `${age.date}T00:00:00Z`,
    informationUri: 'https://osv.dev/',
    properties: {
      ageDays: age.ageDays,
      maxAgeDays: age.maxAgeDays,
      source: age.source,
      stale: isStaleDatabase(age),
    },
  };
}

/** `file:///abs/root/`: a base URI must end with a slash (SARIF §3.14.14). */
function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** One rule per rule id, sorted by id; tags and severity cover all of that rule's findings. */
function buildRules(findings: readonly Finding[], descriptions: ReadonlyMap<string, string>): ReportingDescriptor[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byRule.get(finding.ruleId) ?? [];
    group.push(finding);
    byRule.set(finding.ruleId, group);
  }
  return [...byRule.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, group]) => {
      const [first] = group;
      const mostSevere = [...group].sort((a, b) => compareSeverityDescending(a.severity, b.severity))[0] ?? first;
      const cwes = [...new Set(group.flatMap((finding) => finding.cwe ?? []))].sort((a, b) => a - b);
      const helpUri = sharedHelpUri(group);
      const properties: PropertyBag = {
        tags: ['security', ...cwes.map(cweTag)],
        ...(mostSevere === undefined ? {} : { 'security-severity': securitySeverityScore(mostSevere.severity) }),
      };
      return {
        id,
        shortDescription: { text: descriptions.get(id) ?? shortDescription(first?.message ?? id) },
        ...(helpUri === undefined ? {} : { helpUri }),
        ...(mostSevere === undefined ? {} : { defaultConfiguration: { level: levelOfSeverity(mostSevere.severity) } }),
        properties,
      };
    });
}

/** The help URI every finding of a rule shares, if they all share one (else each result carries its own). */
function sharedHelpUri(group: readonly Finding[]): string | undefined {
  const uris = new Set(group.map((finding) => finding.helpUri));
  const [only] = uris;
  return uris.size === 1 ? only : undefined;
}

function shortDescription(message: string): string {
  const firstSentence = (/^.*?[.!?](?=\s|$)/su.exec(message)?.[0] ?? message).replace(/\s+/g, ' ').trim();
  return firstSentence.length <= MAX_SHORT_DESCRIPTION_CHARS
    ? firstSentence
    : `${firstSentence.slice(0, MAX_SHORT_DESCRIPTION_CHARS - 1)}…`;
}

function buildResult(
  finding: Finding,
  ruleIndex: number,
  ruleHelpUri: string | undefined,
  suppression: Suppression | undefined,
): Result {
  const { location } = finding;
  const properties: PropertyBag = {
    [RESULT_PROPERTY.severity]: finding.severity,
    [RESULT_PROPERTY.category]: finding.category,
    ...(finding.nativeSeverity === undefined ? {} : { [RESULT_PROPERTY.nativeSeverity]: finding.nativeSeverity }),
    ...(finding.confidence === undefined ? {} : { [RESULT_PROPERTY.confidence]: finding.confidence }),
    ...(finding.cwe === undefined ? {} : { [RESULT_PROPERTY.cwe]: finding.cwe }),
    ...(finding.fix === undefined ? {} : { [RESULT_PROPERTY.fix]: finding.fix }),
    ...(finding.helpUri === undefined || finding.helpUri === ruleHelpUri
      ? {}
      : { [RESULT_PROPERTY.helpUri]: finding.helpUri }),
    ...(finding.properties === undefined ? {} : { [RESULT_PROPERTY.findingProperties]: finding.properties }),
  };
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levelOfSeverity(finding.severity),
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToRelativeUri(location.path), uriBaseId: SRCROOT_BASE_ID },
          region: {
            startLine: location.line,
            ...(location.column === undefined ? {} : { startColumn: location.column }),
            ...(location.endLine === undefined ? {} : { endLine: location.endLine }),
            ...(location.endColumn === undefined ? {} : { endColumn: location.endColumn }),
          },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    ...(suppression === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: suppression.reason,
              properties: {
                rule: suppression.rule,
                ...(suppression.path === undefined ? {} : { path: suppression.path }),
                ...(suppression.expires === undefined ? {} : { expires: suppression.expires }),
              },
            },
          ],
        }),
    properties,
  };
}

/** A baseline finding this scan no longer reports. It names its rule by id only: the run's rules describe findings. */
function absentResult(entry: BaselineEntry): Result {
  return {
    ruleId: entry.ruleId,
    level: levelOfSeverity(entry.severity),
    message: { text: entry.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToRelativeUri(entry.path), uriBaseId: SRCROOT_BASE_ID },
          region: { startLine: entry.line },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: entry.fingerprint },
    baselineState: 'absent',
    properties: { [RESULT_PROPERTY.severity]: entry.severity },
  };
}
