import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import type { HostileRepository } from './hostile-repository';
import { hostileRepository, removeHostileCli, runBundledPipeline } from './hostile-repository';
import { reviewReports } from './hostile-review';

/**
 * A password literal never appears in any output: Bandit's B106/B107 quote it in their message, and
 * our Dockerfile rules look at credentials in ENV and RUN. Every report format, the pipeline's
 * reports folder and the bot's comments are searched for each literal.
 */

const ENV = { PATH: '/usr/bin:/bin' };

const SECRETS = {
  funcDefault: 'S3cr3t-Passw0rd!',
  funcArg: 'An0ther-S3cret-Value',
  dockerEnv: 'D0ckerfile-Secret-Env',
  curlPassword: 'Curl-Secret-Passw0rd',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  short: 'hunter2',
} as const;

const REPOSITORY = {
  'app/db.py': [
    'import pymysql',
    '',
    '',
    `def connect(password="${SECRETS.funcDefault}"):`,
    `    return pymysql.connect(host="db", password="${SECRETS.funcArg}")`,
    '',
    '',
    `def legacy(password="${SECRETS.short}"):`,
    '    pass',
    '',
  ].join('\n'),
  Dockerfile: [
    'FROM python:3.12-slim',
    `ENV DB_PASSWORD=${SECRETS.dockerEnv}`,
    `ENV AWS_ACCESS_KEY_ID=${SECRETS.awsKeyId}`,
    `RUN curl -fsSL https://admin:${SECRETS.curlPassword}@example.com/app.tgz -o /tmp/app.tgz`,
    'USER app',
    '',
  ].join('\n'),
};

function assertNoSecret(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    assert.ok(!text.includes(secret), `${where} shows the ${name} secret`);
  }
}

/** A unified diff that adds `path` with `text`, as `git diff` writes it. */
function addedFilePatch(path: string, text: string): string {
  const added = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${added.length} @@`,
    ...added.map((line) => `+${line}`),
    '',
  ].join('\n');
}

/** Every file under `dir`, recursively, as [relative path, text]. */
function filesUnder(dir: string, prefix = ''): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): [string, string][] => {
    const path = join(dir, entry.name);
    const relative = `${prefix}${entry.name}`;
    return entry.isDirectory() ? filesUnder(path, `${relative}/`) : [[relative, readFileSync(path, 'utf8')]];
  });
}

describe('hostile repository: a password literal never appears in any output (real Bandit, CLI bundle)', function () {
  this.timeout(180_000);
  after(removeHostileCli);
  let repo: HostileRepository | undefined;
  before(async function () {
    skipUnlessInstalled(this, existsSync('/usr/bin/bandit'), 'Bandit is not installed (apt-get install bandit)');
    repo = await hostileRepository(REPOSITORY);
  });
  after(() => repo?.dispose());

  /** The repository of this suite (built in `before`). */
  const repository = (): HostileRepository => {
    if (repo === undefined) throw new Error('the repository was not built');
    return repo;
  };

  it('is masked in every report format, keeping enough to recognise it', async () => {
    const outputs = new Map<string, string>();
    for (const format of ['console', 'json', 'sarif', 'junit', 'markdown']) {
      const result = await repository().runCli(['scan', '.', '--only', 'sast,dockerfile', '--format', format], {
        env: ENV,
      });
      assert.equal(result.exitCode, 1, `${format}: ${result.stderr}`);
      assertNoSecret(`--format ${format} (stdout)`, result.stdout);
      assertNoSecret(`--format ${format} (stderr)`, result.stderr);
      outputs.set(format, result.stdout);
    }
    const console = outputs.get('console') ?? '';
    assert.ok(console.includes('B107  Possible hardcoded password: S3…d! (masked, 16 characters)'), console);
    assert.ok(console.includes('B106  Possible hardcoded password: An…ue (masked, 20 characters)'), console);
    assert.ok(console.includes('B107  Possible hardcoded password: *** (masked, 7 characters)'), console);
    assert.ok(console.includes('DS001'), 'the Dockerfile credential is still reported');
    assert.ok(console.includes('DS002'), 'the RUN credential is still reported');
  });

  it('is masked in everything `pipeline run` writes to reports/', async () => {
    const result = await runBundledPipeline(repository().root, ENV);
    assert.equal(result.exitCode, 1, result.stderr);
    assertNoSecret('pipeline run (stdout)', result.stdout);
    assertNoSecret('pipeline run (stderr)', result.stderr);
    const written = filesUnder(join(repository().root, 'reports'));
    assert.ok(written.some(([path]) => path === 'sast.sarif') && written.some(([path]) => path === 'summary.md'));
    for (const [path, text] of written) assertNoSecret(`reports/${path}`, text);
  });

  it("is masked in the bot's comments, from our SARIF and from Bandit's own (message, snippet, properties)", async () => {
    const ours = await repository().runCli(['scan', '.', '--only', 'sast', '--format', 'sarif'], { env: ENV });
    const banditOwn = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Bandit', version: '1.8.6' } },
          invocations: [{ executionSuccessful: true }],
          results: [
            {
              ruleId: 'B105',
              message: { text: `Possible hardcoded password: '${SECRETS.funcArg}'` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'app/settings.py' },
                    region: { startLine: 3, snippet: { text: `DB_PASSWORD = "${SECRETS.funcArg}"\n` } },
                  },
                },
              ],
              properties: {
                issue_severity: 'LOW',
                issue_confidence: 'MEDIUM',
                code: `3 DB_PASSWORD = "${SECRETS.funcArg}"`,
              },
            },
          ],
        },
      ],
    });
    const patch = [
      addedFilePatch('app/db.py', REPOSITORY['app/db.py']),
      addedFilePatch('app/settings.py', 'x\ny\nz\n'),
    ];
    const review = await reviewReports({ 'sast.sarif': ours.stdout, 'bandit.sarif': banditOwn }, patch.join(''));
    assert.ok(review.result.status === 'posted');
    assert.ok(review.comments.length >= 4, `${review.comments.length} comments`);
    for (const comment of review.comments) assertNoSecret('a bot comment', comment);
    assert.ok(review.comments.some((comment) => comment.includes('S3…d\\! (masked, 16 characters)')));
  });
});
