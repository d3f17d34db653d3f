import { DevsecopsError, boundedExcerpt } from '../errors/devsecops-error';
import type { FindingDraft, FindingFix, ScanCategory, SourceLocation } from '../findings/finding';
import { SCAN_CATEGORIES } from '../findings/finding';
import { SARIF_FINGERPRINT_KEY } from '../findings/fingerprint';
import { SARIF_NO_BASELINE_PROPERTY } from '../policy/baseline';
import type { ToolWithoutBaseline } from '../policy/baseline';
import { isSeverity, parseSeverity, severityOfCvssScore } from '../findings/severity';
import type { Severity } from '../findings/severity';
import { ADVISORY_DATABASE_COMPONENT, RESULT_PROPERTY, SARIF_VERSION } from './sarif-conventions';
import { hadolintSarifSeverity } from '../scanners/hadolint/hadolint-report';
import { isJsonObject } from '../json/json-object';
import { ownEntry, survivesJson } from '../scanners/json-output';
import type { AdvisoryDatabaseAge, ToolRun, UnscannedFile } from '../scanners/scanner';
import { categoryOf, knownCategoryOf, normaliseToolName } from './sarif-tools';
import { resolveResultPath } from './sarif-paths';

type JsonObject = Record<string, unknown>;

export interface SarifImportOptions {
  /** Absolute repository root: absolute artifact URIs under it become relative to it. */
  readonly root?: string;
  /** How errors name the input (a file path). Default "the SARIF input". */
  readonly sourceName?: string;
  /** Also import results that carry an accepted suppression. Default false: suppressed results are not findings. */
  readonly includeSuppressed?: boolean;
}

/** SARIF `baselineState` values of results that are findings now (`absent` ones are not: they were fixed). */
export type PresentBaselineState = 'new' | 'unchanged' | 'updated';

/** One SARIF result as a finding draft, with our fingerprint when the SARIF carried one. */
export interface ImportedSarifResult {
  readonly draft: FindingDraft;
  /** `partialFingerprints['devsecops/v1']`, kept so a finding keeps its identity through SARIF. */
  readonly fingerprint?: string;
  /** `baselineState` when the log was compared with a baseline (`devsecops scan --baseline`). */
  readonly baselineState?: PresentBaselineState;
  /** Set when the result carries an accepted suppression (only with `includeSuppressed`): its justification. */
  readonly suppression?: { readonly reason: string; readonly expires?: string };
}

/**
 * Reads any SARIF 2.1.0 log (Bandit, hadolint, Dependency-Check, Semgrep,
 * Trivy, Checkov, our own) as finding drafts. See `parseSarifResults`.
 */
export function parseSarif(text: string, options: SarifImportOptions = {}): FindingDraft[] {
  return parseSarifResults(text, options).map((result) => result.draft);
}

/** What a SARIF log holds: its results as finding drafts, and one tool run per SARIF run. */
export interface ImportedSarifLog {
  readonly results: ImportedSarifResult[];
  /**
   * One per SARIF run, in run order: the tool, its version, and what its
   * invocations say. Error-level notifications located at a file (ours, and
   * Bandit's skipped files) are that run's `unscanned`; other error
   * notifications, or `executionSuccessful: false` without any, make it failed.
   */
  readonly tools: ToolRun[];
  /**
   * Runs compared with a baseline that had no complete report of their tool (`devsecops scan --baseline`):
   * their results are all `new` because there was nothing to compare them with, not because they are new.
   */
  readonly withoutBaseline: ToolWithoutBaseline[];
}

/** Result property keys other tools use that this importer turns into Finding fields. */
const CONSUMED_FOREIGN_PROPERTIES = new Set(['issue_severity', 'issue_confidence', 'security-severity', 'tags']);

/**
 * Parses SARIF text into drafts, in run and result order. Throws
 * DevsecopsError('INPUT_INVALID') naming the JSON path of what is wrong.
 *
 * Mapping: tool from `run.tool.driver.name` (known names normalised);
 * severity from our own `properties.severity`, else Bandit's
 * `issue_severity`, else a CVSS `security-severity`, else Dependency-Check's
 * "<sev> severity - …" rule description, else for hadolint its rule's
 * severity at that level (as for its JSON report), else the level (error → high,
 * warning → medium, note → low, none → info); CWE from `external/cwe/cwe-N`
 * or `CWE-N` tags; a result without a region is on line 1; a result without
 * any location is on the path `.` (the repository itself).
 */
