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
  // Ends the process once the summary is printed. A full run (fresh clone, 2 cores) once printed
  // "3381 passing" and then stayed alive for over 15 minutes with an esbuild service and the process
  // runner's process-group reaper still attached; CI would time out on a run that passed. The open handle
  // is not found yet; this keeps the verdict true meanwhile.
  exit: true,
};
