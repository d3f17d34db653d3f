import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import buildspecSchema from '../../schemas/buildspec.schema.json';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import type { Buildspec } from '../../src/pipeline/buildspec';
import {
  BUILDSPEC_PHASE_NAMES,
  BUILDSPEC_SHELLS,
  parseBuildspec,
  REPORT_FILE_FORMATS,
} from '../../src/pipeline/buildspec';
import { cloudOnlyDescription } from '../../src/pipeline/buildspec-runner';
import { yamlAliasBomb } from './yaml-alias-bomb';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const BUILDSPECS_DIR = join(REPO_ROOT, 'pipeline', 'buildspecs');

/** Asserts that parseBuildspec refuses `text` with PIPELINE_INVALID, and with this message and detail where given. */
function refuses(text: string, sourceName: string, expected: { message?: string; detail?: readonly string[] }): void {
  throws(
    () => parseBuildspec(text, sourceName),
    (error: unknown) => {
      ok(isDevsecopsError(error));
      strictEqual(error.code, 'PIPELINE_INVALID');
      if (expected.message !== undefined) strictEqual(error.message, expected.message);
      if (expected.detail !== undefined) deepStrictEqual(error.detail?.split('\n'), expected.detail);
      return true;
    },
  );
}

/** Asserts a PIPELINE_INVALID error whose detail lists exactly these problems. */
function throwsProblems(text: string, problems: string[]): void {
  refuses(text, 'bad.yml', { detail: problems });
}

