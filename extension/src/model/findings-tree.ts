import { SEVERITIES, compareByLocation } from '@devsecops/shared/findings';
import type { Severity } from '@devsecops/shared/findings';
import { compareText } from '@devsecops/shared/findings';
import type { ShownFinding } from './findings-model';

/** One file's shown findings, as the tree reads them. */
export interface TreeInputFile {
  /** Key of the file in the store (its URI as a string). */
  readonly key: string;
  /** Workspace-relative path, for labels. */
  readonly path: string;
  readonly findings: readonly ShownFinding[];
}

/** What the tree shows of the findings. */
export interface TreeOptions {
  /** Only these tools; undefined: every tool. */
  readonly tools?: ReadonlySet<string>;
  /** Fingerprints the last pipeline run's gate counted: marked in the tree. */
  readonly gateFingerprints: ReadonlySet<string>;
  /** When set, findings whose fingerprint is in it are pre-existing (the baseline has them) and left out. */
  readonly baseline?: ReadonlySet<string>;
}

export interface FindingLeaf {
  readonly kind: 'finding';
  readonly fileKey: string;
  readonly shown: ShownFinding;
  /** True when the last pipeline run's gate counted this finding. */
  readonly failsGate: boolean;
}

export interface FileBranch {
  readonly kind: 'file';
  readonly severity: Severity;
  readonly fileKey: string;
  readonly path: string;
  readonly findings: readonly FindingLeaf[];
}

export interface SeverityBranch {
  readonly kind: 'severity';
  readonly severity: Severity;
  /** Findings under it (each finding once). */
  readonly count: number;
  readonly files: readonly FileBranch[];
}

/** The findings tree: severity → file → finding, with counts, and what the filters left out. */
export interface FindingsTree {
  readonly severities: readonly SeverityBranch[];
  /** Findings in the tree. */
  readonly shown: number;
  /** Findings the tool filter or "new only" left out. */
  readonly hidden: number;
  /** Every tool that has findings (for the filter's choices), sorted. */
  readonly tools: readonly string[];
  /** Findings the gate counted that are in the tree. */
  readonly gateFailures: number;
}

/**
 * Severity → file → finding, most severe first, files by path, findings by line. Counts are of findings (a
 * Problems entry that groups several advisories of one line still counts each). Pure.
 */
export function buildFindingsTree(files: readonly TreeInputFile[], options: TreeOptions): FindingsTree {
  const tools = new Set<string>();
  let hidden = 0;
  const bySeverity = new Map<Severity, Map<string, { path: string; leaves: FindingLeaf[] }>>();
  for (const file of files) {
    for (const shown of file.findings) {
      tools.add(shown.finding.tool);
      const filteredOut =
        (options.tools !== undefined && !options.tools.has(shown.finding.tool)) ||
        (options.baseline?.has(shown.finding.fingerprint) ?? false);
      if (filteredOut) {
        hidden += 1;
        continue;
      }
      const severity = shown.finding.severity;
      const severityFiles = bySeverity.get(severity) ?? new Map<string, { path: string; leaves: FindingLeaf[] }>();
      bySeverity.set(severity, severityFiles);
      const entry = severityFiles.get(file.key) ?? { path: file.path, leaves: [] };
      severityFiles.set(file.key, entry);
      entry.leaves.push({
        kind: 'finding',
        fileKey: file.key,
        shown,
        failsGate: options.gateFingerprints.has(shown.finding.fingerprint),
      });
    }
  }
  const severities: SeverityBranch[] = [];
  let shownCount = 0;
  let gateFailures = 0;
  for (const severity of SEVERITIES) {
    const severityFiles = bySeverity.get(severity);
    if (!severityFiles) continue;
    const branches: FileBranch[] = [...severityFiles.entries()]
      .map(([fileKey, { path, leaves }]) => ({
        kind: 'file' as const,
        severity,
        fileKey,
        path,
        findings: leaves.sort((a, b) => compareByLocation(a.shown.finding, b.shown.finding)),
      }))
      .sort((a, b) => compareText(a.path, b.path));
    const count = branches.reduce((total, branch) => total + branch.findings.length, 0);
    shownCount += count;
    gateFailures += branches.reduce(
      (total, branch) => total + branch.findings.filter((leaf) => leaf.failsGate).length,
      0,
    );
    severities.push({ kind: 'severity', severity, count, files: branches });
  }
  return { severities, shown: shownCount, hidden, tools: [...tools].sort(compareText), gateFailures };
}