export function parseSarifResults(text: string, options: SarifImportOptions = {}): ImportedSarifResult[] {
  return parseSarifLog(text, options).results;
}

/** Parses SARIF text into finding drafts and tool runs. Throws as `parseSarifResults` does. */
export function parseSarifLog(text: string, options: SarifImportOptions = {}): ImportedSarifLog {
  const source = options.sourceName ?? 'the SARIF input';
  const fail = (what: string): never => {
    throw new DevsecopsError('INPUT_INVALID', `${source} is not valid SARIF 2.1.0: ${what}.`);
  };
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new DevsecopsError('INPUT_INVALID', `${source} is not JSON, so not SARIF: pass a SARIF 2.1.0 file.`, {
      cause: error,
      detail: boundedExcerpt(text, 200),
    });
  }
  if (!isJsonObject(document)) return fail('the top level is not a JSON object');
  const version = document['version'];
  if (version !== undefined && version !== SARIF_VERSION) {
    fail(
      `its version is ${JSON.stringify(version)}; only 2.1.0 is read (sarif-multitool transform converts older logs)`,
    );
  }
  const runs = document['runs'];
  if (!Array.isArray(runs)) return fail('it has no "runs" list');

  const imported: ImportedSarifResult[] = [];
  const tools: ToolRun[] = [];
  const withoutBaseline: ToolWithoutBaseline[] = [];
  runs.forEach((run: unknown, runIndex) => {
    const where = `runs[${runIndex}]`;
    if (!isJsonObject(run)) return fail(`${where} is not an object`);
    const driver = objectAt(run, ['tool', 'driver']);
    const driverName = driver?.['name'];
    if (typeof driverName !== 'string' || driverName.trim() === '') return fail(`${where}.tool.driver.name is missing`);
    const context: RunContext = {
      run,
      tool: normaliseToolName(driverName),
      rules: rulesOf(run),
      root: options.root,
      fail,
    };
    const firstOfRun = imported.length;
    const results = run['results'];
    if (results !== undefined && results !== null) {
      if (!Array.isArray(results)) return fail(`${where}.results is not a list`);
      results.forEach((result: unknown, resultIndex) => {
        const resultWhere = `${where}.results[${resultIndex}]`;
        if (!isJsonObject(result)) return fail(`${resultWhere} is not an object`);
        if (!options.includeSuppressed && isSuppressed(result)) return;
        if (result['kind'] === 'pass' || result['kind'] === 'notApplicable') return;
        // A baseline finding the scan no longer reports: listed so a reader sees what was fixed, not a finding.
        if (result['baselineState'] === 'absent') return;
        imported.push(importResult(result, resultWhere, context));
      });
    }
    tools.push(toolRunOf(context, stringAt(driver, 'version'), imported[firstOfRun]?.draft.category));
    const noBaseline = stringAt(objectAt(run, ['properties']), SARIF_NO_BASELINE_PROPERTY);
    if (noBaseline !== undefined) withoutBaseline.push({ tool: context.tool, reason: noBaseline });
  });
  return { results: imported, tools, withoutBaseline };
}

/** Notifications SARIF writers use for problems with a run: ours and most tools', and Bandit's skipped files. */
const NOTIFICATION_KEYS = ['toolExecutionNotifications', 'toolConfigurationNotifications'] as const;

/**
 * What a run's invocations say about it. An error-level notification located
 * at a file is a file the tool could not analyse; one without a location is a
 * failure; `executionSuccessful: false` with neither is a failure too, so an
 * unsuccessful run can never read as a clean one.
 */
