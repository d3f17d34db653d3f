import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';

/**
 * Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, a self-contained
 * .NET binary) validates SARIF against the 2.1.0 schema and its rules.
 * `validate` exits 0 even for an invalid file, so the verdict is read from its
 * own SARIF output: any result with level "error" is a violation. Warnings and
 * notes (e.g. SARIF2005 "provide informationUri") are advice, not failures.
 *
 * No skip when the validator is missing: `npm ci` installs it, and a missing
 * validator must fail the suite rather than pass it silently.
 */

export function multitoolPath(): string {
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

export interface ValidationIssue {
  readonly level: string;
  readonly ruleId: string;
  readonly text: string;
}

export async function validateSarif(sarifText: string, workDir: string, name: string): Promise<ValidationIssue[]> {
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

export function errorsOf(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((issue) => issue.level === 'error');
}
