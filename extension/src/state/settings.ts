import * as vscode from 'vscode';
import { parseSeverity } from '@devsecops/shared/findings';
import type { GateThreshold, Severity } from '@devsecops/shared/findings';
import type { ToolEnablement } from '@devsecops/shared/config';
import type { EditorSettings, PipelineMode, RunTrigger } from '../model/editor-settings';
import { isDiagnosticLevel } from '../model/severity-map';
import type { DiagnosticLevel } from '../model/severity-map';

/** The extension's settings section. */
export const SECTION = 'devsecops';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function levelsBySeverity(value: unknown): Partial<Record<Severity, DiagnosticLevel>> {
  const result: Partial<Record<Severity, DiagnosticLevel>> = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const [key, level] of Object.entries(value)) {
    const severity = parseSeverity(key);
    if (severity && isDiagnosticLevel(level)) result[severity] = level;
  }
  return result;
}

function levelsByKey(value: unknown): Record<string, DiagnosticLevel> {
  const result: Record<string, DiagnosticLevel> = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const [key, level] of Object.entries(value)) if (isDiagnosticLevel(level)) result[key] = level;
  return result;
}

const ENABLEMENTS: readonly ToolEnablement[] = ['auto', 'on', 'off'];
const GATES: readonly GateThreshold[] = ['critical', 'high', 'medium', 'low', 'info', 'none'];

/**
 * Reads every `devsecops.*` setting for `scope` (a document or folder; multi-root workspaces differ per
 * folder). VS Code itself ignores workspace values of the restricted settings in an untrusted workspace.
 */
export function readSettings(scope: vscode.ConfigurationScope | undefined): EditorSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const get = (key: string): unknown => config.get<unknown>(key);
  const toolSeverity: Record<string, Partial<Record<Severity, DiagnosticLevel>>> = {};
  const toolSeverityValue = get('diagnostics.toolSeverity');
  if (typeof toolSeverityValue === 'object' && toolSeverityValue !== null) {
    for (const [tool, map] of Object.entries(toolSeverityValue)) toolSeverity[tool] = levelsBySeverity(map);
  }
  const debounce = get('debounceMs');
  const expiry = get('suppression.defaultExpiryDays');
  return {
    enable: get('enable') !== false,
    run: oneOf<RunTrigger>(get('run'), ['onType', 'onSave', 'manual'], 'onType'),
    debounceMs: typeof debounce === 'number' && debounce >= 0 ? debounce : 300,
    bandit: {
      enabled: get('bandit.enabled') !== false,
      path: text(get('bandit.path')),
      python: text(get('bandit.python')),
      args: strings(get('bandit.args')),
    },
    hadolint: {
      enabled: oneOf(get('hadolint.enabled'), ENABLEMENTS, 'auto'),
      path: text(get('hadolint.path')),
      args: strings(get('hadolint.args')),
    },
    dependencyCheck: {
      enabled: oneOf(get('dependencyCheck.enabled'), ENABLEMENTS, 'off'),
      path: text(get('dependencyCheck.path')),
      args: strings(get('dependencyCheck.args')),
    },
    dockerfileEnabled: get('dockerfile.enabled') !== false,
    scaEnabled: get('sca.enabled') !== false,
    scaDatabasePath: text(get('sca.databasePath')),
    severityMap: {
      severity: levelsBySeverity(get('diagnostics.severity')),
      toolSeverity,
      ruleSeverity: levelsByKey(get('diagnostics.ruleSeverity')),
    },
    suppressionExpiryDays: typeof expiry === 'number' && expiry >= 0 ? expiry : 90,
    pipeline: {
      mode: oneOf<PipelineMode>(get('pipeline.mode'), ['local', 'aws'], 'local'),
      failOn: oneOf(get('pipeline.failOn'), GATES, 'high'),
    },
    aws: {
      region: text(get('aws.region')),
      profile: text(get('aws.profile')),
      endpoint: text(get('aws.endpoint')),
      s3Endpoint: text(get('aws.s3Endpoint')),
      pipelineName: text(get('aws.pipelineName')),
      codeBuildProject: text(get('aws.codeBuildProject')),
      repository: text(get('aws.repository')),
      branch: text(get('aws.branch')) || 'main',
      findingsBucket: text(get('aws.findingsBucket')),
    },
    baselineRef: text(get('baseline.ref')),
  };
}
