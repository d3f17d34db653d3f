// Unit and integration tests of every package; the real-editor e2e suite runs separately (npm run test:e2e).
module.exports = {
  require: ['tsx/cjs', './test/mocha-setup.ts'],
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
};
