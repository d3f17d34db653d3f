import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import configSchema from '../../schemas/devsecops-config.schema.json';
import { DevsecopsError } from '../errors/devsecops-error';
import { parseSeverity } from '../findings/severity';
import type { GateThreshold, Severity } from '../findings/severity';
import { DEFAULT_CONFIG } from './config';
import type { DevsecopsConfig, ExecutionKey, ExecutionRequest, GateScope, ToolEnablement } from './config';
import { duplicateKeyOffsets } from './yaml-duplicate-keys';
import { spanOfOffsets } from './text-span';
import type { TextFix, TextSpan } from './text-span';
import { YamlLines } from './yaml-lines';
import type { YamlPathSegment } from './yaml-lines';
import { yamlNestingProblem } from './yaml-nesting';
import { YamlSchema } from './yaml-schema';
import { globProblem } from '../files/glob';
import { FINGERPRINT_VERSION, isFingerprint } from '../findings/fingerprint';
import { ruleIdAdvice } from './known-rule-ids';
import { globIntentProblem, ignoreListCoveringEverything } from './glob-intent';

// Reading `.devsecops.yml` and the other YAML files the product reads: parsing, the schema, every problem at its
// line. Loaded only when there is such a file to read (`load-config.ts` finds it).

/** The only `version:` this reader understands. */
export const CONFIG_VERSION = 1;

/** One thing wrong with the file, at a 1-based line. */
export interface ConfigProblem {
  readonly line: number;
  /** The key or value on that line the problem is about; undefined: the whole line. */
  readonly span?: TextSpan;
  readonly message: string;
  /** The did-you-mean of the message, as an edit of the span, where there is one. */
  readonly fix?: TextFix;
}

/** Collects every problem in one pass, so a user fixes the file in one go rather than error by error. */
export class ProblemList {
  readonly problems: ConfigProblem[] = [];
  /** Execution keys the file set (see `DevsecopsConfig.executionRequests`). */
  readonly executionRequests: ExecutionRequest[] = [];
  /** What may not apply as meant, without being wrong for certain (see `DevsecopsConfig.policyWarnings`). */
  readonly warnings: ConfigProblem[] = [];

  constructor(
    private readonly lineCounter: LineCounter,
    readonly sourceName = '.devsecops.yml',
  ) {}

  /** Notes that the file set an execution key, at a 1-based line. */
  requestExecution(key: ExecutionKey, line: number, timeoutSeconds?: number): void {
    this.executionRequests.push({
      key,
      where: `${this.sourceName}:${String(line)}`,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    });
  }

  add(node: unknown, message: string): void {
    const range = isNode(node) ? node.range : undefined;
    if (!range) {
      this.problems.push({ line: 1, message });
      return;
    }
    const span = spanOfOffsets(this.lineCounter, range[0], range[1]);
    this.problems.push({ line: span.line, span, message });
  }

  lineOf(node: unknown): number {
    const range = isNode(node) ? node.range : undefined;
    return range ? this.lineCounter.linePos(range[0]).line : 1;
  }
}

/**
 * Parses and strictly validates `.devsecops.yml` text. Every problem is
 * reported with `sourceName:line` and what to write instead, in one
 * DevsecopsError('CONFIG_INVALID'). Empty text gives the defaults.
 */
export function parseConfig(text: string, sourceName: string): DevsecopsConfig {
  const { list, config } = readConfigText(text, sourceName);
  throwProblems(list, sourceName);
  const warned =
    list.warnings.length === 0
      ? config
      : {
          ...config,
          policyWarnings: [...list.warnings]
            .sort((a, b) => a.line - b.line)
            .map((warning) => ({
              where: `${sourceName}:${String(warning.line)}`,
              message: oneLineWithEscapes(warning.message),
            })),
        };
  if (list.executionRequests.length === 0) return warned;
  const lineOf = (request: ExecutionRequest): number => Number(request.where.slice(request.where.lastIndexOf(':') + 1));
  return { ...warned, executionRequests: [...list.executionRequests].sort((a, b) => lineOf(a) - lineOf(b)) };
}

