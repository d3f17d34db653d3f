import { deepStrictEqual, ok } from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config';
import { SEVERITIES } from '../../src/findings/severity';
import { GATE_SCOPES } from '../../src/config/config';
import { schemaAndLoader } from './schema-and-loader';

const { schema, schemaAccepts, loaderAccepts } = schemaAndLoader('devsecops-config.schema.json', (text) =>
  parseConfig(text, '.devsecops.yml'),
);

/** Documents both must take: every key, each accepted spelling. */
const VALID = [
  '',
  'version: 1\n',
  'version: 1\ntools:\n  bandit:\n    enabled: auto\n    configFile: pyproject.toml\n',
  'tools:\n  bandit: {enabled: true}\n  hadolint: {enabled: off}\n  dependencyCheck: {enabled: on}\n',
  'tools:\n  sca:\n    enabled: on\n    maxDatabaseAgeDays: 0\n  dockerfile:\n    enabled: false\n',
  'tools:\n  sca:\n    maxDatabaseAgeDays: 3650\n',
  'tools:\n  bandit:\n',
  'ignore:\n  - tests/**\n  - "docs/*.py"\n',
  'ignore:\n',
  'severity:\n  B101: info\n  DL3007: HIGH\n  GHSA-xxxx: " Critical "\n',
  'gate:\n  failOn: none\n  scope: all\n',
  'gate:\n  failOn: Medium\n  scope: NEW\n',
  'suppressions:\n  - rule: B602\n    reason: vetted\n    path: app/**\n    expires: 2027-01-31\n',
  'suppressions:\n  - rule: "*"\n    reason: 42\n    fingerprint: abc123\n',
  // Execution keys: the loader reads them to warn (and ignores them); the schema marks them deprecated.
  'tools:\n  bandit:\n    path: /usr/bin/bandit\n    python: python3\n    args: [--verbose]\n    timeoutSeconds: 900\n',
  'tools:\n  sca:\n    database: /tmp/db.zip\n',
];

/** Documents both must refuse: a wrong key, type or word in each place. */
const INVALID = [
  'version: 2\n',
  'versio: 1\n',
  '- a list\n',
  'just text\n',
  'tools:\n  bandits: {}\n',
  'tools:\n  bandit:\n    enabled: maybe\n',
  'tools:\n  bandit:\n    enabled: AUTO\n',
  'tools:\n  sca:\n    enabled: auto\n',
  'tools:\n  sca:\n    maxDatabaseAgeDays: -1\n',
  'tools:\n  sca:\n    maxDatabaseAgeDays: 3651\n',
  'tools:\n  sca:\n    maxDatabaseAgeDays: 1.5\n',
  'tools:\n  dockerfile:\n    enabled: 1\n',
  'tools:\n  hadolint:\n    timeoutSeconds: 0\n',
  'tools:\n  hadolint:\n    timeoutSeconds: 86401\n',
  'tools:\n  bandit:\n    args: --verbose\n',
  'tools:\n  bandit:\n    configFile: "  "\n',
  'tools:\n  bandit:\n    path:\n',
  'ignore: tests/**\n',
  'ignore:\n  - ""\n',
  'severity:\n  B101: severe\n',
  'severity: [B101]\n',
  'gate:\n  failOn: sometimes\n',
  'gate:\n  scope: changed\n',
  'gate:\n  failon: high\n',
  'suppressions:\n  - rule: B602\n',
  'suppressions:\n  - reason: no rule\n',
  'suppressions:\n  - rule: B602\n    reason: x\n    expires: next year\n',
  'suppressions:\n  - rule: B602\n    reason: x\n    until: 2027-01-01\n',
  'suppressions:\n  -\n',
  'suppressions:\n  rule: B602\n',
];

/**
 * The loader checks three things the schema does not say, so the schema takes these and the loader does not:
 * what a glob may use (no brace ranges, extended globs or POSIX classes), that a date is a real calendar date,
 * and that a rule id is spelt in the case its scanner reports it (the ids are the scanners' lists, in code).
 */
const ONLY_THE_LOADER_REFUSES = [
  'ignore:\n  - "src/{1..3}/*.py"\n',
  'suppressions:\n  - rule: B602\n    reason: x\n    expires: 2027-02-30\n',
  'severity:\n  b602: critical\n',
  'suppressions:\n  - rule: dl3008\n    reason: x\n',
];

describe('the JSON Schema of .devsecops.yml (completion and validation in the editor)', () => {
  it('takes every document the loader takes', () => {
    deepStrictEqual(
      VALID.filter((text) => !loaderAccepts(text) || !schemaAccepts(text)),
      [],
      'each of these was refused by the loader or by the schema',
    );
  });

  it('refuses every document the loader refuses, in each place a mistake can hide', () => {
    deepStrictEqual(
      INVALID.filter((text) => loaderAccepts(text) || schemaAccepts(text)),
      [],
      'each of these was taken by the loader or by the schema',
    );
  });

  it('differs from the loader only where the schema does not check (glob syntax, calendar dates, rule id case)', () => {
    deepStrictEqual(
      ONLY_THE_LOADER_REFUSES.map((text) => [loaderAccepts(text), schemaAccepts(text)]),
      ONLY_THE_LOADER_REFUSES.map(() => [false, true]),
    );
  });

  it('offers the words the loader knows, each described', () => {
    type Described = { enum: string[]; markdownEnumDescriptions: string[] };
    type GateSchema = { properties: Record<'failOn' | 'scope', { anyOf: [Described, unknown] }> };
    const gate = (schema['properties'] as { gate: GateSchema }).gate;
    const [failOn] = gate.properties.failOn.anyOf;
    const [scope] = gate.properties.scope.anyOf;
    deepStrictEqual(failOn.enum, [...SEVERITIES, 'none']);
    deepStrictEqual(scope.enum, [...GATE_SCOPES]);
    deepStrictEqual(
      [failOn.markdownEnumDescriptions.length, scope.markdownEnumDescriptions.length],
      [failOn.enum.length, scope.enum.length],
    );
  });

  it('is the file the extension contributes to the editor for .devsecops.yml and .devsecops.yaml', () => {
    const manifest = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'extension', 'package.json'), 'utf8'),
    ) as {
      contributes: { yamlValidation?: { fileMatch: string[]; url: string }[] };
    };
    deepStrictEqual(manifest.contributes.yamlValidation, [
      { fileMatch: ['.devsecops.yml', '.devsecops.yaml'], url: './dist/schemas/devsecops-config.schema.json' },
      // The user's own configuration file has a schema of its own.
      { fileMatch: ['**/.config/devsecops/config.yml'], url: './dist/schemas/user-config.schema.json' },
    ]);
    // The extension's build (npm test builds before the suites run) copies it beside the bundles.
    const built = join(__dirname, '..', '..', '..', 'extension', 'dist', 'schemas', 'devsecops-config.schema.json');
    ok(existsSync(built), `${built} is missing: run npm run build -w extension`);
    const source = join(__dirname, '..', '..', 'schemas', 'devsecops-config.schema.json');
    deepStrictEqual(readFileSync(built, 'utf8'), readFileSync(source, 'utf8'));
  });
});
