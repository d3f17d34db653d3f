import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSarifFindings, renderSarif, runProcess } from '@devsecops/shared';
import type { ReportInput } from '@devsecops/shared';
import { EMPTY_INPUT, SAMPLE_INPUT } from '../../shared/test/reporters/sample-report';

/**
 * Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, a self-contained
 * .NET binary) validates our SARIF against the 2.1.0 schema and its rules.
 * `validate` exits 0 even for an invalid file, so the verdict is read from its
 * own SARIF output: any result with level "error" is a violation. Warnings and
 * notes (e.g. SARIF2005 "provide informationUri") are advice, not failures.
 *
 * No skip when the validator is missing: `npm ci` installs it, and a missing
 * validator must fail the suite rather than pass it silently.
 */

const FIXTURES = join(__dirname, '..', '..', 'shared', 'test', 'fixtures', 'scanner-reports');

function multitoolPath(): string {
  const requireFromTest = createRequire(join(__dirname, '..', 'package.json'));
  let path: string;
  try {
    path = requireFromTest('@microsoft/sarif-multitool') as string;
  } catch (error) {
    throw new Error(
      'The SARIF validator @microsoft/sarif-multitool is not installed: run `npm ci` at the repository root ' +
        '(it is a dependency of the test workspace and its install script must be approved in package.json allowScripts).',
      { cause: error },
    );
  }
  if (!existsSync(path)) throw new Error(`The SARIF Multitool binary is missing at ${path}: run \`npm ci\` again.`);
  return path;
}

interface ValidationIssue {
  readonly level: string;
  readonly ruleId: string;
  readonly text: string;
}

async function validate(sarifText: string, workDir: string, name: string): Promise<ValidationIssue[]> {
  const input = join(workDir, `${name}.sarif`);
  const output = join(workDir, `${name}.validation.sarif`);
  await writeFile(input, sarifText);
  const result = await runProcess({
    command: multitoolPath(),
    args: ['validate', input, '--output', output, '--log', 'ForceOverwrite'],
    // .NET needs ICU (Debian: libicu72) unless globalisation is invariant; validation needs no locale data.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeoutMs: 120_000,
  });
  assert.equal(result.failure, undefined, `sarif-multitool did not run: ${result.failure?.message ?? ''}`);
  assert.equal(
    result.exitCode,
    0,
    `sarif-multitool exited ${String(result.exitCode)}:\n${result.stdout}\n${result.stderr}`,
  );
  const log = JSON.parse(await readFile(output, 'utf8')) as {
    runs: {
      results?: { level?: string; ruleId: string; message: { text?: string; id?: string; arguments?: string[] } }[];
    }[];
  };
  return log.runs.flatMap((run) =>
    (run.results ?? []).map((issue) => ({
      // SARIF's default level is "warning".
      level: issue.level ?? 'warning',
      ruleId: issue.ruleId,
      text: issue.message.text ?? `${issue.message.id ?? ''} ${(issue.message.arguments ?? []).join(', ')}`,
    })),
  );
}

function errorsOf(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((issue) => issue.level === 'error');
}

describe('SARIF output passes Microsoft SARIF Multitool validate', function () {
  // The multitool starts a .NET runtime per call (about 1.5 s here).
  this.timeout(180_000);
  let workDir: string;

  before(async () => {
    multitoolPath();
    workDir = await mkdtemp(join(tmpdir(), 'devsecops-sarif-validate-'));
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('reports a deliberately broken log as errors (the check can fail)', async () => {
    const broken = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R1', locations: [] }] }],
    });
    const errors = errorsOf(await validate(broken, workDir, 'broken'));
    assert.ok(errors.length > 0, 'a result without a message must be a schema error');
  });

  it('accepts a realistic multi-tool scan: reported and suppressed findings, a skipped and a failed tool', async () => {
    assert.deepStrictEqual(errorsOf(await validate(renderSarif(SAMPLE_INPUT), workDir, 'sample')), []);
  });

  it('accepts a scan with no findings', async () => {
    assert.deepStrictEqual(errorsOf(await validate(renderSarif(EMPTY_INPUT), workDir, 'empty')), []);
  });

  it('accepts the real Bandit, hadolint and Dependency-Check reports after import and re-export', async () => {
    // Dependency-Check ran in a container with the repository mounted at /src.
    const findings = [
      'real-bandit-1.8.6-csfrace.sarif',
      'real-hadolint-2.12.0-csfrace.sarif',
      'real-dc-12.1.9-FFbryn-sca_analysis.sarif',
    ].flatMap((file) =>
      importSarifFindings(readFileSync(join(FIXTURES, file), 'utf8'), { root: '/src', sourceName: file }),
    );
    const input: ReportInput = {
      result: {
        findings,
        tools: [
          { name: 'bandit', category: 'sast', version: '1.8.6', status: 'ok' },
          { name: 'hadolint', category: 'dockerfile', version: '2.12.0', status: 'ok' },
          { name: 'dependency-check', category: 'sca', version: '12.1.9', status: 'ok' },
        ],
      },
      root: '/src',
      gate: { failOn: 'high', passed: false },
    };
    assert.deepStrictEqual(errorsOf(await validate(renderSarif(input), workDir, 'real-reports')), []);
  });
});
