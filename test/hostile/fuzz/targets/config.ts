// `.devsecops.yml`: read by the CLI, the extension and the bot from the repository (and by the bot
// from the destination branch); edited by the extension's "suppress in .devsecops.yml" quick fix;
// its globs are matched against every path of a scan.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { addSuppression, parseConfig, MAX_TOOL_TIMEOUT_SECONDS } from '@devsecops/shared/config';
import type { DevsecopsConfig } from '@devsecops/shared/config';
import { SEVERITIES } from '@devsecops/shared/findings';
import { pathMatcher } from '../../../../shared/src/files/glob';
import { GATE_SCOPES } from '@devsecops/shared/config';
import { assertThat, returnsOrThrows, shown } from '../harness/expectations';
import { fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import { ESCAPING_PATHS, hostileNumber, hostileString, PROTOTYPE_WORDS } from '../generators/hostile-text';
import { orAnything, yamlText } from '../generators/yaml-text';

/** Valid files to mutate: the README's example and smaller variants. */
export const CONFIG_CORPUS = [
  [
    'version: 1',
    'tools:',
    '  bandit: { enabled: auto }',
    '  hadolint: { enabled: off }',
    '  dependencyCheck: { enabled: on, timeoutSeconds: 900 }',
    '  sca: { enabled: true }',
    '  dockerfile: { enabled: true }',
    'ignore:',
    '  - tests/fixtures/**',
    'severity:',
    '  B101: info',
    'gate:',
    '  failOn: high',
    'suppressions:',
    '  - rule: B602',
    '    path: scripts/**',
    '    fingerprint: v1:0123456789abcdef0123456789abcdef',
    '    reason: build scripts only run trusted input',
    '    expires: 2026-12-31',
    '',
  ].join('\n'),
  'version: 1\nignore: [docs/**, "**/test_*.py"]\ngate: { failOn: none }\n',
  '# only a comment\n',
  'suppressions: []\n',
  '',
];

const GLOB_PIECES = [
  '*',
  '**',
  '?',
  '[a-z]',
  '[!a]',
  '{a,b}',
  '+(a|aa)',
  '!(x)',
  '@(a)',
  '\\*',
  '.',
  '/',
  'a',
  'tests',
  '.py',
];

/** A glob built from real glob syntax, or any hostile string. */
export const glob: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...GLOB_PIECES), { minLength: 1, maxLength: 10 }).map((pieces) => pieces.join('')),
  hostileString,
);

const enablement = fc.constantFrom('auto', 'on', 'off', true, false, 'yes', 'ON', 1);
const externalTool = fc.record(
  {
    enabled: orAnything(enablement),
    path: orAnything(hostileString),
    args: orAnything(fc.array(hostileString, { maxLength: 3 })),
    timeoutSeconds: orAnything(hostileNumber),
    python: orAnything(hostileString),
    configFile: orAnything(fc.constantFrom(...ESCAPING_PATHS)),
  },
  { requiredKeys: [] },
);
const severityWord = fc.constantFrom(...SEVERITIES, 'none', 'HIGH', ' low ', 'severe', '');
const suppression = fc.record(
  {
    rule: orAnything(fc.constantFrom('B101', '*', 'DL3008', 'PYSEC-2021-1', ...PROTOTYPE_WORDS)),
    path: orAnything(glob),
    fingerprint: orAnything(hostileString),
    reason: orAnything(hostileString),
    expires: orAnything(
      fc.constantFrom('2026-12-31', '2025-02-30', '2025-1-1', '9999-12-31', '0000-01-01', '2024-02-29'),
    ),
  },
  { requiredKeys: [] },
);

