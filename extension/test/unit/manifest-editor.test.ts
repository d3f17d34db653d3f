// The editor's side of Python manifests on the bundled PyPA snapshot: a pyproject.toml and its poetry.lock
// scanned as buffers (the lockfile wins, as in the CLI), one upgrade per requirement line, the pyproject
// edit applied and the edited text scanned again, and the lockfile's advice instead of an edit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, NO_EXECUTION_SETTINGS } from '@devsecops/shared/config';
import type { Finding } from '@devsecops/shared/findings';
import { lockfileUpdate, upgradeDeclarationEdit, upgradeTitle } from '@devsecops/shared/engines';
import { groupFindings } from '../../src/model/advisory-groups';
import { lockfileAdvice } from '../../src/model/lockfile-command';
import { createScanEngines } from '../../src/core/scan-engines';
import type { BufferScanRequest, EngineResult } from '../../src/core/scan-engines';

const PYPROJECT = [
  '[project]',
  'name = "shop"',
  'version = "1.0.0"',
  'dependencies = [',
  '    "urllib3==1.24.1",',
  '    "flask>=0.12,<3",',
  ']',
  '',
  '[project.optional-dependencies]',
  'docs = ["jinja2 == 2.10"]',
  '',
].join('\n');

const POETRY_PYPROJECT = [
  '[tool.poetry]',
  'name = "shop"',
  'version = "1.0.0"',
  '',
  '[tool.poetry.dependencies]',
  'python = "^3.9"',
  'urllib3 = "1.24.1"',
  'flask = { version = "0.12", extras = ["dotenv"] }',
  '',
].join('\n');

const POETRY_LOCK = [
  '[[package]]',
  'name = "urllib3"',
  'version = "1.24.1"',
  'description = "HTTP library"',
  'optional = false',
  'python-versions = "*"',
  'files = []',
  '',
  '[[package]]',
  'name = "flask"',
  'version = "0.12"',
  'description = "A microframework"',
  'optional = false',
  'python-versions = "*"',
  'files = []',
  '',
  '[metadata]',
  'lock-version = "2.0"',
  'python-versions = "^3.9"',
  'content-hash = "0"',
  '',
].join('\n');

