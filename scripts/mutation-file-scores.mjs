// The per-file mutation score check of `npm run mutation`: Stryker's `thresholds.break` judges a whole run, so a
// module far below the bar passes when the other modules of its group make up for it. This reads Stryker's JSON
// report (mutation-testing-report-schema) and holds every mutated file to the bar on its own.
import { calculateMetrics } from 'mutation-testing-metrics';
import { schema } from 'mutation-testing-report-schema';

/** The lowest mutation score, in percent, that a mutated file (and so a group) may have. */
export const MUTATION_SCORE_FLOOR = 90;

/** Every status the report schema allows a mutant. */
const MUTANT_STATUSES = new Set(
  schema.properties.files.additionalProperties.properties.mutants.items.properties.status.enum,
);

/**
 * Each mutated file's score, as Stryker counts it (mutation-testing-metrics, the library Stryker's own table
 * uses): killed and timed-out mutants over killed, timed-out, surviving and uncovered ones; ignored mutants and
 * compile or runtime errors do not count. Returns the files sorted by name, the run's total, and the problems
 * that fail the check: a file under `floor`, a report that measured nothing, or one this code cannot read. A
 * file without any valid mutant (only types, say) has no score and is listed without failing.
 */
export function checkFileScores(report, floor = MUTATION_SCORE_FLOOR) {
  const problems = [];
  const files = typeof report === 'object' && report !== null ? report.files : undefined;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    return { files: [], total: undefined, problems: ['not a Stryker JSON report: it has no "files" object'] };
  }
  // A Map and Object.fromEntries: a file named `__proto__` is a key like any other, not the object's prototype.
  const readable = new Map();
  for (const [name, file] of Object.entries(files)) {
    const mutants = typeof file === 'object' && file !== null ? file.mutants : undefined;
    if (!Array.isArray(mutants)) {
      problems.push(`${name}: no "mutants" list`);
      continue;
    }
    // A status the schema does not know, or a mutant still pending, would otherwise count as no mutant at all.
    const unread = mutants.filter((mutant) => !MUTANT_STATUSES.has(mutant?.status) || mutant.status === 'Pending');
    if (unread.length > 0) {
      problems.push(`${name}: ${unread.length} mutant(s) with no final status (${String(unread[0]?.status)})`);
      continue;
    }
    readable.set(name, file);
  }
  const scored = [...readable]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, file]) => scoreRow(name, calculateMetrics(Object.fromEntries([[name, file]])).metrics));
  const total = scoreRow('All files', calculateMetrics(Object.fromEntries(readable)).metrics);
  if (Object.keys(files).length === 0) problems.push('the report holds no mutated file: nothing was measured');
  else if (total.valid === 0 && problems.length === 0)
    problems.push('no file has a valid mutant: nothing was measured');
  for (const row of scored) {
    if (isUnder(row, floor)) {
      problems.push(`${row.file} scores ${formatScore(row)}, under ${floor}%`);
    }
  }
  return { files: scored, total, problems };
}

/** Compared in whole numbers, so that a file at exactly the floor (9 of 10) is never lost to rounding. */
function isUnder(row, floor) {
  return row.valid > 0 && row.detected * 100 < floor * row.valid;
}

function scoreRow(file, metrics) {
  return { file, detected: metrics.totalDetected, valid: metrics.totalValid, score: metrics.mutationScore };
}

function formatScore(row) {
  return row.valid === 0 ? 'no valid mutant' : `${row.score.toFixed(2)}% (${row.detected} of ${row.valid})`;
}

/** The check's result as text lines: one per file, the total, and each problem. */
export function fileScoreLines(check, floor = MUTATION_SCORE_FLOOR) {
  const rows = check.total === undefined ? check.files : [...check.files, check.total];
  const width = Math.max(0, ...rows.map((row) => row.file.length));
  const lines = rows.map((row) => {
    return `  ${isUnder(row, floor) ? 'UNDER' : '     '} ${row.file.padEnd(width)}  ${formatScore(row)}`;
  });
  for (const problem of check.problems) lines.push(`  FAIL: ${problem}`);
  return lines;
}
