import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { DevsecopsError } from '../errors/devsecops-error';
import { readRepositoryFile } from '../files/repository-file';
import { parseSeverity } from '../findings/severity';
import type { GateThreshold, Severity } from '../findings/severity';
import { DEFAULT_CONFIG, DEFAULT_MAX_DATABASE_AGE_DAYS, MAX_TOOL_TIMEOUT_SECONDS } from './config';
import { GATE_SCOPES } from './config';
import type { GateScope } from './config';
import type {
  DevsecopsConfig,
  GateConfig,
  ExecutionKey,
  ExecutionRequest,
  ExternalToolConfig,
  Suppression,
  ToolEnablement,
  ToolsConfig,
} from './config';
import { duplicateKeyOffsets } from './yaml-duplicate-keys';
import { yamlNestingProblem } from './yaml-nesting';
import { globProblem } from '../policy/glob';

/** The file names looked for at the repository root, in order. */
export const CONFIG_FILE_NAMES = ['.devsecops.yml', '.devsecops.yaml'] as const;

/** A configuration file larger than this is refused unread; real ones are a few kilobytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** The only `version:` this reader understands. */
export const CONFIG_VERSION = 1;

/**
 * Reads `<root>/.devsecops.yml` (or `.yaml`). No file means the defaults: a
 * repository without configuration is scanned with every tool on `auto`.
 */
export async function loadConfig(root: string): Promise<DevsecopsConfig> {
  const found: { name: string; text: string }[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const read = await readRepositoryFile({ root, path: name, maxBytes: MAX_CONFIG_FILE_BYTES });
    if (read.ok) found.push({ name, text: read.text });
    // A config that is there but cannot be read safely is an error: scanning with the defaults would drop its policy.
    else if (read.reason !== 'missing') throw read.error;
  }
  const [first, second] = found;
  if (first === undefined) return DEFAULT_CONFIG;
  if (second !== undefined) {
    throw new DevsecopsError(
      'CONFIG_INVALID',
      `Both ${first.name} and ${second.name} exist in ${root}: keep one of them (the CLI, the extension and the bot read the same file).`,
    );
  }
  return parseConfig(first.text, first.name);
}

/** One thing wrong with the file, at a 1-based line. */
export interface ConfigProblem {
  readonly line: number;
  readonly message: string;
}

/** Collects every problem in one pass, so a user fixes the file in one go rather than error by error. */
export class ProblemList {
  readonly problems: ConfigProblem[] = [];
  /** Execution keys the file set (see `DevsecopsConfig.executionRequests`). */
  readonly executionRequests: ExecutionRequest[] = [];

  constructor(
    private readonly lineCounter: LineCounter,
    readonly sourceName = '.devsecops.yml',
  ) {}

  /** Notes that the file set an execution key, at the line of `node`. */
  requestExecution(key: ExecutionKey, node: unknown, timeoutSeconds?: number): void {
    this.executionRequests.push({
      key,
      where: `${this.sourceName}:${String(this.lineOf(node))}`,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    });
  }

  add(node: unknown, message: string): void {
    this.problems.push({ line: this.lineOf(node), message });
  }

  lineOf(node: unknown): number {
    const range = isNode(node) ? node.range : undefined;
    return range ? this.lineCounter.linePos(range[0]).line : 1;
  }
}

const TOP_LEVEL_KEYS = ['version', 'tools', 'ignore', 'severity', 'gate', 'suppressions'] as const;
const TOOL_KEYS = ['bandit', 'hadolint', 'dependencyCheck', 'sca', 'dockerfile'] as const;
const EXTERNAL_TOOL_KEYS = ['enabled', 'path', 'args', 'timeoutSeconds'] as const;
const BANDIT_KEYS = [...EXTERNAL_TOOL_KEYS, 'python', 'configFile'] as const;
const SCA_KEYS = ['enabled', 'database', 'maxDatabaseAgeDays'] as const;
const DOCKERFILE_KEYS = ['enabled'] as const;
const GATE_KEYS = ['failOn', 'scope'] as const;
const SUPPRESSION_KEYS = ['rule', 'path', 'fingerprint', 'reason', 'expires'] as const;

/**
 * Parses and strictly validates `.devsecops.yml` text. Every problem is
 * reported with `sourceName:line` and what to write instead, in one
 * DevsecopsError('CONFIG_INVALID'). Empty text gives the defaults.
 */
