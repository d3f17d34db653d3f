import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';
import { SCAN_CATEGORIES } from '../../findings/finding';
import type { ScanCategory } from '../../findings/finding';
import { parseSeverity } from '../../findings/severity';
import type { GateThreshold } from '../../findings/severity';
import { incompletenessOf, UNSCANNED_ADVICE } from '../../policy/completeness';
import { evaluateGate } from '../../policy/gate';
import { GATE_SCOPES } from '../../config/config';
import type { GateScope } from '../../config/config';
import type { Baseline, BaselineComparison } from '../../policy/baseline';
import { compareWithBaseline, describeComparison, findingsInGateScope } from '../../policy/baseline';
import { BASELINE_VARIABLE, baselinePathFrom, loadBaseline } from '../../sarif/load-baseline';
import { isReportFormat, renderReport, REPORT_FORMATS } from '../../reporters/render-report';
import { oneLine, printablePath, withQuotedContinuation } from '../../reporters/safe-text';
import type { ReportFormat } from '../../reporters/render-report';
import type { ReportInput } from '../../reporters/report-input';
import { gateCountOf } from '../../reporters/console';
import { readSourceExcerpts } from '../../reporters/html/source-excerpts';
import { describeUncounted, gateFailureLines, suppressionAdvice } from '../../reporters/gate-failures';
import { plural } from '../../reporters/report-order';
import { listBuiltinRules } from '../../scan/builtin-rules';
import { runScan } from '../../scan/run-scan';
import type { RunScanResult } from '../../scan/run-scan';
import { loadScanPolicy, policyFileFrom, POLICY_FILE_VARIABLE } from '../../config/policy-file';
import { loadUserExecutionSettings } from '../../config/trust';
import { resultCacheDirectory } from '../../cache/cache-directory';
import { EXIT_GATE_FAILED, EXIT_GATE_PASSED, EXIT_USAGE_OR_TOOL_ERROR } from '../exit-codes';
import { addExecutionFlags, executionFromFlags } from '../execution-flags';
import type { ExecutionFlagValues } from '../execution-flags';
import { OUTPUT_OPTION_HELP, reportTargets } from '../report-targets';
import type { ReportTarget } from '../report-targets';
import { stopOnSignals } from '../stop-on-signals';
import { prepareReportFile, writeReportFile } from '../write-report-file';
import packageJson from '../../../package.json';
import { staleDatabaseWarning } from '../../scanners/builtin-sca/database-age';

/** `--only sast,sca`: categories, validated; duplicates dropped, order kept. */
export function parseOnlyOption(text: string): ScanCategory[] {
  const words = text
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
  if (words.length === 0) {
    throw new DevsecopsError('USAGE', `--only needs at least one of ${SCAN_CATEGORIES.join(', ')}.`);
  }
  const categories: ScanCategory[] = [];
  for (const word of words) {
    const category = SCAN_CATEGORIES.find((candidate) => candidate === word);
    if (category === undefined) {
      throw new DevsecopsError(
        'USAGE',
        `--only ${text}: "${word}" is not a scan category; use a comma-separated list of ${SCAN_CATEGORIES.join(', ')}.`,
      );
    }
    if (!categories.includes(category)) categories.push(category);
  }
  return categories;
}

/** `--fail-on high`: a severity or `none`. */
export function parseFailOnOption(text: string): GateThreshold {
  const word = text.trim().toLowerCase();
  if (word === 'none') return 'none';
  const severity = parseSeverity(word);
  if (severity === undefined) {
    throw new DevsecopsError(
      'USAGE',
      `--fail-on ${text} is not a severity; use critical, high, medium, low, info or none.`,
    );
  }
  return severity;
}

/** `--gate-scope new`: what the gate counts once a baseline is given. */
export function parseGateScopeOption(text: string): GateScope {
  const word = text.trim().toLowerCase();
  const scope = GATE_SCOPES.find((candidate) => candidate === word);
  if (scope === undefined) {
    throw new DevsecopsError(
      'USAGE',
      `--gate-scope ${text} is not a scope; use new (only findings the baseline does not have) or all.`,
    );
  }
  return scope;
}

