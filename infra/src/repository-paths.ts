import { join, resolve } from 'node:path';

/** Files of this checkout the stack reads at synth time; tests build stacks from the same places. */
export interface RepositoryPaths {
  /** The monorepo root. */
  readonly root: string;
  /** `pipeline/pipeline.yml`: the stages and actions of the pipeline. */
  readonly pipelineDefinition: string;
  /** `pipeline/buildspecs/pull-request.yml`: the pull-request build. */
  readonly pullRequestBuildspec: string;
  /** `bot/dist`: the bundled bot (`lambda.js`, built by bot/build.mjs). */
  readonly botDist: string;
  /** `bot/iam-policy.json`: the bot's least-privilege policy, the single source of its IAM actions. */
  readonly botPolicy: string;
  /** Where synth stages what it builds (the CLI bundle zip) before CDK copies it into cdk.out. */
  readonly buildDir: string;
}

/** The checkout this module lives in (infra/src/ → the root). */
export function repositoryPaths(root: string = resolve(__dirname, '..', '..')): RepositoryPaths {
  return {
    root,
    pipelineDefinition: join(root, 'pipeline', 'pipeline.yml'),
    pullRequestBuildspec: join(root, 'pipeline', 'buildspecs', 'pull-request.yml'),
    botDist: join(root, 'bot', 'dist'),
    botPolicy: join(root, 'bot', 'iam-policy.json'),
    buildDir: join(root, 'infra', 'build'),
  };
}