export function parseConfig(text: string, sourceName: string): DevsecopsConfig {
  const { contents, list } = parseYamlDocument(text, sourceName);
  const config = list.problems.length === 0 ? readRoot(contents, list) : DEFAULT_CONFIG;
  throwProblems(list, sourceName);
  if (list.executionRequests.length === 0) return config;
  const lineOf = (request: ExecutionRequest): number => Number(request.where.slice(request.where.lastIndexOf(':') + 1));
  return { ...config, executionRequests: [...list.executionRequests].sort((a, b) => lineOf(a) - lineOf(b)) };
}

/**
 * Parses YAML text for one of our configuration files: the document's contents and a problem list that
 * already holds the syntax errors, with line numbers. A text nested deeper than MAX_YAML_NESTING is not
 * composed at all (its one problem says so, and the contents are undefined).
 */
export function parseYamlDocument(
  text: string,
  sourceName: string,
  options: { version?: '1.1' | '1.2' } = {},
): { contents: unknown; list: ProblemList } {
  const lineCounter = new LineCounter();
  const list = new ProblemList(lineCounter, sourceName);
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    list.problems.push({ line: tooDeep.line, message: tooDeep.message });
    return { contents: undefined, list };
  }
  // YAML 1.2 core schema: `2025-01-31` stays a string and `on`/`off` stay words, as users expect here.
  // Repeated keys are found by duplicateKeyOffsets: the library's own check is quadratic.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    ...(options.version === undefined ? {} : { version: options.version }),
  });
  for (const error of doc.errors) {
    list.problems.push({
      line: lineCounter.linePos(error.pos[0]).line,
      message: `${firstLine(error.message)}: fix the YAML syntax (indent with spaces, one "key: value" per line).`,
    });
  }
  for (const offset of duplicateKeyOffsets(doc)) {
    list.problems.push({
      line: lineCounter.linePos(offset).line,
      message: 'this key appears twice in the same mapping; keep one of them.',
    });
  }
  return { contents: doc.contents, list };
}

/** Throws one CONFIG_INVALID error listing every problem (`file:line: message`), if there is any. */
export function throwProblems(list: ProblemList, sourceName: string): void {
  if (list.problems.length === 0) return;
  const lines = list.problems
    .sort((a, b) => a.line - b.line)
    .map((problem) => `${sourceName}:${problem.line}: ${oneLine(problem.message)}`);
  throw new DevsecopsError('CONFIG_INVALID', `${sourceName} is not valid:\n${lines.join('\n')}`);
}

/**
 * A problem's text on one line: keys are quoted as written, and a key holding a line break (or
 * another control character) could otherwise add lines that look like problems of their own.
 */
function oneLine(text: string): string {
  return text.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Key → (key node, value node) for a mapping whose keys were checked against `allowed`. */
export type Fields = ReadonlyMap<string, { readonly key: unknown; readonly value: unknown }>;

export function readMapping(
  node: unknown,
  where: string,
  allowed: readonly string[],
  list: ProblemList,
): Fields | undefined {
  if (isScalar(node) && node.value === null) return new Map();
  if (!isMap(node)) {
    list.add(node, `${where} must be a mapping of "key: value" lines; write one of its keys (${allowed.join(', ')}).`);
    return undefined;
  }
  const fields = new Map<string, { key: unknown; value: unknown }>();
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (name === undefined) {
      list.add(pair.key, `${where} has a key that is not a plain word; write one of ${allowed.join(', ')}.`);
      continue;
    }
    if (!allowed.includes(name)) {
      const suggestion = closestName(name, allowed);
      const hint = suggestion === undefined ? `allowed keys: ${allowed.join(', ')}.` : `did you mean "${suggestion}"?`;
      list.add(pair.key, `unknown key "${name}" in ${where}; ${hint}`);
      continue;
    }
    fields.set(name, { key: pair.key, value: pair.value });
  }
  return fields;
}

function readRoot(contents: unknown, list: ProblemList): DevsecopsConfig {
  if (contents === null || contents === undefined) return DEFAULT_CONFIG;
  const fields = readMapping(contents, 'the top level', TOP_LEVEL_KEYS, list);
  if (fields === undefined) return DEFAULT_CONFIG;

  const version = fields.get('version');
  if (version !== undefined) {
    const value = isScalar(version.value) ? version.value.value : undefined;
    if (value !== CONFIG_VERSION) {
      list.add(
        version.value ?? version.key,
        `version ${describe(version.value)} is not supported; write "version: 1".`,
      );
    }
  }
  const tools = fields.get('tools');
  const ignore = fields.get('ignore');
  const severity = fields.get('severity');
  const gate = fields.get('gate');
  const suppressions = fields.get('suppressions');
  return {
    tools: tools === undefined ? DEFAULT_CONFIG.tools : readTools(tools.value, list),
    ignore: ignore === undefined ? DEFAULT_CONFIG.ignore : readGlobList(ignore.value, list),
    severity: severity === undefined ? DEFAULT_CONFIG.severity : readSeverityOverrides(severity.value, list),
    gate: gate === undefined ? DEFAULT_CONFIG.gate : readGate(gate.value, list),
    suppressions: suppressions === undefined ? [] : readSuppressions(suppressions.value, list),
  };
}

