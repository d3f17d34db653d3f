// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SHARED_ENTRY_POINTS =
  'Import from an entry point of @devsecops/shared: findings, errors, json, config, policy, files, process, engines, sarif, reports, pipeline, aws (shared/package.json "exports").';
const DEEP_SHARED_PACKAGE_IMPORT = { regex: '^@devsecops/shared/src(/|$)', message: SHARED_ENTRY_POINTS };
const DEEP_SHARED_RELATIVE_IMPORT = { regex: '^\\.{1,2}/(.*/)?shared/src(/|$)', message: SHARED_ENTRY_POINTS };

/**
 * `no-restricted-imports` for a package outside shared: shared's entry points only, plus what the folder adds.
 * (A later config object's options replace an earlier one's for the same rule, so each folder's rule repeats
 * the entry-point patterns.)
 */
function importsOutsideShared({ paths = [], patterns = [] } = {}) {
  return ['error', { paths, patterns: [DEEP_SHARED_PACKAGE_IMPORT, DEEP_SHARED_RELATIVE_IMPORT, ...patterns] }];
}

// The bot and the extension never import each other: what both need lives in shared.
const THE_BOT = {
  regex: '^((\\.\\./)+bot/|@devsecops/bot(/|$))',
  message: 'The extension never imports the bot: put what both need in shared/.',
};
const THE_EXTENSION = {
  regex: '^((\\.\\./)+extension/|devsecops-vscode(/|$))',
  message: 'The bot never imports the extension: put what both need in shared/.',
};
/** `no-restricted-imports` for a file of the extension: shared's entry points only, never the bot. */
function importsInExtension({ paths = [], patterns = [] } = {}) {
  return importsOutsideShared({ paths, patterns: [THE_BOT, ...patterns] });
}
/** `no-restricted-imports` for a file of the bot: shared's entry points only, never the extension. */
function importsInBot({ paths = [], patterns = [] } = {}) {
  return importsOutsideShared({ paths, patterns: [THE_EXTENSION, ...patterns] });
}

// The extension's floors, lowest first; a file imports its own floor and the floors below it, never above:
//   model/        what the editor shows, worked out without the editor (plain TypeScript, no vscode)
//   core/         the core as the editor calls it: engines, execution settings, the bundles' loaders (no vscode)
//   state/        what the extension holds between events: Ctx and the parts it owns (diagnostics, status bar)
//   controllers/  views/   what reacts to the editor (events, commands) and what draws the tree views
//   extension.ts  activation: wires the controllers and views
const NO_VSCODE = {
  name: 'vscode',
  message: 'This floor of the extension is editor-free: keep vscode in state/, controllers/ or views/.',
};
/** A relative import of one of the extension's folders (or its activation file), from any depth. */
function extensionFloor(folders, why) {
  return { regex: `^(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`, message: why };
}
const ACTIVATION = { regex: '^(\\.\\./)+(src/)?extension$', message: 'Only VS Code imports the activation file.' };
const ABOVE_MODEL = extensionFloor(
  ['core', 'state', 'controllers', 'views'],
  'model/ is the lowest floor: it imports nothing of the extension above it.',
);
const ABOVE_CORE = extensionFloor(
  ['state', 'controllers', 'views'],
  'core/ sits below the editor: it never imports state/, controllers/ or views/.',
);
const ABOVE_STATE = extensionFloor(
  ['controllers', 'views'],
  'state/ is what controllers and views use: it never imports them.',
);
const VIEWS = extensionFloor(['views'], 'Controllers never import views: extension.ts wires both.');
const CONTROLLERS = extensionFloor(['controllers'], 'Views never import controllers: extension.ts wires both.');

// The bot's platform code: the AWS SDK only in bot/src/codecommit/, beside the ports it implements (ports.ts).
const AWS_OUTSIDE_PLATFORM = {
  regex: '^@aws-sdk/',
  message: "The bot's core knows ports (bot/src/ports.ts), not AWS: put AWS calls in bot/src/codecommit/.",
};
const NO_VSCODE_IN_SHARED = { name: 'vscode', message: 'shared/ is editor-independent: never import vscode here.' };
const AWS_OUTSIDE_SHARED_AWS = {
  regex: '^@aws-sdk/',
  message: 'The AWS SDK only under shared/src/aws/: take what AWS gives through an interface (e.g. ReportObjectStore).',
};
// shared/src's floors, lowest first: the findings model and the plumbing every stage uses (files, processes,
// caches, config), then the data's path (scanners -> policy -> reports -> pipeline -> cli). A folder imports its
// own files and the floors below it, never a floor above; folders on one floor never import each other, except
// the neighbours below. docs/ARCHITECTURE.md ("What may import what") has the same table.
const SHARED_FLOORS = [
  ['errors', 'json', 'modules'], // the error type, parsed JSON values, the loader of the lazy bundles
  ['findings'], // the findings model: finding, severity, fingerprint, order
  ['files', 'process'], // a repository's files (safe reads, lines, globs); running a program
  ['cache'], // the scanners' caches on disk
  ['config'], // .devsecops.yml, execution settings, trust
  ['scanners'], // each scanner: its command, its run, its parser
  ['policy'], // suppressions, severity overrides, the gate, the baseline, completeness
  ['scan', 'sarif', 'reporters'], // the scan that runs the scanners and applies policy; the reports
  ['pipeline'], // definition, buildspecs, local runner, the run report
  ['aws'], // the AWS SDK's clients, --remote, findings in S3
  ['cli'], // the devsecops CLI
];
// SARIF is one of the report formats: render-sarif.ts takes the ReportInput every reporter takes, and
// render-report.ts picks among every format, SARIF included.
const SHARED_FLOOR_NEIGHBOURS = { sarif: ['reporters'], reporters: ['sarif'] };