describe('parseBuildspec', () => {
  it('reads every documented section into the model', () => {
    const buildspec = parseBuildspec(
      `version: 0.2
run-as: builder
env:
  shell: bash
  variables:
    NAME: value
    COUNT: 3
  parameter-store:
    TOKEN: /team/token
  secrets-manager:
    KEY: team/secret:api-key
  exported-variables: [NAME]
  git-credential-helper: yes
proxy:
  upload-artifacts: no
phases:
  install:
    run-as: root
    on-failure: CONTINUE
    runtime-versions:
      python: 3.12
    commands: [echo install]
    finally: [echo done]
  build:
    on-failure: ABORT
    commands:
      - echo build
reports:
  unit:
    files: ['**/*.xml']
    base-directory: out
    discard-paths: yes
    file-format: NUNIT3XML
  coverage:
    files: [coverage.xml]
artifacts:
  files: ['**/*']
  name: app
  base-directory: dist
  discard-paths: no
  exclude-paths: ['*.map']
  enable-symlinks: yes
  s3-prefix: builds
  secondary-artifacts:
    docs:
      files: [docs/**/*]
cache:
  paths: [/root/.cache/pip/**/*]
`,
      'full.yml',
    );
    const expected: Buildspec = {
      sourceName: 'full.yml',
      version: '0.2',
      runAs: 'builder',
      env: {
        shell: 'bash',
        variables: { NAME: 'value', COUNT: '3' },
        parameterStore: { TOKEN: '/team/token' },
        secretsManager: { KEY: 'team/secret:api-key' },
        exportedVariables: ['NAME'],
        gitCredentialHelper: true,
      },
      phases: {
        install: {
          runAs: 'root',
          onFailure: 'CONTINUE',
          runtimeVersions: { python: '3.12' },
          commands: ['echo install'],
          finally: ['echo done'],
        },
        build: { onFailure: 'ABORT', commands: ['echo build'], finally: [] },
      },
      reports: [
        { name: 'unit', files: ['**/*.xml'], baseDirectory: 'out', discardPaths: true, fileFormat: 'NUNIT3XML' },
        { name: 'coverage', files: ['coverage.xml'], discardPaths: false, fileFormat: 'JUNITXML' },
      ],
      artifacts: {
        files: ['**/*'],
        name: 'app',
        discardPaths: false,
        baseDirectory: 'dist',
        excludePaths: ['*.map'],
        enableSymlinks: true,
        s3Prefix: 'builds',
        secondaryArtifacts: {
          docs: {
            files: ['docs/**/*'],
            discardPaths: false,
            excludePaths: [],
            enableSymlinks: false,
            secondaryArtifacts: {},
          },
        },
      },
      cache: { paths: ['/root/.cache/pip/**/*'], fallbackKeys: [] },
    };
    deepStrictEqual(buildspec, expected);
  });

  it('rejects what CodeBuild does not know, listing every problem', () => {
    throwsProblems(
      `version: 0.1
env:
  vars: {}
phases:
  compile:
    commands: [make]
  build:
    on-failure: RETRY
    runtime-versions: {python: 3.12}
    commands:
      - echo: not a string
reports:
  tests:
    files: [a.xml]
    file-format: SARIF
`,
      [
        'bad.yml:1: version: must be 0.2 (version 0.1 is deprecated and runs each command in its own shell)',
        'bad.yml:3: env.vars: not a CodeBuild buildspec key here (allowed: shell, variables, parameter-store, secrets-manager, exported-variables, git-credential-helper)',
        'bad.yml:5: phases.compile: not a CodeBuild buildspec key here (allowed: install, pre_build, build, post_build)',
        'bad.yml:8: phases.build.on-failure: must be one of ABORT, CONTINUE',
        'bad.yml:9: phases.build.runtime-versions: not a CodeBuild buildspec key here (allowed: run-as, on-failure, commands, finally)',
        'bad.yml:11: phases.build.commands[0]: must be a string (quote a command that contains ": " so YAML does not read it as a mapping)',
        'bad.yml:15: reports.tests.file-format: must be one of JUNITXML, CUCUMBERJSON, TESTNGXML, VISUALSTUDIOTRX, NUNITXML, NUNIT3XML, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV',
      ],
    );
  });

  it("takes from its schema exactly the model's phases, shells and report formats", () => {
    deepStrictEqual(Object.keys(buildspecSchema.properties.phases.properties), [...BUILDSPEC_PHASE_NAMES]);
    deepStrictEqual(buildspecSchema.properties.env.properties.shell.enum, [...BUILDSPEC_SHELLS, null]);
    deepStrictEqual(buildspecSchema.definitions.reportGroup.properties['file-format'].enum, [
      ...REPORT_FILE_FORMATS,
      null,
    ]);
  });

  it('names the first problem in the file, with its line, in the message', () => {
    refuses('version: 0.2\nphases:\n  build:\n    commands: [make]\n    on-failure: RETRY\n', 'b.yml', {
      message:
        'b.yml is not a valid CodeBuild buildspec (1 problem): line 5: phases.build.on-failure: must be one of ABORT, CONTINUE. Fix it against the CodeBuild buildspec reference.',
    });
  });

  it('requires commands in a declared phase and files in reports and artifacts', () => {
    throwsProblems(
      `version: 0.2
phases:
  build:
    finally: [echo x]
reports:
  empty:
    base-directory: out
artifacts:
  name: nothing
`,
      [
        'bad.yml:4: phases.build.commands: is required when the phase is declared',
        'bad.yml:7: reports.empty.files: must list at least one file pattern',
        'bad.yml:9: artifacts.files: must list at least one file pattern',
      ],
    );
  });

  it('reports YAML syntax errors and duplicate keys as PIPELINE_INVALID', () => {
    for (const text of ['version: 0.2\nphases: [', 'version: 0.2\nversion: 0.2\n']) {
      refuses(text, 'broken.yml', {});
    }
  });

  it('names each repeated key with its line, found without the quadratic check of the yaml library', () => {
    refuses('version: 0.2\nenv:\n  variables: {A: x, B: y, A: z}\nversion: 0.2\n', 'broken.yml', {
      detail: ['Map keys must be unique at line 3, column 27', 'Map keys must be unique at line 4, column 1'],
    });
  });

  it('refuses a deeply nested buildspec with PIPELINE_INVALID before the YAML library overflows (fuzz)', () => {
    for (const text of [
      `version: 0.2\nphases: ${'['.repeat(20_000)}`,
      `version: 0.2\nphases: ${'{a: '.repeat(5000)}`,
    ]) {
      refuses(text, 'buildspec.yml', {
        message: 'buildspec.yml:2: lists and mappings nest more than 64 levels deep here; flatten the file.',
      });
    }
  });

  it("refuses an alias bomb with PIPELINE_INVALID instead of the YAML library's ReferenceError (fuzz)", () => {
    refuses(yamlAliasBomb('version: 0.2'), 'buildspec.yml', {
      message:
        'buildspec.yml repeats YAML aliases (*name) more often than can be expanded safely: write the values out.',
    });
  });

  it('refuses artifact and report globs the runner cannot match (fuzz)', () => {
    refuses(
      'version: 0.2\nartifacts:\n  files: ["@(a|b)"]\n  exclude-paths: [ok/**]\nreports:\n  r:\n    files: ["{1..9}"]\n',
      'b.yml',
      {
        detail: [
          'b.yml:3: artifacts.files[0]: The glob "@(a|b)" uses an extended glob (@(…)), which globs here do not support: write it with *, **, ?, [...] and {a,b}.',
          'b.yml:7: reports.r.files[0]: The glob "{1..9}" uses a brace range ({1..3}), which globs here do not support: write it with *, **, ?, [...] and {a,b}.',
        ],
      },
    );
  });

  it('refuses a version that is a list or a mapping with PIPELINE_INVALID, even one that overrides toString (fuzz)', () => {
    for (const version of ['[{toString: ""}]', '{valueOf: 1, toString: 2}', '[0.2]']) {
      refuses(`version: ${version}\n`, 'b.yml', {
        detail: ['b.yml:1: version: must be 0.2 (version 0.1 is deprecated and runs each command in its own shell)'],
      });
    }
  });
});

