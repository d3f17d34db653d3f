import type { AdvisoryDatabaseAge } from '@devsecops/shared/engines';

/** What the advisory-data status item shows; pure so its wording is tested without an editor. */
export interface DatabaseAgeView {
  readonly text: string;
  readonly tooltip: string;
  /** Older than `tools.sca.maxDatabaseAgeDays`: shown as a warning. */
  readonly stale: boolean;
}

function days(count: number): string {
  return `${String(count)} day${count === 1 ? '' : 's'}`;
}

/**
 * The item for a database's age: its date while fresh; a warning with the age in days when older than the
 * policy allows. In Restricted Mode no download is offered (the workspace is not trusted to start one).
 */
export function databaseAgeView(age: AdvisoryDatabaseAge, trusted: boolean): DatabaseAgeView {
  const stale = age.ageDays > age.maxAgeDays;
  const about = `Advisory database of ${age.date} (${age.source}), ${days(age.ageDays)} old.`;
  if (!stale) {
    return { text: `$(database) Advisories ${age.date}`, tooltip: about, stale };
  }
  const action = trusted
    ? 'Click to update it.'
    : 'Trust this workspace to update it from here, or run "devsecops db update" in a terminal.';
  return {
    text: `$(warning) Advisories ${days(age.ageDays)} old`,
    tooltip: `${about} That is more than the ${days(age.maxAgeDays)} tools.sca.maxDatabaseAgeDays allows: advisories published since are missing, so a package shown clean may not be. ${action}`,
    stale,
  };
}
