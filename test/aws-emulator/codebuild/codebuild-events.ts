// "CodeBuild Build State Change" (CodeBuild user guide, "Build notifications input format reference"): sent to
// EventBridge when a build starts (IN_PROGRESS) and when it ends, with the build's environment variables (the
// PR bot reads the pull request back from them).
import type { ServiceEvent } from '../codecommit/codecommit-events';

/** What the event tells about a build. */
export interface BuildFacts {
  readonly arn: string;
  readonly projectName: string;
  readonly buildStatus: string;
  readonly currentPhase: string;
  readonly initiator: string;
  readonly startTime: Date;
  readonly sourceVersion?: string;
  readonly environmentVariables: readonly { readonly name: string; readonly value: string; readonly type?: string }[];
}

export function buildStateChangeEvent(build: BuildFacts, image: string): ServiceEvent {
  return {
    source: 'aws.codebuild',
    detailType: 'CodeBuild Build State Change',
    resources: [build.arn],
    detail: {
      'build-status': build.buildStatus,
      'project-name': build.projectName,
      'build-id': build.arn,
      'current-phase': build.currentPhase,
      'current-phase-context': '[]',
      version: '1',
      'additional-information': {
        'build-complete': build.buildStatus !== 'IN_PROGRESS',
        initiator: build.initiator,
        'build-start-time': build.startTime.toUTCString(),
        ...(build.sourceVersion === undefined ? {} : { 'source-version': build.sourceVersion }),
        environment: {
          image,
          'environment-variables': build.environmentVariables.map((variable) => ({
            name: variable.name,
            value: variable.value,
            type: variable.type ?? 'PLAINTEXT',
          })),
        },
      },
    },
  };
}