function readTools(node: unknown, list: ProblemList): ToolsConfig {
  const fields = readMapping(node, 'tools', TOOL_KEYS, list);
  const defaults = DEFAULT_CONFIG.tools;
  if (fields === undefined) return defaults;
  const bandit = fields.get('bandit');
  const hadolint = fields.get('hadolint');
  const dependencyCheck = fields.get('dependencyCheck');
  const sca = fields.get('sca');
  const dockerfile = fields.get('dockerfile');
  return {
    bandit: bandit === undefined ? defaults.bandit : readBandit(bandit.value, list),
    hadolint: hadolint === undefined ? defaults.hadolint : readExternalTool(hadolint.value, 'hadolint', list),
    dependencyCheck:
      dependencyCheck === undefined
        ? defaults.dependencyCheck
        : readExternalTool(dependencyCheck.value, 'dependencyCheck', list),
    sca: sca === undefined ? defaults.sca : readSca(sca.value, list),
    dockerfile: dockerfile === undefined ? defaults.dockerfile : readDockerfile(dockerfile.value, list),
  };
}

function readExternalTool(node: unknown, tool: 'hadolint' | 'dependencyCheck', list: ProblemList): ExternalToolConfig {
  const fields = readMapping(node, `tools.${tool}`, EXTERNAL_TOOL_KEYS, list);
  return fields === undefined ? { enabled: 'auto' } : readExternalToolFields(fields, tool, list);
}

/**
 * A tool's `enabled` (policy), and its execution keys (`path`, `args`, `timeoutSeconds`), which are
 * validated like any key (a typo is still an error) but only recorded as requests: see `ProblemList`.
 */
function readExternalToolFields(
  fields: Fields,
  tool: 'bandit' | 'hadolint' | 'dependencyCheck',
  list: ProblemList,
): ExternalToolConfig {
  const where = `tools.${tool}` as const;
  const enabled = fields.get('enabled');
  const path = fields.get('path');
  const args = fields.get('args');
  const timeoutSeconds = fields.get('timeoutSeconds');
  if (path !== undefined) {
    readString(path.value, `${where}.path`, 'an executable name or path', list);
    list.requestExecution(`${where}.path`, path.key);
  }
  if (args !== undefined) {
    readStringList(args.value, `${where}.args`, 'an argument', '--verbose', list);
    list.requestExecution(`${where}.args`, args.key);
  }
  if (timeoutSeconds !== undefined) {
    const seconds = readTimeoutSeconds(timeoutSeconds.value, `${where}.timeoutSeconds`, list);
    list.requestExecution(`${where}.timeoutSeconds`, timeoutSeconds.key, seconds);
  }
  return { enabled: enabled === undefined ? 'auto' : readEnablement(enabled.value, `${where}.enabled`, list) };
}

export function readTimeoutSeconds(node: unknown, where: string, list: ProblemList): number {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TOOL_TIMEOUT_SECONDS) {
    return value;
  }
  list.add(
    node,
    `${where} is ${describe(node)}; write a number of seconds greater than 0 and at most ${String(MAX_TOOL_TIMEOUT_SECONDS)}, e.g. 900.`,
  );
  return 1;
}

function readBandit(node: unknown, list: ProblemList): ToolsConfig['bandit'] {
  const fields = readMapping(node, 'tools.bandit', BANDIT_KEYS, list);
  if (fields === undefined) return DEFAULT_CONFIG.tools.bandit;
  const python = fields.get('python');
  const configFile = fields.get('configFile');
  if (python !== undefined) {
    readString(python.value, 'tools.bandit.python', 'a Python interpreter path', list);
    list.requestExecution('tools.bandit.python', python.key);
  }
  return {
    ...readExternalToolFields(fields, 'bandit', list),
    ...(configFile === undefined
      ? {}
      : { configFile: readString(configFile.value, 'tools.bandit.configFile', 'a repository-relative path', list) }),
  };
}

