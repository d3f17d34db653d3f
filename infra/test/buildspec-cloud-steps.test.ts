import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cloudOnlyDescription, parseBuildspec, runBuildspec } from '@devsecops/shared/pipeline';
import type { Buildspec, BuildResult } from '@devsecops/shared/pipeline';
import { unzipSync, zipSync } from 'fflate';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import { buildCliBundle } from '../src/cli-bundle';
import type { CliBundle } from '../src/cli-bundle';
import { repositoryPaths } from '../src/repository-paths';

/**
 * The cloud-only steps of pipeline/buildspecs run as CodeBuild runs them (the local runner with
 * `cloudOnly: 'run'`, bash, the buildspec's own text), with `aws` and `curl` replaced by fakes that hand
 * out local files: a genuine download installs, a tampered one stops the build before anything after it
 * runs, and nothing from the tampered file is ever executed.
 */

const paths = repositoryPaths();
const BUILDSPECS = join(paths.root, 'pipeline', 'buildspecs');

function load(file: string): Buildspec {
  return parseBuildspec(readFileSync(join(BUILDSPECS, file), 'utf8'), file);
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function executable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** `aws`: `s3 cp s3://… DEST` copies $FAKE_S3_OBJECT to DEST; every call is logged to $FAKE_CALLS. */
const FAKE_AWS = `#!/bin/sh
printf 'aws %s\\n' "$*" >> "$FAKE_CALLS"
if [ "$1" = s3 ] && [ "$2" = cp ]; then
  for last in "$@"; do :; done
  case "$last" in s3://*) exit 0 ;; esac
  cp "$FAKE_S3_OBJECT" "$last"
fi
`;

/** `curl … -o DEST URL`: copies $FAKE_DOWNLOAD to DEST; every call is logged. */
const FAKE_CURL = `#!/bin/sh
printf 'curl %s\\n' "$*" >> "$FAKE_CALLS"
while [ $# -gt 0 ]; do
  if [ "$1" = -o ]; then dest="$2"; shift; fi
  shift
done
cp "$FAKE_DOWNLOAD" "$dest"
`;

describe('buildspec cloud-only steps, run with the real shell', function () {
  this.timeout(120_000);
  let bundle: CliBundle;
  let bundleDir: string;
  let work: string;
  let calls: string;
  let lines: string[];

  before(function () {
    const unzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
    skipUnlessInstalled(this, unzip.status === 0, 'unzip is needed: the buildspecs unpack the CLI bundle with it');
    bundleDir = mkdtempSync(join(tmpdir(), 'devsecops-bundle-'));
    bundle = buildCliBundle(paths.root, bundleDir);
  });
  after(() => rmSync(bundleDir, { recursive: true, force: true }));

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'devsecops-cloud-steps-'));
    for (const dir of ['fake-bin', 'bin', 'src', 'cache']) mkdirSync(join(work, dir));
    executable(join(work, 'fake-bin', 'aws'), FAKE_AWS);
    executable(join(work, 'fake-bin', 'curl'), FAKE_CURL);
    calls = join(work, 'calls.log');
    writeFileSync(calls, '');
    lines = [];
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const called = (): string[] => readFileSync(calls, 'utf8').split('\n').filter(Boolean);
  const pwned = (): string => join(work, 'PWNED');

  /** The buildspec's install phase (or the phase named), then a pre_build that only says it ran. */
  const runPhase = (
    buildspec: Buildspec,
    env: Readonly<Record<string, string>> = {},
    extraPath: readonly string[] = [],
  ): Promise<BuildResult> =>
    runBuildspec({
      buildspec: {
        ...buildspec,
        phases: {
          ...(buildspec.phases.install ? { install: buildspec.phases.install } : {}),
          pre_build: { commands: ['echo "pre_build ran" >> "$FAKE_CALLS"'], finally: [] },
        },
        reports: [],
      },
      sourceDir: join(work, 'src'),
      cloudOnly: 'run',
      onLog: (line) => lines.push(line),
      baseEnv: {
        ...process.env,
        PATH: [...extraPath, join(work, 'fake-bin'), join(work, 'bin'), process.env['PATH'] ?? ''].join(delimiter),
      },
      env: {
        DEVSECOPS_CLI_HOME: join(work, 'cli'),
        DEVSECOPS_BIN_DIR: join(work, 'bin'),
        DEVSECOPS_CACHE_DIR: join(work, 'cache'),
        DEPENDENCY_CHECK_HOME: join(work, 'tools', 'dependency-check'),
        DEVSECOPS_CLI_S3_URI: 's3://cdk-assets/cli.zip',
        DEVSECOPS_CLI_SHA256: bundle.sha256,
        FAKE_S3_OBJECT: bundle.zipPath,
        FAKE_CALLS: calls,
        ...env,
      },
    });

  /** The commands of `file` whose cloud-only description starts with `step`. */
  const step = (file: string, description: string): string => {
    const command = Object.values(load(file).phases)
      .flatMap((phase) => [...phase.commands, ...phase.finally])
      .find((candidate) => cloudOnlyDescription(candidate)?.startsWith(description) === true);
    if (command === undefined) throw new Error(`${file} has no cloud-only step "${description}"`);
    return command;
  };

  /** Runs `commands` as the build phase of `file`'s buildspec (its env, its shell), cloud-only steps included. */
  const runCommands = (
    file: string,
    commands: readonly string[],
    env: Readonly<Record<string, string>>,
  ): Promise<BuildResult> =>
    runPhase({ ...load(file), phases: { install: { commands: [...commands], finally: [] } } }, env);

  const phases = (result: BuildResult): string[] =>
    result.phases.slice(4).map((phase) => `${phase.phaseType}${phase.phaseStatus ? `:${phase.phaseStatus}` : ''}`);
  const failedInstall = ['INSTALL:FAILED', 'FINALIZING:SUCCEEDED', 'COMPLETED'];

  it('installs the genuine CLI bundle and puts a working devsecops on PATH (with the bundled advisory data)', async () => {
    const hadolint = join(work, 'hadolint-download');
    executable(hadolint, '#!/bin/sh\necho "Haskell Dockerfile Linter 2.12.0"\n');
    const result = await runPhase(load('hadolint.yml'), { FAKE_DOWNLOAD: hadolint, HADOLINT_SHA256: sha256(hadolint) });
    deepStrictEqual(phases(result), [
      'INSTALL:SUCCEEDED',
      'PRE_BUILD:SUCCEEDED',
      'BUILD:SUCCEEDED',
      'POST_BUILD:SUCCEEDED',
      'UPLOAD_ARTIFACTS:SUCCEEDED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED',
    ]);
    const log = called();
    strictEqual(log.length, 3, log.join('\n'));
    ok(/^aws s3 cp --only-show-errors s3:\/\/cdk-assets\/cli\.zip \S+\/devsecops-cli\.zip$/.test(log[0] ?? ''), log[0]);
    ok(
      /^curl -fsSL --retry 3 -o \S+\/hadolint https:\/\/github\.com\/hadolint\/hadolint\/releases\/download\/v2\.12\.0\/hadolint-Linux-x86_64$/.test(
        log[1] ?? '',
      ),
      log[1],
    );
    strictEqual(log[2], 'pre_build ran');
    const status = execFileSync(join(work, 'bin', 'devsecops'), ['db', 'status', '--format', 'json'], {
      env: { ...process.env, DEVSECOPS_CACHE_DIR: join(work, 'cache') },
      encoding: 'utf8',
    });
    const database = JSON.parse(status) as { sourceKind: string; date: string; path: string };
    deepStrictEqual(
      { sourceKind: database.sourceKind, date: database.date, inBundle: database.path.startsWith(join(work, 'cli')) },
      { sourceKind: 'bundled', date: '2024-10-10', inBundle: true },
    );
    strictEqual(
      execFileSync(join(work, 'bin', 'hadolint'), [], { encoding: 'utf8' }),
      'Haskell Dockerfile Linter 2.12.0\n',
    );
  });

  const withCliStep = ['hadolint.yml', 'pull-request.yml', 'sast.yml', 'sca.yml'];
  for (const file of withCliStep) {
    it(`${file}: a tampered CLI bundle fails the install; nothing from it runs and no later step runs`, async () => {
      // Same files, one of them replaced by a script that would leave a mark if it ever ran.
      const tampered = join(work, 'tampered.zip');
      writeFileSync(tampered, zipSync({ 'dist/cli.js': new TextEncoder().encode(`#!/bin/sh\ntouch '${pwned()}'\n`) }));
      const result = await runPhase(load(file), { FAKE_S3_OBJECT: tampered });
      deepStrictEqual(phases(result), failedInstall);
      strictEqual(result.buildStatus, 'FAILED');
      deepStrictEqual(called().length, 1, `only the download ran: ${called().join(' | ')}`);
      ok(called()[0]?.startsWith('aws s3 cp --only-show-errors s3://cdk-assets/cli.zip '));
      ok(
        lines.some((line) => line.endsWith('devsecops-cli.zip: FAILED')),
        lines.join('\n'),
      );
      deepStrictEqual(
        [existsSync(join(work, 'cli')), existsSync(join(work, 'bin', 'devsecops')), existsSync(pwned())],
        [false, false, false],
      );
    });
  }

  it('sast.yml: the genuine bundle with one file loaded on first use swapped fails the install; nothing is unpacked', async () => {
    // The pin covers the whole zip, not cli.js alone: a chunk cli.js requires later (here the built-in SCA engine,
    // loaded only when a scan reaches it) is as much the CLI as cli.js is.
    const files = unzipSync(readFileSync(bundle.zipPath));
    const chunk = 'dist/builtin-sca.js';
    ok(
      files[chunk] && files['dist/cli.js'],
      `the bundle holds ${chunk} beside cli.js: ${Object.keys(files).join(', ')}`,
    );
    files[chunk] = new TextEncoder().encode(`require('node:fs').writeFileSync('${pwned()}', '');\n`);
    const swapped = join(work, 'swapped.zip');
    writeFileSync(swapped, zipSync(files));
    const result = await runPhase(load('sast.yml'), { FAKE_S3_OBJECT: swapped });
    deepStrictEqual(phases(result), failedInstall);
    ok(
      lines.some((line) => line.endsWith('devsecops-cli.zip: FAILED')),
      lines.join('\n'),
    );
    deepStrictEqual([existsSync(join(work, 'cli')), existsSync(join(work, 'bin', 'devsecops'))], [false, false]);
  });

  it('a missing or malformed DEVSECOPS_CLI_SHA256 fails the install before any download', async () => {
    for (const value of ['', 'not-a-hash', bundle.sha256.toUpperCase()]) {
      writeFileSync(calls, '');
      const result = await runPhase(load('sast.yml'), { DEVSECOPS_CLI_SHA256: value });
      deepStrictEqual(phases(result), failedInstall, `DEVSECOPS_CLI_SHA256="${value}"`);
      deepStrictEqual(called(), []);
    }
  });

  it('hadolint.yml: a tampered hadolint download fails the install and is never put on PATH', async () => {
    const evil = join(work, 'evil-hadolint');
    executable(evil, `#!/bin/sh\ntouch '${pwned()}'\n`);
    const result = await runPhase(load('hadolint.yml'), { FAKE_DOWNLOAD: evil });
    deepStrictEqual(phases(result), failedInstall);
    deepStrictEqual(
      called().map((call) => call.split(' ')[0]),
      ['aws', 'curl'],
    );
    deepStrictEqual([existsSync(join(work, 'bin', 'hadolint')), existsSync(pwned())], [false, false]);
  });

  it('sca.yml: a tampered Dependency-Check release fails the install; nothing is unpacked or linked', async () => {
    const evil = join(work, 'evil-dependency-check.zip');
    writeFileSync(
      evil,
      zipSync({
        'dependency-check/bin/dependency-check.sh': [
          new TextEncoder().encode(`#!/bin/sh\ntouch '${pwned()}'\n`),
          { os: 3, attrs: 0o100755 << 16 },
        ],
      }),
    );
    const result = await runPhase(load('sca.yml'), { FAKE_DOWNLOAD: evil });
    deepStrictEqual(phases(result), failedInstall);
    deepStrictEqual(
      called().map((call) => call.split(' ')[0]),
      ['aws', 'curl'],
    );
    deepStrictEqual(
      [existsSync(join(work, 'tools', 'dependency-check')), existsSync(join(work, 'bin', 'dependency-check'))],
      [false, false],
    );
    ok(!existsSync(pwned()));
  });

  it('sast.yml: pip refuses wheels whose hashes are not the pinned ones, and the build stops', async function () {
    const venv = join(work, 'venv');
    // The system's pip, installing into a throwaway environment (never into the machine's Python).
    const made = spawnSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', venv], {
      encoding: 'utf8',
    });
    const pip = spawnSync(join(venv, 'bin', 'python3'), ['-m', 'pip', '--version'], { encoding: 'utf8' });
    skipUnlessInstalled(
      this,
      made.status === 0 && pip.status === 0,
      `python3 with pip (Debian: python3-pip) is needed: ${made.stderr.trim()} ${pip.stderr.trim()}`,
    );
    // A wheel for every pinned requirement, each with a module that would leave a mark if installed and imported.
    const links = join(work, 'links');
    mkdirSync(links);
    const pinned = [
      ...readFileSync(join(BUILDSPECS, 'bandit-requirements.txt'), 'utf8').matchAll(/^([a-z-]+)==(\S+)/gm),
    ];
    for (const [, name = '', version = ''] of pinned) {
      writeFileSync(
        join(links, `${name.replaceAll('-', '_')}-${version}-py3-none-any.whl`),
        zipSync({ 'evil.py': new TextEncoder().encode(`open(${JSON.stringify(pwned())}, "w")\n`) }),
      );
    }
    const result = await runPhase(load('sast.yml'), { PIP_NO_INDEX: '1', PIP_FIND_LINKS: links }, [join(venv, 'bin')]);
    deepStrictEqual(phases(result), failedInstall);
    ok(
      lines.some((line) => line.includes('THESE PACKAGES DO NOT MATCH THE HASHES')),
      lines.join('\n'),
    );
    deepStrictEqual(called().length, 1, 'the CLI download, then nothing after the failed pip');
    const installed = spawnSync(join(venv, 'bin', 'python3'), ['-c', 'import evil'], { encoding: 'utf8' });
    ok(installed.status !== 0, 'no tampered package was installed');
    ok(!existsSync(pwned()));
  });

  it('sca.yml: a failed db update is a warning naming the snapshot date, and the build goes on', async () => {
    // A devsecops whose `db update` fails (no network), and whose `db status` is the real one.
    executable(
      join(work, 'fake-bin', 'devsecops'),
      `#!/bin/sh\nif [ "$1 $2" = "db update" ]; then echo "db update: cannot reach osv-vulnerabilities.storage.googleapis.com" >&2; exit 2; fi\nexec node '${join(paths.root, 'shared', 'dist', 'cli.js')}' "$@"\n`,
    );
    const result = await runCommands('sca.yml', [step('sca.yml', 'refresh the OSV advisory database')], {});
    strictEqual(result.buildStatus, 'SUCCEEDED');
    const output = lines.filter((line) => !line.startsWith('[Container]'));
    deepStrictEqual(output, [
      'db update: cannot reach osv-vulnerabilities.storage.googleapis.com',
      'WARNING: devsecops db update failed, so this scan uses the older advisory database below and may miss advisories published since its date:',
      'source:                 PyPA Advisory Database snapshot (bundled)',
      'date:                   2024-10-10',
    ]);
  });

  describe('uploading the reports', () => {
    const commit = 'a'.repeat(40);
    const upload = (): string => step('sast.yml', 'upload the reports to the findings bucket');
    const uploadEnv = {
      DEVSECOPS_FINDINGS_BUCKET: 'findings-bucket',
      DEVSECOPS_REPOSITORY: 'todo-app',
      DEVSECOPS_REPORTS_DIR: 'reports',
    };

    it('copies reports/ (symlinks not followed) to s3://<bucket>/<repository>/<commit>/', async () => {
      const pipelineBuild = await runCommands('sast.yml', [upload()], { ...uploadEnv, DEVSECOPS_COMMIT: commit });
      strictEqual(pipelineBuild.buildStatus, 'SUCCEEDED');
      // The pull-request build sets no DEVSECOPS_COMMIT: the commit it checked out is the one it scanned.
      const pullRequestBuild = await runBuildspec({
        buildspec: { ...load('sast.yml'), phases: { build: { commands: [upload()], finally: [] } }, reports: [] },
        sourceDir: join(work, 'src'),
        cloudOnly: 'run',
        codebuildVars: { CODEBUILD_RESOLVED_SOURCE_VERSION: 'b'.repeat(40) },
        baseEnv: { ...process.env, PATH: [join(work, 'fake-bin'), process.env['PATH'] ?? ''].join(delimiter) },
        env: { ...uploadEnv, FAKE_CALLS: calls },
      });
      strictEqual(pullRequestBuild.buildStatus, 'SUCCEEDED');
      deepStrictEqual(called(), [
        `aws s3 cp --recursive --no-follow-symlinks --only-show-errors reports/ s3://findings-bucket/todo-app/${commit}/`,
        'pre_build ran',
        `aws s3 cp --recursive --no-follow-symlinks --only-show-errors reports/ s3://findings-bucket/todo-app/${'b'.repeat(40)}/`,
      ]);
    });

    for (const [what, env] of [
      ['a commit that is not a full SHA', { DEVSECOPS_COMMIT: '../../main' }],
      ['an abbreviated commit', { DEVSECOPS_COMMIT: 'a'.repeat(12) }],
      ['a repository name with a path in it', { DEVSECOPS_COMMIT: commit, DEVSECOPS_REPOSITORY: 'todo-app/../other' }],
      ['no findings bucket', { DEVSECOPS_COMMIT: commit, DEVSECOPS_FINDINGS_BUCKET: '' }],
    ] as const) {
      it(`refuses ${what} and fails the step without uploading anything`, async () => {
        const result = await runCommands('sast.yml', [upload()], { ...uploadEnv, ...env });
        strictEqual(result.buildStatus, 'FAILED');
        deepStrictEqual(called(), []);
      });
    }

    it('starts from an empty reports folder: files a repository commits under reports/ are never uploaded', async () => {
      const reports = join(work, 'src', 'reports');
      mkdirSync(reports);
      writeFileSync(join(reports, 'forged.sarif'), '{"version":"2.1.0","runs":[]}');
      const result = await runCommands(
        'sast.yml',
        [step('sast.yml', 'start from an empty reports folder'), 'mkdir -p "$DEVSECOPS_REPORTS_DIR"'],
        uploadEnv,
      );
      strictEqual(result.buildStatus, 'SUCCEEDED');
      deepStrictEqual(readdirSync(reports), []);
    });
  });

  const destinationPolicyStep = (): string =>
    step('pull-request.yml', "the scans' policy is the destination's .devsecops.yml");
  const baselineStep = (): string =>
    step('pull-request.yml', "the scans' baseline is the destination commit's reports");
  const destinationScanStep = (): string =>
    step('pull-request.yml', 'scan the destination commit for each scan action whose report the findings bucket lacks');

  describe("the pull-request build's baseline: the destination commit's reports", () => {
    const destination = 'e'.repeat(40);
    const baselineDir = (): string => join(work, 'baseline');
    /** `aws s3 cp --recursive … s3://bucket/<prefix>/ DEST/`: copies $FAKE_BUCKET/<prefix>/*.sarif (the filter given). */
    const FAKE_S3_RECURSIVE = `#!/bin/bash
printf 'aws %s\\n' "$*" >> "$FAKE_CALLS"
[ -n "$FAKE_S3_FAULT" ] && { echo "fatal error: An error occurred (AccessDenied) when calling the ListObjectsV2 operation" >&2; exit 1; }
for last in "$@"; do :; done
for arg in "$@"; do case "$arg" in s3://*) source="$arg";; esac; done
prefix="\${source#s3://*/}"
for file in "$FAKE_BUCKET/$prefix"*.sarif; do [ -f "$file" ] && cp "$file" "$last"; done
exit 0
`;
    const run = async (
      env: Readonly<Record<string, string>> = {},
    ): Promise<{ result: BuildResult; exported: string }> => {
      executable(join(work, 'fake-bin', 'aws'), FAKE_S3_RECURSIVE);
      const result = await runCommands(
        'pull-request.yml',
        [baselineStep(), 'echo "exported=${DEVSECOPS_BASELINE:-}"'],
        {
          DEVSECOPS_BASELINE_DIR: baselineDir(),
          DEVSECOPS_FINDINGS_BUCKET: 'findings-bucket',
          DEVSECOPS_REPOSITORY: 'todo-app',
          FAKE_BUCKET: join(work, 'bucket'),
          destinationCommit: destination,
          ...env,
        },
      );
      const exported = lines.find((line) => line.startsWith('exported=')) ?? '';
      return { result, exported: exported.slice('exported='.length) };
    };

    it("downloads the destination commit's SARIF reports into the baseline folder (the next step completes it)", async () => {
      const reports = join(work, 'bucket', 'todo-app', destination);
      mkdirSync(reports, { recursive: true });
      writeFileSync(join(reports, 'sast.sarif'), '{"version":"2.1.0","runs":[]}');
      writeFileSync(join(reports, 'sca.sarif'), '{"version":"2.1.0","runs":[]}');
      const { result, exported } = await run();
      strictEqual(result.buildStatus, 'SUCCEEDED');
      deepStrictEqual([exported, readdirSync(baselineDir()).sort()], ['', ['sast.sarif', 'sca.sarif']]);
      ok(lines.includes(`Baseline: the reports of the destination commit ${destination} in the findings bucket`));
      deepStrictEqual(called(), [
        `aws s3 cp --recursive --only-show-errors --exclude * --include *.sarif s3://findings-bucket/todo-app/${destination}/ ${baselineDir()}/`,
        'pre_build ran',
      ]);
    });

    it('without reports of the destination commit, leaves an empty baseline folder for the destination scan', async () => {
      const { result, exported } = await run();
      strictEqual(result.buildStatus, 'SUCCEEDED');
      deepStrictEqual([exported, readdirSync(baselineDir())], ['', []]);
      ok(
        lines.includes(
          `No reports of the destination commit ${destination} in the findings bucket yet: this build scans it`,
        ),
        lines.join('\n'),
      );
    });

    for (const [what, env] of [
      ['a download error', { FAKE_S3_FAULT: '1' }],
      ['a destination that is not a full commit id', { destinationCommit: '../main' }],
      ['a repository name with a path in it', { DEVSECOPS_REPOSITORY: 'todo-app/../other' }],
    ] as const) {
      it(`fails the build on ${what}`, async () => {
        const { result } = await run(env);
        strictEqual(result.buildStatus, 'FAILED', lines.join('\n'));
        ok(!called().includes('pre_build ran'), 'the build stopped at the failed step');
      });
    }
  });

  describe("the pull-request build's destination scan: what the findings bucket lacks, scanned in this build", () => {
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    const commitFiles = (repository: string, files: Readonly<Record<string, string>>, message: string): string => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(repository, name), text);
      git(repository, 'add', '-A');
      git(repository, 'commit', '-q', '-m', message);
      return git(repository, 'rev-parse', 'HEAD');
    };
    /**
     * `devsecops`: logs its arguments and the files of the tree it was given (with their first line), then writes
     * a report into the baseline folder unless $FAKE_NO_REPORT is set; exits 2 with $FAKE_SCAN_FAILS.
     */
    const FAKE_DEVSECOPS = `#!/bin/bash
printf 'devsecops %s\\n' "$*" >> "$FAKE_CALLS"
[ -n "$FAKE_SCAN_FAILS" ] && exit 2
tree="$3"; dir="$5"
for file in "$tree"/*; do printf 'tree %s: %s\\n' "$(basename "$file")" "$(head -n 1 "$file")" >> "$FAKE_CALLS"; done
[ -n "$FAKE_NO_REPORT" ] || echo '{"version":"2.1.0","runs":[]}' > "$dir/hadolint.sarif"
`;
    const treeDir = (): string => join(work, 'destination-tree');
    const baselineDir = (): string => join(work, 'baseline');
    let destination: string;
    let origin: string;

    beforeEach(() => {
      // origin: the CodeCommit repository; src: the build's clone, at the pull request's commit (detached).
      origin = join(work, 'origin.git');
      execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
      rmSync(join(work, 'src'), { recursive: true, force: true });
      execFileSync('git', ['clone', '-q', origin, join(work, 'src')], { stdio: 'ignore' });
      const src = join(work, 'src');
      destination = commitFiles(src, { 'app.py': 'destination = True\n', Dockerfile: 'FROM python:3.12\n' }, 'main');
      git(src, 'push', '-q', 'origin', 'HEAD:main');
      commitFiles(src, { 'app.py': 'pull_request = True\n', 'extra.py': 'added = 1\n' }, 'the pull request');
      git(src, 'checkout', '-q', '--detach');
      executable(join(work, 'fake-bin', 'devsecops'), FAKE_DEVSECOPS);
      mkdirSync(baselineDir());
    });

    const run = async (
      env: Readonly<Record<string, string>> = {},
    ): Promise<{ result: BuildResult; exported: string }> => {
      const result = await runCommands(
        'pull-request.yml',
        [destinationScanStep(), 'echo "exported=${DEVSECOPS_BASELINE:-}"'],
        {
          DEVSECOPS_BASELINE_DIR: baselineDir(),
          DEVSECOPS_DESTINATION_TREE: treeDir(),
          DEVSECOPS_PIPELINE_DEFINITION: '/opt/devsecops/pipeline/pipeline.yml',
          destinationCommit: destination,
          ...env,
        },
      );
      const exported = lines.find((line) => line.startsWith('exported=')) ?? '';
      return { result, exported: exported.slice('exported='.length) };
    };

    it("hands the destination commit's files (not the pull request's) to devsecops pipeline baseline, then removes them", async () => {
      const { result, exported } = await run();
      strictEqual(result.buildStatus, 'SUCCEEDED', lines.join('\n'));
      deepStrictEqual(called(), [
        `devsecops pipeline baseline ${treeDir()} --baseline-dir ${baselineDir()} --definition /opt/devsecops/pipeline/pipeline.yml`,
        'tree Dockerfile: FROM python:3.12',
        'tree app.py: destination = True',
        'pre_build ran',
      ]);
      deepStrictEqual([exported, existsSync(treeDir())], [baselineDir(), false]);
      // The build's own checkout is untouched: still the pull request's commit and files.
      strictEqual(readFileSync(join(work, 'src', 'app.py'), 'utf8'), 'pull_request = True\n');
    });

    it('fetches the branches when the clone lacks the destination commit (its branch moved on after the clone)', async () => {
      const other = join(work, 'other-clone');
      execFileSync('git', ['clone', '-q', origin, other], { stdio: 'ignore' });
      destination = commitFiles(other, { 'app.py': 'newer_destination = True\n' }, 'main moves on');
      git(other, 'push', '-q', 'origin', 'HEAD:main');
      throws(() => git(join(work, 'src'), 'cat-file', '-e', `${destination}^{commit}`));
      const { result, exported } = await run();
      strictEqual(result.buildStatus, 'SUCCEEDED', lines.join('\n'));
      ok(called().includes('tree app.py: newer_destination = True'), called().join('\n'));
      strictEqual(exported, baselineDir());
    });

    it('says there is no baseline, and sets none, when no report came out of it', async () => {
      const { result, exported } = await run({ FAKE_NO_REPORT: '1' });
      strictEqual(result.buildStatus, 'SUCCEEDED');
      strictEqual(exported, '');
      ok(
        lines.includes(
          `No baseline: no scan of the destination commit ${destination} produced a report, so every finding counts as new`,
        ),
        lines.join('\n'),
      );
    });

    for (const [what, env] of [
      ['a destination commit that exists nowhere', { destinationCommit: 'f'.repeat(40) }],
      ['a destination that is not a full commit id', { destinationCommit: 'HEAD~1' }],
      ['a failing destination scan', { FAKE_SCAN_FAILS: '1' }],
    ] as const) {
      it(`fails the build on ${what}, with no baseline set`, async () => {
        const { result, exported } = await run(env);
        strictEqual(result.buildStatus, 'FAILED', lines.join('\n'));
        strictEqual(exported, '');
      });
    }
  });

  describe("the pull-request build's policy: the destination's .devsecops.yml", () => {
    const destination = 'd'.repeat(40);
    const policyFile = (): string => join(work, 'destination-policy.yml');
    /** `aws codecommit get-file`: serves files of $FAKE_FILES/<commit>/ as CodeCommit does (base64), else FileDoesNotExistException. */
    const FAKE_GET_FILE = `#!/bin/bash
printf 'aws %s\\n' "$*" >> "$FAKE_CALLS"
[ "$1 $2" = "codecommit get-file" ] || exit 3
while [ $# -gt 0 ]; do
  case "$1" in --commit-specifier) commit="$2";; --file-path) file="$2";; esac
  shift
done
[ -n "$FAKE_GET_FILE_FAULT" ] && { echo "An error occurred (ThrottlingException) when calling the GetFile operation: Rate exceeded" >&2; exit 254; }
[ -n "$FAKE_GET_FILE_GARBAGE" ] && { echo '%%% not base64 %%%'; exit 0; }
if [ -f "$FAKE_FILES/$commit/$file" ]; then base64 -w0 "$FAKE_FILES/$commit/$file"; echo; exit 0; fi
echo "An error occurred (FileDoesNotExistException) when calling the GetFile operation: The specified file does not exist" >&2
exit 254
`;
    const run = async (env: Readonly<Record<string, string>>): Promise<{ result: BuildResult; exported: string }> => {
      executable(join(work, 'fake-bin', 'aws'), FAKE_GET_FILE);
      const result = await runCommands(
        'pull-request.yml',
        [destinationPolicyStep(), 'echo "exported=${DEVSECOPS_POLICY_FILE:-}"'],
        {
          DEVSECOPS_DESTINATION_POLICY: policyFile(),
          FAKE_FILES: join(work, 'files'),
          destinationCommit: destination,
          repositoryName: 'todo-app',
          ...env,
        },
      );
      const exported = lines.find((line) => line.startsWith('exported=')) ?? '';
      return { result, exported: exported.slice('exported='.length) };
    };

    it("writes the destination commit's file and points every scan at it", async () => {
      mkdirSync(join(work, 'files', destination), { recursive: true });
      const text = 'version: 1\ngate:\n  failOn: medium\n# ünïcode and a "quote"\n';
      writeFileSync(join(work, 'files', destination, '.devsecops.yml'), text);
      const { result, exported } = await run({});
      strictEqual(result.buildStatus, 'SUCCEEDED');
      deepStrictEqual([exported, readFileSync(policyFile(), 'utf8')], [policyFile(), text]);
      deepStrictEqual(called(), [
        `aws codecommit get-file --repository-name todo-app --commit-specifier ${destination} --file-path .devsecops.yml --query fileContent --output text`,
        'pre_build ran',
      ]);
    });

    it("uses the defaults (an empty policy) when the destination has no .devsecops.yml, never the pull request's", async () => {
      mkdirSync(join(work, 'src'), { recursive: true });
      writeFileSync(join(work, 'src', '.devsecops.yml'), 'version: 1\ngate:\n  failOn: none\n');
      const { result, exported } = await run({});
      strictEqual(result.buildStatus, 'SUCCEEDED');
      deepStrictEqual([exported, readFileSync(policyFile(), 'utf8')], [policyFile(), '']);
      deepStrictEqual(called(), [
        ...['.devsecops.yml', '.devsecops.yaml'].map(
          (name) =>
            `aws codecommit get-file --repository-name todo-app --commit-specifier ${destination} --file-path ${name} --query fileContent --output text`,
        ),
        'pre_build ran',
      ]);
    });

    for (const [what, env] of [
      ['a GetFile error other than "no such file"', { FAKE_GET_FILE_FAULT: '1' }],
      ['file content that does not decode', { FAKE_GET_FILE_GARBAGE: '1' }],
      ['a destination that is not a full commit id', { destinationCommit: 'main' }],
      ['a repository name with a path in it', { repositoryName: 'todo-app/../x' }],
    ] as const) {
      it(`fails the build on ${what}, and scans with no policy of its own choosing`, async () => {
        const { result, exported } = await run(env);
        strictEqual(result.buildStatus, 'FAILED');
        strictEqual(exported, '');
        ok(!called().includes('pre_build ran'), 'the build stopped at the failed step');
      });
    }
  });

  it('pull-request.yml installs and refreshes exactly what the scan actions do (and reads the destination policy)', () => {
    const pr = load('pull-request.yml');
    const cloudSteps = (buildspec: Buildspec, phase: 'install' | 'pre_build'): string[] =>
      (buildspec.phases[phase]?.commands ?? []).filter((command) => cloudOnlyDescription(command) !== undefined);
    const actions = ['sca.yml', 'sast.yml', 'hadolint.yml'].map(load);
    const prOnly = { install: [], pre_build: [destinationPolicyStep(), baselineStep(), destinationScanStep()] };
    for (const phase of ['install', 'pre_build'] as const) {
      const fromActions = new Set(actions.flatMap((buildspec) => cloudSteps(buildspec, phase)));
      deepStrictEqual(new Set(cloudSteps(pr, phase)), new Set([...fromActions, ...prOnly[phase]]), phase);
    }
    for (const buildspec of actions) {
      for (const [name, value] of Object.entries(buildspec.env.variables)) {
        deepStrictEqual(pr.env.variables[name], value, name);
      }
      deepStrictEqual({ ...pr.env.secretsManager, ...buildspec.env.secretsManager }, pr.env.secretsManager);
    }
  });

  it('every download in every buildspec is pinned, verified and fatal (no npm installs)', () => {
    const download =
      /\bcurl\b|\bwget\b|\bpip3? install\b|-m pip install|\bnpm (?:install|i|ci)\b|aws s3 cp .*"\$DEVSECOPS_CLI_S3_URI"/;
    const found: string[] = [];
    for (const file of ['hadolint.yml', 'image-build.yml', 'pull-request.yml', 'sast.yml', 'sca.yml']) {
      for (const phase of Object.values(load(file).phases)) {
        for (const command of [...phase.commands, ...phase.finally]) {
          if (!download.test(command)) continue;
          const label = `${file}: ${cloudOnlyDescription(command) ?? command}`;
          found.push(label);
          ok(!/\bnpm (?:install|i|ci)\b/.test(command), `${label} installs from npm`);
          ok(command.includes('set -euo pipefail'), `${label} does not stop at the first failure`);
          ok(
            /sha256sum --check --strict -/.test(command) || /--require-hashes/.test(command),
            `${label} does not verify what it downloads`,
          );
        }
      }
    }
    deepStrictEqual(found.length, 10, found.join('\n'));
  });

  it('every requirement in bandit-requirements.txt is pinned with a SHA-256', () => {
    const text = readFileSync(join(BUILDSPECS, 'bandit-requirements.txt'), 'utf8');
    const requirements = text
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    deepStrictEqual(
      requirements.map((line) => line.split(/\s+/)[0]),
      [
        'bandit==1.8.6',
        'markdown-it-py==3.0.0',
        'mdurl==0.1.2',
        'pbr==6.0.0',
        'pygments==2.19.2',
        'pyyaml==6.0.2',
        'rich==13.7.1',
        'setuptools==80.9.0',
        'stevedore==5.2.0',
      ],
    );
    for (const line of requirements) ok(/ --hash=sha256:[0-9a-f]{64}$/.test(line), line);
  });
});
