// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SHARED_ENTRY_POINTS =
  'Import from an entry point of @devsecops/shared: findings, errors, config, policy, files, process, engines, sarif, reports, pipeline, aws (shared/package.json "exports").';
const DEEP_SHARED_PACKAGE_IMPORT = { regex: '^@devsecops/shared/src(/|$)', message: SHARED_ENTRY_POINTS };
const DEEP_SHARED_RELATIVE_IMPORT = { regex: '^\\.{1,2}/(.*/)?shared/src(/|$)', message: SHARED_ENTRY_POINTS };

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
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'shared/ is editor-independent: never import vscode here.' }] },
      ],
    },
  },
  {
    // shared's public surface is its package.json `exports`; a deep import would make any file there public.
    files: ['extension/**/*.ts', 'bot/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DEEP_SHARED_PACKAGE_IMPORT, DEEP_SHARED_RELATIVE_IMPORT] }],
    },
  },
  {
    // White-box fuzz targets and benchmarks of the engines' internals (the PEP 440 engine, the shell parser,
    // the Bandit shards): they exercise what no entry point offers, by relative path, never by package name.
    files: [
      'test/hostile/fuzz/targets/**/*.ts',
      'test/integration/bandit-shard-parity.test.ts',
      'bench/sca.bench.ts',
      'bench/sca-scale.bench.ts',
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
