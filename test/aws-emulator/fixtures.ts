/**
 * A small repository and cloud setup the emulator tests share: a buildspec that writes
 * a JUnit report and a SARIF file, a CodeBuild project that uploads the SARIF to the
 * findings bucket under `<repository>/<commit>/`, and a three-stage pipeline.
 */

/** The findings bucket every test setup creates. */
export const FINDINGS_BUCKET = 'devsecops-findings';
/** The demo pipeline's artifact store, where its source action writes the commit (`seedDemoCloud` creates it). */
export const ARTIFACTS_BUCKET = 'devsecops-artifacts';

/** A stage buildspec: `STAGE` names the SARIF file; `FAIL_STAGE=<STAGE>` makes the build fail after writing reports. */
export const STAGE_BUILDSPEC = `version: 0.2
env:
  variables:
    STAGE: scan
  exported-variables:
    - STAGE
phases:
  build:
    commands:
      - mkdir -p reports
      - printf '<testsuites><testsuite name="%s"><testcase classname="%s" name="B602 app/main.py:3" time="0.5"><failure message="subprocess call with shell=True"/></testcase><testcase classname="%s" name="clean" time="0.25"/></testsuite></testsuites>' "$STAGE" "$STAGE" "$STAGE" > reports/$STAGE.xml
      - cp sarif/$STAGE.sarif reports/$STAGE.sarif
      - test "\${FAIL_STAGE:-none}" != "$STAGE"
reports:
  findings:
    files:
      - 'reports/*.xml'
artifacts:
  files:
    - '*.sarif'
  base-directory: reports
  name: $REPOSITORY/$CODEBUILD_RESOLVED_SOURCE_VERSION
`;

/** A SARIF log with one Bandit result on app/main.py line 3. */
export function banditSarif(ruleId = 'B602'): string {
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'Bandit', rules: [{ id: ruleId, name: 'subprocess_popen_with_shell_equals_true' }] } },
        results: [
          {
            ruleId,
            level: 'error',
            message: { text: 'subprocess call with shell=True identified, security issue.' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'app/main.py' },
                  region: { startLine: 3, startColumn: 1 },
                },
              },
            ],
            properties: { issue_severity: 'HIGH', issue_confidence: 'HIGH' },
          },
        ],
      },
    ],
  });
}

/** Files of the demo repository. */
export function demoRepositoryFiles(): Record<string, string> {
  return {
    'app/main.py': 'import os\nimport subprocess\nsubprocess.call("ls", shell=True)\n',
    'buildspec.yml': STAGE_BUILDSPEC,
    'sarif/sast.sarif': banditSarif('B602'),
    'sarif/sca.sarif': banditSarif('B404'),
    'sarif/scan.sarif': banditSarif('B602'),
    'sarif/hadolint.sarif': JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'hadolint' } }, results: [] }],
    }),
  };
}

/** CreateProject input for a stage project building `repository` from CodeCommit. */
export function stageProject(name: string, repository: string, region = 'us-east-1') {
  return {
    name,
    source: {
      type: 'CODECOMMIT' as const,
      location: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${repository}`,
    },
    artifacts: {
      type: 'S3' as const,
      location: FINDINGS_BUCKET,
      packaging: 'NONE' as const,
      overrideArtifactName: true,
    },
    environment: {
      type: 'LINUX_CONTAINER' as const,
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL' as const,
      environmentVariables: [{ name: 'REPOSITORY', value: repository }],
    },
    serviceRole: 'arn:aws:iam::123456789012:role/codebuild-devsecops',
  };
}

/** CreatePipeline input: Source → application-validation (sca ∥ sast) → dockerfile-validation. */
export function devsecopsPipeline(name: string, repository: string, project = 'devsecops-stage') {
  const build = (actionName: string, stage: string, runOrder = 1) => ({
    name: actionName,
    actionTypeId: { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' },
    runOrder,
    configuration: {
      ProjectName: project,
      EnvironmentVariables: JSON.stringify([
        { name: 'STAGE', value: stage, type: 'PLAINTEXT' },
        { name: 'FAIL_STAGE', value: '#{variables.FAIL_STAGE}', type: 'PLAINTEXT' },
      ]),
    },
    inputArtifacts: [{ name: 'SourceOutput' }],
  });
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/codepipeline-devsecops',
    artifactStore: { type: 'S3' as const, location: ARTIFACTS_BUCKET },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: repository, BranchName: 'main', PollForSourceChanges: 'false' },
            outputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
      { name: 'application-validation', actions: [build('sca', 'sca'), build('sast', 'sast')] },
      { name: 'dockerfile-validation', actions: [build('hadolint', 'hadolint')] },
    ],
  };
}
