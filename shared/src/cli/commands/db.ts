import type { Command } from 'commander';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { DEFAULT_OSV_EXPORT_URL } from '../../scanners/builtin-sca/database-location';
import type * as DbActions from './db-actions';

const STATUS_FORMATS = ['console', 'json'] as const;

/** What `db status` and `db update` do, loaded when one runs: a file of its own in the CLI bundle, with the database code. */
const dbActions = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require: the CLI bundle makes it a file of its own
  (): typeof DbActions => require('./db-actions') as typeof DbActions,
);

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
      await dbActions().showDatabaseStatus(options);
    });

  db.command('update')
    .description(
      'Download the OSV PyPI export, validate it, and swap it in atomically; a failed download keeps the current database.',
    )
    .option('--from <url-or-file>', `where to get the export (http(s) URL or zip file)`, DEFAULT_OSV_EXPORT_URL)
    .option('--force', 'install even when the export has less than half the advisories of the current database')
    .action(async (options: { from: string; force?: boolean }) => {
      await dbActions().updateDatabase(options);
    });
}