/** Compares the scan with its baseline and says on stderr what was compared. */
function compareBaseline(result: RunScanResult, baseline: Baseline): BaselineComparison {
  const everyFinding = [...result.findings, ...result.suppressed.map((entry) => entry.finding)];
  const comparison = compareWithBaseline(everyFinding, baseline, result.tools);
  const sources = baseline.sources.map((source) => printablePath(source)).join(', ');
  process.stderr.write(
    `devsecops: compared with the baseline (${sources}): ${describeComparison(result.findings, comparison)}.\n`,
  );
  if (baseline.unmatchable > 0) {
    process.stderr.write(
      `devsecops: ${String(baseline.unmatchable)} baseline result(s) carry no devsecops fingerprint (another tool's SARIF) and were not compared; their findings count as new.\n`,
    );
  }
  return comparison;
}

/** `--format json`: one of the report formats. */
export function parseFormatOption(text: string): ReportFormat {
  const word = text.trim().toLowerCase();
  if (!isReportFormat(word)) {
    throw new DevsecopsError(
      'USAGE',
      `--format ${text} is not a report format; use one of ${REPORT_FORMATS.join(', ')}.`,
    );
  }
  return word;
}

interface ScanCommandOptions extends ExecutionFlagValues {
  /** False with `--no-cache`. */
  readonly cache: boolean;
  readonly only?: string;
  readonly format?: string;
  readonly output: readonly string[];
  readonly failOn?: string;
  readonly policy?: string;
  readonly baseline?: string;
  readonly gateScope?: string;
}

/**
 * The exit code of a finished scan. An incomplete result (a tool failed:
 * crashed, unreadable output, or missing while `enabled: on`; or a tool left
 * files it could not analyse) wins over the gate: neither "passed" nor
 * "failed on findings" would be true. A skipped tool (not installed, `auto`)
 * does not change the exit code as long as some other tool ran; when no tool
 * ran at all (`noToolRan`), the scan checked nothing and a pass would be
 * silent and false, so that is a tool error too.
 */
export function scanExitCode(gatePassed: boolean, incomplete: boolean, noToolRan = false): number {
  if (incomplete || noToolRan) return EXIT_USAGE_OR_TOOL_ERROR;
  return gatePassed ? EXIT_GATE_PASSED : EXIT_GATE_FAILED;
}

/** The stderr line for a scan in which no tool ran, naming each tool and why it did not. */
export function noToolRanMessage(tools: readonly { name: string; status: string; reason?: string }[]): string {
  const why = tools.map((tool) => `${tool.name} ${tool.status}`).join(', ');
  return `no scanner ran (${why === '' ? 'none was selected' : why}), so nothing was checked and the gate cannot pass: install the tools named above, fix their settings, or select categories that can run with --only.`;
}

function withResultCache(directory: string | undefined): { cacheDirectory?: string } {
  return directory === undefined ? {} : { cacheDirectory: directory };
}

/** After SIGINT/SIGTERM, the scan has this long to wind down before the CLI exits anyway. */
const STOP_GRACE_MS = 10_000;

