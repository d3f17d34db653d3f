import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';
import { loadVulnerabilityDatabase } from '../../scanners/builtin-sca/database-loader';
import { cacheDirectory, DEFAULT_OSV_EXPORT_URL } from '../../scanners/builtin-sca/database-location';
import { updateVulnerabilityDatabase } from '../../scanners/builtin-sca/database-update';
import type { DatabaseInfo } from '../../scanners/builtin-sca/vulnerability-database';
import { stopOnSignals } from '../stop-on-signals';

const STATUS_FORMATS = ['console', 'json'] as const;

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

/**
 * `devsecops db status|update`: the built-in SCA engine's OSV database. Progress goes
 * to stderr, results to stdout; errors rise as DevsecopsError (exit code 2).
 */
export function registerDbCommand(program: Command): void {
  const db = program
    .command('db')
    .description('The OSV vulnerability database of the built-in SCA engine: show it, or refresh it.');

  db.command('status')
    .description('Show the database in use: source, date, advisory and package counts, path.')
    .option('--format <format>', `output format: ${STATUS_FORMATS.join('|')}`, 'console')
    .option('--database <zip>', 'an OSV export zip to describe instead of the one in use')
    .action(async (options: { format: string; database?: string }) => {
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
    });

  db.command('update')
    .description(
      'Download the OSV PyPI export, validate it, and swap it in atomically; a failed download keeps the current database.',
    )
    .option('--from <url-or-file>', `where to get the export (http(s) URL or zip file)`, DEFAULT_OSV_EXPORT_URL)
    .option('--force', 'install even when the export has less than half the advisories of the current database')
    .action(async (options: { from: string; force?: boolean }) => {
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
    });
}
