// Unit and integration tests of every package; the real-editor e2e suite runs separately (npm run test:e2e).
module.exports = {
  require: ['tsx/cjs', './test/mocha-setup.ts', './test/open-handles-check.ts'],
  extension: ['ts'],
  spec: [
    'shared/test/**/*.test.ts',
    'bot/test/**/*.test.ts',
    'extension/test/unit/**/*.test.ts',
    'test/integration/**/*.test.ts',
    'test/hostile/**/*.test.ts',
    'infra/test/**/*.test.ts',
  ],
  timeout: 20000,
  reporter: 'spec',
  // A stray `.only` would shrink the run without a word: it fails instead.
  forbidOnly: true,
  // Ends the process once the summary is printed, so nothing left open can turn a passing run into a CI
  // timeout. Leaving something open is still a failure: test/open-handles-check.ts fails the run, naming
  // each handle, timer or child process left behind (a test's poll left running once kept a full run alive
  // for over 15 minutes after "3381 passing").
  exit: true,
};
