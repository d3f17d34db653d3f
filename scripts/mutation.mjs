#!/usr/bin/env node
// `npm run mutation [-- <group>... [--stryker-option value ...]]`: runs Stryker over each named group of core
// modules (all of them when none is named), one group at a time, and closes with each file's score.
// A group below 90% fails the run (Stryker's `thresholds.break`), and so does any one mutated file below 90%, or a
// report that measured no file (mutation-file-scores.mjs); reports go to reports/mutation/<group>/.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkFileScores, fileScoreLines } from './mutation-file-scores.mjs';
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

const reportOf = (group) => join('reports', 'mutation', group, 'mutation.json');

/** The per-file check of a group's JSON report, or a failing one when Stryker wrote no readable report. */
function checkReport(group) {
  const path = reportOf(group);
  try {
    return checkFileScores(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    // Stryker failed before writing a report (its own output says why), or wrote one that is not JSON.
    return { files: [], total: undefined, problems: [`no readable report at ${path}: ${String(error)}`] };
  }
}

const results = [];
for (const group of groups) {
  console.log(`\n▶ mutation: ${group}`);
  // A report left by an earlier run must not stand in for this one's.
  rmSync(reportOf(group), { force: true });
  const run = spawnSync(STRYKER, ['run', 'stryker.config.mjs', ...strykerOptions], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group },
  });
  const check = checkReport(group);
  results.push({ group, ok: run.status === 0 && check.problems.length === 0, check });
}

console.log('\nMutation scores, file by file:');
for (const { group, ok, check } of results) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${group}`);
  for (const line of fileScoreLines(check)) console.log(line);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
