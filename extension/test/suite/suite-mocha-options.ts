import type Mocha from 'mocha';

/**
 * How the extension-host suite's Mocha runs. A stray `.only` would shrink the run without a word (the
 * suite runs where CI cannot look at each test's name), so it fails the run instead.
 */
export const EXTENSION_SUITE_MOCHA_OPTIONS: Mocha.MochaOptions = {
  ui: 'bdd',
  timeout: 60_000,
  color: true,
  forbidOnly: true,
};