/**
 * `.devsecops.yml` text read without throwing: every problem and warning (with where it is written) in the
 * list, and the configuration it means (the defaults when there is any problem). `parseConfig` reports the
 * same list as one error; the editor shows each entry at its place.
 */
export function readConfigText(
  text: string,
  sourceName: string,
): { readonly parsed: ParsedYaml; readonly list: ProblemList; readonly config: DevsecopsConfig } {
  const parsed = parseYamlDocument(text, sourceName);
  const { list } = parsed;
  const config = list.problems.length === 0 ? readConfig(parsed, list) : DEFAULT_CONFIG;
  return { parsed, list, config };
}

/** A YAML file of ours, parsed: its document (undefined when it was too deep to compose) and where each node is. */
export interface ParsedYaml {
  readonly contents: unknown;
  readonly document: Document | undefined;
  readonly lines: YamlLines;
  readonly list: ProblemList;
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
): ParsedYaml {
  const lineCounter = new LineCounter();
  const list = new ProblemList(lineCounter, sourceName);
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    list.problems.push({ line: tooDeep.line, message: tooDeep.message });
    return { contents: undefined, document: undefined, lines: new YamlLines(undefined, lineCounter), list };
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
    const span = spanOfOffsets(lineCounter, error.pos[0], error.pos[1]);
    list.problems.push({
      line: span.line,
      span,
      message: `${firstLine(error.message)}: fix the YAML syntax (indent with spaces, one "key: value" per line).`,
    });
  }
  for (const offset of duplicateKeyOffsets(doc)) {
    const span = spanOfOffsets(lineCounter, offset, offset);
    list.problems.push({
      line: span.line,
      span,
      message: 'this key appears twice in the same mapping; keep one of them.',
    });
  }
  return { contents: doc.contents, document: doc, lines: new YamlLines(doc.contents, lineCounter), list };
}

/**
 * The document as plain values, for its schema. Expanding aliases is where an "alias bomb" (each anchor
 * repeating the previous one) would cost memory exponentially: the yaml library refuses it, and so do we.
 */
export function plainValue(parsed: ParsedYaml, list: ProblemList): unknown {
  try {
    return parsed.document?.toJS();
  } catch {
    list.problems.push({
      line: 1,
      message: 'the file repeats YAML aliases (*name) more often than can be expanded safely: write the values out.',
    });
    return undefined;
  }
}

/** Throws one CONFIG_INVALID error listing every problem (`file:line: message`), if there is any. */
export function throwProblems(list: ProblemList, sourceName: string): void {
  if (list.problems.length === 0) return;
  const lines = list.problems
    .sort((a, b) => a.line - b.line)
    .map((problem) => `${sourceName}:${problem.line}: ${oneLineWithEscapes(problem.message)}`);
  throw new DevsecopsError('CONFIG_INVALID', `${sourceName} is not valid:\n${lines.join('\n')}`);
}

/**
 * A problem's text on one line, every control character shown as its `\uXXXX` escape: keys are quoted as
 * written, and a key holding a line break (or another control character) could otherwise add lines that look
 * like problems of their own. Escaped rather than replaced (as `oneLine` in `reporters/safe-text.ts` does,
 * with a space or U+FFFD) so the user can find the exact key to fix.
 */
