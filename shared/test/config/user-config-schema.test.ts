import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseUserConfig } from '../../src/config/parse-user-config';
import { schemaAndLoader } from './schema-and-loader';

// The user's configuration file has one JSON Schema, as every other file the product reads: the loader's
// verdict is the schema's, and what no schema can say (a path resolved against the file's folder) is code after it.

const { schema, schemaAccepts, loaderAccepts } = schemaAndLoader('user-config.schema.json', (text) =>
  parseUserConfig(text, 'config.yml', '/home/me/.config/devsecops'),
);

const VALID = [
  '',
  'version: 1\n',
  'tools:\n',
  'tools:\n  bandit:\n  hadolint: ~\n',
  'tools:\n  bandit:\n    path: venv/bin/bandit\n    python: python3\n    args: [--skip, B101, 3]\n    timeoutSeconds: 0.5\n',
  'tools:\n  hadolint:\n    path: 12\n    args:\n    timeoutSeconds: 86400\n',
  'tools:\n  dependencyCheck:\n    path: /opt/dc/bin/dependency-check.sh\n    args: ["--noupdate"]\n',
  'tools:\n  sca:\n    database: osv.zip\n',
  'tools:\n  sca:\n',
];

const INVALID = [
  'version: 2\n',
  'version: "1"\n',
  '- a list\n',
  'just text\n',
  'tools: [bandit]\n',
  'tools:\n  pip: {}\n',
  'tools:\n  bandit:\n    pth: /x\n',
  'tools:\n  bandit: [a]\n',
  'tools:\n  bandit:\n    path: "  "\n',
  'tools:\n  bandit:\n    path:\n',
  'tools:\n  bandit:\n    path: true\n',
  'tools:\n  bandit:\n    args: --verbose\n',
  'tools:\n  bandit:\n    args: [[a]]\n',
  'tools:\n  bandit:\n    args: [""]\n',
  'tools:\n  bandit:\n    timeoutSeconds: 0\n',
  'tools:\n  bandit:\n    timeoutSeconds: 86401\n',
  'tools:\n  bandit:\n    timeoutSeconds: "900"\n',
  'tools:\n  hadolint:\n    python: python3\n',
  'tools:\n  sca:\n    database:\n',
  'tools:\n  sca:\n    path: /x\n',
  // The repository's policy, named as such rather than taken.
  'ignore: [tests/**]\n',
  'severity: {B101: low}\n',
  'gate:\n  failOn: none\n',
  'suppressions: []\n',
  'tools:\n  bandit:\n    enabled: off\n',
  'tools:\n  hadolint:\n    configFile: .hadolint.yaml\n',
  'tools:\n  sca:\n    enabled: on\n',
];

describe("the user's configuration file: its JSON Schema", () => {
  it('takes what the loader takes and refuses what it refuses', () => {
    for (const text of VALID) {
      strictEqual(schemaAccepts(text), true, `schema refuses ${JSON.stringify(text)}`);
      strictEqual(loaderAccepts(text), true, `loader refuses ${JSON.stringify(text)}`);
    }
    for (const text of INVALID) {
      strictEqual(schemaAccepts(text), false, `schema takes ${JSON.stringify(text)}`);
      strictEqual(loaderAccepts(text), false, `loader takes ${JSON.stringify(text)}`);
    }
  });

  it('agrees with the loader on generated documents of the keys it knows and near misses', () => {
    const key = fc.constantFrom('path', 'args', 'timeoutSeconds', 'python', 'database', 'enabled', 'pth');
    const scalar = fc.oneof(
      fc.constantFrom('bandit', ' ', '', '--skip', 'venv/bin/bandit'),
      fc.constantFrom(0, 1, 900, 86_400, 86_401, -1, 0.5),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
    const tool = fc.oneof(fc.constant(null), fc.dictionary(key, value, { maxKeys: 3 }), fc.array(scalar));
    const tools = fc.dictionary(fc.constantFrom('bandit', 'hadolint', 'dependencyCheck', 'sca', 'pip'), tool, {
      maxKeys: 3,
    });
    const root = fc.record(
      { version: fc.constantFrom(1, 2, '1'), tools: fc.oneof(tools, fc.constant(null)), gate: fc.constant({}) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(root, (document) => {
        const text = stringify(document);
        strictEqual(loaderAccepts(text), schemaAccepts(text), text);
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  it('describes every key it allows, for hover in an editor', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        const target = resolveRef(property);
        if (typeof target['description'] !== 'string') undescribed.push(`${where}.${name}`);
        walk(target, `${where}.${name}`);
      }
    };
    const resolveRef = (node: unknown): Record<string, unknown> => {
      const ref = (node as { $ref?: string }).$ref;
      if (ref === undefined) return node as Record<string, unknown>;
      const name = ref.replace('#/definitions/', '');
      return (schema['definitions'] as Record<string, Record<string, unknown>>)[name] ?? {};
    };
    walk(schema, '');
    deepStrictEqual(undescribed, []);
  });

  it('reports a policy key at its own line, not at the value that starts below it', () => {
    throws(
      () => parseUserConfig('tools:\n  bandit:\n    path: bandit\nsuppressions:\n  - rule: B101\n', 'c.yml', '/'),
      (error: unknown) =>
        (error as Error).message ===
        "c.yml is not valid:\nc.yml:4: suppressions is the repository's policy, not an execution setting: set it in the repository's .devsecops.yml. This file holds only tools.<tool>.path, args, timeoutSeconds, tools.bandit.python and tools.sca.database.",
    );
  });

  it('attack: keys named __proto__ or constructor are unknown keys, and reach no settings or prototype', () => {
    const text = [
      '__proto__:',
      '  gate: {failOn: none}',
      'tools:',
      '  __proto__:',
      '    path: /tmp/evil',
      '  bandit:',
      '    constructor: /tmp/evil',
      '    __proto__: {path: /tmp/evil}',
      '',
    ].join('\n');
    throws(
      () => parseUserConfig(text, 'c.yml', '/'),
      (error: unknown) =>
        (error as Error).message ===
        [
          'c.yml is not valid:',
          'c.yml:1: unknown key "__proto__" in the top level; allowed keys: version, tools, ignore, severity, gate, suppressions.',
          'c.yml:4: unknown key "__proto__" in tools; allowed keys: bandit, hadolint, dependencyCheck, sca.',
          'c.yml:7: unknown key "constructor" in tools.bandit; allowed keys: path, args, timeoutSeconds, python, enabled, configFile.',
          'c.yml:8: unknown key "__proto__" in tools.bandit; allowed keys: path, args, timeoutSeconds, python, enabled, configFile.',
        ].join('\n'),
    );
    strictEqual(({} as Record<string, unknown>)['path'], undefined);
  });

  it('attack: an alias bomb is refused before it is expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level++) {
      const previous = level === 1 ? 'a' : `a${String(level - 1)}`;
      bomb.push(`a${String(level)}: &a${String(level)} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    throws(
      () => parseUserConfig(`${bomb.join('\n')}\n`, 'c.yml', '/'),
      (error: unknown) => /c\.yml:1: the file repeats YAML aliases/.test((error as Error).message),
    );
  });
});
