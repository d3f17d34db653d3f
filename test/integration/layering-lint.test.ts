import { deepStrictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import { typeScriptFiles } from '../module-top-level';
import type { Linter } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const SHARED_SRC = join(ROOT, 'shared', 'src');
const SDK_IMPORT = "import { S3Client } from '@aws-sdk/client-s3';\nexport const client = S3Client;\n";

let linter: ESLint | undefined;

/** The `no-restricted-imports` problems ESLint, with the repository's config, finds in `code` placed at `file`. */
async function restrictedImports(code: string, file: string): Promise<Linter.LintMessage[]> {
  linter ??= new ESLint({ cwd: ROOT });
  const [result] = await linter.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports');
}

async function restrictedImportMessages(code: string, file: string): Promise<string[]> {
  return (await restrictedImports(code, file)).map((message) => message.message);
}

/**
 * Which of `imports` (whole import statements) ESLint refuses in a file at `file`. They are linted together,
 * one a line, so a folder's whole row of probes costs one run.
 */
async function refusedImports(file: string, imports: readonly string[]): Promise<string[]> {
  const refusedLines = new Set((await restrictedImports(imports.join('\n'), file)).map((message) => message.line));
  return imports.filter((_, index) => refusedLines.has(index + 1));
}

/** The lint rules that keep shared/'s layers apart, run as ESLint runs them. */
describe('layering lint rules', () => {
  it('refuse the AWS SDK in shared/src outside aws/', async () => {
    for (const file of [
      'shared/src/sarif/stored-reports.ts',
      'shared/src/findings/finding-order.ts',
      'shared/src/sarif.ts',
    ]) {
      const messages = await restrictedImportMessages(SDK_IMPORT, file);
      deepStrictEqual(messages.length, 1, `${file}: ${messages.join('; ')}`);
    }
  });

  it('allow the AWS SDK under shared/src/aws/', async () => {
    deepStrictEqual(await restrictedImportMessages(SDK_IMPORT, 'shared/src/aws/s3-report-store.ts'), []);
  });

  it('refuse in shared/src/aws/ the Command of every operation that returns pages, for each client it uses', async () => {
    const paged = [
      "import { ListObjectsV2Command } from '@aws-sdk/client-s3';",
      "import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';",
      "import { ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';",
      "import { ListBuildsForProjectCommand } from '@aws-sdk/client-codebuild';",
    ];
    const allowed = [
      "import { paginateListObjectsV2, GetObjectCommand } from '@aws-sdk/client-s3';",
      "import { paginateListActionExecutions, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';",
      "import { BatchGetBuildsCommand } from '@aws-sdk/client-codebuild';",
    ];
    deepStrictEqual(await refusedImports('shared/src/aws/pipeline-client.ts', [...paged, ...allowed]), paged);
  });

  it('still refuse vscode in shared/src, beside the AWS rule', async () => {
    const messages = await restrictedImportMessages(
      "import * as vscode from 'vscode';\nexport const v = vscode;\n",
      'shared/src/sarif/stored-reports.ts',
    );
    deepStrictEqual(messages.length, 1, messages.join('; '));
  });

  it('no file of shared/src outside aws/ imports the AWS SDK', () => {
    const offenders = typeScriptFiles(SHARED_SRC)
      .filter((file) => !relative(SHARED_SRC, file).startsWith(`aws${sep}`))
      .filter((file) => /from\s+['"]@aws-sdk\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    deepStrictEqual(offenders, []);
  });
});

/** Every TypeScript file of the packages' sources, relative to the repository root. */
function sourceFiles(): string[] {
  return ['shared/src', 'bot/src', 'extension/src'].flatMap((folder) =>
    typeScriptFiles(join(ROOT, folder)).map((file) => relative(ROOT, file).split(sep).join('/')),
  );
}

describe('the reports layout has one home', () => {
  it('no source outside sarif/report-layout.ts tests for, cuts off or appends the .sarif extension by hand', () => {
    const handWritten = /endsWith\(\s*['"`]\.sarif['"`]\s*\)|['"`]\.sarif['"`]\.length|\}\.sarif`/;
    const offenders = sourceFiles()
      .filter((file) => file !== 'shared/src/sarif/report-layout.ts')
      .filter((file) => handWritten.test(readFileSync(join(ROOT, file), 'utf8')));
    deepStrictEqual(offenders, []);
  });
});

/** The folders directly in `folder`, sorted. */
function subfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A real TypeScript file directly in `folder` (relative to the root): ESLint lints a probe as if it were that file. */
function probeFileIn(folder: string): string {
  const [name] = readdirSync(join(ROOT, folder))
    .filter((entry) => entry.endsWith('.ts'))
    .sort();
  if (name === undefined) throw new Error(`${folder} holds no TypeScript file to probe as`);
  return `${folder}/${name}`;
}

const sideEffectImport = (specifier: string): string => `import '${specifier}';`;

/**
 * shared/src's floors, lowest first, as docs/ARCHITECTURE.md states them. The test states them on its own rather
 * than reading eslint.config.mjs, so that a config that drifts from the page fails here.
 */
const SHARED_FLOORS: readonly (readonly string[])[] = [
  ['errors', 'json', 'modules'],
  ['findings'],
  ['files', 'process'],
  ['cache'],
  ['config'],
  ['scanners'],
  ['policy'],
  ['scan', 'sarif', 'reporters'],
  ['pipeline'],
  ['aws'],
  ['cli'],
];
const SHARED_FOLDERS = SHARED_FLOORS.flat();
/** Folders on one floor that import each other: SARIF is one of the report formats. */
const SHARED_NEIGHBOURS: readonly (readonly [string, string])[] = [
  ['sarif', 'reporters'],
  ['reporters', 'sarif'],
];
/** The one import up a floor, by the importing file: config checks rule ids against the Dockerfile rules' table. */
const SHARED_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['config/known-rule-ids.ts', 'scanners/dockerfile-severity/rule-severities'],
]);

function floorOf(folder: string): number {
  const floor = SHARED_FLOORS.findIndex((folders) => folders.includes(folder));
  if (floor < 0) throw new Error(`shared/src/${folder}/ has no floor`);
  return floor;
}

/** Whether a file of shared/src/`from`/ may import from shared/src/`to`/. */
function mayImport(from: string, to: string): boolean {
  if (from === to || floorOf(to) < floorOf(from)) return true;
  return SHARED_NEIGHBOURS.some(([one, other]) => one === from && other === to);
}

const SDK = '@aws-sdk/client-s3';
const VSCODE = 'vscode';
const SHARED_BY_NAME = '@devsecops/shared/findings';

describe("shared/src's floors (eslint.config.mjs)", function () {
  // Each probe is linted with type information, as `npm run lint` lints.
  this.timeout(120_000);

  it('every folder of shared/src has a floor', () => {
    deepStrictEqual(subfolders(SHARED_SRC), [...SHARED_FOLDERS].sort());
  });

  for (const folder of SHARED_FOLDERS) {
    it(`${folder}/ imports its floor and the floors below, never vscode, the AWS SDK (but aws/) or itself by name`, async () => {
      const others = SHARED_FOLDERS.filter((other) => other !== folder);
      const imports = [
        ...others.map((other) => sideEffectImport(`../${other}/probe`)),
        sideEffectImport(SDK),
        sideEffectImport(VSCODE),
        sideEffectImport(SHARED_BY_NAME),
      ];
      const expected = [
        ...others.filter((other) => !mayImport(folder, other)).map((other) => sideEffectImport(`../${other}/probe`)),
        ...(folder === 'aws' ? [] : [sideEffectImport(SDK)]),
        sideEffectImport(VSCODE),
        sideEffectImport(SHARED_BY_NAME),
      ];
      deepStrictEqual(await refusedImports(probeFileIn(`shared/src/${folder}`), imports), expected);
    });
  }

  it("holds a file deeper in a folder to its folder's floor", async () => {
    deepStrictEqual(
      await refusedImports(
        'shared/src/reporters/html/html-report.ts',
        ['../../pipeline/run-report', '../../policy/baseline', '../../sarif/render-sarif', '../../scan/run-scan'].map(
          sideEffectImport,
        ),
      ),
      ['../../pipeline/run-report', '../../scan/run-scan'].map(sideEffectImport),
    );
    deepStrictEqual(
      await refusedImports(
        probeFileIn('shared/src/scanners/builtin-dockerfile/rules'),
        ['../../../policy/gate', '../../../config/config', '../../../findings/finding'].map(sideEffectImport),
      ),
      [sideEffectImport('../../../policy/gate')],
    );
  });

  it('lets config/known-rule-ids.ts alone read the Dockerfile rules’ severity table, and nothing else above', async () => {
    const table = sideEffectImport('../scanners/dockerfile-severity/rule-severities');
    const engine = sideEffectImport('../scanners/dockerfile-severity/dockerfile-severity');
    const shape = sideEffectImport('../scanners/scanner');
    deepStrictEqual(await refusedImports('shared/src/config/known-rule-ids.ts', [table, engine, shape]), [
      engine,
      shape,
    ]);
    deepStrictEqual(await refusedImports('shared/src/config/parse-config.ts', [table]), [table]);
  });
});

/** The tools' folders of shared/src/scanners/, and the ones each may import (the rest it may not). */
const SCANNER_TOOLS = [
  'bandit',
  'builtin-dockerfile',
  'builtin-sca',
  'dependency-check',
  'dockerfile-severity',
  'hadolint',
];
const SCANNER_TOOLS_BELOW: Readonly<Record<string, readonly string[]>> = {
  'builtin-dockerfile': ['dockerfile-severity'],
  hadolint: ['dockerfile-severity'],
  'dependency-check': ['builtin-sca'],
};

describe('the floors inside shared/src/scanners/ (eslint.config.mjs)', function () {
  this.timeout(120_000);

  it('every folder of scanners/ is a tool the rules know', () => {
    deepStrictEqual(subfolders(join(SHARED_SRC, 'scanners')), SCANNER_TOOLS);
  });

  it("scanners/*.ts, every scanner's shape, imports no tool's folder", async () => {
    const imports = [
      ...SCANNER_TOOLS.map((tool) => `./${tool}/probe`),
      './json-output',
      '../config/config',
      '../policy/gate',
    ];
    deepStrictEqual(
      await refusedImports('shared/src/scanners/scanner.ts', imports.map(sideEffectImport)),
      [...SCANNER_TOOLS.map((tool) => `./${tool}/probe`), '../policy/gate'].map(sideEffectImport),
    );
  });

  for (const tool of SCANNER_TOOLS) {
    it(`scanners/${tool}/ imports no other tool's folder but those below it, and keeps the scanners' floor`, async () => {
      const others = SCANNER_TOOLS.filter((other) => other !== tool);
      const below = SCANNER_TOOLS_BELOW[tool] ?? [];
      const imports = [
        ...others.map((other) => `../${other}/probe`),
        '../scanner',
        '../../config/config',
        '../../policy/gate',
      ];
      const expected = [
        ...others.filter((other) => !below.includes(other)).map((other) => `../${other}/probe`),
        '../../policy/gate',
      ];
      deepStrictEqual(
        await refusedImports(probeFileIn(`shared/src/scanners/${tool}`), imports.map(sideEffectImport)),
        expected.map(sideEffectImport),
      );
    });
  }
});

/** The relative imports and literal requires of a TypeScript source. */
function relativeSpecifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'(\.{1,2}\/[^']*)'/gm)].map(
    (match) => match[1] ?? '',
  );
}

/** Where a path below shared/src sits: its folder, and its tool's folder when it is in scanners/. */
function placeOf(pathBelowSrc: string): { folder: string; tool?: string } | undefined {
  const [folder, second, third] = pathBelowSrc.split('/');
  if (folder === undefined || second === undefined) return undefined; // an entry file
  return folder === 'scanners' && third !== undefined ? { folder, tool: second } : { folder };
}

describe('the imports shared/src has', () => {
  it('run down the floors, and between scanners’ folders only to the ones below', () => {
    const offenders: string[] = [];
    for (const file of typeScriptFiles(SHARED_SRC)) {
      const fromPath = relative(SHARED_SRC, file).split(sep).join('/');
      const from = placeOf(fromPath);
      if (from === undefined) continue;
      for (const specifier of relativeSpecifiers(readFileSync(file, 'utf8'))) {
        const toPath = relative(SHARED_SRC, join(file, '..', specifier))
          .split(sep)
          .join('/');
        const to = placeOf(toPath);
        if (toPath.startsWith('..') || to === undefined) continue;
        if (SHARED_EXCEPTIONS.get(fromPath) === toPath) continue;
        const floorsHold = mayImport(from.folder, to.folder);
        const toolsHold =
          from.folder !== 'scanners' ||
          to.folder !== 'scanners' ||
          to.tool === undefined ||
          to.tool === from.tool ||
          (from.tool !== undefined && (SCANNER_TOOLS_BELOW[from.tool] ?? []).includes(to.tool));
        if (!floorsHold || !toolsHold) offenders.push(`${fromPath} imports ${specifier}`);
      }
    }
    deepStrictEqual(offenders, []);
  });
});

/** The extension's floors (docs/ARCHITECTURE.md), each with what it may not import. */
const EXTENSION_REFUSES: Readonly<Record<string, readonly string[]>> = {
  model: ['../core/probe', '../state/probe', '../controllers/probe', '../views/probe', '../extension', VSCODE],
  core: ['../state/probe', '../controllers/probe', '../views/probe', '../extension', VSCODE],
  state: ['../controllers/probe', '../views/probe', '../extension'],
  controllers: ['../views/probe', '../extension'],
  views: ['../controllers/probe', '../extension'],
};
const DEEP_SHARED_BY_NAME = '@devsecops/shared/src/findings/severity';

describe("the extension's floors, the bot's platform code and shared's entry points (eslint.config.mjs)", function () {
  this.timeout(120_000);

  it('the rules know every floor of extension/src', () => {
    deepStrictEqual(subfolders(join(ROOT, 'extension', 'src')), Object.keys(EXTENSION_REFUSES).sort());
  });

  for (const [floor, refused] of Object.entries(EXTENSION_REFUSES)) {
    it(`extension/src/${floor}/ imports no floor above it, nor shared's internals`, async () => {
      const imports = [
        ...['model', 'core', 'state', 'controllers', 'views']
          .filter((other) => other !== floor)
          .map((other) => `../${other}/probe`),
        '../extension',
        VSCODE,
        SHARED_BY_NAME,
        DEEP_SHARED_BY_NAME,
        '../../../shared/src/findings/severity',
      ];
      deepStrictEqual(
        await refusedImports(probeFileIn(`extension/src/${floor}`), imports.map(sideEffectImport)),
        imports
          .filter((specifier) => refused.includes(specifier) || specifier.includes('shared/src/'))
          .map(sideEffectImport),
      );
    });
  }

  it('the extension’s unit tests reach model/ and core/ only, without VS Code', async () => {
    const imports = ['model', 'core', 'state', 'controllers', 'views'].map((floor) => `../../src/${floor}/probe`);
    deepStrictEqual(
      await refusedImports(
        probeFileIn('extension/test/unit'),
        [...imports, '../../src/extension', VSCODE].map(sideEffectImport),
      ),
      [...imports.slice(2), '../../src/extension', VSCODE].map(sideEffectImport),
    );
  });

  it('the bot imports the AWS SDK only in codecommit/, where no Command of a paged operation is imported', async () => {
    const paged = "import { ListPullRequestsCommand } from '@aws-sdk/client-codecommit';";
    const paginator = "import { paginateListPullRequests, GetPullRequestCommand } from '@aws-sdk/client-codecommit';";
    const deep = sideEffectImport(DEEP_SHARED_BY_NAME);
    const entry = sideEffectImport('@devsecops/shared/aws');
    deepStrictEqual(await refusedImports('bot/src/run-bot.ts', [sideEffectImport(SDK), paginator, entry, deep]), [
      sideEffectImport(SDK),
      paginator,
      deep,
    ]);
    deepStrictEqual(
      await refusedImports('bot/src/codecommit/clients.ts', [sideEffectImport(SDK), paged, paginator, entry, deep]),
      [paged, deep],
    );
  });

  it('the bot and the extension never import each other, from any of their folders', async () => {
    const extensionFiles = [
      ...Object.keys(EXTENSION_REFUSES).map((floor) => probeFileIn(`extension/src/${floor}`)),
      'extension/src/extension.ts',
      probeFileIn('extension/test/unit'),
    ];
    for (const file of extensionFiles) {
      const depth = file.split('/').length - 1;
      const imports = [`${'../'.repeat(depth)}bot/src/ports`, '@devsecops/bot'].map(sideEffectImport);
      deepStrictEqual(await refusedImports(file, imports), imports, file);
    }
    for (const file of ['bot/src/run-bot.ts', 'bot/src/codecommit/clients.ts', probeFileIn('bot/test/approval')]) {
      const depth = file.split('/').length - 1;
      const imports = [`${'../'.repeat(depth)}extension/src/model/probe`, 'devsecops-vscode'].map(sideEffectImport);
      deepStrictEqual(await refusedImports(file, imports), imports, file);
    }
  });

  it('no package imports shared but through its entry points; white-box fuzz targets reach in by relative path only', async () => {
    for (const file of [
      'test/integration/bundles.test.ts',
      'bench/aws-emulator.bench.ts',
      'infra/src/app-context.ts',
    ]) {
      const imports = [SHARED_BY_NAME, DEEP_SHARED_BY_NAME, '../../shared/src/findings/severity'].map(sideEffectImport);
      deepStrictEqual(await refusedImports(file, imports), imports.slice(1), file);
    }
    const fuzzImports = [DEEP_SHARED_BY_NAME, '../../../../shared/src/findings/severity'].map(sideEffectImport);
    deepStrictEqual(await refusedImports('test/hostile/fuzz/targets/config.ts', fuzzImports), fuzzImports.slice(0, 1));
  });

  it('shared/ never imports vscode, in its tests either', async () => {
    deepStrictEqual(await refusedImports('shared/test/seeded-random.ts', [sideEffectImport(VSCODE)]), [
      sideEffectImport(VSCODE),
    ]);
  });
});