function toolRunOf(context: RunContext, version: string | undefined, firstCategory: ScanCategory | undefined): ToolRun {
  const invocations = context.run['invocations'];
  const unscanned: UnscannedFile[] = [];
  const failures: string[] = [];
  let unsuccessful = false;
  for (const invocation of Array.isArray(invocations) ? invocations : []) {
    if (!isJsonObject(invocation)) continue;
    if (invocation['executionSuccessful'] === false) unsuccessful = true;
    for (const key of NOTIFICATION_KEYS) {
      const notifications = invocation[key];
      for (const notification of Array.isArray(notifications) ? notifications : []) {
        // SARIF's default notification level is `warning`: only errors make a result incomplete.
        if (!isJsonObject(notification) || notification['level'] !== 'error') continue;
        const text = stringAt(objectAt(notification, ['message']), 'text') ?? 'the tool reported an error';
        const locations = notification['locations'];
        const first: unknown = Array.isArray(locations) ? locations[0] : undefined;
        const artifact = isJsonObject(first) ? objectAt(first, ['physicalLocation', 'artifactLocation']) : undefined;
        if (artifact === undefined) failures.push(text);
        else unscanned.push({ path: resolveResultPath(artifact, context.run, context.root), reason: text });
      }
    }
  }
  const failed = failures.length > 0 || (unsuccessful && unscanned.length === 0);
  return {
    name: context.tool,
    category: knownCategoryOf(context.tool) ?? firstCategory ?? 'sast',
    ...(version === undefined ? {} : { version }),
    status: failed ? 'failed' : 'ok',
    ...(failed
      ? {
          reason:
            failures.length > 0
              ? failures.join('\n')
              : 'The report says the tool did not run successfully (executionSuccessful: false) and gives no reason.',
          errorCode: 'TOOL_FAILED',
        }
      : {}),
    ...(unscanned.length > 0 ? { unscanned } : {}),
    ...advisoryDatabaseOf(context.run),
  };
}

/** The advisory database component our SARIF writer adds (see ADVISORY_DATABASE_COMPONENT), when present and whole. */
function advisoryDatabaseOf(run: JsonObject): { advisoryDatabase?: AdvisoryDatabaseAge } {
  const extensions = objectAt(run, ['tool'])?.['extensions'];
  for (const extension of Array.isArray(extensions) ? extensions : []) {
    if (!isJsonObject(extension) || extension['name'] !== ADVISORY_DATABASE_COMPONENT) continue;
    const properties = objectAt(extension, ['properties']);
    const date = stringAt(extension, 'version');
    const source = stringAt(properties, 'source');
    const ageDays = properties?.['ageDays'];
    const maxAgeDays = properties?.['maxAgeDays'];
    if (date === undefined || source === undefined || typeof ageDays !== 'number' || typeof maxAgeDays !== 'number') {
      return {};
    }
    return { advisoryDatabase: { date, ageDays, maxAgeDays, source } };
  }
  return {};
}

/** What every result of one run shares. */
interface RunContext {
  readonly run: JsonObject;
  readonly tool: string;
  readonly rules: readonly JsonObject[];
  readonly root: string | undefined;
  readonly fail: (what: string) => never;
}

function importResult(result: JsonObject, where: string, context: RunContext): ImportedSarifResult {
  const rule = ruleOf(result, context.rules);
  const ruleId = stringAt(result, 'ruleId') ?? stringAt(objectAt(result, ['rule']), 'id') ?? stringAt(rule, 'id');
  if (ruleId === undefined) return context.fail(`${where} has no ruleId and no rule it refers to`);
  const properties = objectAt(result, ['properties']) ?? {};
  const fingerprint = stringAt(objectAt(result, ['partialFingerprints']), SARIF_FINGERPRINT_KEY);
  const ours = fingerprint !== undefined && isSeverity(properties[RESULT_PROPERTY.severity]);

  const location = locationOf(result, where, context, ours);
  const draftBase = {
    tool: context.tool,
    ruleId,
    message: messageOf(result, rule, ruleId),
    location,
  };
  const draft: FindingDraft = ours
    ? { ...draftBase, ...ourFields(properties, rule, context, location) }
    : { ...draftBase, ...foreignFields(result, properties, rule, context, location, ruleId) };
  const baselineState = result['baselineState'];
  const suppression = isSuppressed(result) ? suppressionOf(result) : undefined;
  return {
    draft,
    ...(fingerprint === undefined ? {} : { fingerprint }),
    ...(suppression === undefined ? {} : { suppression }),
    ...(baselineState === 'new' || baselineState === 'unchanged' || baselineState === 'updated'
      ? { baselineState }
      : {}),
  };
}

