// Mutation testing (Stryker): do the tests fail when the code they cover is changed? One group of core modules
// per run, picked by MUTATION_GROUP (`npm run mutation -- <group>` sets it), each running only its own test files.
// Not part of `npm test` or CI: a full run of every group takes far longer than the CI budget.
// Surviving mutants judged equivalent are listed, with the reason, in docs/mutation.md.

import { MUTATION_SCORE_FLOOR } from './scripts/mutation-file-scores.mjs';
import { MUTATION_GROUPS } from './scripts/mutation-groups.mjs';

const groupName = process.env.MUTATION_GROUP ?? '';
const group = MUTATION_GROUPS[groupName];
if (!group) {
  throw new Error(
    `MUTATION_GROUP must name one group (${Object.keys(MUTATION_GROUPS).join(', ')}); run \`npm run mutation -- <group>\`.`,
  );
}
const reportFolder = `reports/mutation/${groupName}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  mutate: group.mutate,
  mochaOptions: {
    // The repository's .mocharc.cjs would add every package's tests: this group names its own.
    'no-config': true,
    spec: group.tests,
    // Stryker's mocha runner drops forbidOnly (it passes on only ui, grep and async-only): these root hooks fail
    // a run holding a stray `.only`, which would otherwise score every mutant against that one test.
    require: ['tsx/cjs', './test/mocha-setup.ts', './test/forbid-only-hooks.ts'],
    extension: ['ts'],
    // Stryker sets mocha's own timeout to none and stops a mutant that runs too long itself (timeoutMS).
  },
  coverageAnalysis: 'perTest',
  // The machine this runs on is shared: one test process at a time unless asked otherwise (--concurrency).
  concurrency: 1,
  timeoutMS: 20000,
  // `break` judges the whole run; scripts/mutation.mjs also holds each mutated file to the floor on its own.
  thresholds: { high: 95, low: MUTATION_SCORE_FLOOR, break: MUTATION_SCORE_FLOOR },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportFolder}/index.html` },
  jsonReporter: { fileName: `${reportFolder}/mutation.json` },
  incrementalFile: `${reportFolder}/stryker-incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The sandbox needs shared/, bot/, test/ (the mocha setup) and extension/package.json (the config tests read
  // the schema the extension contributes); the other packages and build output only slow the copy.
  ignorePatterns: [
    '/extension/*',
    '!/extension/package.json',
    '/infra',
    '/bench',
    '/docs',
    '/examples',
    '/pipeline',
    '/reports',
    '/.scratch*',
    'dist',
    'out',
  ],
};
