import { delimiter } from 'node:path';
import { BASE_VARIABLES, pickVariables, PROXY_VARIABLES, trustedSearchPath } from '../process/tool-environment';

/**
 * The environment a pipeline action starts from (before the buildspec's own variables and the run's
 * overrides): an allow-list of the user's environment, like a CodeBuild image's, never all of it. A scan
 * action has no use for the user's AWS keys or tokens (its tools get even less, see
 * `process/tool-environment.ts`); locally, the image build logs in to no registry either (ECR login and
 * push are cloud-only steps). An action that needs more names it in the definition (`environment:`).
 */

/** What every action gets: the tools' base, the user's identity and terminal, and our own settings. */
export const ACTION_BASE_VARIABLES = [
  ...BASE_VARIABLES,
  'USER',
  'LOGNAME',
  'TERM',
  'NO_COLOR',
  // devsecops' own settings: the user's config file and cache, the execution settings (DEVSECOPS_BANDIT_PATH…).
  'DEVSECOPS_*',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
] as const;

/**
 * What a container engine needs to reach its daemon and registries (the engine probe, the image build):
 * Docker's and Podman's settings, the rootless runtime folder, and the proxy.
 */
export const CONTAINER_ENGINE_VARIABLES = [
  'DOCKER_*',
  'BUILDKIT_*',
  'BUILDAH_*',
  'CONTAINERS_*',
  'REGISTRY_AUTH_FILE',
  'XDG_RUNTIME_DIR',
  'XDG_DATA_HOME',
  ...PROXY_VARIABLES,
];

export interface ActionEnvironmentOptions {
  /** Variables the action's definition asks for (`DOCKER_*`, `JAVA_HOME`). */
  readonly extra?: readonly string[];
  /** A folder put first on PATH (the `devsecops` launcher of a local run). */
  readonly binDir?: string;
  /** Folders no PATH entry may be in (the scanned repository): it cannot shadow `mkdir` or `docker`. */
  readonly untrustedFolders?: readonly string[];
}

/** The user's variables an action may see, with PATH limited to trusted absolute folders. */
export function actionEnvironment(
  userEnv: NodeJS.ProcessEnv,
  options: ActionEnvironmentOptions = {},
): NodeJS.ProcessEnv {
  const env = pickVariables(userEnv, [...ACTION_BASE_VARIABLES, ...(options.extra ?? [])]);
  const path = trustedSearchPath(userEnv['PATH'], options.untrustedFolders);
  env['PATH'] = [options.binDir, path].filter((part) => part !== undefined && part !== '').join(delimiter);
  return env;
}
