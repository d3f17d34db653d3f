import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CodeBuildService } from './codebuild/codebuild-service';
import { CodeCommitService } from './codecommit/codecommit-service';
import { CodePipelineService } from './codepipeline/codepipeline-service';
import type { FaultRule } from './protocol/faults';
import { AwsJsonServer, type CallRecord } from './protocol/json-server';
import { startS3Server, type S3Server } from './s3-server';
import { EventBus } from './events/event-bus';

/** Access key the examples and tests use; any key works for the JSON services, S3 knows these. */
export const EMULATOR_ACCESS_KEY_ID = 'AKIAEMULATOR0000TEST';
export const EMULATOR_SECRET_ACCESS_KEY = 'emulator-secret-access-key';
export const EMULATOR_ACCOUNT_ID = '123456789012';

export interface AwsEmulatorOptions {
  /** Port of the JSON 1.1 endpoint (CodeCommit, CodeBuild, CodePipeline); 0 picks a free one. */
  readonly port?: number;
  /** Port of the S3 endpoint; 0 picks a free one. */
  readonly s3Port?: number;
  /** Region the emulator reports in ARNs and gives builds. */
  readonly region?: string;
  /** Buckets to create at start. */
  readonly buckets?: readonly string[];
  /** Access keys S3 accepts besides EMULATOR_ACCESS_KEY_ID (the JSON services accept any). */
  readonly accessKeyIds?: readonly string[];
  /** Faults active from the start; change them later with `setFaults` or `PUT /__emulator/faults`. */
  readonly faults?: readonly FaultRule[];
  readonly faultSeed?: number;
  /** Folder for repositories, checkouts and S3 objects; default a fresh temporary folder, removed on close. */
  readonly dataDir?: string;
  /** Environment underneath every build; default this process's. */
  readonly buildEnv?: NodeJS.ProcessEnv;
  /** Receives each build log line. */
  readonly onBuildLog?: (buildId: string, line: string) => void;
}

/** A running emulator. */
export interface AwsEmulator {
  /** `http://127.0.0.1:<port>` for CodeCommit, CodeBuild and CodePipeline. */
  readonly endpoint: string;
  /** `http://127.0.0.1:<port>` for S3 (path-style). */
  readonly s3Endpoint: string;
  readonly region: string;
  readonly codecommit: CodeCommitService;
  readonly codebuild: CodeBuildService;
  readonly codepipeline: CodePipelineService;
  /** The default event bus: CodeCommit and CodeBuild put their EventBridge events on it; tests add rules. */
  readonly events: EventBus;
  /** Every JSON call so far, oldest first. */
  calls(): readonly CallRecord[];
  setFaults(rules: readonly FaultRule[]): void;
  /** Resolves once a call (`Service.Operation`, or any) is parked by a `hold` fault. */
  waitForHeldCall(call?: string): Promise<void>;
  /** Lets every call parked by a `hold` fault go on; returns how many. */
  releaseHeldCalls(): number;
  /** Stops builds, both servers, and removes the temporary data folder. */
  close(): Promise<void>;
}

/** Starts the JSON 1.1 endpoint and s3rver on loopback. */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const region = options.region ?? 'us-east-1';
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'aws-emulator-')));
  let s3: S3Server | undefined;
  let json: AwsJsonServer | undefined;
  try {
    s3 = await startS3Server({
      directory: path.join(dataDir, 's3'),
      ...(options.s3Port === undefined ? {} : { port: options.s3Port }),
      buckets: options.buckets ?? [],
      accessKeyIds: [EMULATOR_ACCESS_KEY_ID, ...(options.accessKeyIds ?? [])],
    });
    const events = new EventBus({ account: EMULATOR_ACCOUNT_ID, region });
    const put = events.put.bind(events);
    const codecommit = new CodeCommitService({ dataDir, accountId: EMULATOR_ACCOUNT_ID, region, onEvent: put });
    const s3Settings = {
      region,
      endpoint: s3.endpoint,
      credentials: { accessKeyId: EMULATOR_ACCESS_KEY_ID, secretAccessKey: EMULATOR_SECRET_ACCESS_KEY },
    };
    const codebuild = new CodeBuildService({
      accountId: EMULATOR_ACCOUNT_ID,
      region,
      dataDir,
      codecommit,
      onEvent: put,
      s3: s3Settings,
      ...(options.buildEnv === undefined ? {} : { baseEnv: options.buildEnv }),
      ...(options.onBuildLog === undefined ? {} : { onLog: options.onBuildLog }),
    });
    const codepipeline = new CodePipelineService({
      accountId: EMULATOR_ACCOUNT_ID,
      region,
      codecommit,
      codebuild,
      s3: s3Settings,
    });
    json = new AwsJsonServer({
      services: [codecommit, codebuild, codepipeline],
      accountId: EMULATOR_ACCOUNT_ID,
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed }),
    });
    const port = await json.listen(options.port ?? 0);
    const server = json;
    const s3Server = s3;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      s3Endpoint: s3.endpoint,
      region,
      codecommit,
      codebuild,
      codepipeline,
      events,
      calls: () => [...server.calls],
      setFaults: (rules) => server.faults.setRules(rules),
      waitForHeldCall: (call) => server.waitForHeldCall(call),
      releaseHeldCalls: () => server.releaseHeldCalls(),
      close: async () => {
        await codebuild.stopAll();
        await events.settle();
        await codepipeline.settle();
        await server.close();
        await s3Server.close();
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await json?.close();
    await s3?.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
