import type { Suppression } from '../config/config';
import type { Finding } from '../findings/finding';
import { meetsThreshold } from '../findings/severity';
import type { ToolRun, UnscannedFile } from '../scanners/scanner';
import type { ReportInput } from './report-input';
import { toolNamesInOrder } from './report-order';
import { compareByLocation } from '../findings/finding-order';
import { printablePath } from './safe-text';

/** One `<testcase>` before it is written out. */
interface TestCase {
  readonly name: string;
  readonly classname: string;
  readonly outcome:
    | { readonly kind: 'passed'; readonly output?: string }
    | {
        readonly kind: 'failure' | 'error' | 'skipped';
        readonly message: string;
        readonly type?: string;
        readonly text?: string;
      };
}

/**
 * JUnit XML for CodeBuild report groups (which read JUnit, not SARIF).
 *
 * - one `<testsuite>` per tool, one `<testcase>` per finding;
 * - a finding at or above the gate's threshold is a `<failure>` (so the
 *   Reports tab's pass/fail agrees with the build's gate); a finding below it
 *   is a passing test case whose `<system-out>` describes it;
 * - a suppressed finding is `<skipped>` with the suppression's reason;
 * - a tool that found nothing has one passing "no findings" case, a skipped
 *   tool one `<skipped>` case and a failed tool one `<error>` case, so no suite
 *   is empty and the Reports tab shows why a tool did not run;
 * - each file a tool could not analyse is an `<error>` case (type
 *   `UNSCANNED`) with the tool's reason, so the Reports tab shows the result
 *   is incomplete and what was not checked.
 */
export function renderJunit(input: ReportInput): string {
  const suppressed = input.suppressed ?? [];
  const allFindings = [...input.result.findings, ...suppressed.map((entry) => entry.finding)];
  const suites = toolNamesInOrder(input.result.tools, allFindings).map((name) => {
    const toolRun = input.result.tools.find((tool) => tool.name === name);
    const cases = [
      ...input.result.findings.filter((finding) => finding.tool === name).map((finding) => ({ finding })),
      ...suppressed.filter((entry) => entry.finding.tool === name),
    ]
      .sort((a, b) => compareByLocation(a.finding, b.finding))
      .map((entry) => findingCase(entry.finding, 'suppression' in entry ? entry.suppression : undefined, input));
    cases.push(...(toolRun?.unscanned ?? []).map((file) => unscannedCase(file, toolRun)));
    if (cases.length === 0 || (toolRun !== undefined && toolRun.status !== 'ok')) {
      cases.unshift(toolCase(name, toolRun));
    }
    return { name, toolRun, cases };
  });

  const totals = countOutcomes(suites.flatMap((suite) => suite.cases));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="devsecops"${countAttributes(totals)}>`];
  for (const suite of suites) {
    const time =
      suite.toolRun?.durationMs === undefined ? '' : ` time="${(suite.toolRun.durationMs / 1000).toFixed(3)}"`;
    lines.push(
      `  <testsuite name="${escapeXmlAttribute(suite.name)}"${countAttributes(countOutcomes(suite.cases))}${time}>`,
    );
    if (suite.toolRun?.version !== undefined) {
      lines.push('    <properties>');
      lines.push(`      <property name="version" value="${escapeXmlAttribute(suite.toolRun.version)}"/>`);
      lines.push('    </properties>');
    }
    for (const testCase of suite.cases) lines.push(...renderCase(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function findingCase(finding: Finding, suppression: Suppression | undefined, input: ReportInput): TestCase {
  const { path, line, column } = finding.location;
  const name = `${finding.ruleId} ${path}:${line}${column === undefined ? '' : `:${column}`}`;
  const classname = `${finding.tool}.${finding.category}`;
  const details = describeFinding(finding);
  if (suppression !== undefined) {
    return { name, classname, outcome: { kind: 'skipped', message: `suppressed: ${suppression.reason}` } };
  }
  if (meetsThreshold(finding.severity, input.gate.failOn)) {
    const message = `${finding.severity}: ${finding.message}`;
    return { name, classname, outcome: { kind: 'failure', message, type: finding.severity, text: details } };
  }
  return { name, classname, outcome: { kind: 'passed', output: details } };
}

function toolCase(name: string, toolRun: ToolRun | undefined): TestCase {
  const classname = toolRun === undefined ? name : `${name}.${toolRun.category}`;
  const reason = toolRun?.reason ?? '';
  switch (toolRun?.status) {
    case 'skipped':
      return { name: `${name} did not run`, classname, outcome: { kind: 'skipped', message: reason } };
    case 'failed':
      return {
        name: `${name} failed`,
        classname,
        outcome: {
          kind: 'error',
          message: reason,
          ...(toolRun.errorCode === undefined ? {} : { type: toolRun.errorCode }),
        },
      };
    default:
      return { name: `${name}: no findings`, classname, outcome: { kind: 'passed' } };
  }
}

function unscannedCase(file: UnscannedFile, toolRun: ToolRun | undefined): TestCase {
  return {
    name: `not scanned: ${printablePath(file.path)}`,
    classname: toolRun === undefined ? 'unscanned' : `${toolRun.name}.${toolRun.category}`,
    outcome: {
      kind: 'error',
      message: `${printablePath(file.path)} was not scanned: ${file.reason}`,
      type: 'UNSCANNED',
    },
  };
}

function describeFinding(finding: Finding): string {
  const { path, line, column } = finding.location;
  return [
    `${finding.severity} ${finding.tool} ${finding.ruleId} at ${path}:${line}${column === undefined ? '' : `:${column}`}`,
    finding.message,
    ...(finding.cwe === undefined ? [] : [`CWE: ${finding.cwe.map((cwe) => `CWE-${cwe}`).join(', ')}`]),
    ...(finding.fix === undefined ? [] : [`Fix: ${finding.fix.description}`]),
    ...(finding.helpUri === undefined ? [] : [`Help: ${finding.helpUri}`]),
    `Fingerprint: ${finding.fingerprint}`,
  ].join('\n');
}

function renderCase(testCase: TestCase): string[] {
  const open = `    <testcase name="${escapeXmlAttribute(testCase.name)}" classname="${escapeXmlAttribute(testCase.classname)}"`;
  const { outcome } = testCase;
  if (outcome.kind === 'passed') {
    if (outcome.output === undefined) return [`${open}/>`];
    return [`${open}>`, `      <system-out>${escapeXmlText(outcome.output)}</system-out>`, '    </testcase>'];
  }
  const type = outcome.type === undefined ? '' : ` type="${escapeXmlAttribute(outcome.type)}"`;
  const element =
    outcome.text === undefined
      ? `      <${outcome.kind} message="${escapeXmlAttribute(outcome.message)}"${type}/>`
      : `      <${outcome.kind} message="${escapeXmlAttribute(outcome.message)}"${type}>${escapeXmlText(outcome.text)}</${outcome.kind}>`;
  return [`${open}>`, element, '    </testcase>'];
}

interface OutcomeCounts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function countOutcomes(cases: readonly TestCase[]): OutcomeCounts {
  const count = (kind: TestCase['outcome']['kind']): number => cases.filter((c) => c.outcome.kind === kind).length;
  return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
}

function countAttributes(counts: OutcomeCounts): string {
  return ` tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Escapes text for XML element content. Characters XML cannot represent
 * become U+FFFD (a tool's message may quote binary garbage).
 */
export function escapeXmlText(text: string): string {
  return text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
}

/** Escapes text for an XML attribute value: as content, plus tab/newline/CR as references, which parsers would otherwise normalise to spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/[\t\n\r]/g, (char) => XML_ENTITIES[char] ?? char);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
