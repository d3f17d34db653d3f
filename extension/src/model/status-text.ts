import { plural } from '@devsecops/shared/reports';
import type { NotScanned, NotScannedCause } from './findings-model';

/** A file's not-scanned reasons, with the file's name as the person knows it. */
export interface FileGap extends NotScanned {
  /** Workspace-relative path, for the text. */
  readonly file: string;
}

/** What the status bar knows. */
export interface StatusInput {
  /** Scans running now. */
  readonly scanning: number;
  /** Findings shown (each finding once, whatever the Problems panel groups). */
  readonly findings: number;
  /** Files the editor has scanned and still shows results of (open files, the workspace scan's files). */
  readonly scannedFiles: number;
  /** True once "Scan workspace" ran: the count covers the workspace, not only open files. */
  readonly workspaceScanned: boolean;
  readonly trusted: boolean;
  /** What was not scanned, per file. */
  readonly gaps: readonly FileGap[];
}

/** The status bar item's text, tooltip and what clicking it does. */
export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** `scanWorkspace` when nothing was scanned yet (the click offers it), else `showView`. */
  readonly action: 'scanWorkspace' | 'showView';
}

const SHORT: Readonly<Record<NotScannedCause, (tools: string, files: string) => string>> = {
  restricted: (tools) => `${tools} not run (Restricted Mode)`,
  'missing-tool': (tools) => `${tools} missing`,
  'parse-error': (_tools, files) => `${files} not parsed`,
  'tool-failed': (tools) => `${tools} failed`,
};

/** Causes in the order the text names them: what the person can fix first. */
const CAUSE_ORDER: readonly NotScannedCause[] = ['parse-error', 'missing-tool', 'tool-failed', 'restricted'];

function names(values: Iterable<string>): string {
  const unique = [...new Set(values)];
  return unique.length <= 2 ? unique.join(', ') : `${unique.slice(0, 2).join(', ')} +${unique.length - 2}`;
}

/**
 * The status bar never says "0 findings" when nothing was scanned: before any scan it says so (and the click
 * scans the workspace); a file a tool could not read, a missing tool, Restricted Mode each say what was left
 * out. Pure.
 */
export function statusView(input: StatusInput): StatusView {
  const gapLines = input.gaps.map((gap) => `${gap.file}: ${gap.reason}`);
  if (input.scanning > 0) {
    return { text: '$(sync~spin) DevSecOps: scanning', tooltip: 'DevSecOps: scanning…', action: 'showView' };
  }
  if (input.scannedFiles === 0 && !input.workspaceScanned) {
    const restricted = input.trusted
      ? ''
      : '\nRestricted Mode: only the built-in Dockerfile and requirements engines run until you trust this workspace.';
    return {
      text: '$(shield) DevSecOps: not scanned yet',
      tooltip: `DevSecOps: nothing in this workspace has been scanned yet. Click to scan the workspace.${restricted}`,
      action: 'scanWorkspace',
    };
  }
  const scope = input.workspaceScanned ? '' : ' in open files';
  const count = `${plural(input.findings, 'finding')}${scope}`;
  const parts: string[] = [];
  for (const cause of CAUSE_ORDER) {
    const gaps = input.gaps.filter((gap) => gap.cause === cause);
    if (gaps.length === 0) continue;
    parts.push(SHORT[cause](names(gaps.map((gap) => gap.tool)), names(gaps.map((gap) => gap.file))));
  }
  if (!input.trusted && !parts.some((part) => part.includes('Restricted Mode'))) parts.push('Restricted Mode');
  const icon = parts.length > 0 ? '$(warning)' : '$(shield)';
  const tooltip = [
    `DevSecOps: ${count} (each finding counted once${input.workspaceScanned ? '' : '; run "Scan workspace" to see the whole workspace'}).`,
    ...(gapLines.length > 0 ? ['Not scanned:', ...gapLines.map((line) => `• ${line}`)] : []),
    ...(input.trusted
      ? []
      : ['Restricted Mode: only the built-in Dockerfile and requirements engines run until you trust this workspace.']),
  ].join('\n');
  return { text: `${icon} DevSecOps: ${[count, ...parts].join(' · ')}`, tooltip, action: 'showView' };
}