type DraftFields = Omit<FindingDraft, 'tool' | 'ruleId' | 'message' | 'location'>;

/** A result we wrote: every field comes back from where `render-sarif.ts` put it. */
function ourFields(
  properties: JsonObject,
  rule: JsonObject | undefined,
  context: RunContext,
  location: SourceLocation,
): DraftFields {
  const severity = properties[RESULT_PROPERTY.severity] as Severity;
  const category = properties[RESULT_PROPERTY.category];
  const nativeSeverity = stringAt(properties, RESULT_PROPERTY.nativeSeverity);
  const confidence = stringAt(properties, RESULT_PROPERTY.confidence);
  const cwe = cweList(properties[RESULT_PROPERTY.cwe]);
  const fix = fixOf(properties[RESULT_PROPERTY.fix]);
  const helpUri = stringAt(properties, RESULT_PROPERTY.helpUri) ?? stringAt(rule, 'helpUri');
  const findingProperties = objectAt(properties, [RESULT_PROPERTY.findingProperties]);
  return {
    category: isCategory(category) ? category : categoryOf(context.tool, [], location.path, ''),
    severity,
    ...(nativeSeverity === undefined ? {} : { nativeSeverity }),
    ...(confidence === undefined ? {} : { confidence }),
    ...(cwe === undefined ? {} : { cwe }),
    ...(helpUri === undefined ? {} : { helpUri }),
    ...(fix === undefined ? {} : { fix }),
    ...(findingProperties === undefined || !survivesJson(findingProperties) ? {} : { properties: findingProperties }),
  };
}

/** Another tool's result: severity, CWE and category are inferred as documented on parseSarifResults. */
function foreignFields(
  result: JsonObject,
  properties: JsonObject,
  rule: JsonObject | undefined,
  context: RunContext,
  location: SourceLocation,
  ruleId: string,
): DraftFields {
  const ruleProperties = objectAt(rule, ['properties']) ?? {};
  const tags = [...stringList(ruleProperties['tags']), ...stringList(properties['tags'])];
  const { severity, nativeSeverity } = severityOf(result, properties, rule, ruleProperties, context.tool, ruleId);
  const confidence = stringAt(properties, 'issue_confidence');
  const cwe = cweList(properties['cwe']) ?? cweFromTags(tags) ?? cweList(ruleProperties['cwe']);
  const helpUri = stringAt(rule, 'helpUri');
  // fromEntries defines own keys, so a property named `__proto__` stays a property instead of
  // becoming the object's prototype; values JSON cannot write back are dropped.
  const extra: Record<string, unknown> = Object.fromEntries(
    Object.entries(properties).filter(([key, value]) => !CONSUMED_FOREIGN_PROPERTIES.has(key) && survivesJson(value)),
  );
  const ruleName = stringAt(rule, 'name');
  // Bandit's JSON calls the rule's name `test_name`; keep the same key whichever format was read.
  if (ruleName !== undefined && ruleName !== ruleId)
    extra[context.tool === 'bandit' ? 'testName' : 'ruleName'] = ruleName;
  const logicalNames = logicalLocationNames(result);
  if (logicalNames.length > 0) extra['logicalLocations'] = logicalNames;
  const otherFingerprints = objectAt(result, ['partialFingerprints']);
  if (otherFingerprints !== undefined && Object.keys(otherFingerprints).length > 0 && survivesJson(otherFingerprints)) {
    extra['partialFingerprints'] = otherFingerprints;
  }
  return {
    category: categoryOf(context.tool, tags, location.path, ruleId),
    severity,
    ...(nativeSeverity === undefined ? {} : { nativeSeverity }),
    ...(confidence === undefined ? {} : { confidence }),
    ...(cwe === undefined ? {} : { cwe }),
    ...(helpUri === undefined ? {} : { helpUri }),
    ...(Object.keys(extra).length === 0 ? {} : { properties: extra }),
  };
}

const SEVERITY_OF_LEVEL: Readonly<Record<string, Severity>> = {
  error: 'high',
  warning: 'medium',
  note: 'low',
  none: 'info',
};

