#!/usr/bin/env node
// `npm test`: every check and every suite, then one closing line that counts all of them.
//
// The static checks (format, lint, types) all run even when one fails, so one run shows every problem; the
// build gates the suites (they test what it built); the unit/integration suite and the real-editor suite
// both run even when the other fails, so a unit failure never hides an e2e one. The closing line counts
// tests from mocha's own "N passing" / "N failing" lines, and each failed check as one failure, so a lint
// error can never close with "0 failed".
import { spawn } from 'node:child_process';

/** @typedef {{ name: string, script: string, tests?: boolean }} Step */

/** @type {Step[]} */
const STATIC_CHECKS = [
  { name: 'format', script: 'format:check' },
  { name: 'lint', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
];
/** @type {Step} */
const BUILD = { name: 'build', script: 'build' };
/** @type {Step[]} */
const SUITES = [
  { name: 'unit + integration', script: 'test:unit', tests: true },
  { name: 'e2e (code-server)', script: 'test:e2e', tests: true },
];
/** Suites that exist but cannot run here, with the reason and the command that runs them. */
const NOT_RUN = [
  {
    name: 'extension host (@vscode/test-electron)',
    reason: 'it downloads VS Code from update.code.visualstudio.com, which CI cannot reach',
    command: 'npm run test:vscode -w extension',
  },
];

const MOCHA_COUNT = /^\s+(\d+) (passing|failing|pending)\b/;
/** Terminal colour codes (ESC [ … m), which mocha puts around its summary lines. */
const COLOUR_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Runs `npm run <script>`, passing its output through and reading mocha's counts from it.
 * @param {Step} step
 * @returns {Promise<{ step: Step, ok: boolean, passing: number, failing: number, pending: number }>}
 */
function run(step) {
  return new Promise((resolve) => {
    console.log(`\n▶ ${step.name} (npm run ${step.script})`);
    const child = spawn('npm', ['run', '--silent', step.script], { stdio: ['inherit', 'pipe', 'pipe'] });
    const counts = { passing: 0, failing: 0, pending: 0 };
    let pendingText = '';
    const read = (chunk, into) => {
      into.write(chunk);
      const text = pendingText + chunk.toString('utf8');
      const lines = text.split('\n');
      pendingText = lines.pop() ?? '';
      for (const line of lines) {
        const match = MOCHA_COUNT.exec(line.replace(COLOUR_CODE, ''));
        if (match) counts[match[2]] += Number(match[1]);
      }
    };
    child.stdout.on('data', (chunk) => read(chunk, process.stdout));
    child.stderr.on('data', (chunk) => read(chunk, process.stderr));
    child.on('close', (code, signal) => {
      resolve({ step, ok: code === 0 && signal === null, ...counts });
    });
  });
}

const results = [];
for (const step of STATIC_CHECKS) results.push(await run(step));
const build = await run(BUILD);
results.push(build);
const skipped = [];
if (build.ok) {
  for (const suite of SUITES) results.push(await run(suite));
} else {
  skipped.push(...SUITES.map((suite) => `${suite.name}: not run, the build failed`));
}

console.log('\nSummary');
let passed = 0;
let failed = 0;
for (const result of results) {
  if (result.step.tests) {
    passed += result.passing;
    // A suite that exits non-zero without a "failing" line (a crash, a failed before hook) still failed.
    const failures = result.ok ? result.failing : Math.max(result.failing, 1);
    failed += failures;
    const pending = result.pending > 0 ? `, ${result.pending} pending` : '';
    console.log(
      `  ${result.ok ? '✔' : '✖'} ${result.step.name}: ${result.passing} passed, ${failures} failed${pending}`,
    );
  } else {
    if (!result.ok) failed += 1;
    console.log(`  ${result.ok ? '✔' : '✖'} ${result.step.name}${result.ok ? '' : ': failed'}`);
  }
}
for (const line of skipped) {
  failed += 1;
  console.log(`  ✖ ${line}`);
}
for (const suite of NOT_RUN)
  console.log(`  – ${suite.name}: not run here, ${suite.reason}; run it with: ${suite.command}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && results.every((result) => result.ok) ? 0 : 1;