function readSca(node: unknown, list: ProblemList): ToolsConfig['sca'] {
  const fields = readMapping(node, 'tools.sca', SCA_KEYS, list);
  if (fields === undefined) return DEFAULT_CONFIG.tools.sca;
  const enabled = fields.get('enabled');
  const database = fields.get('database');
  if (database !== undefined) {
    readString(database.value, 'tools.sca.database', 'a path to the database zip', list);
    list.requestExecution('tools.sca.database', database.key);
  }
  const maxAge = fields.get('maxDatabaseAgeDays');
  return {
    enabled: enabled === undefined ? true : readSwitch(enabled.value, 'tools.sca.enabled', list),
    ...(maxAge === undefined ? {} : { maxDatabaseAgeDays: readMaxDatabaseAgeDays(maxAge.value, list) }),
  };
}

/** The largest `tools.sca.maxDatabaseAgeDays` accepted (ten years), so a typo cannot silence the warning for ever. */
const MAX_DATABASE_AGE_DAYS_LIMIT = 3650;

function readMaxDatabaseAgeDays(node: unknown, list: ProblemList): number {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DATABASE_AGE_DAYS_LIMIT) {
    return value;
  }
  list.add(
    node,
    `tools.sca.maxDatabaseAgeDays is ${describe(node)}; write a whole number of days from 0 to ${String(MAX_DATABASE_AGE_DAYS_LIMIT)}, e.g. 30.`,
  );
  return DEFAULT_MAX_DATABASE_AGE_DAYS;
}

function readDockerfile(node: unknown, list: ProblemList): ToolsConfig['dockerfile'] {
  const fields = readMapping(node, 'tools.dockerfile', DOCKERFILE_KEYS, list);
  const enabled = fields?.get('enabled');
  return { enabled: enabled === undefined ? true : readSwitch(enabled.value, 'tools.dockerfile.enabled', list) };
}

const ENABLEMENT_WORDS = 'auto, on, off, true or false';

function readEnablement(node: unknown, where: string, list: ProblemList): ToolEnablement {
  const value = isScalar(node) ? node.value : undefined;
  if (value === true || value === 'on') return 'on';
  if (value === false || value === 'off') return 'off';
  if (value === 'auto') return 'auto';
  list.add(node, `${where} is ${describe(node)}; write ${ENABLEMENT_WORDS}.`);
  return 'auto';
}

/** A built-in engine is simply on or off: `true`/`false`, also spelled `on`/`off`. */
function readSwitch(node: unknown, where: string, list: ProblemList): boolean {
  const value = isScalar(node) ? node.value : undefined;
  if (value === true || value === 'on') return true;
  if (value === false || value === 'off') return false;
  list.add(node, `${where} is ${describe(node)}; write true or false.`);
  return true;
}

export function readString(node: unknown, where: string, what: string, list: ProblemList): string {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  list.add(node, `${where} is ${describe(node)}; write ${what} as text.`);
  return '';
}

export function readStringList(
  node: unknown,
  where: string,
  what: string,
  example: string,
  list: ProblemList,
): string[] {
  if (isScalar(node) && node.value === null) return [];
  if (!isSeq(node)) {
    list.add(node, `${where} must be a list; write each item on its own line, e.g. "- ${example}".`);
    return [];
  }
  return node.items.map((item, index) => readString(item, `${where}[${index}]`, what, list));
}

/** The `ignore` list: globs the matcher can use (see policy/glob.ts). */
function readGlobList(node: unknown, list: ProblemList): string[] {
  const globs = readStringList(node, 'ignore', 'a glob', 'tests/**', list);
  if (isSeq(node)) node.items.forEach((item, index) => checkGlob(item, globs[index] ?? '', `ignore[${index}]`, list));
  return globs;
}

function readGlob(node: unknown, where: string, list: ProblemList): string {
  const glob = readString(node, where, 'a repository-relative glob', list);
  checkGlob(node, glob, where, list);
  return glob;
}

function checkGlob(node: unknown, glob: string, where: string, list: ProblemList): void {
  const problem = glob === '' ? undefined : globProblem(glob);
  if (problem !== undefined) list.add(node, `${where}: ${problem}`);
}

