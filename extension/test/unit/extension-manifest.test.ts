// What the extension's package.json contributes, as a person sees it in VS Code: settings grouped by
// concern with every choice explained, command titles that do not repeat their category, an icon.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES } from '@devsecops/shared/config';

interface Section {
  readonly title: string;
  readonly properties: Record<string, unknown>;
}

const extensionDir = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as {
  icon?: string;
  activationEvents: string[];
  contributes: {
    configuration: Section[];
    commands: { command: string; title: string; category?: string }[];
    yamlValidation: { fileMatch: string[]; url: string }[];
  };
};

/** Every object with an `enum` in a settings schema, with its path. */
function enums(value: unknown, path: string): [string, Record<string, unknown>][] {
  if (typeof value !== 'object' || value === null) return [];
  const found: [string, Record<string, unknown>][] = [];
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['enum'])) found.push([path, record]);
  for (const [key, child] of Object.entries(record)) found.push(...enums(child, `${path}.${key}`));
  return found;
}

describe('the extension manifest', () => {
  it('starts in a folder with a policy file under either name, so its problems are marked before any scan', () => {
    for (const name of CONFIG_FILE_NAMES)
      assert.ok(manifest.activationEvents.includes(`workspaceContains:${name}`), name);
  });

  it("gives YAML editors the schema of the policy file and of the user's own configuration file", () => {
    const schemaOf = (file: string): string | undefined =>
      manifest.contributes.yamlValidation.find((entry) => entry.fileMatch.includes(file))?.url;
    assert.deepEqual([...CONFIG_FILE_NAMES, '**/.config/devsecops/config.yml'].map(schemaOf), [
      ...CONFIG_FILE_NAMES.map(() => './dist/schemas/devsecops-config.schema.json'),
      './dist/schemas/user-config.schema.json',
    ]);
    // The build copies shared/schemas to dist/schemas: each named schema is one of those.
    for (const { url } of manifest.contributes.yamlValidation) {
      assert.ok(existsSync(join(extensionDir, '..', 'shared', 'schemas', url.replace('./dist/schemas/', ''))), url);
    }
  });

  it('groups the settings by concern, each section titled and small', () => {
    const sections = manifest.contributes.configuration;
    assert.ok(Array.isArray(sections) && sections.length >= 5);
    for (const section of sections) {
      assert.ok(section.title.trim() !== '');
      assert.ok(Object.keys(section.properties).length <= 10, section.title);
    }
    const keys = sections.flatMap((section) => Object.keys(section.properties));
    assert.equal(new Set(keys).size, keys.length, 'no setting in two sections');
    assert.ok(keys.includes('devsecops.pipeline.failOn'));
  });

  it('describes every value of every enum setting, failOn included', () => {
    const all = manifest.contributes.configuration.flatMap((section) => enums(section.properties, section.title));
    assert.ok(all.length >= 5);
    for (const [path, schema] of all) {
      const described = schema['enumDescriptions'] ?? schema['markdownEnumDescriptions'];
      assert.ok(Array.isArray(described), `${path} has no enumDescriptions`);
      assert.equal(described.length, (schema['enum'] as unknown[]).length, path);
    }
  });

  it('never says its category twice in a command title ("DevSecOps: Run DevSecOps pipeline")', () => {
    for (const command of manifest.contributes.commands) {
      if (command.category !== undefined) assert.ok(!command.title.includes(command.category), command.title);
    }
  });

  it('offers the pipeline in the palette by the name people look for: "Run DevSecOps pipeline", said once', () => {
    const run = manifest.contributes.commands.find((command) => command.command === 'devsecops.runPipeline');
    assert.deepEqual([run?.title, run?.category], ['Run DevSecOps pipeline', undefined]);
  });

  it('has a PNG icon rendered from its SVG source, shipped in the package', () => {
    assert.equal(manifest.icon, 'images/icon.png');
    const png = readFileSync(join(extensionDir, 'images', 'icon.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // Width and height from the IHDR chunk: the marketplace wants at least 128 × 128.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(existsSync(join(extensionDir, 'images', 'icon.svg')));
    assert.match(readFileSync(join(extensionDir, '.vscodeignore'), 'utf8'), /^!images\/icon\.png$/m);
  });
});
