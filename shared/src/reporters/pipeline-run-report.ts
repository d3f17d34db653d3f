/**
 * The shape of `reports/pipeline-run.json`: what a pipeline run did, stage by stage. The local runner and the
 * AWS runner (`--remote`) both write it (pipeline/run-report.ts), the HTML report draws its stages, and the
 * extension reads it.
 */
import type { GateScope } from '../config/config';
import type { GateThreshold } from '../findings/severity';
import type { UnscannedEntry } from '../policy/completeness';
import type { AdvisoryDatabaseAge } from '../scanners/scanner';
import type { ListedFinding } from './gate-failures';

/** Outcome of a stage or an action. */
export type PipelineStatus = 'succeeded' | 'failed' | 'skipped';

export interface PipelineActionReport {
  /** Action name from the pipeline definition (`sca`, `sast`, `hadolint`, `image-build`, `source`). */
  readonly name: string;
  readonly status: PipelineStatus;
  /** ISO-8601 start time; null when the action never started (skipped). */
  readonly startedAt: string | null;
  /** ISO-8601 end time; null when the action never started (skipped). */
  readonly endedAt: string | null;
  /** Number of results in the action's SARIF report (0 when it wrote none). */
  readonly findings: number;
  /** Why it failed or was skipped, in words a person can act on. */
  readonly reason?: string;
  /**
   * `failed` when the action's scan exited with the gate-failed code (1);
   * `incomplete` when its report says a tool failed or left files unscanned
   * (the action fails, and never as "gate failed"); `passed` when it
   * succeeded; absent for actions without a gate or that did not run.
   */
  readonly gate?: 'passed' | 'failed' | 'incomplete';
  /** Files the action's tools could not analyse, from its SARIF report: why its result is incomplete. */
  readonly unscanned?: readonly UnscannedEntry[];
  /** The advisory database the action's SCA scan used (from its SARIF report): its date and age. */
  readonly advisoryDatabase?: AdvisoryDatabaseAge;
  /**
   * The findings of the action's report that its gate counted (not suppressed, in the baseline scope, at or
   * above the threshold): how many, and the most severe of them, most severe first.
   */
  readonly gateFailures?: { readonly count: number; readonly listed: readonly ListedFinding[] };
  /** Report files the action wrote, relative to the reports directory. */
  readonly reportFiles: readonly string[];
  /** Cloud-only buildspec steps the local run did not execute. */
  readonly skippedCloudOnlySteps?: readonly string[];
  /** CodeBuild build id (local runs: `devsecops-local:<uuid>`). */
  readonly buildId?: string;
  /** CodePipeline exported variables (`env.exported-variables`) of the action's build. */
  readonly exportedVariables?: Readonly<Record<string, string>>;
}

export interface PipelineStageReport {
  readonly name: string;
  readonly status: PipelineStatus;
  /** Why the stage was skipped or failed. */
  readonly reason?: string;
  readonly actions: readonly PipelineActionReport[];
}

export interface PipelineRunReport {
  /** `local` or `aws`. */
  readonly runner: 'local' | 'aws';
  /** Absolute path of the pipeline's source (local) or the repository/commit (aws). */
  readonly source: string;
  /** ISO-8601 start and end of the whole run. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** The gate threshold given on the command line, or null for the repository's config default. */
  readonly failOn: string | null;
  readonly continueOnFailure: boolean;
  /** True when the run was cancelled (Ctrl-C); later stages are skipped with reason `cancelled`. */
  readonly cancelled: boolean;
  /**
   * Why the run failed whatever its actions say: a cloud execution that CodePipeline ended `Failed`, which can
   * happen while every stage it reports passed or never started. Absent when the actions tell the whole story.
   */
  readonly runFailure?: string;
  /** Absolute path of the reports directory. */
  readonly reportsDir: string;
  /** The gate every scan of the run applied: the run's `--fail-on`, else the policy's `gate`. */
  readonly gate?: { readonly failOn: GateThreshold; readonly scope: GateScope };
  readonly stages: readonly PipelineStageReport[];
}