/** `.devsecops.yml` as a structure: every key of the schema (and unknown ones), right or wrong values. */
const configStructure = fc.record(
  {
    version: orAnything(fc.constantFrom(1, '1', 2, 1.0)),
    tools: orAnything(
      fc.record(
        {
          bandit: orAnything(externalTool),
          hadolint: orAnything(externalTool),
          dependencyCheck: orAnything(externalTool),
          sca: orAnything(
            fc.record({ enabled: orAnything(enablement), database: orAnything(hostileString) }, { requiredKeys: [] }),
          ),
          dockerfile: orAnything(fc.record({ enabled: orAnything(enablement) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
    ignore: orAnything(fc.array(glob, { maxLength: 4 })),
    severity: orAnything(
      fc.dictionary(fc.oneof(fc.constantFrom('B101', ...PROTOTYPE_WORDS), hostileString), severityWord, { maxKeys: 3 }),
    ),
    gate: orAnything(
      fc.record(
        {
          failOn: orAnything(severityWord),
          scope: orAnything(fc.constantFrom(...GATE_SCOPES, 'New', 'none', ...PROTOTYPE_WORDS)),
        },
        { requiredKeys: [] },
      ),
    ),
    suppressions: orAnything(fc.array(suppression, { maxLength: 3 })),
    [PROTOTYPE_WORDS[0]]: orAnything(hostileString),
  },
  { requiredKeys: [] },
);

export const configText: fc.Arbitrary<string> = yamlText(configStructure, CONFIG_CORPUS);

const LINE_OF_PROBLEM = /^\.devsecops\.yml:(\d+): /;

/** The keys that decide what runs: a repository's file may name them, and they are only recorded. */
const EXECUTION_KEYS: ReadonlySet<string> = new Set([
  ...(['bandit', 'hadolint', 'dependencyCheck'] as const).flatMap((tool) =>
    ['path', 'args', 'timeoutSeconds'].map((key) => `tools.${tool}.${key}`),
  ),
  'tools.bandit.python',
  'tools.sca.database',
]);

/** A parsed config every consumer can rely on. */
function assertWellFormedConfig(config: DevsecopsConfig, lineCount: number): void {
  for (const tool of ['bandit', 'hadolint', 'dependencyCheck'] as const) {
    const settings = config.tools[tool];
    assertThat(['auto', 'on', 'off'].includes(settings.enabled), `tools.${tool}.enabled is ${shown(settings.enabled)}`);
    // Policy only: what runs is never read from the repository's file.
    assertThat(
      Object.keys(settings).every((key) => key === 'enabled' || (tool === 'bandit' && key === 'configFile')),
      `tools.${tool} carries ${Object.keys(settings).join(', ')}`,
    );
  }
  for (const request of config.executionRequests ?? []) {
    assertThat(EXECUTION_KEYS.has(request.key), `execution request for ${shown(request.key)}`);
    const line = Number(/^\.devsecops\.yml:(\d+)$/.exec(request.where)?.[1] ?? 'NaN');
    assertThat(line >= 1 && line <= lineCount, `execution request at ${request.where} is outside the file`);
    const timeout = request.timeoutSeconds;
    assertThat(
      timeout === undefined || (Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TOOL_TIMEOUT_SECONDS),
      `${request.key} is ${String(timeout)}`,
    );
  }
  assertThat(typeof config.tools.sca.enabled === 'boolean', 'tools.sca.enabled is not a boolean');
  assertThat(typeof config.tools.dockerfile.enabled === 'boolean', 'tools.dockerfile.enabled is not a boolean');
  assertThat(
    config.ignore.every((item) => typeof item === 'string' && item.trim() !== ''),
    'an ignore glob is blank',
  );
  for (const [rule, severity] of Object.entries(config.severity)) {
    assertThat((SEVERITIES as readonly string[]).includes(severity), `severity.${rule} is ${shown(severity)}`);
  }
  assertThat(Object.getPrototypeOf(config.severity) === Object.prototype, 'severity lost its prototype');
  assertThat([...SEVERITIES, 'none'].includes(config.gate.failOn), `gate.failOn is ${shown(config.gate.failOn)}`);
  assertThat(
    config.gate.scope === undefined || (GATE_SCOPES as readonly string[]).includes(config.gate.scope),
    `gate.scope is ${shown(config.gate.scope)}`,
  );
  for (const entry of config.suppressions) {
    assertThat(
      entry.rule.trim() !== '' && entry.reason.trim() !== '',
      'a suppression without rule or reason was accepted',
    );
    assertThat(
      entry.expires === undefined || /^\d{4}-\d{2}-\d{2}$/.test(entry.expires),
      `expires is ${String(entry.expires)}`,
    );
  }
}

const parseConfigTarget = fuzzTarget({
  name: 'devsecops-config (parseConfig)',
  arbitrary: () => configText,
  check: (text) => {
    let problem: unknown;
    const config = returnsOrThrows(() => {
      try {
        return parseConfig(text, '.devsecops.yml');
      } catch (error) {
        problem = error;
        throw error;
      }
    }, ['CONFIG_INVALID']);
    const lineCount = text.split(/\r\n|\r|\n/).length;
    if (config !== undefined) {
      assertWellFormedConfig(config, lineCount);
      return;
    }
    // Every problem points at a line of the file.
    const lines = (problem as Error).message.split('\n').slice(1);
    for (const line of lines) {
      const number = Number(LINE_OF_PROBLEM.exec(line)?.[1] ?? 'NaN');
      assertThat(
        number >= 1 && number <= lineCount,
        `problem line ${line.slice(0, 80)} is outside the ${String(lineCount)}-line file`,
      );
    }
  },
  growth: [
    textGrowth(
      'a long ignore list',
      (size) => `ignore:\n${'  - "a/**/b*"\n'.repeat(size)}`,
      (text) => parseConfig(text, 'x'),
    ),
    textGrowth(
      'a long line of spaces',
      (size) => `gate: ${' '.repeat(size * 16)}x`,
      (text) => {
        returnsOrThrows(() => parseConfig(text, 'x'), ['CONFIG_INVALID']);
      },
    ),
    textGrowth(
      'many unknown keys',
      (size) => Array.from({ length: size }, (_, i) => `k${String(i)}: 1`).join('\n'),
      (text) => {
        returnsOrThrows(() => parseConfig(text, 'x'), ['CONFIG_INVALID']);
      },
    ),
    // Each wrong value is a schema problem found at its line: the line lookup must not search per problem.
    textGrowth(
      'many wrong values in one mapping',
      (size) => `severity:\n${Array.from({ length: size }, (_, i) => `  R${String(i)}: severe\n`).join('')}`,
      (text) => {
        returnsOrThrows(() => parseConfig(text, 'x'), ['CONFIG_INVALID']);
      },
    ),
    textGrowth(
      'many suppressions each missing its reason and misspelling a key',
      (size) => `suppressions:\n${'  - rule: B101\n    reson: x\n'.repeat(size)}`,
      (text) => {
        returnsOrThrows(() => parseConfig(text, 'x'), ['CONFIG_INVALID']);
      },
    ),
  ],
});

const suppressionToAdd = fc.record(
  {
    rule: fc.oneof(fc.constantFrom('B602', 'DL3008', 'GHSA-xxxx-yyyy-zzzz'), hostileString),
    path: fc.oneof(glob, fc.constantFrom(...ESCAPING_PATHS)),
    fingerprint: fc.oneof(fc.constant('v1:0123456789abcdef0123456789abcdef'), hostileString),
    reason: hostileString,
    expires: fc.oneof(fc.constantFrom('2026-12-31', '2025-02-30', 'tomorrow'), hostileString),
  },
  { requiredKeys: ['rule', 'reason'] },
);

const addSuppressionTarget = fuzzTarget({
  name: 'devsecops-config (addSuppression)',
  arbitrary: () => fc.tuple(configText, suppressionToAdd),
  check: ([text, suppression]) => {
    const written = returnsOrThrows(() => addSuppression(text, suppression), ['CONFIG_INVALID']);
    if (written === undefined) return;
    // Nothing broken is written: the new file parses, and its last suppression is the one added.
    const config = returnsOrThrows(() => parseConfig(written, '.devsecops.yml'), []);
    const expected = {
      rule: suppression.rule,
      ...(suppression.path === undefined ? {} : { path: suppression.path }),
      ...(suppression.fingerprint === undefined ? {} : { fingerprint: suppression.fingerprint }),
      reason: suppression.reason,
      ...(suppression.expires === undefined ? {} : { expires: suppression.expires }),
    };
    const added = config?.suppressions.at(-1);
    assertThat(isDeepStrictEqual(added, expected), `the written suppression reads back as ${JSON.stringify(added)}`);
  },
});

/** Every path a glob could meet: real-looking, hostile, very long. */
const pathToMatch = fc.oneof(
  fc
    .array(fc.constantFrom('a', 'aa', 'tests', '.hidden', 'x.py', 'b', '..', '.', ''), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join('/')),
  hostileString,
);

const globMatchTarget = fuzzTarget({
  name: 'devsecops-config globs (pathMatcher)',
  arbitrary: () =>
    fc.tuple(fc.array(glob, { minLength: 1, maxLength: 3 }), fc.array(pathToMatch, { minLength: 1, maxLength: 4 })),
  check: ([globs, paths]) => {
    // parseConfig accepts any non-blank text as a glob; the matcher must take what the parser accepts.
    const accepted = globs.filter((item) => item.trim() !== '');
    if (accepted.length === 0) return;
    const matches = returnsOrThrows(() => pathMatcher(accepted), ['CONFIG_INVALID']);
    if (matches === undefined) return;
    for (const path of paths) assertThat(typeof matches(path) === 'boolean', 'the matcher returned a non-boolean');
  },
  growth: [
    textGrowth(
      'a glob with five stars against a long file name',
      (size) => 'a'.repeat(size),
      (name) => pathMatcher(['*a*a*a*a*x'])(name),
    ),
    textGrowth(
      'a deep path against a globstar glob',
      (size) => Array.from({ length: size }, () => 'a').join('/'),
      (path) => pathMatcher(['**/a/**/a/**/x'])(path),
    ),
  ],
});

export const targets: readonly FuzzTarget[] = [parseConfigTarget, addSuppressionTarget, globMatchTarget];