export function oneLineWithEscapes(text: string): string {
  return text.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/**
 * `.devsecops.yml` checked by its JSON Schema (the file the extension gives the editor, so the editor and
 * the loader agree by construction), worded for a user: see yaml-schema.ts for the `x-…` message keywords.
 */
const CONFIG_SCHEMA = new YamlSchema(configSchema, {
  rootName: 'the top level',
  unknownKey: 'unknown key "{key}" in {where}; {hint}',
  wrongValue: '{where} is {value}; it {expected}.',
  missingKey: '{where} has no "{key}".',
});

/** The file's shape once its schema has taken it (every key optional; null where a key is left empty). */
type Enablement = 'auto' | 'on' | 'off' | boolean;
type Text = string | number;
interface ExternalToolFile {
  readonly enabled?: Enablement;
  readonly path?: Text;
  readonly args?: readonly Text[] | null;
  readonly timeoutSeconds?: number;
  readonly python?: Text;
  readonly configFile?: Text;
}
interface ConfigFile {
  readonly version?: 1;
  readonly tools?: {
    readonly bandit?: ExternalToolFile | null;
    readonly hadolint?: ExternalToolFile | null;
    readonly dependencyCheck?: ExternalToolFile | null;
    readonly sca?: {
      readonly enabled?: Enablement;
      readonly database?: Text;
      readonly maxDatabaseAgeDays?: number;
    } | null;
    readonly dockerfile?: { readonly enabled?: Enablement } | null;
  } | null;
  readonly ignore?: readonly Text[] | null;
  readonly severity?: Readonly<Record<string, string>> | null;
  readonly gate?: { readonly failOn?: string; readonly scope?: string } | null;
  readonly suppressions?: readonly SuppressionFile[] | null;
}
interface SuppressionFile {
  readonly rule: Text;
  readonly path?: Text;
  readonly fingerprint?: Text;
  readonly reason: Text;
  readonly expires?: string;
}

/** The execution keys a repository's file may write (and which are only recorded: see `ProblemList`). */
const EXECUTION_KEYS: readonly ExecutionKey[] = [
  'tools.bandit.path',
  'tools.bandit.args',
  'tools.bandit.timeoutSeconds',
  'tools.bandit.python',
  'tools.hadolint.path',
  'tools.hadolint.args',
  'tools.hadolint.timeoutSeconds',
  'tools.dependencyCheck.path',
  'tools.dependencyCheck.args',
  'tools.dependencyCheck.timeoutSeconds',
  'tools.sca.database',
];

function readConfig(parsed: ParsedYaml, list: ProblemList): DevsecopsConfig {
  const value = plainValue(parsed, list);
  if (value === null || value === undefined) return DEFAULT_CONFIG;
  for (const problem of CONFIG_SCHEMA.problems(value, parsed.lines)) {
    list.problems.push({
      line: problem.line,
      span: problem.span,
      message: problem.message,
      ...(problem.fix === undefined ? {} : { fix: problem.fix }),
    });
  }
  checkWhatNoSchemaSays(value, parsed.lines, list);
  recordExecutionRequests(value, parsed.lines, list);
  return list.problems.length === 0 ? configOf(value) : DEFAULT_CONFIG;
}

/**
 * The checks JSON Schema cannot express, on the values of the right type (a wrong type is the schema's
 * problem, reported once): glob syntax the matcher supports, and real calendar dates.
 */
function checkWhatNoSchemaSays(value: unknown, lines: YamlLines, list: ProblemList): void {
  const file = value as ConfigFile;
  const checkGlob = (glob: unknown, path: YamlPathSegment[]): void => {
    if (typeof glob !== 'string' && typeof glob !== 'number') return;
    const span = lines.valueSpan(path);
    const problem = String(glob).trim() === '' ? undefined : globProblem(String(glob));
    if (problem !== undefined) {
      list.problems.push({ line: span.line, span, message: `${whereOf(path)}: ${problem}` });
      return;
    }
    const unmeant = globIntentProblem(String(glob));
    if (unmeant === undefined) return;
    // A negation that matches nothing keeps out what its author meant to let back in: more lenient than
    // written, so it is an error. Any other such glob matches nothing, which only reports more.
    const entry = { line: span.line, span, message: `${whereOf(path)}: ${unmeant}` };
    if (String(glob).startsWith('!')) list.problems.push(entry);
    else list.warnings.push(entry);
  };
  if (Array.isArray(file.ignore)) {
    file.ignore.forEach((glob, index) => checkGlob(glob, ['ignore', index]));
    const globs = file.ignore.map((glob) => (typeof glob === 'string' || typeof glob === 'number' ? String(glob) : ''));
    const everything = ignoreListCoveringEverything(globs);
    if (everything !== undefined) {
      const negated = JSON.stringify(globs[everything.negated]);
      const covering = JSON.stringify(globs[everything.covering]);
      const span = lines.valueSpan(['ignore', everything.negated]);
      list.problems.push({
        line: span.line,
        span,
        message: `ignore[${everything.negated}]: ${negated} matches every path outside what follows "!" (a "!" here brings no file back, as it would in .gitignore), and ignore[${everything.covering}] ${covering} matches paths inside it: together they leave next to nothing to scan, and a scan of nothing passes. List only what to ignore.`,
      });
    }
  }
  if (typeof file.severity === 'object' && file.severity !== null && !Array.isArray(file.severity)) {
    for (const rule of Object.keys(file.severity)) {
      checkRuleId(rule, { span: lines.keySpan(['severity', rule]), where: 'severity key' }, list);
    }
  }
  if (!Array.isArray(file.suppressions)) return;
  file.suppressions.forEach((suppression: unknown, index) => {
    if (typeof suppression !== 'object' || suppression === null || Array.isArray(suppression)) return;
    const { path, expires, rule, fingerprint } = suppression as Partial<SuppressionFile>;
    if (typeof rule === 'string') {
      const place = { span: lines.valueSpan(['suppressions', index, 'rule']), where: `suppressions[${index}].rule` };
      checkRuleId(rule, place, list);
    }
    if ((typeof fingerprint === 'string' || typeof fingerprint === 'number') && !isFingerprint(String(fingerprint))) {
      const span = lines.valueSpan(['suppressions', index, 'fingerprint']);
      list.warnings.push({
        line: span.line,
        span,
        message: `suppressions[${index}].fingerprint ${JSON.stringify(String(fingerprint))} is not a fingerprint this version writes (${FINGERPRINT_VERSION}: and 32 hexadecimal digits), so the suppression silences nothing; copy the fingerprint from a report (JSON, SARIF) or the editor's quick fix.`,
      });
    }
    if (path !== undefined) checkGlob(path, ['suppressions', index, 'path']);
    const expiresPath = ['suppressions', index, 'expires'];
    // A text that is not YYYY-MM-DD at all is the schema's problem; here only dates such as 2025-02-30.
    if (typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expires) && !isIsoDate(expires)) {
      const span = lines.valueSpan(expiresPath);
      list.problems.push({
        line: span.line,
        span,
        message: CONFIG_SCHEMA.messageAt(expiresPath, expires),
      });
    }
  });
}

