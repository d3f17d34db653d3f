import * as vscode from 'vscode';
import type { Finding } from '@devsecops/shared/findings';
import type { DiagnosticLevel } from '../model/severity-map';
import { groupMessage } from '../model/advisory-groups';
import type { FindingGroup } from '../model/advisory-groups';

const SEVERITY: Readonly<Record<Exclude<DiagnosticLevel, 'off'>, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Length of a line (0-based index), or undefined when the document is not open. */
export type LineLength = (line: number) => number | undefined;

/**
 * The editor range of a finding. Findings are 1-based with exclusive end columns (SARIF's convention);
 * a finding without columns covers its whole line (its text, when the document is open).
 */
export function rangeOf(finding: Finding, lineLength: LineLength): vscode.Range {
  const { line, column, endLine, endColumn } = finding.location;
  const startLine = Math.max(0, line - 1);
  const startCharacter = Math.max(0, (column ?? 1) - 1);
  const lastLine = Math.max(startLine, (endLine ?? line) - 1);
  let endCharacter = endColumn === undefined ? undefined : Math.max(0, endColumn - 1);
  if (endCharacter === undefined || (lastLine === startLine && endCharacter <= startCharacter)) {
    endCharacter = lineLength(lastLine) ?? startCharacter + 1;
  }
  return new vscode.Range(
    startLine,
    startCharacter,
    lastLine,
    Math.max(endCharacter, lastLine === startLine ? startCharacter : 0),
  );
}

/**
 * A finding as a diagnostic: `source` is the tool (marked when it came from a pipeline run), `code` links
 * to the rule's documentation, the message is the finding's.
 */
export function toDiagnostic(
  finding: Finding,
  level: Exclude<DiagnosticLevel, 'off'>,
  lineLength: LineLength,
  fromPipeline: boolean,
): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(finding, lineLength), finding.message, SEVERITY[level]);
  diagnostic.source = fromPipeline ? `${finding.tool} (pipeline)` : finding.tool;
  diagnostic.code = finding.helpUri
    ? { value: finding.ruleId, target: vscode.Uri.parse(finding.helpUri, false) }
    : finding.ruleId;
  return diagnostic;
}

/**
 * A group's diagnostic (see `groupFindings`): one finding's is `toDiagnostic`'s; several advisories of one
 * requirement share the lead's range, level and rule link, and count them in the message.
 */
export function toGroupDiagnostic(
  group: FindingGroup,
  level: Exclude<DiagnosticLevel, 'off'>,
  lineLength: LineLength,
  fromPipeline: boolean,
): vscode.Diagnostic {
  const diagnostic = toDiagnostic(group.lead, level, lineLength, fromPipeline);
  // The code stays the lead's (most severe) advisory with its link; the message counts the others.
  if (group.findings.length > 1) diagnostic.message = groupMessage(group);
  return diagnostic;
}
