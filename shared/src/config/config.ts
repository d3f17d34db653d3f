import type { GateThreshold, Severity } from '../findings/severity';

/**
 * `.devsecops.yml` at the repository root, as read by the CLI, the extension
 * and the bot. Every field is optional in the file; `loadConfig` fills defaults.
 */
export interface DevsecopsConfig {
  readonly tools: ToolsConfig;
  /** Globs (repository-relative, the syntax of policy/glob.ts) of paths never scanned or reported. */
  readonly ignore: readonly string[];
  /** Severity overrides by rule id (`B101: info`, `DL3007: high`). */
  readonly severity: Readonly<Record<string, Severity>>;
  readonly gate: GateConfig;
  readonly suppressions: readonly Suppression[];
}

/** `auto`: use the real tool when it is installed, else the built-in engine. */
export type ToolEnablement = 'auto' | 'on' | 'off';

export interface ExternalToolConfig {
  readonly enabled: ToolEnablement;
  /** Executable name or path. */
  readonly path?: string;
  /** Extra arguments appended to the tool's command line. */
  readonly args?: readonly string[];
  /**
   * Seconds one run of the tool may take before it is stopped and reported as
   * failed (`TOOL_TIMEOUT`); default per tool in `DEFAULT_TOOL_TIMEOUT_SECONDS`.
   */
  readonly timeoutSeconds?: number;
}

/**
 * How long each external tool may run when `tools.<tool>.timeoutSeconds` is not
 * set, in seconds: generous for a large repository, short enough that a hung
 * tool fails the pipeline long before CodeBuild's own limit. Dependency-Check
 * downloads the NVD on its first run, hence the hour.
 */
export const DEFAULT_TOOL_TIMEOUT_SECONDS: Readonly<Record<'bandit' | 'hadolint' | 'dependencyCheck', number>> = {
  bandit: 600,
  hadolint: 120,
  dependencyCheck: 3600,
};

/** The largest `timeoutSeconds` accepted (one day), so a typo cannot disable the limit. */
export const MAX_TOOL_TIMEOUT_SECONDS = 86_400;

export interface ToolsConfig {
  /** Bandit is always the real Bandit; `off` disables SAST. */
  readonly bandit: ExternalToolConfig & {
    /** Python interpreter to run Bandit as `python -m bandit` instead of the `bandit` executable. */
    readonly python?: string;
    /** Bandit config file (`-c`), repository-relative. Default: `.bandit` when present (via `--ini`). */
    readonly configFile?: string;
  };
  readonly hadolint: ExternalToolConfig;
  readonly dependencyCheck: ExternalToolConfig;
  /** The built-in OSV-based SCA engine. */
  readonly sca: {
    readonly enabled: boolean;
    /** Database zip path; default: per-user cache, then the bundled snapshot. */ readonly database?: string;
  };
  /** The built-in hadolint-compatible Dockerfile engine. */
  readonly dockerfile: { readonly enabled: boolean };
}

export interface GateConfig {
  /** Fail when any unsuppressed finding is at or above this severity. Default `high`. */
  readonly failOn: GateThreshold;
}

/** A deliberate, documented exception. */
export interface Suppression {
  /** Rule id it applies to; `*` for any. */
  readonly rule: string;
  /** Glob of paths it applies to; default all. */
  readonly path?: string;
  /** A specific finding only. */
  readonly fingerprint?: string;
  /** Why this is acceptable. Required. */
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression stops applying. */
  readonly expires?: string;
}

export const DEFAULT_CONFIG: DevsecopsConfig = {
  tools: {
    bandit: { enabled: 'auto' },
    hadolint: { enabled: 'auto' },
    dependencyCheck: { enabled: 'auto' },
    sca: { enabled: true },
    dockerfile: { enabled: true },
  },
  ignore: [],
  severity: {},
  gate: { failOn: 'high' },
  suppressions: [],
};