function withFolder(files: Record<string, string>, body: (root: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const root = mkdtempSync(join(tmpdir(), 'manifest-editor-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
      await body(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

const engines = createScanEngines({ runProcess: () => Promise.reject(new Error('no process for manifests')) });

function scan(root: string, relativePath: string, text: string): Promise<EngineResult> {
  const request: BufferScanRequest = {
    root,
    relativePath,
    text,
    kind: 'manifest',
    config: DEFAULT_CONFIG,
    execution: NO_EXECUTION_SETTINGS,
    withExternalTools: false,
    signal: new AbortController().signal,
    log: () => undefined,
  };
  return engines.scanBuffer(request);
}

/** [line, package, number of advisories] per diagnostic the editor would draw. */
function linesOf(findings: readonly Finding[]): [number, string, number][] {
  return groupFindings(findings).map((group) => [
    group.lead.location.line,
    String(group.lead.properties?.['package']),
    group.findings.length,
  ]);
}

function applyEdit(text: string, edit: NonNullable<ReturnType<typeof upgradeDeclarationEdit>>): string {
  return text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset);
}

async function upgradeOf(root: string, lead: Finding, group: readonly Finding[]) {
  const installed = lead.properties?.['installedVersion'];
  const specifier = lead.properties?.['specifier'];
  return engines.upgradeFor({
    root,
    config: DEFAULT_CONFIG,
    execution: NO_EXECUTION_SETTINGS,
    packageName: String(lead.properties?.['package']),
    from: typeof installed === 'string' ? { version: installed } : { specifier: String(specifier) },
    advisoryIds: group.map((finding) => finding.ruleId),
  });
}

/** Applies the one upgrade of every requirement line of a pyproject.toml, as a person taking each quick fix. */
async function upgradeEveryRequirement(root: string, original: string): Promise<string> {
  let text = original;
  for (const group of groupFindings((await scan(root, 'pyproject.toml', text)).findings)) {
    const target = await upgradeOf(root, group.lead, group.findings);
    assert.ok(target, `an upgrade for ${group.lead.message}`);
    assert.equal(target.fixes, group.findings.length);
    const { line, column } = group.lead.location;
    const edit = upgradeDeclarationEdit(
      text,
      'pyproject.toml',
      { line, ...(column ? { column } : {}) },
      target.version,
    );
    assert.ok(edit);
    text = applyEdit(text, edit);
  }
  return text;
}

describe('Python manifests in the editor (bundled snapshot)', function () {
  this.timeout(60_000);

  it(
    'PEP 621: one diagnostic per requirement line, on its line, with the database age on the tool run',
    withFolder({ 'pyproject.toml': PYPROJECT }, async (root) => {
      const result = await scan(root, 'pyproject.toml', PYPROJECT);
      // urllib3 1.24.1: 7 advisories (PyPA data of 2024-10-10); flask>=0.12,<3 reaches 3; jinja2 2.10: 2.
      assert.deepEqual(linesOf(result.findings), [
        [5, 'urllib3', 7],
        [6, 'flask', 3],
        [10, 'jinja2', 2],
      ]);
      const age = result.tools.find((run) => run.advisoryDatabase)?.advisoryDatabase;
      assert.ok(age);
      assert.equal(age.date, '2024-10-10');
      assert.equal(age.maxAgeDays, 30);
    }),
  );

  it(
    'PEP 621: the upgrade edit, applied and scanned again, leaves none of the line’s advisories',
    withFolder({ 'pyproject.toml': PYPROJECT }, async (root) => {
      const text = await upgradeEveryRequirement(root, PYPROJECT);
      assert.match(text, /"urllib3==1\.26\.18",/);
      // flask's cookie advisory affects <2.2.5 and 2.3.0–2.3.1: a range from 2.2.5 would still reach 2.3.0.
      assert.match(text, /"flask>=2\.3\.2,<3",/);
      assert.match(text, /docs = \["jinja2 ==2\.11\.3"\]/);
      assert.deepEqual(linesOf((await scan(root, 'pyproject.toml', text)).findings), []);
    }),
  );

  it(
    'Poetry: a pyproject.toml beside its poetry.lock reports nothing itself; the lockfile reports each advisory once',
    withFolder({ 'pyproject.toml': POETRY_PYPROJECT, 'poetry.lock': POETRY_LOCK }, async (root) => {
      assert.deepEqual(linesOf((await scan(root, 'pyproject.toml', POETRY_PYPROJECT)).findings), []);
      const lock = await scan(root, 'poetry.lock', POETRY_LOCK);
      assert.deepEqual(linesOf(lock.findings), [
        [2, 'urllib3', 7],
        [10, 'flask', 3],
      ]);
      // The lockfile's findings name the declaration; a lockfile gets advice, never an edit.
      const [urllib3] = groupFindings(lock.findings);
      assert.ok(urllib3);
      assert.match(urllib3.lead.message, /Declared in pyproject\.toml:7 \(urllib3==1\.24\.1\)/);
      const target = await upgradeOf(root, urllib3.lead, urllib3.findings);
      assert.ok(target);
      assert.equal(upgradeTitle('urllib3', target), 'Upgrade urllib3 to 1.26.18 (fixes 7 of 7 advisories)');
      const advice = lockfileAdvice(
        lockfileUpdate('poetry-lock', 'urllib3'),
        'poetry.lock',
        '.',
        'urllib3',
        target.version,
      );
      assert.equal(advice.commandLine, 'poetry update urllib3');
      assert.ok(!advice.message.includes('`'), 'a notification shows no raw backticks');
    }),
  );

  it(
    'Poetry without a lockfile: the inline table and the plain string are upgraded in their own syntax',
    withFolder({ 'pyproject.toml': POETRY_PYPROJECT }, async (root) => {
      const text = await upgradeEveryRequirement(root, POETRY_PYPROJECT);
      assert.match(text, /^urllib3 = "1\.26\.18"$/m);
      assert.match(text, /^flask = \{ version = "2\.2\.5", extras = \["dotenv"\] \}$/m);
      assert.deepEqual(linesOf((await scan(root, 'pyproject.toml', text)).findings), []);
    }),
  );

  it(
    'a broken manifest is reported as not fully scanned, never as clean',
    withFolder({}, async (root) => {
      const broken = '[project]\ndependencies = ["urllib3==1.24.1"\n';
      const result = await scan(root, 'pyproject.toml', broken);
      const run = result.tools[0];
      assert.equal(run?.unscanned?.[0]?.path, 'pyproject.toml');
    }),
  );
});