describe('the repository buildspecs (pipeline/buildspecs)', () => {
  const files = readdirSync(BUILDSPECS_DIR).filter((name) => name.endsWith('.yml'));

  it('are the four scan and build actions (SAST, SCA, hadolint, image build) and the pull-request build', () => {
    deepStrictEqual(files.sort(), ['hadolint.yml', 'image-build.yml', 'pull-request.yml', 'sast.yml', 'sca.yml']);
  });

  for (const file of files) {
    it(`${file} parses with a plain YAML parser and validates as a CodeBuild 0.2 buildspec`, () => {
      const text = readFileSync(join(BUILDSPECS_DIR, file), 'utf8');
      const plain = parse(text) as { version: unknown };
      strictEqual(plain.version, 0.2);
      const buildspec = parseBuildspec(text, file);
      ok(buildspec.phases.build, 'every action has a build phase');
    });
  }

  it('mark exactly the cloud-only steps: installs, reports folder, database refreshes, uploads, ECR', () => {
    const marked = files.sort().map((file) => {
      const buildspec = parseBuildspec(readFileSync(join(BUILDSPECS_DIR, file), 'utf8'), file);
      const steps = Object.values(buildspec.phases).flatMap((phase) =>
        [...phase.commands, ...phase.finally].flatMap((command) => cloudOnlyDescription(command) ?? []),
      );
      return [file, steps];
    });
    const installCli = "install the devsecops CLI from the stack's asset (SHA-256 verified)";
    const cleanReports = 'start from an empty reports folder (a reports/ folder in the repository is never uploaded)';
    const refreshOsv = 'refresh the OSV advisory database (cached between builds); a failure is a warning';
    const refreshNvd = 'refresh the cached Dependency-Check data with the NVD API key';
    const upload = 'upload the reports to the findings bucket under <repository>/<commit>/';
    const installBandit = 'install Bandit and its dependencies (pinned wheels, hash-checked by pip)';
    const installHadolint = 'install hadolint (pinned, SHA-256 verified)';
    const installDependencyCheck = 'install OWASP Dependency-Check (pinned, SHA-256 verified)';
    deepStrictEqual(marked, [
      ['hadolint.yml', [installCli, installHadolint, cleanReports, upload]],
      ['image-build.yml', ['log in to Amazon ECR', 'push the image to Amazon ECR']],
      [
        'pull-request.yml',
        [
          installCli,
          installBandit,
          installHadolint,
          installDependencyCheck,
          cleanReports,
          "the scans' policy is the destination's .devsecops.yml (a pull request cannot relax its own gate)",
          refreshOsv,
          refreshNvd,
          "the scans' baseline is the destination commit's reports, from the findings bucket when the pipeline scanned it (findings it already had are not new)",
          "scan the destination commit for each scan action whose report the findings bucket lacks or whose tool failed there (in this build, never uploaded: the destination's prefix belongs to the pipeline)",
          upload,
        ],
      ],
      ['sast.yml', [installCli, installBandit, cleanReports, upload]],
      ['sca.yml', [installCli, installDependencyCheck, cleanReports, refreshOsv, refreshNvd, upload]],
    ]);
  });

  it('produce reports/<action>.sarif plus a JUnit report group', () => {
    for (const [file, action] of [
      ['sca.yml', 'sca'],
      ['sast.yml', 'sast'],
      ['hadolint.yml', 'hadolint'],
    ] as const) {
      const buildspec = parseBuildspec(readFileSync(join(BUILDSPECS_DIR, file), 'utf8'), file);
      ok(buildspec.phases.build?.commands.some((command) => command.includes(`/${action}.sarif`)));
      deepStrictEqual(buildspec.reports, [
        {
          name: `devsecops-${action}`,
          files: [`${action}-junit.xml`],
          baseDirectory: 'reports',
          discardPaths: false,
          fileFormat: 'JUNITXML',
        },
      ]);
    }
  });
});
