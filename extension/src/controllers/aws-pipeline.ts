// The editor's AWS mode: the confirmation, the progress and the outcome. The AWS calls themselves live in
// the extension's one bundle with the AWS SDK (see aws-sdk-bundle.ts), loaded when this runs.
import * as vscode from 'vscode';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import type { AwsClientSettings, AwsPipelineClient, PipelineSnapshot } from '@devsecops/shared/aws';
import type { Ctx } from '../state/ctx';
import type { AwsSettings, EditorSettings } from '../model/editor-settings';
import { awsRunReport } from '../model/aws-run-report';
import { loadAwsSdkBundle } from '../core/aws-sdk-loader';
import type { PipelineOutcome } from '../model/pipeline-outcome';
import { withPipelineProgress } from './pipeline-progress';

/** The client settings from `devsecops.aws.*`: region, profile or the default chain, endpoint override. */
export function clientSettingsOf(aws: AwsSettings, env: NodeJS.ProcessEnv = process.env): AwsClientSettings {
  const region = aws.region || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  if (!region) {
    throw new DevsecopsError('AWS', 'Set devsecops.aws.region (or AWS_REGION) to run the pipeline on AWS.');
  }
  return {
    region,
    userAgent: 'devsecops-vscode/0.1.0',
    ...(aws.profile ? { profile: aws.profile } : {}),
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
  };
}

/**
 * Runs the cloud pipeline: looks the pipeline up (read-only) to show the account, region and pipeline in a
 * modal confirmation, starts an execution on the branch's tip, follows it with a cancellable progress
 * notification (Cancel stops the execution), then pulls the findings of that commit from S3.
 * Undefined when the person declined.
 */