function severityOf(
  result: JsonObject,
  properties: JsonObject,
  rule: JsonObject | undefined,
  ruleProperties: JsonObject,
  tool: string,
  ruleId: string,
): { severity: Severity; nativeSeverity?: string } {
  const banditSeverity = stringAt(properties, 'issue_severity');
  if (banditSeverity !== undefined) {
    return { severity: parseSeverity(banditSeverity) ?? 'info', nativeSeverity: banditSeverity };
  }
  const score = properties['security-severity'] ?? ruleProperties['security-severity'];
  const numericScore = typeof score === 'string' ? Number(score) : score;
  if (typeof numericScore === 'number' && Number.isFinite(numericScore) && typeof score !== 'boolean') {
    return { severity: severityOfCvssScore(numericScore), nativeSeverity: String(score) };
  }
  if (tool === 'dependency-check') {
    // Advisories without a CVSS score (RetireJS) carry their severity only in this sentence.
    const described = /^(critical|high|medium|low) severity - /i.exec(
      stringAt(objectAt(rule, ['shortDescription']), 'text') ?? '',
    );
    const word = described?.[1];
    if (word !== undefined) return { severity: parseSeverity(word) ?? 'medium', nativeSeverity: word.toLowerCase() };
  }
  const level = stringAt(result, 'level') ?? stringAt(objectAt(rule, ['defaultConfiguration']), 'level') ?? 'warning';
  // hadolint's rules have one severity whichever way their results arrive (see hadolintSarifSeverity).
  const hadolintSeverity = tool === 'hadolint' ? hadolintSarifSeverity(ruleId, level) : undefined;
  if (hadolintSeverity !== undefined) return { severity: hadolintSeverity, nativeSeverity: level };
  return { severity: ownEntry(SEVERITY_OF_LEVEL, level) ?? 'medium', nativeSeverity: level };
}

function locationOf(result: JsonObject, where: string, context: RunContext, ours: boolean): SourceLocation {
  const locations = result['locations'];
  const first: unknown = Array.isArray(locations) ? locations[0] : undefined;
  const physical = isJsonObject(first) ? objectAt(first, ['physicalLocation']) : undefined;
  const artifactLocation = objectAt(physical, ['artifactLocation']);
  if (artifactLocation === undefined) return { path: '.', line: 1 };
  const path = resolveResultPath(artifactLocation, context.run, context.root);
  const region = objectAt(physical, ['region']);
  const startLine = positiveInteger(region, 'startLine', `${where}.locations[0].physicalLocation.region`, context);
  const line = startLine ?? 1;
  const column = positiveInteger(region, 'startColumn', `${where}.locations[0].physicalLocation.region`, context);
  const endLine = positiveInteger(region, 'endLine', `${where}.locations[0].physicalLocation.region`, context);
  const endColumn = positiveInteger(region, 'endColumn', `${where}.locations[0].physicalLocation.region`, context);
  // Other tools often repeat startLine as endLine (a one-line region needs no endLine) and some
  // write empty regions (hadolint: startColumn 1, endColumn 1), which would highlight nothing.
  const keepEndLine = endLine !== undefined && (ours || endLine > line);
  const spansLines = endLine !== undefined && endLine > line;
  const keepEndColumn = endColumn !== undefined && (ours || spansLines || column === undefined || endColumn > column);
  return {
    path,
    line,
    ...(column === undefined ? {} : { column }),
    ...(keepEndLine ? { endLine } : {}),
    ...(keepEndColumn ? { endColumn } : {}),
  };
}

