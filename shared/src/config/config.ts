import type { GateThreshold, Severity } from '../findings/severity';

/**
 * `.devsecops.yml` at the repository root, as read by the CLI, the extension
 * and the bot. Every field is optional in the file; `loadConfig` fills defaults.
 */
export interface DevsecopsConfig {
  readonly tools: ToolsConfig;
  /** Globs (repository-relative, the syntax of files/glob.ts) of paths never scanned or reported. */
  readonly ignore: readonly string[];
  /** Severity overrides by rule id (`B101: info`, `DL3007: high`). */
  readonly severity: Readonly<Record<string, Severity>>;
  readonly gate: GateConfig;
  readonly suppressions: readonly Suppression[];
  /**
   * Execution settings the file tried to set (`tools.bandit.path`, `args`, `timeoutSeconds`…). A repository
   * may set policy, never what runs: these are never used to run anything. `resolveExecution`
   * (`trust.ts`) warns about each one, and lets only a time limit that is shorter than the user's stand.
   */
  readonly executionRequests?: readonly ExecutionRequest[];
  /**
   * What the file says that may not do what its author meant, yet is not wrong for certain (a rule id no
   * scanner we know reports, a fingerprint of a form we never write): the CLI prints each one as a warning.
   */
  readonly policyWarnings?: readonly PolicyWarning[];
}

/** One part of `.devsecops.yml` that may not apply as its author meant. */
export interface PolicyWarning {
  /** `.devsecops.yml:7`: where it is written. */
  readonly where: string;
  /** What it does instead, and what to write. */
  readonly message: string;
}

/** An execution key the repository's file set, kept only to warn about it (and to honour a shorter time limit). */
export interface ExecutionRequest {
  /** The key as written in the file, e.g. `tools.bandit.path`. */
  readonly key: ExecutionKey;
  /** `.devsecops.yml:7`: where it was set. */
  readonly where: string;
  /** The value, for `timeoutSeconds` (the only one that can count, and only downwards). */
  readonly timeoutSeconds?: number;
}

/** The tools whose execution can be configured (the external tools). */
export type ExecutionTool = 'bandit' | 'hadolint' | 'dependencyCheck';

/** Every key that decides what runs, how, for how long, or which outside file is read. */
export type ExecutionKey =
  `tools.${ExecutionTool}.${'path' | 'args' | 'timeoutSeconds'}` | 'tools.bandit.python' | 'tools.sca.database';

/** `auto`: use the real tool when it is installed, else the built-in engine. */
export type ToolEnablement = 'auto' | 'on' | 'off';

/**
 * An external tool as the repository's policy sees it: whether it runs. Which executable, its arguments and
 * its time limit are the user's (`ExecutionSettings` in `execution-settings.ts`).
 */
export interface ExternalToolConfig {
  readonly enabled: ToolEnablement;
}

/**
 * How long each external tool may run when `tools.<tool>.timeoutSeconds` is not
 * set, in seconds: generous for a large repository, short enough that a hung
 * tool fails the pipeline long before CodeBuild's own limit. Dependency-Check
 * downloads the NVD on its first run, hence the hour.
 */
export const DEFAULT_TOOL_TIMEOUT_SECONDS: Readonly<Record<ExecutionTool, number>> = {
  bandit: 600,
  hadolint: 120,
  dependencyCheck: 3600,
};

/** The largest `timeoutSeconds` accepted (one day), so a typo cannot disable the limit. */
export const MAX_TOOL_TIMEOUT_SECONDS = 86_400;

export interface ToolsConfig {
  /** Bandit is always the real Bandit; `off` disables SAST. */
  readonly bandit: ExternalToolConfig & {
    /**
     * Bandit config file (`-c`, YAML or `pyproject.toml`), repository-relative and inside the repository.
     * The project's `.bandit` file is honoured either way (its `exclude`, `skips` and `tests`).
     */
    readonly configFile?: string;
  };
  readonly hadolint: ExternalToolConfig;
  readonly dependencyCheck: ExternalToolConfig;
  /** The built-in OSV-based SCA engine. */
  readonly sca: {
    readonly enabled: boolean;
    /**
     * Days the advisory database may age before every scan warns that it is stale (policy: it changes what
     * is said, never what runs). Default DEFAULT_MAX_DATABASE_AGE_DAYS.
     */
    readonly maxDatabaseAgeDays?: number;
  };
  /** The built-in hadolint-compatible Dockerfile engine. */
  readonly dockerfile: { readonly enabled: boolean };
}

/** `gate.scope`: what the gate counts once a baseline is given. Without one, every finding is new. */
export const GATE_SCOPES = ['new', 'all'] as const;
export type GateScope = (typeof GATE_SCOPES)[number];

export interface GateConfig {
  /** Fail when any unsuppressed finding is at or above this severity. Default `high`. */
  readonly failOn: GateThreshold;
  /**
   * With a baseline (`scan --baseline`), what the gate counts: `new` findings only (the default: a change is
   * judged on what it adds) or `all`. Without a baseline every finding is new.
   */
  readonly scope?: GateScope;
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

/** `tools.sca.maxDatabaseAgeDays` when not set. */
export const DEFAULT_MAX_DATABASE_AGE_DAYS = 30;

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
