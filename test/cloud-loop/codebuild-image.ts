// The CodeBuild image stand-in of the cloud-loop test: what aws/codebuild/standard:8.0 gives a build, made from
// this machine's tools, and the few buildspec steps it cannot run as written because they download from the
// internet (PyPI, GitHub), which this machine cannot reach. Every such step is named here, replaced by a command
// that says so in the build log, and `standIns` reports which ones a project had: nothing else is changed.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateProjectCommandInput } from '@aws-sdk/client-codebuild';
import { cloudOnlyDescription, CLOUD_ONLY_MARKER } from '@devsecops/shared/pipeline';
import { parseDocument, isScalar, isSeq, isMap } from 'yaml';
import { EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY } from '../aws-emulator/emulator';

/**
 * Cloud-only steps that need the internet, by their description, and what runs instead. Bandit is the machine's
 * own (Debian's 1.6.2, not the pinned 1.8.x wheels); hadolint and Dependency-Check are not installed at all, so
 * the built-in Dockerfile rules and the built-in SCA engine are what scan.
 */
export const INTERNET_STEP_STAND_INS: Readonly<Record<string, string>> = {
  'install Bandit and its dependencies (pinned wheels, hash-checked by pip)': [
    '(',
    '  set -euo pipefail',
    '  test -s "$DEVSECOPS_CLI_HOME/pipeline/buildspecs/bandit-requirements.txt"',
    '  echo "image stand-in: PyPI is not reachable here; Bandit is this machine\'s: $(command -v bandit)"',
    '  bandit --version',
    ')',
  ].join('\n'),
  'install hadolint (pinned, SHA-256 verified)':
    'echo "image stand-in: GitHub is not reachable here; hadolint is not installed (the built-in Dockerfile rules scan)"',
  'install OWASP Dependency-Check (pinned, SHA-256 verified)':
    'echo "image stand-in: GitHub is not reachable here; Dependency-Check is not installed (the built-in SCA engine scans)"',
  'refresh the cached Dependency-Check data with the NVD API key':
    'echo "image stand-in: Dependency-Check is not installed, so its NVD data is not refreshed"',
};

/**
 * The stand-in image: what every build starts from, and per project its own /opt/devsecops, /usr/local/bin and
 * HOME inside a test folder (CodeBuild gives each build its own container, so two actions running in parallel never
 * install over each other; a project's builds here share its folders, as its cache would).
 */
export interface CodeBuildImage {
  /** The environment every build starts from. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Writes the emulator's endpoints for the image's `aws` (known once the emulator listens): S3, and the rest. */
  useEndpoints(endpoints: { readonly s3: string; readonly services: string }): void;
  /** The project as this image builds it: its own folders instead of /opt and /usr/local/bin, internet steps replaced. */
  adaptProject(project: CreateProjectCommandInput): CreateProjectCommandInput;
  /** The internet steps replaced so far, per project name. */
  readonly standIns: ReadonlyMap<string, readonly string[]>;
}

function executable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** Replaces the internet steps of an inline buildspec; returns the new text and the steps replaced. */
export function replaceInternetSteps(buildspec: string): { text: string; replaced: string[] } {
  const document = parseDocument(buildspec);
  const replaced: string[] = [];
  const phases = document.get('phases');
  if (isMap(phases)) {
    for (const phase of phases.items) {
      const commands = isMap(phase.value) ? phase.value.get('commands') : undefined;
      if (!isSeq(commands)) continue;
      for (const item of commands.items) {
        if (!isScalar(item) || typeof item.value !== 'string') continue;
        const description = cloudOnlyDescription(item.value);
        const standIn = description === undefined ? undefined : INTERNET_STEP_STAND_INS[description];
        if (description === undefined || standIn === undefined) continue;
        item.value = `${CLOUD_ONLY_MARKER} ${description}\n${standIn}\n`;
        replaced.push(description);
      }
    }
  }
  return { text: document.toString({ lineWidth: 0 }), replaced };
}

export function createCodeBuildImage(root: string): CodeBuildImage {
  const shims = join(root, 'image-bin');
  const home = join(root, 'root');
  for (const dir of [shims, home]) mkdirSync(dir, { recursive: true });
  const pathOf = (binDir: string): string =>
    [shims, binDir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  const endpointFile = join(root, 's3-endpoint');
  const servicesEndpointFile = join(root, 'services-endpoint');
  const awsConfig = join(root, 'aws-config');
  // The real AWS CLI v2, pointed at the emulator (v2.9 has no AWS_ENDPOINT_URL_S3): S3 with path-style
  // addressing, every other service (the pull-request build's `aws codecommit get-file`) at the emulator's front door.
  writeFileSync(awsConfig, '[default]\ns3 =\n  addressing_style = path\n');
  executable(
    join(shims, 'aws'),
    `#!/bin/sh\ncase "$1" in s3|s3api) endpoint="$(cat '${endpointFile}')" ;; *) endpoint="$(cat '${servicesEndpointFile}')" ;; esac\nexec /usr/bin/aws --endpoint-url "$endpoint" "$@"\n`,
  );
  const standIns = new Map<string, string[]>();
  return {
    baseEnv: {
      PATH: pathOf(join(root, 'usr-local-bin')),
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: awsConfig,
      AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      DEVSECOPS_CACHE_DIR: join(home, '.cache', 'devsecops'),
      NO_COLOR: '1',
    },
    useEndpoints(endpoints) {
      writeFileSync(endpointFile, endpoints.s3);
      writeFileSync(servicesEndpointFile, endpoints.services);
    },
    standIns,
    adaptProject(project) {
      const buildspec = project.source?.buildspec;
      const adapted = buildspec === undefined ? undefined : replaceInternetSteps(buildspec);
      if (adapted !== undefined && project.name !== undefined) standIns.set(project.name, adapted.replaced);
      // CodeBuild builds in a container with its own /opt, /usr/local/bin and HOME; here they are folders of the test.
      const container = join(root, 'projects', project.name ?? 'unnamed');
      const cliHome = join(container, 'opt', 'devsecops');
      const binDir = join(container, 'usr-local-bin');
      const projectHome = join(container, 'root');
      for (const dir of [binDir, projectHome]) mkdirSync(dir, { recursive: true });
      const layout = [
        { name: 'PATH', value: pathOf(binDir), type: 'PLAINTEXT' as const },
        { name: 'HOME', value: projectHome, type: 'PLAINTEXT' as const },
        { name: 'DEVSECOPS_CACHE_DIR', value: join(projectHome, '.cache', 'devsecops'), type: 'PLAINTEXT' as const },
        { name: 'DEVSECOPS_CLI_HOME', value: cliHome, type: 'PLAINTEXT' as const },
        { name: 'DEVSECOPS_BIN_DIR', value: binDir, type: 'PLAINTEXT' as const },
        {
          name: 'DEVSECOPS_PIPELINE_DEFINITION',
          value: join(cliHome, 'pipeline', 'pipeline.yml'),
          type: 'PLAINTEXT' as const,
        },
      ];
      return {
        ...project,
        ...(project.source === undefined
          ? {}
          : { source: { ...project.source, ...(adapted === undefined ? {} : { buildspec: adapted.text }) } }),
        ...(project.environment === undefined
          ? {}
          : {
              environment: {
                ...project.environment,
                environmentVariables: [...(project.environment.environmentVariables ?? []), ...layout],
              },
            }),
      };
    },
  };
}
