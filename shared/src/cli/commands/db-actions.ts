import { DevsecopsError } from '../../errors/devsecops-error';
import { loadVulnerabilityDatabase } from '../../scanners/builtin-sca/database-loader';
import { cacheDirectory } from '../../scanners/builtin-sca/database-location';
import { updateVulnerabilityDatabase } from '../../scanners/builtin-sca/database-update';
import type { DatabaseInfo } from '../../scanners/builtin-sca/vulnerability-database';
import { stopOnSignals } from '../stop-on-signals';

/** `db status` for people: what is loaded, from where, how fresh, and whom to credit. */
export function renderDatabaseStatus(info: DatabaseInfo): string {
  const rows: [string, string][] = [
    ['source', info.source],
    ['date', info.date],
    ...(info.installedAt !== undefined ? [['installed', info.installedAt] as [string, string]] : []),
    [
      'advisories',
      `${String(info.advisoryCount)} (withdrawn ignored: ${String(info.withdrawnCount)}, unreadable skipped: ${String(info.skippedAdvisoryCount)})`,
    ],
    ['packages', String(info.packageCount)],
    ['newest advisory change', info.newestModified || 'unknown'],
    ['path', info.path],
    ['sha256', info.sha256],
    ['credit', info.attribution],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n')}\n`;
}

/** `db status`: the database in use (or the one `--database` names), for people or as JSON. */
export async function showDatabaseStatus(options: { format: string; database?: string }): Promise<void> {
  const format = options.format.trim().toLowerCase();
  if (format !== 'console' && format !== 'json') {
    throw new DevsecopsError('USAGE', `--format ${options.format} is not supported; use console or json.`);
  }
  const database = await loadVulnerabilityDatabase(
    options.database !== undefined ? { databasePath: options.database } : {},
  );
  const { info } = database;
  process.stdout.write(
    format === 'json'
      ? `${JSON.stringify({ ...info, cacheDirectory: cacheDirectory() }, null, 2)}\n`
      : renderDatabaseStatus(info),
  );
}

/** `db update`: downloads, validates and swaps in the OSV export; progress on stderr, the result on stdout. */
export async function updateDatabase(options: { from: string; force?: boolean }): Promise<void> {
  // Ctrl-C, SIGTERM or closing the terminal cancels the update, which then removes its partial download:
  // Node's default (exit at once) would leave it in the cache. A second signal is not fatal either.
  const controller = new AbortController();
  const stopListening = stopOnSignals(() => controller.abort());
  let result;
  try {
    result = await updateVulnerabilityDatabase({
      from: options.from,
      force: options.force === true,
      signal: controller.signal,
      progress: (line) => process.stderr.write(`devsecops db update: ${line}\n`),
    });
  } finally {
    stopListening();
  }
  const skipped = result.skippedRecordCount;
  process.stdout.write(
    `Installed the OSV database from ${result.source}: ${String(result.advisoryCount)} advisories for ${String(result.packageCount)} packages, newest change ${result.newestModified || 'unknown'}; ${String(skipped)} record${skipped === 1 ? '' : 's'} skipped as unreadable (${String(result.unreadableRecordCount)} not JSON or too large) (${result.path}).\n`,
  );
}