/**
 * A rule id in another case than the scanner's matches no finding, ever: `severity: { b602: critical }` would
 * leave B602 at its default, a gate more lenient than written, so it is an error. An id no scanner we know
 * reports may still be real (a newer Bandit, a plugin, another tool's SARIF), so it is a warning.
 */
function checkRuleId(rule: string, place: { span: TextSpan; where: string }, list: ProblemList): void {
  const advice = ruleIdAdvice(rule);
  if (advice === undefined) return;
  if (advice.kind === 'wrong-case') {
    list.problems.push({
      line: place.span.line,
      span: place.span,
      fix: { written: rule, replacement: advice.meant },
      message: `${place.where} ${JSON.stringify(rule)} matches no finding: rule ids are case-sensitive; did you mean ${advice.meant}?`,
    });
    return;
  }
  const hint = advice.closest === undefined ? '' : ` did you mean ${advice.closest}?`;
  list.warnings.push({
    line: place.span.line,
    span: place.span,
    ...(advice.closest === undefined ? {} : { fix: { written: rule, replacement: advice.closest } }),
    message: `${place.where} ${JSON.stringify(rule)} is a rule no scanner of this version reports, so it applies to nothing;${hint === '' ? ' check the id in a report (`devsecops rules` lists the built-in ones).' : hint}`,
  });
}