export async function runAwsPipeline(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  settings: EditorSettings,
): Promise<PipelineOutcome | undefined> {
  const aws = settings.aws;
  if (!aws.pipelineName && !aws.codeBuildProject) {
    throw new DevsecopsError(
      'AWS',
      'Set devsecops.aws.pipelineName (a CodePipeline pipeline) or devsecops.aws.codeBuildProject (a CodeBuild project) to run on AWS.',
    );
  }
  if (!aws.findingsBucket) {
    throw new DevsecopsError('AWS', 'Set devsecops.aws.findingsBucket to the S3 bucket the pipeline writes SARIF to.');
  }
  const clientSettings = clientSettingsOf(aws);
  const repository = aws.repository || folder.name;

  const target = aws.pipelineName ? `pipeline ${aws.pipelineName}` : `CodeBuild project ${aws.codeBuildProject}`;
  const sdk = loadAwsSdkBundle();
  const account = await sdk.accountOfTarget(aws, clientSettings).catch((error: unknown) => {
    throw new DevsecopsError(
      'AWS',
      `Could not find ${target} in ${clientSettings.region}: check the name, the region and your credentials.`,
      { cause: error },
    );
  });

  const run = 'Run on AWS';
  const choice = await vscode.window.showWarningMessage(
    `Run the DevSecOps pipeline on AWS?`,
    {
      modal: true,
      detail: `Account: ${account}\nRegion: ${clientSettings.region}\n${aws.pipelineName ? `Pipeline: ${aws.pipelineName}` : `CodeBuild project: ${aws.codeBuildProject}`}\nRepository: ${repository} (branch ${aws.branch})${aws.endpoint ? `\nEndpoint: ${aws.endpoint}` : ''}`,
    },
    run,
  );
  if (choice !== run) return undefined;

  const client = sdk.AwsPipelineClient.fromSettings(clientSettings, aws.s3Endpoint ? { endpoint: aws.s3Endpoint } : {});
  const end = ctx.beginScan();
  try {
    if (!aws.pipelineName) return await runBuild(ctx, client, folder, settings, repository);
    return await withPipelineProgress(`DevSecOps pipeline (AWS: ${aws.pipelineName})`, async (report, signal) => {
      const startedAt = new Date();
      const executionId = await client.startPipeline({ pipelineName: aws.pipelineName });
      ctx.log.info(`Started ${aws.pipelineName} execution ${executionId} in ${account}/${clientSettings.region}`);
      const onAbort = (): void => {
        void client.stopPipeline(aws.pipelineName, executionId, 'Cancelled from VS Code').catch((error: unknown) => {
          ctx.log.error(`Stopping ${executionId}: ${error instanceof Error ? error.message : String(error)}`);
        });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      let final: PipelineSnapshot;
      try {
        final = await client.followPipeline(aws.pipelineName, executionId, {
          signal,
          onSnapshot: (snapshot) => {
            const message = snapshotMessage(snapshot);
            ctx.log.debug(`${aws.pipelineName} ${executionId}: ${message}`);
            report(message);
          },
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      ctx.log.info(`${aws.pipelineName} execution ${executionId}: ${final.status}`);
      let findings: Finding[] = [];
      const byStage = new Map<string, number>();
      if (final.commit) {
        report(`loading findings of ${final.commit.slice(0, 12)} from s3://${aws.findingsBucket}`);
        const stored = await client.loadFindings({
          bucket: aws.findingsBucket,
          repository,
          commit: final.commit,
          root: folder.uri.fsPath,
        });
        findings = stored.flatMap((entry) => entry.findings);
        for (const entry of stored) byStage.set(entry.stage, entry.findings.length);
      } else {
        ctx.log.warn(`${aws.pipelineName} execution ${executionId} names no source commit: no findings to load.`);
      }
      return {
        report: awsRunReport(final, {
          startedAt,
          endedAt: new Date(),
          findingsByAction: byStage,
          failOn: settings.pipeline.failOn,
        }),
        findings,
      };
    });
  } finally {
    end();
    client.destroy();
  }
}

/** CodeBuild-only mode: one build of the project at the branch, followed, then its commit's findings. */
async function runBuild(
  ctx: Ctx,
  client: AwsPipelineClient,
  folder: vscode.WorkspaceFolder,
  settings: EditorSettings,
  repository: string,
): Promise<PipelineOutcome> {
  const aws = settings.aws;
  return withPipelineProgress(`DevSecOps build (AWS: ${aws.codeBuildProject})`, async (report, signal) => {
    const startedAt = new Date();
    const buildId = await client.startBuild({ projectName: aws.codeBuildProject, sourceVersion: aws.branch });
    ctx.log.info(`Started CodeBuild build ${buildId}`);
    const onAbort = (): void => {
      void client.stopBuild(buildId).catch((error: unknown) => {
        ctx.log.error(`Stopping ${buildId}: ${error instanceof Error ? error.message : String(error)}`);
      });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let build;
    try {
      build = await client.followBuild(buildId, {
        signal,
        onSnapshot: (snapshot) => report(`${snapshot.status} — ${snapshot.currentPhase}`),
      });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const commit = build.resolvedSourceVersion;
    const stored = commit
      ? await client.loadFindings({ bucket: aws.findingsBucket, repository, commit, root: folder.uri.fsPath })
      : [];
    const findings = stored.flatMap((entry) => entry.findings);
    const snapshot: PipelineSnapshot = {
      pipelineName: aws.codeBuildProject,
      executionId: buildId,
      status: build.status === 'SUCCEEDED' ? 'Succeeded' : build.status === 'STOPPED' ? 'Stopped' : 'Failed',
      ...(commit === undefined ? {} : { commit }),
      stages: [
        {
          name: aws.codeBuildProject,
          status: build.status === 'SUCCEEDED' ? 'Succeeded' : 'Failed',
          actions: stored.map((entry) => ({
            name: entry.stage,
            status: build.status === 'SUCCEEDED' ? 'Succeeded' : 'Failed',
          })),
        },
      ],
    };
    const byStage = new Map(stored.map((entry) => [entry.stage, entry.findings.length]));
    return {
      report: awsRunReport(snapshot, {
        startedAt,
        endedAt: new Date(),
        findingsByAction: byStage,
        failOn: settings.pipeline.failOn,
      }),
      findings,
    };
  });
}

/** One progress line: each stage's status (`Source ✓ · application-validation …`). */
function snapshotMessage(snapshot: PipelineSnapshot): string {
  const stages = snapshot.stages.map((stage) => `${stage.name}: ${stage.status ?? 'pending'}`);
  return `${snapshot.status} — ${stages.join(' · ')}`;
}
