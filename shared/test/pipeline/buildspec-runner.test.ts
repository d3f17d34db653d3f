import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBuildspec } from '../../src/pipeline/buildspec';
import type { BuildResult, RunBuildspecOptions } from '../../src/pipeline/buildspec-runner';
import { runBuildspec } from '../../src/pipeline/buildspec-runner';
import { abortWhenPids, survivors } from './process-helpers';

/** Phase types that ran, with their status, from SUBMITTED to COMPLETED. */
function phaseSummary(result: BuildResult): string[] {
  return result.phases.map((phase) => `${phase.phaseType}${phase.phaseStatus ? `:${phase.phaseStatus}` : ''}`);
}

describe('runBuildspec (CodeBuild semantics, locally)', () => {
  let sourceDir: string;
  let lines: string[];

  beforeEach(() => {
    sourceDir = mkdtempSync(join(tmpdir(), 'devsecops-runner-test-'));
    lines = [];
  });
  afterEach(() => rmSync(sourceDir, { recursive: true, force: true }));

  const run = (yaml: string, options: Partial<RunBuildspecOptions> = {}): Promise<BuildResult> =>
    runBuildspec({
      buildspec: parseBuildspec(yaml, 'test-buildspec.yml'),
      sourceDir,
      onLog: (line) => lines.push(line),
      ...options,
    });

  /** The build's own output: log lines that are not the runner's `[Container]` lines. */
  const output = (): string[] => lines.filter((line) => !line.startsWith('[Container]'));

  it('runs the phases in CodeBuild order and reports every BatchGetBuilds phase', async () => {
    const result = await run(`version: 0.2
phases:
  post_build:
    commands: [echo post_build]
  build:
    commands: [echo build]
  install:
    commands: [echo install]
  pre_build:
    commands: [echo pre_build]
`);
    deepStrictEqual(output(), ['install', 'pre_build', 'build', 'post_build']);
    strictEqual(result.buildStatus, 'SUCCEEDED');
    deepStrictEqual(phaseSummary(result), [
      'SUBMITTED:SUCCEEDED',
      'QUEUED:SUCCEEDED',
      'PROVISIONING:SUCCEEDED',
      'DOWNLOAD_SOURCE:SUCCEEDED',
      'INSTALL:SUCCEEDED',
      'PRE_BUILD:SUCCEEDED',
      'BUILD:SUCCEEDED',
      'POST_BUILD:SUCCEEDED',
      'UPLOAD_ARTIFACTS:SUCCEEDED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED',
    ]);
  });

  it('stops a phase at the first failing command, runs finally, and still runs post_build after a build failure', async () => {
    const result = await run(`version: 0.2
phases:
  build:
    commands:
      - echo one
      - exit_code_3() { return 3; }; exit_code_3
      - echo never
    finally:
      - echo finally-ran
  post_build:
    commands:
      - echo "post_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"
`);
    deepStrictEqual(output(), ['one', 'finally-ran', 'post_build succeeding=0']);
    strictEqual(result.buildStatus, 'FAILED');
    deepStrictEqual(result.failure, {
      phase: 'BUILD',
      statusCode: 'COMMAND_EXECUTION_ERROR',
      message: 'Error while executing command: exit_code_3() { return 3; }; exit_code_3. Reason: exit status 3',
    });
    deepStrictEqual(phaseSummary(result).slice(4), [
      'INSTALL:SUCCEEDED',
      'PRE_BUILD:SUCCEEDED',
      'BUILD:FAILED',
      'POST_BUILD:SUCCEEDED',
      'UPLOAD_ARTIFACTS:SUCCEEDED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED',
    ]);
  });

  it('ends the build after a failed install or pre_build (no build, no post_build, no upload)', async () => {
    const result = await run(`version: 0.2
phases:
  pre_build:
    commands: [echo pre, "false"]
    finally: [echo pre-finally]
  build:
    commands: [echo build]
  post_build:
    commands: [echo post]
`);
    deepStrictEqual(output(), ['pre', 'pre-finally']);
    deepStrictEqual(phaseSummary(result).slice(4), [
      'INSTALL:SUCCEEDED',
      'PRE_BUILD:FAILED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED',
    ]);
  });

  it('follows on-failure: CONTINUE goes on to the next phase, ABORT ends the build even after build', async () => {
    const continued = await run(`version: 0.2
phases:
  install:
    on-failure: CONTINUE
    commands: ["false"]
  build:
    commands: [echo "build succeeding=$CODEBUILD_BUILD_SUCCEEDING"]
`);
    deepStrictEqual(output(), ['build succeeding=0']);
    strictEqual(continued.buildStatus, 'FAILED');
    lines = [];
    const aborted = await run(`version: 0.2
phases:
  build:
    on-failure: ABORT
    commands: ["false"]
  post_build:
    commands: [echo post]
`);
    deepStrictEqual(output(), []);
    deepStrictEqual(phaseSummary(aborted).slice(-4), [
      'PRE_BUILD:SUCCEEDED',
      'BUILD:FAILED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED',
    ]);
  });

  it('fails the phase when a finally command fails, after running the commands', async () => {
    const result = await run(`version: 0.2
phases:
  build:
    commands: [echo ok]
    finally: ["false", echo skipped-after-finally-failure]
`);
    deepStrictEqual(output(), ['ok']);
    strictEqual(result.buildStatus, 'FAILED');
    strictEqual(result.failure?.message, 'Error while executing command: false. Reason: exit status 1');
  });

  it('keeps variables and the working directory between commands and across phases, as one shell session', async () => {
    mkdirSync(join(sourceDir, 'sub'));
    const result = await run(`version: 0.2
env:
  exported-variables: [PLAIN, EXPORTED, NEVER_SET]
phases:
  install:
    commands:
      - PLAIN=set-in-install
      - IFS=,
      - export EXPORTED=exported-in-install
      - 'echo "same phase: $PLAIN"'
      - cd sub
  build:
    commands:
      - 'echo "next phase: $PLAIN $EXPORTED $(basename "$PWD")"'
      - PLAIN="$PLAIN+build"
  post_build:
    commands:
      - 'echo "post_build: $PLAIN"'
`);
    deepStrictEqual(output(), [
      'same phase: set-in-install',
      'next phase: set-in-install exported-in-install sub',
      'post_build: set-in-install+build',
    ]);
    deepStrictEqual(result.exportedVariables, [
      { name: 'PLAIN', value: 'set-in-install+build' },
      { name: 'EXPORTED', value: 'exported-in-install' },
    ]);
  });

  it('layers the environment: image < CODEBUILD_* < env.variables < start-build overrides', async () => {
    await run(
      `version: 0.2
env:
  variables:
    FROM_BUILDSPEC: buildspec
    OVERRIDDEN: buildspec
    IMAGE_VALUE: buildspec
    NUMBER: 3
phases:
  build:
    commands:
      - echo "$FROM_BUILDSPEC $OVERRIDDEN $IMAGE_VALUE $NUMBER $ONLY_IMAGE"
      - echo "$CODEBUILD_SRC_DIR|$CODEBUILD_BUILD_ID|$CODEBUILD_RESOLVED_SOURCE_VERSION|$CODEBUILD_BUILD_SUCCEEDING|$CODEBUILD_INITIATOR|$DEVSECOPS_LOCAL"
`,
      {
        baseEnv: { PATH: process.env['PATH'], IMAGE_VALUE: 'image', ONLY_IMAGE: 'image-only' },
        env: { OVERRIDDEN: 'override' },
        codebuildVars: { CODEBUILD_BUILD_ID: 'proj:42', CODEBUILD_RESOLVED_SOURCE_VERSION: 'abc123' },
      },
    );
    deepStrictEqual(output(), [
      'buildspec override buildspec 3 image-only',
      `${sourceDir}|proj:42|abc123|1|devsecops-local|1`,
    ]);
  });

  it('skips cloud-only commands locally and reports them; runs them when asked (the emulator)', async () => {
    const yaml = `version: 0.2
phases:
  install:
    commands:
      - |
        # devsecops:cloud-only: install a pinned tool
        echo installing
      - echo always
`;
    const local = await run(yaml);
    deepStrictEqual(output(), ['always']);
    deepStrictEqual(local.skippedCloudOnlySteps, [{ phase: 'install', description: 'install a pinned tool' }]);
    ok(lines.includes('[Container] Skipping cloud-only command in a local run: install a pinned tool'));
    lines = [];
    const cloud = await run(yaml, { cloudOnly: 'run' });
    deepStrictEqual(output(), ['installing', 'always']);
    deepStrictEqual(cloud.skippedCloudOnlySteps, []);
  });

  it('resolves parameter-store and secrets-manager through the resolver, and reports the ones it cannot', async () => {
    const result = await run(
      `version: 0.2
env:
  parameter-store:
    FROM_SSM: /team/param
  secrets-manager:
    MISSING: team/secret:key
phases:
  build:
    commands:
      - 'echo "ssm=$FROM_SSM missing=\${MISSING:-unset}"'
`,
      {
        resolveSecret: (kind, reference) =>
          Promise.resolve(kind === 'parameter-store' ? `value-of-${reference}` : undefined),
      },
    );
    deepStrictEqual(output(), ['ssm=value-of-/team/param missing=unset']);
    deepStrictEqual(result.unresolvedSecrets, ['MISSING']);
  });

  it('collects reports and artifacts by glob, base-directory, discard-paths and exclude-paths', async () => {
    const result = await run(`version: 0.2
phases:
  build:
    commands:
      - mkdir -p out/junit/nested out/other
      - touch out/junit/a.xml out/junit/nested/b.xml out/junit/c.txt out/other/d.xml
reports:
  unit-tests:
    files: ['**/*.xml']
    base-directory: out/junit
  flat:
    files: ['out/**/*.xml']
    discard-paths: yes
    file-format: CUCUMBERJSON
artifacts:
  files: ['**/*']
  base-directory: out
  exclude-paths: ['other/**']
  name: bundle
  secondary-artifacts:
    extra:
      files: [out/other/d.xml]
`);
    const names = (files: readonly { name: string }[]): string[] => files.map((file) => file.name);
    deepStrictEqual(
      result.reports.map((report) => [report.name, report.fileFormat, names(report.files)]),
      [
        ['unit-tests', 'JUNITXML', ['a.xml', 'nested/b.xml']],
        ['flat', 'CUCUMBERJSON', ['a.xml', 'b.xml', 'd.xml']],
      ],
    );
    deepStrictEqual(
      result.artifacts.map((artifact) => [artifact.identifier, artifact.name, names(artifact.files)]),
      [
        ['primary', 'bundle', ['junit/a.xml', 'junit/c.txt', 'junit/nested/b.xml']],
        ['extra', undefined, ['out/other/d.xml']],
      ],
    );
    strictEqual(result.reports[0]?.files[0]?.absolutePath, join(sourceDir, 'out/junit/a.xml'));
  });

  it('runs under /bin/sh when env.shell asks for it', async () => {
    const result = await run(`version: 0.2
env:
  shell: /bin/sh
phases:
  build:
    commands: ["export A=1", 'echo "sh A=$A"']
  post_build:
    commands: ['echo "post A=$A"']
`);
    deepStrictEqual(output(), ['sh A=1', 'post A=1']);
    strictEqual(result.buildStatus, 'SUCCEEDED');
  });

  it('writes phase events in order', async () => {
    const events: string[] = [];
    await run(`version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n`, {
      onPhase: (event) => events.push(`${event.state} ${event.phaseType}`),
    });
    deepStrictEqual(events.slice(8, 12), ['started INSTALL', 'ended INSTALL', 'started PRE_BUILD', 'ended PRE_BUILD']);
    deepStrictEqual(events.slice(-4), [
      'started UPLOAD_ARTIFACTS',
      'ended UPLOAD_ARTIFACTS',
      'started FINALIZING',
      'ended FINALIZING',
    ]);
  });

  it('stops on cancel: the phase is STOPPED, later phases do not run, and no process is left behind', async () => {
    const pidFile = join(sourceDir, 'pids');
    const controller = new AbortController();
    const resultPromise = run(
      `version: 0.2
phases:
  build:
    commands:
      - sleep 300 & echo $! >> pids; sh -c 'echo $$ >> pids; sleep 300'
  post_build:
    commands: [echo post]
`,
      {
        signal: controller.signal,
        onLog: (line) => {
          lines.push(line);
          if (line.startsWith('[Container] Running command sleep')) abortWhenPids(pidFile, 2, controller);
        },
      },
    );
    const result = await resultPromise;
    strictEqual(result.buildStatus, 'STOPPED');
    deepStrictEqual(phaseSummary(result).slice(-3), ['BUILD:STOPPED', 'FINALIZING:SUCCEEDED', 'COMPLETED']);
    ok(!output().includes('post'), 'post_build must not run after a stop');
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    strictEqual(pids.length, 2);
    await new Promise((done) => setTimeout(done, 100));
    deepStrictEqual(await survivors(pids), [], 'background and foreground children of the phase must be gone');
  });

  it('ends a phase when its commands end, though a background job still holds the output, and stops the job', async () => {
    const started = Date.now();
    const result = await run(`version: 0.2
phases:
  build:
    commands:
      - sleep 600 & echo $! > holder
      - echo built
  post_build:
    commands: [echo post]
`);
    strictEqual(result.buildStatus, 'SUCCEEDED');
    deepStrictEqual(output(), ['built', 'post']);
    ok(Date.now() - started < 20_000, 'the held output must not hold the build');
    const holder = Number(readFileSync(join(sourceDir, 'holder'), 'utf8').trim());
    deepStrictEqual(await survivors([holder]), [], 'the background job must not outlive the build');
  });

  it('reports a missing shell as a failed phase instead of throwing', async () => {
    writeFileSync(join(sourceDir, 'marker'), '');
    const result = await run(`version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n`, {
      bashPath: '/nonexistent/bash',
    });
    strictEqual(result.buildStatus, 'FAILED');
    strictEqual(result.failure?.statusCode, 'CLIENT_ERROR');
  });
});
