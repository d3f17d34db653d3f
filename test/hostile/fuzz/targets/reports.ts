// Tool output and imported reports: SARIF from any tool (the bot reads what the pull request's
// build uploaded), Bandit, hadolint and Dependency-Check JSON, and ShellCheck's JSON.
import fc from 'fast-check';
import { parseBanditReport } from '../../../../shared/src/scanners/bandit/bandit-report';
import { shellcheckDockerfile } from '../../../../shared/src/scanners/builtin-dockerfile/shellcheck';
import { parseDependencyCheckReport } from '../../../../shared/src/scanners/dependency-check/dependency-check-report';
import { parseHadolintReport } from '../../../../shared/src/scanners/hadolint/hadolint-report';
import { importSarifFindings, importSarifReport } from '@devsecops/shared/sarif';
import type { UnscannedFile } from '@devsecops/shared/engines';
import type { ProcessResult } from '@devsecops/shared/process';
import {
  assertRepoRelativePath,
  assertThat,
  assertWellFormedDraft,
  neverThrows,
  resolvesOrRejects,
  returnsOrThrows,
  shown,
} from '../harness/expectations';
import { asyncFuzzTarget, fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import { builtDockerfile } from '../generators/dockerfile-text';
import { hostileString } from '../generators/hostile-text';
import { banditReport, dependencyCheckReport, hadolintReport, reportText, sarifLog } from '../generators/report-json';
import { requirementsText } from '../generators/requirements-text';
import { yamlValue } from '../generators/yaml-text';

const ROOT = '/repo';

/** Files a report says were not analysed: inside the repository, each with a reason. */
function assertWellFormedUnscanned(files: readonly UnscannedFile[]): void {
  for (const file of files) {
    assertRepoRelativePath(file.path, 'an unscanned file');
    assertThat(typeof file.reason === 'string', `an unscanned file's reason is ${shown(file.reason)}`);
  }
}

const sarif = fuzzTarget({
  name: 'SARIF from any tool (importSarifReport)',
  arbitrary: () =>
    reportText(sarifLog, [
      'report-goldens/sample.sarif',
      'scanner-reports/real-bandit-1.8.6-csfrace.sarif',
      'scanner-reports/real-dc-12.1.9-FFbryn-sca_analysis.sarif',
      'scanner-reports/real-hadolint-2.12.0-csfrace.sarif',
    ]),
  check: (text) => {
    const report = returnsOrThrows(
      () => importSarifReport(text, { root: ROOT, sourceName: 'sast.sarif', readLine: () => undefined }),
      ['INPUT_INVALID'],
    );
    for (const finding of report?.findings ?? []) {
      assertWellFormedDraft(finding);
      assertThat(typeof finding.fingerprint === 'string', 'a finding has no fingerprint');
    }
    for (const tool of report?.tools ?? []) {
      assertThat(typeof tool.name === 'string' && tool.name !== '', `a tool run is named ${shown(tool.name)}`);
      assertThat(tool.status === 'ok' || tool.status === 'failed', `a tool run's status is ${shown(tool.status)}`);
      assertThat(tool.status !== 'failed' || typeof tool.reason === 'string', 'a failed tool run gives no reason');
      assertWellFormedUnscanned(tool.unscanned ?? []);
    }
  },
  growth: [
    textGrowth(
      'many results',
      (size) =>
        JSON.stringify({
          version: '2.1.0',
          runs: [
            {
              tool: { driver: { name: 'x' } },
              results: Array.from({ length: size }, (_, i) => ({ ruleId: `R${String(i)}`, message: { text: 'm' } })),
            },
          ],
        }),
      (text) => importSarifFindings(text, { readLine: () => undefined }),
    ),
    textGrowth(
      'a long chain of uriBaseIds',
      (size) =>
        JSON.stringify({
          version: '2.1.0',
          runs: [
            {
              tool: { driver: { name: 'x' } },
              originalUriBaseIds: Object.fromEntries(
                Array.from({ length: size }, (_, i) => [
                  `B${String(i)}`,
                  { uri: 'a/', uriBaseId: `B${String(i + 1)}` },
                ]),
              ),
              results: Array.from({ length: size }, () => ({
                ruleId: 'R',
                message: { text: 'm' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'x.py', uriBaseId: 'B0' } } }],
              })),
            },
          ],
        }),
      (text) => importSarifFindings(text, { readLine: () => undefined }),
    ),
    textGrowth(
      'a message template with many arguments',
      (size) =>
        JSON.stringify({
          version: '2.1.0',
          runs: [
            {
              tool: {
                driver: { name: 'x', rules: [{ id: 'R', messageStrings: { m: { text: '{0}'.repeat(size * 4) } } }] },
              },
              results: [{ ruleId: 'R', message: { id: 'm', arguments: Array.from({ length: size }, () => 'a') } }],
            },
          ],
        }),
      (text) => importSarifFindings(text, { readLine: () => undefined }),
    ),
  ],
});