/**
 * A relative import of one of shared/src's folders (or of its entry file) from any depth, except the modules
 * in `allowed` (paths below shared/src, without extension).
 */
function sharedFolders(folders, allowed, why) {
  const exceptions = allowed.map((module) => `(?!${module.replaceAll('/', '\\/')}$)`).join('');
  return { regex: `^(\\.\\./)+${exceptions}(${folders.join('|')})(/|$)`, message: why };
}

/** The folders of shared/src that `folder` may not import: the floors above its own, and its own floor's others. */
function foldersNotBelow(folder) {
  const floor = SHARED_FLOORS.findIndex((folders) => folders.includes(folder));
  if (floor < 0) throw new Error(`shared/src/${folder}/ has no floor in SHARED_FLOORS`);
  const neighbours = SHARED_FLOOR_NEIGHBOURS[folder] ?? [];
  return SHARED_FLOORS.slice(floor)
    .flat()
    .filter((other) => other !== folder && !neighbours.includes(other));
}

const SELF_BY_NAME = {
  regex: '^@devsecops/shared(/|$)',
  message: 'Inside shared/, import by relative path: an import by package name would pass over the floors.',
};

/** `no-restricted-imports` for a folder of shared/src: no vscode, the AWS SDK only in aws/, and its floor. */
function importsInShared(folder, { allowed = [], patterns = [] } = {}) {
  const above = sharedFolders(
    foldersNotBelow(folder),
    allowed,
    `shared/src/${folder}/ imports only the floors below it (docs/ARCHITECTURE.md, "What may import what").`,
  );
  return [
    'error',
    {
      paths: [NO_VSCODE_IN_SHARED, ...(folder === 'aws' ? SHARED_AWS_PAGED_COMMANDS : [])],
      patterns: [above, SELF_BY_NAME, ...(folder === 'aws' ? [] : [AWS_OUTSIDE_SHARED_AWS]), ...patterns],
    },
  ];
}

