import { App, Validations } from 'aws-cdk-lib';
import { loadPipelineDefinition } from '@devsecops/shared/pipeline';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_CONTEXT } from './app-context';
import type { CliBundle } from './cli-bundle';
import { buildCliBundle } from './cli-bundle';
import type { DeploySettings } from './deploy-settings';
import { readDeploySettings, settingReader } from './deploy-settings';
import { DevsecopsStack } from './devsecops-stack';
import type { RepositoryPaths } from './repository-paths';
import { repositoryPaths } from './repository-paths';

export interface DevsecopsAppOptions {
  /** Deploy settings as CDK context (what `-c key=value` gives). */
  readonly context?: Readonly<Record<string, string>>;
  /** Where settings not in the context come from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The cloud assembly folder; default what the CDK CLI asks for (cdk.out). */
  readonly outdir?: string;
  readonly paths?: RepositoryPaths;
  /** A CLI bundle built already (tests build it once); default: build it now. */
  readonly cliBundle?: CliBundle;
}

export interface DevsecopsApp {
  readonly app: App;
  readonly stack: DevsecopsStack;
  readonly settings: DeploySettings;
}

/**
 * The app as `cdk synth` builds it: settings, the pipeline definition, the CLI bundle, the stack, and
 * cdk-nag's AwsSolutions pack as a policy-validation plugin (synth fails on any unacknowledged error).
 * The template tests build exactly this.
 */
export async function createDevsecopsApp(options: DevsecopsAppOptions = {}): Promise<DevsecopsApp> {
  const app = new App({
    context: { ...APP_CONTEXT, ...options.context },
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const settings = readDeploySettings(settingReader((key) => app.node.tryGetContext(key), options.env ?? process.env));
  const paths = options.paths ?? repositoryPaths();
  const stack = new DevsecopsStack(app, settings.stackName, {
    settings,
    definition: await loadPipelineDefinition(paths.pipelineDefinition),
    cliBundle: options.cliBundle ?? buildCliBundle(paths.root, paths.buildDir),
    paths,
    description: `DevSecOps pipeline and PR bot for the CodeCommit repository ${settings.repositoryName}`,
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, stack, settings };
}
