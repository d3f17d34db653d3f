import type { GateThreshold } from '@devsecops/shared/findings';
import type { ToolEnablement } from '@devsecops/shared/config';
import type { SeverityMapSettings } from './severity-map';

/** When buffers are scanned (`devsecops.run`). */
export type RunTrigger = 'onType' | 'onSave' | 'manual';

/** Where "Run DevSecOps pipeline" runs (`devsecops.pipeline.mode`). */
export type PipelineMode = 'local' | 'aws';

/** An external tool's settings. Empty strings mean "not set". */
export interface ExternalToolSettings {
  /** Executable path (`devsecops.<tool>.path`); empty: the config file's, else the tool on PATH. */
  readonly path: string;
  /** Extra command-line arguments. */
  readonly args: readonly string[];
}

/** The AWS settings (`devsecops.aws.*`), read only in a trusted workspace. Empty strings mean "not set". */
export interface AwsSettings {
  readonly region: string;
  readonly profile: string;
  /** Endpoint override for CodeCommit, CodeBuild and CodePipeline (an emulator), URL. */
  readonly endpoint: string;
  /** Endpoint override for S3, URL. */
  readonly s3Endpoint: string;
  readonly pipelineName: string;
  readonly codeBuildProject: string;
  readonly repository: string;
  readonly branch: string;
  readonly findingsBucket: string;
}

/**
 * Every `devsecops.*` setting for one resource, as plain data: the VS Code layer reads it
 * (`settings.ts`), everything else takes it as input and stays testable without an editor.
 */
export interface EditorSettings {
  readonly enable: boolean;
  readonly run: RunTrigger;
  /** Typing pause before an on-type scan, milliseconds. */
  readonly debounceMs: number;
  readonly bandit: ExternalToolSettings & {
    readonly enabled: boolean;
    /** Interpreter that runs `python -m bandit`; empty: not used. */
    readonly python: string;
  };
  readonly hadolint: ExternalToolSettings & { readonly enabled: ToolEnablement };
  readonly dependencyCheck: ExternalToolSettings & { readonly enabled: ToolEnablement };
  /** The built-in Dockerfile rules. */
  readonly dockerfileEnabled: boolean;
  /** The built-in SCA engine. */
  readonly scaEnabled: boolean;
  /** OSV database zip; empty: the downloaded one, else the bundled snapshot. */
  readonly scaDatabasePath: string;
  readonly severityMap: SeverityMapSettings;
  /** Days until a `.devsecops.yml` suppression added by a quick fix expires; 0: never. */
  readonly suppressionExpiryDays: number;
  readonly pipeline: { readonly mode: PipelineMode; readonly failOn: GateThreshold };
  readonly aws: AwsSettings;
  /** Git ref whose findings are pre-existing (`devsecops.baseline.ref`); empty: no baseline. */
  readonly baselineRef: string;
}