async function scanAction(path: string | undefined, options: ScanCommandOptions): Promise<void> {
  // Validate every option before any work, so a typo costs nothing.
  const only = options.only === undefined ? undefined : parseOnlyOption(options.only);
  const format = options.format === undefined ? undefined : parseFormatOption(options.format);
  const targets = reportTargets({ ...(format ? { format } : {}), outputs: options.output }, process.cwd());
  const failOnOverride = options.failOn === undefined ? undefined : parseFailOnOption(options.failOn);
  const scopeOverride = options.gateScope === undefined ? undefined : parseGateScopeOption(options.gateScope);
  const root = resolve(path ?? '.');
  const isDirectory = await stat(root).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new DevsecopsError('USAGE', `${root} is not a folder: pass the folder to scan.`);
  for (const target of targets) {
    if (target.destination.kind === 'file') await prepareReportFile(root, target.destination.path);
  }
  // The user's execution settings: flags over environment variables over their own config file.
  const user = await loadUserExecutionSettings({ flags: executionFromFlags(options) });
  const policy = await loadScanPolicy(root, policyFileFrom(options.policy, process.env));
  const baselinePath = baselinePathFrom(options.baseline, process.env);
  const baseline = baselinePath === undefined ? undefined : await loadBaseline(baselinePath);
  if (policy.policyFile !== undefined) {
    process.stderr.write(
      `devsecops: policy from ${printablePath(policy.policyFile)}; the folder's .devsecops.yml is not used.\n`,
    );
  }

  const controller = new AbortController();
  // Tools get SIGTERM, then SIGKILL 2 s later, and no read of ours blocks; should something still hang, a stop
  // signal must stop the CLI all the same. The handlers stay installed: a second Ctrl-C while stopping must not
  // fall back to Node's default exit, which would leave the tools' process groups running; closing the terminal
  // (SIGHUP) stops them too. Aborting twice is harmless.
  let stopDeadline: NodeJS.Timeout | undefined;
  const stopListening = stopOnSignals(() => {
    controller.abort();
    stopDeadline ??= setTimeout(() => {
      process.stderr.write(
        `devsecops: the scan did not stop within ${String(STOP_GRACE_MS / 1000)} s of the stop signal; exiting.\n`,
      );
      process.exit(EXIT_USAGE_OR_TOOL_ERROR);
    }, STOP_GRACE_MS).unref();
  });
  let result;
  try {
    result = await runScan({
      root,
      config: policy.config,
      signal: controller.signal,
      ...withResultCache(resultCacheDirectory(process.env, !options.cache)),
      execution: user.settings,
      ...(only ? { only } : {}),
      // Log lines and tool reasons quote tool output and file names: no terminal escape sequence and no
      // line break of theirs reaches the console, so none can fake a line of ours.
      log: (line) => process.stderr.write(`devsecops: ${oneLine(line)}\n`),
    });
  } finally {
    stopListening();
  }
  for (const warning of result.config.policyWarnings ?? []) {
    process.stderr.write(`devsecops: warning: ${warning.where}: ${oneLine(warning.message)}\n`);
  }
  for (const warning of result.trustWarnings) {
    process.stderr.write(`devsecops: warning: ${oneLine(warning.message)}\n`);
  }
  for (const tool of result.tools) {
    const stale = staleDatabaseWarning(tool.advisoryDatabase);
    if (stale !== undefined) process.stderr.write(`devsecops: ${tool.name}: ${oneLine(stale)}\n`);
  }

  const failOn = failOnOverride ?? result.config.gate.failOn;
  const scope = scopeOverride ?? result.config.gate.scope ?? 'new';
  const comparison = baseline === undefined ? undefined : compareBaseline(result, baseline);
  const gate = evaluateGate(findingsInGateScope(result.findings, scope, comparison), failOn);
  for (const tool of result.tools) {
    if (tool.status !== 'ok') {
      process.stderr.write(`devsecops: ${tool.name} ${tool.status}: ${withQuotedContinuation(tool.reason ?? '')}\n`);
    }
    for (const note of tool.notes ?? []) {
      process.stderr.write(`devsecops: ${tool.name}: ${oneLine(note)}\n`);
    }
    for (const file of tool.unscanned ?? []) {
      process.stderr.write(
        `devsecops: ${tool.name} could not scan ${printablePath(file.path)}: ${oneLine(file.reason)}\n`,
      );
    }
  }
  const incompleteness = incompletenessOf(result.tools);
  const anyToolFailed = incompleteness !== undefined && incompleteness.failedTools.length > 0;
  const noToolRan = !result.tools.some((tool) => tool.status === 'ok');
  const unscannedCount = incompleteness?.unscanned.length ?? 0;
  if (unscannedCount > 0) {
    process.stderr.write(
      `devsecops: the result is incomplete: ${unscannedCount} file${unscannedCount === 1 ? ' was' : 's were'} not scanned, so the gate cannot pass; ${UNSCANNED_ADVICE}.\n`,
    );
  }
  // A failure already printed its reason above; the summary is for scans where everything was merely skipped.
  if (noToolRan && !anyToolFailed) process.stderr.write(`devsecops: ${noToolRanMessage(result.tools)}\n`);
  for (const suppression of result.expiredSuppressions) {
    // The rule is the repository's text: it may carry escape sequences or a line break of its own.
    process.stderr.write(
      `devsecops: a suppression of ${oneLine(suppression.rule)} expired on ${suppression.expires ?? '?'} and no longer applies; renew or remove it in .devsecops.yml.\n`,
    );
  }

  // Every report is rendered from this one result: each scanner ran once, whatever the number of reports.
  const input: ReportInput = {
    result,
    root,
    gate: { failOn, passed: gate.passed, scope },
    ...(comparison === undefined ? {} : { baseline: comparison }),
    suppressed: result.suppressed,
    toolVersion: packageJson.version,
    // Only SARIF describes the rules; the built-in engines' catalogue is loaded for it alone.
    ...(targets.some((target) => target.format === 'sarif') ? { rules: listBuiltinRules() } : {}),
    // Only the HTML report shows source lines; they are read (safely, bounded) only when it is asked for.
    ...(targets.some((target) => target.format === 'html')
      ? { sourceExcerpts: await readSourceExcerpts(root, result.findings) }
      : {}),
  };
  for (const target of targets) {
    if (target.destination.kind === 'stdout') {
      const color = target.format === 'console' && process.stdout.isTTY && !process.env['NO_COLOR'];
      process.stdout.write(renderReport(target.format, input, { color }));
    } else {
      await writeReportFile(target.destination.path, renderReport(target.format, input));
      process.stderr.write(`devsecops: wrote ${target.format} report to ${target.destination.path}\n`);
    }
  }
  reportGateFailuresOnStderr(input, targets);
  process.exitCode = scanExitCode(gate.passed, incompleteness !== undefined, noToolRan);
}

