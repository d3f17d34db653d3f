import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalPipelineOptions } from '../../src/pipeline/local-pipeline';
import { runLocalPipeline } from '../../src/pipeline/local-pipeline';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import type { PipelineProgressEvent } from '../../src/pipeline/progress';
import type { PipelineRunReport } from '../../src/reporters/pipeline-run-report';
import { pipelineExitCode } from '../../src/pipeline/run-report';
import { readRunManifest } from '../../src/sarif/run-manifest';
import { abortWhenPids, survivors } from './process-helpers';
import { actionIn, assertScaAndSastOverlapped } from './run-report-actions';
import { whileFolderRefuses } from '../refused-permission';

/**
 * The local pipeline with the repository's real pipeline definition and
 * buildspecs, but a fake `devsecops` (fixtures/fake-devsecops.cjs) whose
 * findings, delays and errors each test chooses: gating, parallelism and
 * cancellation are checked without depending on the scanners.
 */
const FAKE_CLI = join(__dirname, 'fixtures', 'fake-devsecops.cjs');

/** A definition with the source stage alone. */
const SOURCE_ONLY = {
  sourceName: 'source-only.yml',
  stages: [
    {
      name: 'source',
      actions: [{ name: 'source', type: 'source' as const, runOrder: 1, outputs: [], requires: [], environment: [] }],
    },
  ],
};

interface Step {
  readonly findings?: number;
  readonly sleepMs?: number;
  readonly error?: boolean;
  readonly unscanned?: readonly { readonly path: string; readonly reason: string }[];
  readonly sarif?: 'missing' | 'truncated';
}

interface Plan {
  readonly sca?: Step;
  readonly sast?: Step;
  readonly dockerfile?: Step;
  readonly pidFile?: string;
  readonly envFile?: string;
  readonly runsFile?: string;
}

/** Stage → status, and each action's status, for whole-structure comparisons. */
function statuses(report: PipelineRunReport): string[] {
  return report.stages.map(
    (stage) => `${stage.name}:${stage.status} [${stage.actions.map((a) => `${a.name}:${a.status}`).join(' ')}]`,
  );
}

