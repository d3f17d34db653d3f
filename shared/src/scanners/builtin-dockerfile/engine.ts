import type { DevsecopsConfig } from '../../config/config';
import { DevsecopsError } from '../../errors/devsecops-error';
import type { FindingDraft } from '../../findings/finding';
import type { InstructionLocation } from './dockerfile-model';
import { parseDockerfile } from './dockerfile-model';
import type { HadolintConfig, HadolintSeverity } from './hadolint-config';
import { DEFAULT_HADOLINT_CONFIG } from './hadolint-config';
import { isIgnoredByPragma, readPragmas } from './pragmas';
import type { DockerfileRule } from './rule';
import { hadolintWiki } from './rule';
import { ALL_RULES } from './rule-catalog';
import { dockerfileFindingSeverity } from '../dockerfile-severity/dockerfile-severity';
import { BUILTIN_DOCKERFILE_TOOL } from './severity-mapping';
import { compareText } from '../../findings/finding-order';

/** Options for `lintDockerfile`. */
export interface DockerfileLintOptions {
  /** `.hadolint.yaml` settings; defaults to hadolint's defaults. */
  readonly config?: HadolintConfig;
  /** `.devsecops.yml`; when `tools.dockerfile.enabled` is false nothing is reported. */
  readonly devsecops?: DevsecopsConfig;
}

/** One rule result before it becomes a finding. */
export interface DockerfileRuleResult {
  readonly code: string;
  /** hadolint severity after `override`. */
  readonly severity: HadolintSeverity;
  readonly message: string;
  readonly location: InstructionLocation;
  readonly helpUri: string;
  readonly cwe?: readonly number[];
}

/**
 * Files longer than this (UTF-16 code units, about bytes for ASCII) are reported
 * as one DL1000 instead of being parsed. Real Dockerfiles are a few kB; linting
 * costs about 0.1 ms per instruction and findings grow with it, so 1 MB (about
 * 1 s of work on a busy 2-core machine) bounds the time and memory of a scan.
 */
export const MAX_DOCKERFILE_CHARS = 1024 * 1024;

/** Files with more lines than this are reported as one DL1000 instead of being parsed (a 1 MB file of tiny instructions). */
export const MAX_DOCKERFILE_LINES = 20_000;

const PARSE_ERROR_CODE = 'DL1000';
/** Binary files and pathological inputs produce at most this many DL1000 findings. */
const MAX_PARSE_PROBLEMS = 10;

/**
 * Runs every rule and applies pragmas and `override`, but keeps rules whose
 * severity is `ignore` and codes in `ignored` (hadolint's own tests see
 * those). `lintDockerfile` is the function to call; this one exists for the
 * agreement test.
 */
export function analyzeDockerfile(
  text: string,
  config: HadolintConfig = DEFAULT_HADOLINT_CONFIG,
  rules: readonly DockerfileRule[] = ALL_RULES,
): DockerfileRuleResult[] {
  const whole: InstructionLocation = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const tooLarge = dockerfileLimitProblem(text);
  if (tooLarge !== undefined) return [parseError(tooLarge, whole)];
  if (text.slice(0, 8192).includes('\u0000')) {
    return [parseError('The file holds binary data (NUL bytes), not Dockerfile text; it was not linted.', whole)];
  }
  const dockerfile = parseDockerfile(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const pragmas = readPragmas(dockerfile);
  const context = { dockerfile, config, pragmas };
  const results: DockerfileRuleResult[] = dockerfile.problems
    .slice(0, MAX_PARSE_PROBLEMS)
    .map((problem) => parseError(problem.message, problem.location));

  for (const rule of rules) {
    let hits;
    try {
      hits = rule.check(context);
    } catch (error) {
      throw new DevsecopsError('INTERNAL', `Dockerfile rule ${rule.code} failed; please report this with the file.`, {
        cause: error,
      });
    }
    const severity = overriddenSeverity(rule.code, rule.severity, config);
    for (const hit of hits) {
      if (!config.disableIgnorePragma && isIgnoredByPragma(pragmas, rule.code, hit.location.line)) continue;
      results.push({
        code: rule.code,
        severity,
        message: hit.message ?? rule.message,
        location: hit.location,
        helpUri: rule.helpUri,
        ...(rule.cwe === undefined ? {} : { cwe: rule.cwe }),
      });
    }
  }
  return results.sort((a, b) => a.location.line - b.location.line || compareText(a.code, b.code));
}

/**
 * Why `text` is too large to lint (over `MAX_DOCKERFILE_CHARS` or
 * `MAX_DOCKERFILE_LINES`), or undefined when it is within the limits. The
 * scanner also uses it to keep such files from ShellCheck.
 */
export function dockerfileLimitProblem(text: string): string | undefined {
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return `The file is larger than ${String(MAX_DOCKERFILE_CHARS / 1024 / 1024)} MB (${String(text.length)} characters); it was not linted. A Dockerfile this large is almost certainly generated or not a Dockerfile: exclude it with an ignore glob in .devsecops.yml, or split it.`;
  }
  const lines = countLines(text);
  if (lines > MAX_DOCKERFILE_LINES) {
    return `The file has ${String(lines)} lines, more than the ${String(MAX_DOCKERFILE_LINES)} the linter reads; it was not linted. Exclude it with an ignore glob in .devsecops.yml, or split it.`;
  }
  return undefined;
}

/**
 * Lints one Dockerfile: pure, synchronous, no I/O. Findings carry tool
 * `devsecops-dockerfile` and hadolint's rule codes (DL…), or ours (DS…) for
 * checks hadolint does not have. Lines point at an instruction's first line.
 */
export function lintDockerfile(text: string, path: string, options: DockerfileLintOptions = {}): FindingDraft[] {
  if (options.devsecops?.tools.dockerfile.enabled === false) return [];
  const config = options.config ?? DEFAULT_HADOLINT_CONFIG;
  const ignored = new Set(config.ignored);
  return analyzeDockerfile(text, config)
    .filter((result) => result.severity !== 'ignore' && !ignored.has(result.code))
    .map((result) => toFinding(result, path));
}

function toFinding(result: DockerfileRuleResult, path: string): FindingDraft {
  return {
    tool: BUILTIN_DOCKERFILE_TOOL,
    category: 'dockerfile',
    ruleId: result.code,
    message: result.message,
    severity: dockerfileFindingSeverity(result.code, result.severity),
    nativeSeverity: result.severity,
    location: {
      path,
      line: result.location.line,
      column: result.location.column,
      endLine: result.location.endLine,
      endColumn: result.location.endColumn,
    },
    helpUri: result.helpUri,
    ...(result.cwe === undefined ? {} : { cwe: result.cwe }),
  };
}

function overriddenSeverity(code: string, severity: HadolintSeverity, config: HadolintConfig): HadolintSeverity {
  for (const level of ['error', 'warning', 'info', 'style'] as const) {
    if (config.override[level].includes(code)) return level;
  }
  return severity;
}

function parseError(message: string, location: InstructionLocation): DockerfileRuleResult {
  return { code: PARSE_ERROR_CODE, severity: 'error', message, location, helpUri: hadolintWiki(PARSE_ERROR_CODE) };
}

/** Lines in `text` as an editor counts them (a final newline ends a line, it does not start one), without splitting the text. */
function countLines(text: string): number {
  let lines = text === '' || text.endsWith('\n') ? 0 : 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
