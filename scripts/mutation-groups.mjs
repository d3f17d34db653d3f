// The groups of core modules that `npm run mutation` checks, each with the test files that cover it.
// Group names are what `npm run mutation -- <group>` takes; stryker.config.mjs reads the one in MUTATION_GROUP.

/** @type {Record<string, { mutate: string[], tests: string[] }>} */
export const MUTATION_GROUPS = {
  findings: {
    mutate: [
      'shared/src/findings/fingerprint.ts',
      'shared/src/findings/finding-order.ts',
      'shared/src/findings/severity.ts',
    ],
    tests: ['shared/test/findings/*.test.ts', 'shared/test/reporters/*.test.ts'],
  },
  policy: {
    // With the globs that ignores and suppressions match by, and the reader of a baseline's reports.
    mutate: ['shared/src/policy/*.ts', 'shared/src/files/glob.ts', 'shared/src/sarif/load-baseline.ts'],
    // Not the CLI tests: they run the bundled CLI (dist/), which Stryker's mutants never reach.
    tests: [
      'shared/test/policy/*.test.ts',
      'shared/test/files/glob*.test.ts',
      'shared/test/sarif/load-baseline.test.ts',
      'shared/test/config/load-config.test.ts',
    ],
  },
  sca: {
    mutate: ['shared/src/scanners/builtin-sca/specifier-ranks.ts', 'shared/src/scanners/builtin-sca/pep440.ts'],
    // Not specifier-ranks.test.ts: its property tests over the whole advisory database take minutes, and every
    // mutant they cover would run them. specifier-examples and specifier-parsing pin the same rules with worked examples.
    tests: [
      'shared/test/scanners/builtin-sca/specifier-examples.test.ts',
      'shared/test/scanners/builtin-sca/specifier-prechecks.test.ts',
      'shared/test/scanners/builtin-sca/specifier-parsing.test.ts',
      'shared/test/scanners/builtin-sca/pep440.test.ts',
      'shared/test/scanners/builtin-sca/affected-ranges.test.ts',
      'shared/test/scanners/builtin-sca/upgrade-target.test.ts',
    ],
  },
  dockerfile: {
    // The rules and the parser they read: the Dockerfile model and the splitting of an instruction's text.
    mutate: [
      'shared/src/scanners/builtin-dockerfile/rules/*.ts',
      'shared/src/scanners/builtin-dockerfile/dockerfile-model.ts',
      'shared/src/scanners/builtin-dockerfile/instruction-text.ts',
    ],
    // Not hadolint-variations (one test over every rule: each mutant would run all of it) nor lint-dockerfile
    // (ShellCheck runs): both take seconds a run. hadolint's own cases (one test each) cover the rules.
    tests: [
      'shared/test/scanners/builtin-dockerfile/hadolint-agreement.test.ts',
      'shared/test/scanners/builtin-dockerfile/general-forms.test.ts',
      'shared/test/scanners/builtin-dockerfile/rule-severities.test.ts',
      'shared/test/scanners/builtin-dockerfile/rule-catalog.test.ts',
      'shared/test/scanners/builtin-dockerfile/stage-helpers.test.ts',
      'shared/test/scanners/builtin-dockerfile/dockerfile-model.test.ts',
      'shared/test/scanners/builtin-dockerfile/instruction-text.test.ts',
      // One file of tables per rule file (apt-rules.test.ts for apt-rules.ts…).
      'shared/test/scanners/builtin-dockerfile/*-rules.test.ts',
    ],
  },
  'bot-filter': {
    mutate: ['bot/src/filter/*.ts'],
    tests: ['bot/test/filter/*.test.ts'],
  },
  'bot-plan': {
    mutate: ['bot/src/plan/*.ts'],
    tests: ['bot/test/plan/*.test.ts'],
  },
};