function positiveInteger(
  object: JsonObject | undefined,
  key: string,
  where: string,
  context: RunContext,
): number | undefined {
  const value = object?.[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    return context.fail(`${where}.${key} must be a positive integer, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** message.text, else the rule's message string it names (with {0}-style arguments), else the rule's description. */
function messageOf(result: JsonObject, rule: JsonObject | undefined, ruleId: string): string {
  const message = objectAt(result, ['message']);
  const text = stringAt(message, 'text');
  if (text !== undefined && text.trim() !== '') return text;
  const id = stringAt(message, 'id');
  const template = id === undefined ? undefined : stringAt(objectAt(rule, ['messageStrings', id]), 'text');
  if (template !== undefined) {
    const args = stringList(message?.['arguments']);
    return template.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
  }
  return (
    stringAt(objectAt(rule, ['shortDescription']), 'text') ??
    stringAt(objectAt(rule, ['fullDescription']), 'text') ??
    ruleId
  );
}

/** The rules of the run's driver and extensions, for ruleIndex and ruleId lookups. */
function rulesOf(run: JsonObject): JsonObject[] {
  const driverRules = objectAt(run, ['tool', 'driver'])?.['rules'];
  return Array.isArray(driverRules) ? driverRules.filter(isJsonObject) : [];
}

function ruleOf(result: JsonObject, rules: readonly JsonObject[]): JsonObject | undefined {
  const reference = objectAt(result, ['rule']);
  const index = result['ruleIndex'] ?? reference?.['index'];
  if (typeof index === 'number' && reference?.['toolComponent'] === undefined) {
    const byIndex = rules[index];
    if (byIndex !== undefined) return byIndex;
  }
  const id = stringAt(result, 'ruleId') ?? stringAt(reference, 'id');
  return id === undefined ? undefined : rules.find((rule) => rule['id'] === id);
}

/** Suppressed in SARIF terms: at least one suppression, none of them rejected or under review. */
function isSuppressed(result: JsonObject): boolean {
  const suppressions = result['suppressions'];
  if (!Array.isArray(suppressions) || suppressions.length === 0) return false;
  return suppressions.every((suppression) => {
    const status = isJsonObject(suppression) ? suppression['status'] : undefined;
    return status === undefined || status === 'accepted';
  });
}

/** The first suppression's justification (and our `expires`), for reports that list suppressed findings. */
function suppressionOf(result: JsonObject): { reason: string; expires?: string } {
  const [first] = result['suppressions'] as unknown[];
  const justification = isJsonObject(first) ? first['justification'] : undefined;
  const expires = isJsonObject(first) ? objectAt(first, ['properties'])?.['expires'] : undefined;
  return {
    reason: typeof justification === 'string' && justification !== '' ? justification : 'no reason given',
    ...(typeof expires === 'string' ? { expires } : {}),
  };
}

function logicalLocationNames(result: JsonObject): string[] {
  const locations = result['locations'];
  if (!Array.isArray(locations)) return [];
  return locations.flatMap((location: unknown) => {
    const logical = isJsonObject(location) ? location['logicalLocations'] : undefined;
    return Array.isArray(logical)
      ? logical.flatMap((entry: unknown) => {
          const name = isJsonObject(entry) ? (entry['fullyQualifiedName'] ?? entry['name']) : undefined;
          return typeof name === 'string' ? [name] : [];
        })
      : [];
  });
}

/** `external/cwe/cwe-78`, `CWE-78`, `CWE-78: OS Command Injection` → 78. */
function cweFromTags(tags: readonly string[]): number[] | undefined {
  const numbers = tags.flatMap((tag) => {
    const match = /^(?:external\/cwe\/)?cwe-(\d+)\b/i.exec(tag.trim());
    return match?.[1] === undefined ? [] : [Number(match[1])];
  });
  return numbers.length === 0 ? undefined : [...new Set(numbers)];
}

/** A CWE list written as numbers or "CWE-78" strings. */
function cweList(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers = value.flatMap((entry: unknown) => {
    if (typeof entry === 'number' && Number.isInteger(entry) && entry > 0) return [entry];
    const match = typeof entry === 'string' ? /^(?:cwe-)?(\d+)$/i.exec(entry.trim()) : null;
    return match?.[1] === undefined ? [] : [Number(match[1])];
  });
  return numbers.length === 0 ? undefined : numbers;
}

function fixOf(value: unknown): FindingFix | undefined {
  if (!isJsonObject(value)) return undefined;
  const description = stringAt(value, 'description');
  if (description === undefined) return undefined;
  const fixedVersions = value['fixedVersions'];
  return Array.isArray(fixedVersions) ? { description, fixedVersions: stringList(fixedVersions) } : { description };
}

function isCategory(value: unknown): value is ScanCategory {
  return typeof value === 'string' && (SCAN_CATEGORIES as readonly string[]).includes(value);
}

function objectAt(object: JsonObject | undefined, path: readonly string[]): JsonObject | undefined {
  let current: unknown = object;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return isJsonObject(current) ? current : undefined;
}

function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
