// The real-editor e2e suite (code-server + Chromium), run by `npm run test:e2e` (root) or `-w test`.
module.exports = {
  require: ['tsx/cjs', './mocha-setup.ts'],
  extension: ['ts'],
  spec: ['e2e/**/*.e2e.test.ts'],
  timeout: 600000,
  reporter: 'spec',
  // A stray `.only` would shrink the run without a word: it fails instead.
  forbidOnly: true,
};