/**
 * Without a console report on standard output (a build writing SARIF and JUnit to files), the terminal still
 * says which findings failed the gate, most severe first, and where the rest are.
 */
function reportGateFailuresOnStderr(input: ReportInput, targets: readonly ReportTarget[]): void {
  if (targets.some((target) => target.format === 'console' && target.destination.kind === 'stdout')) return;
  const count = gateCountOf(input);
  if (count.failing.length === 0) return;
  const files = targets.flatMap((target) => (target.destination.kind === 'file' ? [target.destination.path] : []));
  const uncounted = describeUncounted(count, input.gate.failOn);
  const lines = [
    `the gate failed on ${plural(count.failing.length, 'finding')} at or above ${input.gate.failOn}${uncounted === '' ? '' : ` (${uncounted})`}, most severe first:`,
    ...gateFailureLines(count.failing, { moreIn: files[0] === undefined ? 'the report' : printablePath(files[0]) }),
    ...suppressionAdvice(count.failing[0]),
  ];
  process.stderr.write(lines.map((line) => `devsecops: ${line}\n`).join(''));
}

export function registerScanCommand(program: Command): void {
  const command = program
    .command('scan')
    .description(
      'Scan a folder (default: the current one) with Bandit (SAST), SCA and Dockerfile checks, and report the findings. Exit code: 0 gate passed, 1 gate failed, 2 usage or tool error, or an incomplete result (files not scanned).',
    )
    .argument('[path]', 'folder to scan', '.')
    .option('--only <categories>', `comma-separated scan categories: ${SCAN_CATEGORIES.join(',')}`)
    .option('--format <format>', `report format: ${REPORT_FORMATS.join('|')} (default: console)`)
    .option('--output <target>', OUTPUT_OPTION_HELP, (value: string, previous: string[]) => [...previous, value], [])
    .option(
      '--no-cache',
      'scan every file again instead of reusing results remembered for unchanged files (also DEVSECOPS_NO_CACHE=1)',
    )
    .option(
      '--fail-on <severity>',
      'fail (exit 1) on findings at or above: critical|high|medium|low|info|none (default: gate.failOn in .devsecops.yml, else high)',
    )
    .option(
      '--baseline <file>',
      `compare with an earlier scan (its SARIF or JSON report, or a folder of SARIF reports): findings are new or unchanged, and the ones no longer reported absent (default: $${BASELINE_VARIABLE})`,
    )
    .option(
      '--gate-scope <scope>',
      'with a baseline, what the gate counts: new (the default) or all (default: gate.scope in .devsecops.yml)',
    )
    .option(
      '--policy <file>',
      `take the policy (ignore, severity, suppressions, gate, tools enabled) from this file instead of the folder's .devsecops.yml; an empty file means the defaults (default: $${POLICY_FILE_VARIABLE})`,
    );
  addExecutionFlags(command).action(scanAction);
}