// Inside scanners/: the adapter shape and its helpers (scanners/*.ts) sit below every tool's folder, and a tool's
// folder imports no other tool's, except the ones listed here below it. Every folder there is a tool's, so a new
// one is held to this without a change here.
const SCANNER_TOOLS = readdirSync(join(import.meta.dirname, 'shared', 'src', 'scanners'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const SCANNER_TOOLS_BELOW = {
  // What both Dockerfile engines share: the rules' severities and hadolint's names.
  'builtin-dockerfile': ['dockerfile-severity'],
  hadolint: ['dockerfile-severity'],
  // Dependency-Check reads the same requirements files, by the same package names and size limit.
  'dependency-check': ['builtin-sca'],
};
const SCANNER_TOOL_FROM_SHAPE = {
  regex: `^\\./(${SCANNER_TOOLS.join('|')})(/|$)`,
  message: "scanners/*.ts is every scanner's shape: it never imports one tool's folder.",
};
function otherScannerTools(tool) {
  const below = SCANNER_TOOLS_BELOW[tool] ?? [];
  return {
    regex: `^(\\.\\./)+(${SCANNER_TOOLS.filter((other) => other !== tool && !below.includes(other)).join('|')})(/|$)`,
    message: `scanners/${tool}/ imports no other scanner's folder${below.length === 0 ? '' : ` but ${below.join(', ')}`}.`,
  };
}

/**
 * The Commands of a client's operations that return pages, read from the client's own paginators
 * (`dist-types/pagination/<Operation>Paginator.d.ts`): the SDK has a `paginate<Operation>` for each, which follows
 * every page. They are refused so that no list is read one page at a time by hand, and an operation the SDK
 * learns to page is refused without a change here.
 */
function pagedCommands(client) {
  const suffix = 'Paginator.d.ts';
  const folder = join(import.meta.dirname, 'node_modules', '@aws-sdk', client, 'dist-types', 'pagination');
  const operations = readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length));
  return {
    name: `@aws-sdk/${client}`,
    importNames: operations.map((operation) => `${operation}Command`),
    message: 'This operation returns pages: call its SDK paginator (paginate<Operation>), which reads every page.',
  };
}
const CODECOMMIT_PAGED_COMMANDS = pagedCommands('client-codecommit');
/** The clients shared/src/aws/ uses: the pipeline's (CodePipeline, CodeBuild) and the findings bucket's. */
const SHARED_AWS_PAGED_COMMANDS = ['client-codepipeline', 'client-codebuild', 'client-s3'].map(pagedCommands);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/fixtures/**',
      'examples/**',
      '**/*.vsix',
      '.cache/**',
      // Stryker's sandbox copies of the repository, while a mutation run is going.
      '.stryker-tmp/**',
      '**/cdk.out/**',
      'infra/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Mocha's describe/it return values are intentionally ignored.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [] }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_IN_SHARED] }] },
  },
  {
    // The CLI loads the AWS SDK only for --remote (shared/build.mjs, LOADED_ON_FIRST_USE): an SDK import
    // anywhere else in shared/src could pull it into the start of every scan. (The entry files; each folder's
    // rule below repeats it.)
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/aws/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_IN_SHARED], patterns: [AWS_OUTSIDE_SHARED_AWS] }] },
  },
  ...SHARED_FLOORS.flat().map((folder) => ({
    files: [`shared/src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': importsInShared(folder) },
  })),
  {
    files: ['shared/src/scanners/*.ts'],
    rules: { 'no-restricted-imports': importsInShared('scanners', { patterns: [SCANNER_TOOL_FROM_SHAPE] }) },
  },
  ...SCANNER_TOOLS.map((tool) => ({
    files: [`shared/src/scanners/${tool}/**/*.ts`],
    rules: { 'no-restricted-imports': importsInShared('scanners', { patterns: [otherScannerTools(tool)] }) },
  })),
  {
    // The one import up a floor: config tells a misspelt rule id in .devsecops.yml from the Dockerfile rules'
    // ids, the keys of their severity table. The table is the scanners' data (it imports a type only); a copy of
    // the ids in config/ would drift from the rules.
    files: ['shared/src/config/known-rule-ids.ts'],
    rules: {
      'no-restricted-imports': importsInShared('config', {
        allowed: ['scanners/dockerfile-severity/rule-severities'],
      }),
    },
  },
  {
    // shared's public surface is its package.json `exports`; a deep import would make any file there public.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'no-restricted-imports': importsOutsideShared(),
    },
  },
  {
    files: ['extension/**/*.ts'],
    rules: { 'no-restricted-imports': importsInExtension() },
  },
  {
    files: ['bot/**/*.ts'],
    rules: { 'no-restricted-imports': importsInBot() },
  },
  {
    files: ['extension/src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': importsInExtension({ paths: [NO_VSCODE], patterns: [ABOVE_MODEL, ACTIVATION] }),
    },
  },
  {
    files: ['extension/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': importsInExtension({ paths: [NO_VSCODE], patterns: [ABOVE_CORE, ACTIVATION] }),
    },
  },
  {
    files: ['extension/src/state/**/*.ts'],
    rules: { 'no-restricted-imports': importsInExtension({ patterns: [ABOVE_STATE, ACTIVATION] }) },
  },
  {
    files: ['extension/src/controllers/**/*.ts'],
    rules: { 'no-restricted-imports': importsInExtension({ patterns: [VIEWS, ACTIVATION] }) },
  },
  {
    files: ['extension/src/views/**/*.ts'],
    rules: { 'no-restricted-imports': importsInExtension({ patterns: [CONTROLLERS, ACTIVATION] }) },
  },
  {
    // The unit tests run in plain Node: they reach the editor-free floors only.
    files: ['extension/test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': importsInExtension({
        paths: [NO_VSCODE],
        patterns: [
          extensionFloor(
            ['state', 'controllers', 'views'],
            'The unit tests run without VS Code: import model/ and core/.',
          ),
          ACTIVATION,
        ],
      }),
    },
  },
  {
    files: ['bot/src/**/*.ts'],
    ignores: ['bot/src/codecommit/**'],
    rules: { 'no-restricted-imports': importsInBot({ patterns: [AWS_OUTSIDE_PLATFORM] }) },
  },
  {
    files: ['bot/src/codecommit/**/*.ts'],
    rules: { 'no-restricted-imports': importsInBot({ paths: [CODECOMMIT_PAGED_COMMANDS] }) },
  },
  {
    // White-box fuzz targets and benchmarks of the engines' internals (the PEP 440 engine, the shell parser,
    // the Bandit shards): they exercise what no entry point offers, by relative path, never by package name.
    files: [
      'test/hostile/fuzz/targets/**/*.ts',
      'test/integration/bandit-shard-parity.test.ts',
      'bench/sca.bench.ts',
      'bench/sca-scale.bench.ts',
      'bench/sca-scan-profile.ts',
      'bench/html-report.bench.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_SHARED_PACKAGE_IMPORT] }] },
  },
  {
    // Config and build scripts are plain JavaScript outside the TypeScript project.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
);
