#!/usr/bin/env node
// `npm run mutation [-- <group>... [--stryker-option value ...]]`: runs Stryker over each named group of core
// modules (all of them when none is named), one group at a time, and closes with each group's score.
// A group below 90% fails the run (Stryker's `thresholds.break`); reports go to reports/mutation/<group>/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTATION_GROUPS } from './mutation-groups.mjs';

const STRYKER = join('node_modules', '.bin', 'stryker');

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerOptions = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = named.filter((name) => !(name in MUTATION_GROUPS));
if (unknown.length > 0) {
  console.error(`Unknown mutation group: ${unknown.join(', ')}. Groups: ${Object.keys(MUTATION_GROUPS).join(', ')}.`);
  process.exit(2);
}
const groups = named.length > 0 ? named : Object.keys(MUTATION_GROUPS);

/** Mutation score (killed + timeout over all valid mutants, as Stryker counts it) from a group's JSON report. */
function scoreOf(group) {
  const report = JSON.parse(readFileSync(join('reports', 'mutation', group, 'mutation.json'), 'utf8'));
  let detected = 0;
  let valid = 0;
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status === 'CompileError' || mutant.status === 'RuntimeError' || mutant.status === 'Ignored') continue;
      valid++;
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') detected++;
    }
  }
  return { detected, valid };
}

const results = [];
for (const group of groups) {
  console.log(`\n▶ mutation: ${group}`);
  const run = spawnSync(STRYKER, ['run', 'stryker.config.mjs', ...strykerOptions], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group },
  });
  let score = 'no report';
  try {
    const { detected, valid } = scoreOf(group);
    score = `${((100 * detected) / Math.max(valid, 1)).toFixed(2)}% (${detected}/${valid} detected)`;
  } catch {
    // No report: Stryker failed before writing one; its own output says why.
  }
  results.push({ group, ok: run.status === 0, score });
}

console.log('\nMutation scores:');
for (const { group, ok, score } of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${group}: ${score}`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