const bandit = fuzzTarget({
  name: 'Bandit JSON reports (parseBanditReport)',
  arbitrary: () =>
    reportText(banditReport, [
      'scanner-reports/bandit-1.6.2-sample.json',
      'scanner-reports/real-bandit-kaizoku73-json-reports.json',
      'scanner-reports/real-bandit-oauthlib.json',
    ]),
  check: (text) => {
    const report = returnsOrThrows(() => parseBanditReport(text, { root: ROOT }), ['TOOL_OUTPUT_INVALID']);
    for (const finding of report?.findings ?? []) assertWellFormedDraft(finding);
    assertWellFormedUnscanned(report?.errors ?? []);
    for (const path of report?.analysedFiles ?? []) assertRepoRelativePath(path, 'an analysed file');
  },
  growth: [
    textGrowth(
      'a banner of many lines before the JSON',
      (size) => `${'warning: x\n'.repeat(size)}{"results": []}`,
      (text) => parseBanditReport(text, { root: ROOT }),
    ),
  ],
});

const hadolint = fuzzTarget({
  name: 'hadolint JSON reports (parseHadolintReport)',
  arbitrary: () => reportText(hadolintReport, ['scanner-reports/real-hadolint-tool_check.json']),
  check: (text) => {
    for (const finding of returnsOrThrows(() => parseHadolintReport(text, { root: ROOT }), ['TOOL_OUTPUT_INVALID']) ??
      []) {
      assertWellFormedDraft(finding);
    }
  },
});

const dependencyCheck = fuzzTarget({
  name: 'Dependency-Check JSON reports (parseDependencyCheckReport)',
  arbitrary: () =>
    fc.tuple(
      reportText(dependencyCheckReport, [
        'scanner-reports/real-dc-12.1.9-FFbryn-sca_analysis.json',
        'scanner-reports/real-dc-6.5.3-thanhngtdev-SAST_PROJECT.json',
      ]),
      requirementsText,
    ),
  check: ([text, requirements]) => {
    const report = returnsOrThrows(
      () => parseDependencyCheckReport(text, { root: ROOT, readText: () => requirements }),
      ['TOOL_OUTPUT_INVALID'],
    );
    for (const finding of report?.findings ?? []) assertWellFormedDraft(finding);
  },
  growth: [
    textGrowth(
      'a description of many sentences',
      (size) =>
        JSON.stringify({
          dependencies: [
            {
              filePath: '/repo/requirements.txt:jinja2/2.10',
              vulnerabilities: [{ name: 'CVE-1', description: 'a. b '.repeat(size * 4) }],
            },
          ],
        }),
      (text) => parseDependencyCheckReport(text, { root: ROOT }),
    ),
    textGrowth(
      'references full of advisory ids',
      (size) =>
        JSON.stringify({
          dependencies: [
            {
              filePath: '/repo/x.js',
              vulnerabilities: [
                {
                  name: 'CVE-1',
                  references: Array.from({ length: size }, (_, i) => ({
                    url: `https://x/CVE-2020-${String(10_000 + i)}`,
                  })),
                },
              ],
            },
          ],
        }),
      (text) => parseDependencyCheckReport(text, { root: ROOT }),
    ),
  ],
});

/** Stands for the path of the script ShellCheck was given, which a fuzz case cannot know in advance. */
const SCRIPT_FILE = '<script>';

/** What a ShellCheck process could return: its JSON shape with hostile values, or anything. */
const shellcheckOutput = fc.record({
  stdout: fc.oneof(
    fc
      .array(
        fc.record(
          {
            code: fc.oneof(fc.integer({ min: 1000, max: 3000 }), yamlValue),
            level: fc.oneof(
              fc.constantFrom('error', 'warning', 'info', 'style', 'constructor', '__proto__'),
              yamlValue,
            ),
            message: fc.oneof(hostileString, yamlValue),
            // Mostly the script it was given (replaced by the runner below), sometimes anything.
            file: fc.oneof(fc.constant(SCRIPT_FILE), fc.constant(SCRIPT_FILE), hostileString, yamlValue),
            line: fc.oneof(fc.integer(), yamlValue),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      )
      .map((comments) => JSON.stringify({ comments })),
    yamlValue.map((value) => JSON.stringify({ comments: value })),
    yamlValue.map((value) => JSON.stringify(value)),
    hostileString,
  ),
  exitCode: fc.constantFrom(0, 1, 1, 2, null),
});

const shellcheck = asyncFuzzTarget({
  name: 'ShellCheck JSON output (shellcheckDockerfile)',
  arbitrary: () => fc.tuple(builtDockerfile, shellcheckOutput),
  check: async ([text, output]) => {
    const outcome = await resolvesOrRejects(
      () =>
        shellcheckDockerfile(text, 'Dockerfile', {
          runProcess: (request) => {
            const script = JSON.stringify(request.args.at(-1) ?? '').slice(1, -1);
            const stdout = output.stdout.replaceAll(SCRIPT_FILE, script);
            const result: ProcessResult = {
              ...output,
              stdout,
              stderr: '',
              exitSignal: null,
              truncated: false,
              durationMs: 1,
            };
            return Promise.resolve(result);
          },
          executable: 'shellcheck',
        }),
      [],
    );
    const lineCount = text.split(/\r\n|\r|\n/).length;
    for (const finding of outcome?.findings ?? []) assertWellFormedDraft(finding, lineCount);
    neverThrows(() => outcome?.error?.length);
  },
});

export const targets: readonly FuzzTarget[] = [sarif, bandit, hadolint, dependencyCheck, shellcheck];
