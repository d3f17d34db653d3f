// How old the advisory database is, and the warning every scan gives when it is older than the
// policy allows: a scan against old data reads "no known vulnerabilities" where newer advisories exist.
import { DEFAULT_MAX_DATABASE_AGE_DAYS } from '../../config/config';
import type { AdvisoryDatabaseAge } from '../scanner';
import type { DatabaseSource } from './vulnerability-database';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The database's age at `now`; undefined when its date cannot be read (then nothing can be claimed). */
export function databaseAge(
  info: Pick<DatabaseSource, 'date' | 'source'>,
  now: Date,
  maxAgeDays: number = DEFAULT_MAX_DATABASE_AGE_DAYS,
): AdvisoryDatabaseAge | undefined {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(info.date)?.[0];
  const day = date === undefined ? Number.NaN : Date.parse(`${date}T00:00:00Z`);
  if (date === undefined || Number.isNaN(day)) return undefined;
  // A date in the future (a clock set wrong) is not "negative days old".
  const ageDays = Math.max(0, Math.floor((now.getTime() - day) / DAY_MS));
  return { date, ageDays, maxAgeDays, source: info.source };
}

/** True when the data is older than the policy allows. */
export function isStaleDatabase(age: AdvisoryDatabaseAge): boolean {
  return age.ageDays > age.maxAgeDays;
}

/** The line every scan prints on stderr for stale data; undefined when the data is fresh enough. */
export function staleDatabaseWarning(age: AdvisoryDatabaseAge | undefined): string | undefined {
  if (age === undefined || !isStaleDatabase(age)) return undefined;
  const days = `${String(age.ageDays)} day${age.ageDays === 1 ? '' : 's'}`;
  return `warning: the advisory database is ${days} old (data of ${age.date}, ${age.source}; tools.sca.maxDatabaseAgeDays is ${String(age.maxAgeDays)}): advisories published since are missing, so a package reported clean may not be. Run \`devsecops db update\`.`;
}