function readSeverityOverrides(node: unknown, list: ProblemList): Record<string, Severity> {
  if (isScalar(node) && node.value === null) return {};
  if (!isMap(node)) {
    list.add(node, 'severity must be a mapping of rule ids to severities; write e.g. "B101: info".');
    return {};
  }
  const overrides: Record<string, Severity> = {};
  for (const pair of node.items) {
    const rule = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    const severity = typeof value === 'string' ? parseSeverity(value) : undefined;
    if (severity === undefined) {
      list.add(
        pair.value ?? pair.key,
        `severity.${rule} is ${describe(pair.value)}; write critical, high, medium, low or info.`,
      );
      continue;
    }
    overrides[rule] = severity;
  }
  return overrides;
}

function readGate(node: unknown, list: ProblemList): GateConfig {
  const fields = readMapping(node, 'gate', GATE_KEYS, list);
  const scope = fields?.get('scope');
  return {
    failOn: readFailOn(fields?.get('failOn'), list),
    ...(scope === undefined ? {} : { scope: readGateScope(scope, list) }),
  };
}

function readFailOn(failOn: { key: unknown; value: unknown } | undefined, list: ProblemList): GateThreshold {
  if (failOn === undefined) return DEFAULT_CONFIG.gate.failOn;
  const value = isScalar(failOn.value) ? failOn.value.value : undefined;
  if (typeof value === 'string') {
    if (value.trim().toLowerCase() === 'none') return 'none';
    const severity = parseSeverity(value);
    if (severity !== undefined) return severity;
  }
  list.add(
    failOn.value ?? failOn.key,
    `gate.failOn is ${describe(failOn.value)}; write critical, high, medium, low, info or none.`,
  );
  return DEFAULT_CONFIG.gate.failOn;
}

function readGateScope(scope: { key: unknown; value: unknown }, list: ProblemList): GateScope {
  const value = isScalar(scope.value) ? scope.value.value : undefined;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const known = GATE_SCOPES.find((candidate) => candidate === word);
  if (known !== undefined) return known;
  list.add(
    scope.value ?? scope.key,
    `gate.scope is ${describe(scope.value)}; write new (only findings a baseline does not have count) or all.`,
  );
  return 'new';
}

function readSuppressions(node: unknown, list: ProblemList): Suppression[] {
  if (isScalar(node) && node.value === null) return [];
  if (!isSeq(node)) {
    list.add(node, 'suppressions must be a list; write each as "- rule: B101" with a "reason:" line below it.');
    return [];
  }
  const suppressions: Suppression[] = [];
  node.items.forEach((item, index) => {
    const where = `suppressions[${index}]`;
    const fields = readMapping(item, where, SUPPRESSION_KEYS, list);
    if (fields === undefined) return;
    const rule = fields.get('rule');
    const reason = fields.get('reason');
    const path = fields.get('path');
    const fingerprint = fields.get('fingerprint');
    const expires = fields.get('expires');
    if (rule === undefined)
      list.add(item, `${where} has no "rule"; write the rule id it silences (e.g. "rule: B101"), or "*" for any rule.`);
    if (reason === undefined) {
      list.add(
        item,
        `${where} has no "reason"; write why the finding is acceptable (e.g. reason: "test fixture, never deployed").`,
      );
    }
    const suppression: Suppression = {
      rule: rule === undefined ? '' : readString(rule.value, `${where}.rule`, 'a rule id or "*"', list),
      ...(path === undefined ? {} : { path: readGlob(path.value, `${where}.path`, list) }),
      ...(fingerprint === undefined
        ? {}
        : { fingerprint: readString(fingerprint.value, `${where}.fingerprint`, 'a finding fingerprint', list) }),
      reason:
        reason === undefined ? '' : readString(reason.value, `${where}.reason`, 'why the finding is acceptable', list),
      ...(expires === undefined ? {} : { expires: readExpiry(expires.value, `${where}.expires`, list) }),
    };
    suppressions.push(suppression);
  });
  return suppressions;
}

function readExpiry(node: unknown, where: string, list: ProblemList): string {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && isIsoDate(value)) return value;
  list.add(node, `${where} is ${describe(node)}; write a date as YYYY-MM-DD (e.g. expires: 2026-12-31).`);
  return '';
}

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** How a value reads in an error message: `"yes"`, `42`, `a list`, `empty`. */
export function describe(node: unknown): string {
  if (node === null || node === undefined) return 'empty';
  if (isScalar(node)) {
    if (node.value === null) return 'empty';
    const value: unknown = node.value;
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return 'not a plain value';
  }
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'not a plain value';
}

/** The allowed name closest to a misspelt one, if it is plausibly a typo. */
export function closestName(name: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance (insert, delete, substitute each cost 1). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