describe('runLocalPipeline (repository pipeline, fake devsecops CLI)', () => {
  let root: string;
  let fakeEngine: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'devsecops-pipeline-test-'));
    writeFileSync(join(root, 'Dockerfile'), 'FROM python:3.12-slim\n');
    writeFileSync(join(root, 'app.py'), 'print("hi")\n');
    fakeEngine = join(root, 'fake-docker');
    writeFileSync(fakeEngine, '#!/bin/sh\necho "fake engine: $*"\n');
    chmodSync(fakeEngine, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (plan: Plan, options: Partial<LocalPipelineOptions> = {}): Promise<PipelineRunReport> =>
    runLocalPipeline({
      root,
      cliPath: FAKE_CLI,
      env: { ...process.env, DEVSECOPS_FAKE_PLAN: JSON.stringify(plan) },
      probeContainerEngine: () => Promise.resolve({ found: true, engine: { name: 'docker', path: fakeEngine } }),
      ...options,
    });

  it('stops at application validation when the gate fails, with SCA and SAST running in parallel', async () => {
    const events: string[] = [];
    // SAST takes longer, so that the order in which the two parallel actions end is known.
    const report = await run(
      { sca: { findings: 2, sleepMs: 600 }, sast: { findings: 3, sleepMs: 1200 } },
      {
        onProgress: (event: PipelineProgressEvent) => {
          if (event.type !== 'action-log' && event.type !== 'pipeline-ended') {
            events.push(`${event.type} ${'action' in event ? event.action : event.stage}`);
          }
        },
      },
    );
    deepStrictEqual(statuses(report), [
      'source:succeeded [source:succeeded]',
      'application-validation:failed [sca:failed sast:failed]',
      'dockerfile-validation:skipped [hadolint:skipped]',
      'image-build:skipped [image-build:skipped]',
    ]);
    strictEqual(pipelineExitCode(report), 1);
    // What the bot reads: the manifest as written passes its schema.
    const reading = readRunManifest(readFileSync(join(root, 'reports', 'pipeline-run.json'), 'utf8'));
    ok(reading.ok, reading.ok ? '' : reading.problem);
    const written = reading.manifest;
    deepStrictEqual(written, report);
    const sca = actionIn(written, 'sca');
    const sast = actionIn(written, 'sast');
    assertScaAndSastOverlapped(written);
    deepStrictEqual(
      [sca.findings, sca.gate, sca.reason, sca.reportFiles],
      [
        2,
        'failed',
        'gate failed: findings at or above high',
        ['sca.sarif', 'sca-junit.xml', 'sca.html', 'logs/sca.log'],
      ],
    );
    strictEqual(sast.findings, 3);
    deepStrictEqual(actionIn(written, 'hadolint').reason, 'not run: stage application-validation did not pass');
    deepStrictEqual(sca.skippedCloudOnlySteps, [
      "install the devsecops CLI from the stack's asset (SHA-256 verified)",
      'install OWASP Dependency-Check (pinned, SHA-256 verified)',
      'start from an empty reports folder (a reports/ folder in the repository is never uploaded)',
      'refresh the OSV advisory database (cached between builds); a failure is a warning',
      'refresh the cached Dependency-Check data with the NVD API key',
      'upload the reports to the findings bucket under <repository>/<commit>/',
    ]);
    ok(existsSync(join(root, 'reports', 'summary.md')));
    deepStrictEqual(events, [
      'stage-started source',
      'action-started source',
      'action-ended source',
      'stage-ended source',
      'stage-started application-validation',
      'action-started sca',
      'action-started sast',
      'action-ended sca',
      'action-ended sast',
      'stage-ended application-validation',
      'stage-ended dockerfile-validation',
      'stage-ended image-build',
    ]);
  });

  it('scans once per action, writing the SARIF and the JUnit report of that one run', async () => {
    const runsFile = join(root, 'runs');
    const report = await run({ sca: { findings: 1 }, sast: { findings: 0 }, runsFile }, { continueOnFailure: true });
    deepStrictEqual(readFileSync(runsFile, 'utf8').trim().split('\n').sort(), ['dockerfile', 'sast', 'sca']);
    deepStrictEqual(
      ['sca', 'sast', 'hadolint'].map((name) => [name, actionIn(report, name).reportFiles]),
      [
        ['sca', ['sca.sarif', 'sca-junit.xml', 'sca.html', 'logs/sca.log']],
        ['sast', ['sast.sarif', 'sast-junit.xml', 'sast.html', 'logs/sast.log']],
        ['hadolint', ['hadolint.sarif', 'hadolint-junit.xml', 'hadolint.html', 'logs/hadolint.log']],
      ],
    );
    deepStrictEqual(
      ['sca', 'sast'].map((name) => [name, actionIn(report, name).findings, actionIn(report, name).gate]),
      [
        ['sca', 1, 'failed'],
        ['sast', 0, 'passed'],
      ],
    );
  });

  it('counts the source as the scanners see it: ignore globs applied, links and special files left out', async () => {
    mkdirSync(join(root, 'vendor', 'deep'), { recursive: true });
    for (let index = 0; index < 30; index++) writeFileSync(join(root, 'vendor', 'deep', `${String(index)}.py`), '');
    writeFileSync(join(root, '.devsecops.yml'), 'ignore:\n  - vendor/**\n');
    symlinkSync('/etc', join(root, 'escape'));
    const report = await run({}, { definition: SOURCE_ONLY, maxSourceFiles: 5 });
    deepStrictEqual(
      [actionIn(report, 'source').status, actionIn(report, 'source').reason],
      ['succeeded', `working tree ${root}: 4 files (1 symbolic link not followed), not a git checkout`],
    );
  });

  it('fails the source action, not the run, above its file limit: the reports are still written', async () => {
    for (let index = 0; index < 6; index++) writeFileSync(join(root, `extra${String(index)}.txt`), '');
    const report = await run({}, { maxSourceFiles: 5 });
    deepStrictEqual(statuses(report), [
      'source:failed [source:failed]',
      'application-validation:skipped [sca:skipped sast:skipped]',
      'dockerfile-validation:skipped [hadolint:skipped]',
      'image-build:skipped [image-build:skipped]',
    ]);
    strictEqual(
      actionIn(report, 'source').reason,
      `More than 5 files in the working tree ${root}, the most the source action counts. Add ignore globs to .devsecops.yml (e.g. "- vendor/**") for generated or vendored folders.`,
    );
    strictEqual(pipelineExitCode(report), 2);
    ok(existsSync(join(root, 'reports', 'pipeline-run.json')) && existsSync(join(root, 'reports', 'summary.md')));
  });

  it('runs every stage with continueOnFailure, including the image build', async () => {
    const report = await run(
      { sca: { findings: 1 }, sast: { findings: 1 }, dockerfile: { findings: 4 } },
      { continueOnFailure: true },
    );
    deepStrictEqual(statuses(report), [
      'source:succeeded [source:succeeded]',
      'application-validation:failed [sca:failed sast:failed]',
      'dockerfile-validation:failed [hadolint:failed]',
      'image-build:succeeded [image-build:succeeded]',
    ]);
    strictEqual(actionIn(report, 'hadolint').findings, 4);
    const imageBuild = actionIn(report, 'image-build');
    deepStrictEqual(imageBuild.skippedCloudOnlySteps, ['log in to Amazon ECR', 'push the image to Amazon ECR']);
    const log = readFileSync(join(root, 'reports', 'logs', 'image-build.log'), 'utf8');
    ok(log.includes('fake engine: build --file Dockerfile --tag todo-app:'), log);
    deepStrictEqual(imageBuild.exportedVariables?.['IMAGE_URI']?.startsWith('todo-app:'), true);
  });

  it('passes --fail-on to every scan and skips the image build with the reason when no engine answers', async () => {
    const reportsDir = join(root, 'elsewhere');
    const report = await run(
      { sca: { findings: 5 }, sast: { findings: 5 }, dockerfile: { findings: 5 } },
      {
        failOn: 'none',
        reportsDir,
        probeContainerEngine: () => Promise.resolve({ found: false, reason: 'no container engine available: test' }),
      },
    );
    deepStrictEqual(statuses(report), [
      'source:succeeded [source:succeeded]',
      'application-validation:succeeded [sca:succeeded sast:succeeded]',
      'dockerfile-validation:succeeded [hadolint:succeeded]',
      'image-build:skipped [image-build:skipped]',
    ]);
    strictEqual(actionIn(report, 'image-build').reason, 'no container engine available: test');
    strictEqual(pipelineExitCode(report), 0);
    ok(existsSync(join(reportsDir, 'pipeline-run.json')));
    ok(existsSync(join(reportsDir, 'sca.sarif')));
  });

  it('reports a scanner error as a failed action with its log, and exit code 2', async () => {
    const report = await run({ sast: { error: true } });
    const sast = actionIn(report, 'sast');
    strictEqual(sast.status, 'failed');
    strictEqual(sast.gate, undefined);
    ok(sast.reason?.includes('exit status 2') && sast.reason.includes('logs/sast.log'), sast.reason);
    strictEqual(pipelineExitCode(report), 2);
  });

  it('says which reports folder cannot be written and what to do, before any action runs', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'devsecops-reports-elsewhere-'));
    try {
      const aFile = join(elsewhere, 'a-file');
      writeFileSync(aFile, '');
      // A folder under a regular file, and a reports folder whose logs/ is a regular file: neither can be written.
      const logsAFile = join(elsewhere, 'reports');
      mkdirSync(logsAFile);
      writeFileSync(join(logsAFile, 'logs'), '');
      for (const reportsDir of [join(aFile, 'reports'), logsAFile]) {
        const failure = await run({}, { reportsDir }).then(
          () => undefined,
          (error: unknown) => error,
        );
        ok(isDevsecopsError(failure), String(failure));
        strictEqual(failure.code, 'FILE_UNREADABLE');
        ok(failure.message.startsWith(`Cannot write the pipeline's reports to ${reportsDir} (`), failure.message);
        ok(failure.message.endsWith('pass --reports-dir with a folder you can write.'), failure.message);
      }
      ok(!existsSync(join(root, 'reports')), 'no action ran');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a read-only reports folder (chmod 0o555) before any action runs', async function () {
    const parent = mkdtempSync(join(tmpdir(), 'devsecops-reports-read-only-'));
    const reportsDir = join(parent, 'reports');
    try {
      const failure = await whileFolderRefuses(this, reportsDir, 0o555, 'a read-only reports folder', () =>
        run({}, { reportsDir }).then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
      ok(isDevsecopsError(failure), String(failure));
      strictEqual(
        failure.message,
        `Cannot write the pipeline's reports to ${reportsDir} (EACCES): check that it and its logs/ can be created and written, or pass --reports-dir with a folder you can write.`,
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('attack: a repository whose reports/logs links out of it is refused as such, and nothing is written there', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'devsecops-reports-outside-'));
    try {
      mkdirSync(join(root, 'reports'));
      symlinkSync(outside, join(root, 'reports', 'logs'));
      const failure = await run({}).then(
        () => undefined,
        (error: unknown) => error,
      );
      ok(isDevsecopsError(failure), String(failure));
      strictEqual(failure.code, 'USAGE');
      ok(failure.message.startsWith('reports/logs is a symbolic link, '), failure.message);
      deepStrictEqual(readdirSync(outside), []);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('creates a reports folder whose parents do not exist yet', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'devsecops-reports-parents-'));
    try {
      const reportsDir = join(elsewhere, 'not', 'yet', 'reports');
      await run({}, { reportsDir });
      ok(existsSync(join(reportsDir, 'logs', 'sca.log')));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('fails an action that exits 0 without a readable SARIF report: no verdict, never a pass', async () => {
    const report = await run({ sca: { sarif: 'missing' }, sast: { sarif: 'truncated' } });
    deepStrictEqual(statuses(report), [
      'source:succeeded [source:succeeded]',
      'application-validation:failed [sca:failed sast:failed]',
      'dockerfile-validation:skipped [hadolint:skipped]',
      'image-build:skipped [image-build:skipped]',
    ]);
    const sca = actionIn(report, 'sca');
    deepStrictEqual(
      [sca.gate, sca.reason, sca.findings, sca.reportFiles],
      [
        undefined,
        'no verdict: the build succeeded but it wrote no sca.sarif (log: logs/sca.log)',
        0,
        ['sca-junit.xml', 'sca.html', 'logs/sca.log'],
      ],
    );
    const sast = actionIn(report, 'sast');
    strictEqual(sast.gate, undefined);
    const reason = sast.reason ?? '';
    ok(reason.startsWith('no verdict: the build succeeded but its sast.sarif cannot be read: '), reason);
    ok(reason.endsWith(' (log: logs/sast.log)'), reason);
    ok(!reason.includes('\n'), reason);
    strictEqual(pipelineExitCode(report), 2);
  });

  it("counts the findings that failed an action's gate in words that agree with the number", async () => {
    // The fake CLI's results carry no level: SARIF's default, warning, is medium, so a gate at medium counts them.
    const report = await run({ sca: { findings: 1 }, sast: { findings: 2 } }, { failOn: 'medium' });
    deepStrictEqual(
      [actionIn(report, 'sca').reason, actionIn(report, 'sast').reason],
      ['gate failed: 1 finding at or above medium', 'gate failed: 2 findings at or above medium'],
    );
  });

  it('fails an action whose report left files unscanned as incomplete, never as "gate failed", and lists them', async () => {
    const unscanned = [
      { path: 'deep.py', reason: 'Bandit could not scan it: exception while scanning file' },
      { path: 'evil\n[PASS].py', reason: 'Bandit could not scan it: syntax error while parsing AST from file' },
    ];
    const report = await run({ sast: { findings: 1, unscanned } });
    deepStrictEqual(statuses(report), [
      'source:succeeded [source:succeeded]',
      'application-validation:failed [sca:succeeded sast:failed]',
      'dockerfile-validation:skipped [hadolint:skipped]',
      'image-build:skipped [image-build:skipped]',
    ]);
    const sast = actionIn(report, 'sast');
    deepStrictEqual(
      [sast.gate, sast.reason, sast.findings, sast.unscanned, sast.reportFiles],
      [
        'incomplete',
        'incomplete: fake could not scan 2 files (log: logs/sast.log)',
        1,
        unscanned.map((file) => ({ tool: 'fake', ...file })),
        ['sast.sarif', 'sast-junit.xml', 'sast.html', 'logs/sast.log'],
      ],
    );
    strictEqual(pipelineExitCode(report), 2);
    const summary = readFileSync(join(root, 'reports', 'summary.md'), 'utf8');
    ok(summary.includes('Result: **incomplete: files were not scanned or a tool failed, so the gate cannot pass**'));
    ok(summary.includes('| sast | fake | deep.py | Bandit could not scan it: exception while scanning file |'));
    ok(
      summary.includes(
        '| sast | fake | "evil\\\\n\\[PASS\\].py" | Bandit could not scan it: syntax error while parsing AST from file |',
      ),
      summary,
    );
    ok(!summary.split('\n').some((line) => line.startsWith('[PASS]')));
    deepStrictEqual(
      (JSON.parse(readFileSync(join(root, 'reports', 'pipeline-run.json'), 'utf8')) as PipelineRunReport).stages,
      report.stages,
    );
  });

  it('cancels: running actions are stopped, their processes are gone, later stages are skipped', async () => {
    const pidFile = join(root, 'pids');
    const controller = new AbortController();
    const report = await run(
      { sca: { sleepMs: 60_000 }, sast: { sleepMs: 60_000 }, pidFile },
      {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === 'action-log' && event.line.includes('Running command devsecops scan')) {
            abortWhenPids(pidFile, 2, controller);
          }
        },
      },
    );
    strictEqual(report.cancelled, true);
    deepStrictEqual(statuses(report).slice(1), [
      'application-validation:failed [sca:failed sast:failed]',
      'dockerfile-validation:skipped [hadolint:skipped]',
      'image-build:skipped [image-build:skipped]',
    ]);
    strictEqual(actionIn(report, 'sca').reason, 'cancelled');
    strictEqual(pipelineExitCode(report), 2);
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    strictEqual(pids.length, 2);
    deepStrictEqual(await survivors(pids), []);
  });

  it("runs devsecops' own definition even when the project has a pipeline/pipeline.yml; the project's only when named", async () => {
    const canary = join(root, 'canary-ran');
    mkdirSync(join(root, 'pipeline'));
    writeFileSync(
      join(root, 'pipeline', 'pipeline.yml'),
      'version: 1\nstages:\n  - name: own\n    actions:\n      - name: own\n        buildspec: own.yml\n',
    );
    writeFileSync(
      join(root, 'pipeline', 'own.yml'),
      `version: 0.2\nphases:\n  build:\n    commands:\n      - touch ${JSON.stringify(canary)}\n`,
    );
    const report = await run({});
    deepStrictEqual(
      report.stages.map((stage) => stage.name),
      ['source', 'application-validation', 'dockerfile-validation', 'image-build'],
    );
    strictEqual(existsSync(canary), false, "the project's own buildspec ran");

    const explicit = await run({}, { definition: join(root, 'pipeline', 'pipeline.yml') });
    deepStrictEqual(statuses(explicit), ['own:succeeded [own:succeeded]']);
    strictEqual(existsSync(canary), true);
  });

  it("gives actions part of the user's environment: no AWS credentials or tokens; the image build its engine's settings", async () => {
    const envFile = join(root, 'env');
    const engineEnv = join(root, 'engine-env');
    writeFileSync(fakeEngine, `#!/bin/sh\nenv | cut -d= -f1 | sort > ${JSON.stringify(engineEnv)}\n`);
    const report = await run(
      { envFile },
      {
        env: {
          ...process.env,
          DEVSECOPS_FAKE_PLAN: JSON.stringify({ envFile }),
          AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret-value',
          AWS_SESSION_TOKEN: 'session',
          GITHUB_TOKEN: 'ghp_example',
          NPM_TOKEN: 'npm-secret',
          DOCKER_HOST: 'unix:///run/user/1000/docker.sock',
          JAVA_HOME: '/usr/lib/jvm/java-17',
        },
        continueOnFailure: true,
      },
    );
    strictEqual(actionIn(report, 'image-build').status, 'succeeded');
    const names = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');
    for (const category of ['sca', 'sast', 'dockerfile']) {
      const seen = names(`${envFile}.${category}`);
      deepStrictEqual(
        seen.filter((name) => /^AWS_(ACCESS|SECRET|SESSION)|TOKEN/.test(name)),
        [],
        `${category} action saw secrets`,
      );
      strictEqual(seen.includes('DOCKER_HOST'), false, `${category} action saw DOCKER_HOST`);
      ok(seen.includes('PATH') && seen.includes('DEVSECOPS_REPORTS_DIR'), seen.join(' '));
    }
    ok(names(`${envFile}.sca`).includes('JAVA_HOME'), 'the SCA action gets the JVM for Dependency-Check');
    const engine = names(engineEnv);
    ok(engine.includes('DOCKER_HOST'), engine.join(' '));
    deepStrictEqual(
      engine.filter((name) => /^AWS_(ACCESS|SECRET|SESSION)|TOKEN/.test(name)),
      [],
    );
  });
});