/** `ignore[1]`, `suppressions[0].path`: a path as the schema's messages write it. */
function whereOf(path: readonly YamlPathSegment[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${String(segment)}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** Notes each execution key the file set, at its key's line, whatever its value: the user is warned either way. */
function recordExecutionRequests(value: unknown, lines: YamlLines, list: ProblemList): void {
  for (const key of EXECUTION_KEYS) {
    const path = key.split('.');
    let holder: unknown = value;
    for (const segment of path.slice(0, -1)) {
      holder =
        typeof holder === 'object' && holder !== null && Object.hasOwn(holder, segment)
          ? (holder as Record<string, unknown>)[segment]
          : undefined;
    }
    const name = path[path.length - 1] ?? '';
    if (typeof holder !== 'object' || holder === null || Array.isArray(holder) || !Object.hasOwn(holder, name))
      continue;
    const setting: unknown = (holder as Record<string, unknown>)[name];
    list.requestExecution(
      key,
      lines.keyLine(path),
      typeof setting === 'number' && name === 'timeoutSeconds' ? setting : undefined,
    );
  }
}

/** The configuration a valid file means: the schema has already refused every other shape. */
function configOf(file: ConfigFile): DevsecopsConfig {
  const defaults = DEFAULT_CONFIG;
  const tools = file.tools ?? {};
  const bandit = tools.bandit ?? {};
  const sca = tools.sca ?? {};
  const gate = file.gate ?? {};
  return {
    tools: {
      bandit: {
        enabled: enablementOf(bandit.enabled),
        ...(bandit.configFile === undefined ? {} : { configFile: String(bandit.configFile) }),
      },
      hadolint: { enabled: enablementOf(tools.hadolint?.enabled) },
      dependencyCheck: { enabled: enablementOf(tools.dependencyCheck?.enabled) },
      sca: {
        enabled: switchOf(sca.enabled),
        ...(sca.maxDatabaseAgeDays === undefined ? {} : { maxDatabaseAgeDays: sca.maxDatabaseAgeDays }),
      },
      dockerfile: { enabled: switchOf(tools.dockerfile?.enabled) },
    },
    ignore: file.ignore === undefined ? defaults.ignore : (file.ignore ?? []).map(String),
    severity: severityOverridesOf(file.severity),
    gate: {
      failOn: gate.failOn === undefined ? defaults.gate.failOn : failOnOf(gate.failOn),
      ...(gate.scope === undefined ? {} : { scope: gate.scope.trim().toLowerCase() as GateScope }),
    },
    suppressions: (file.suppressions ?? []).map((suppression) => ({
      rule: String(suppression.rule),
      ...(suppression.path === undefined ? {} : { path: String(suppression.path) }),
      ...(suppression.fingerprint === undefined ? {} : { fingerprint: String(suppression.fingerprint) }),
      reason: String(suppression.reason),
      ...(suppression.expires === undefined ? {} : { expires: suppression.expires }),
    })),
  };
}

/** A tool's `enabled`: `on`/`true`, `off`/`false` or `auto` (the default). */
function enablementOf(enabled: Enablement | undefined): ToolEnablement {
  if (enabled === true || enabled === 'on') return 'on';
  if (enabled === false || enabled === 'off') return 'off';
  return 'auto';
}

/** A built-in engine is simply on (the default) or off: `true`/`false`, also spelled `on`/`off`. */
function switchOf(enabled: Enablement | undefined): boolean {
  return !(enabled === false || enabled === 'off');
}

function severityOverridesOf(severity: ConfigFile['severity']): Record<string, Severity> {
  const overrides: Record<string, Severity> = {};
  for (const [rule, word] of Object.entries(severity ?? {})) {
    const parsed = parseSeverity(word);
    if (parsed !== undefined) overrides[rule] = parsed;
  }
  return overrides;
}

function failOnOf(word: string): GateThreshold {
  return word.trim().toLowerCase() === 'none' ? 'none' : (parseSeverity(word) ?? DEFAULT_CONFIG.gate.failOn);
}

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
