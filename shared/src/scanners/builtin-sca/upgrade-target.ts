// One upgrade per requirement: the lowest version that no advisory of the requirement's line affects (for
// a range, the lowest lower bound from which the range reaches none of them),
// judged on each candidate with the advisories' own ranges (the same evaluation that found them). The
// highest "first fixed" version is not enough: a later advisory can affect a range above an earlier
// advisory's fix, so each candidate is checked against every advisory.
import { comparePep440, isPep440PreRelease, isPep440Version, specifierVersions } from './pep440';
import { upgradedSpecifier } from './manifest-edits';
import { normalizePackageName } from './package-name';
import type { VulnerabilityDatabase } from './vulnerability-database';

/** What a requirement line currently allows: an exact version (pin, lockfile) or a specifier set. */
export interface UpgradeFrom {
  /** The version installed (a pin or a lockfile entry). */
  readonly version?: string;
  /** The specifier set when there is no exact version (`>=2.0,<3`); empty when unconstrained. */
  readonly specifier?: string;
}

/** The version to move a requirement to, and how many of its advisories that clears. */
export interface UpgradeTarget {
  readonly version: string;
  /** Advisories of the line the version is not affected by. */
  readonly fixes: number;
  /** Advisories of the line in all. */
  readonly total: number;
  /** Ids of the advisories that still affect `version` (empty when it fixes all). */
  readonly remaining: readonly string[];
  /** Ids of other advisories that affect `version` (empty unless no version free of advisories is known). */
  readonly introduces: readonly string[];
}

/** The lowest version a specifier set lets pip install from (its `>=`, `>`, `~=`, `==` operands), if any. */
function lowerBoundOf(specifier: string): string | undefined {
  const lower = [...specifier.matchAll(/(>=|~=|==|>)\s*([^,\s;*]+)/g)]
    .map((match) => match[2] ?? '')
    .filter(isPep440Version)
    .sort(comparePep440);
  return lower[lower.length - 1];
}

/**
 * Versions to try, ascending: the versions the advisories of the package mention that are above the
 * installed version (or at or above the specifier's lower bound). Like pip, no pre-release unless the
 * requirement itself names one. Versions the data does not mention cannot be proposed: every fixed
 * version of every advisory is mentioned, so the lowest clean one is among them.
 */
function candidates(db: VulnerabilityDatabase, name: string, from: UpgradeFrom, wanted: ReadonlySet<string>): string[] {
  const pinned = from.version !== undefined && isPep440Version(from.version) ? from.version : undefined;
  const specifier = from.specifier ?? '';
  const named = pinned !== undefined ? [pinned] : specifierVersions(specifier);
  const preReleases = named.some(isPep440PreRelease);
  // Without a lower bound, "upgrade" starts at the lowest fix of the line's advisories: an older clean
  // release below every vulnerable one would be a downgrade nobody asked for.
  const floor =
    pinned ??
    lowerBoundOf(specifier) ??
    db
      .advisoriesReachable(name, specifier)
      .filter((match) => wanted.has(match.advisory.id))
      .flatMap((match) => match.fixedVersions)
      .sort(comparePep440)[0];
  // `>=` and a comparison rather than `>`: the PEP 440 library reads `>2.0b1` as excluding 2.0 too.
  const allowed = db
    .versionsAllowed(name, `>=${floor ?? '0'}${preReleases && floor === undefined ? 'a0' : ''}`)
    .filter((version) => pinned === undefined || comparePep440(version, pinned) > 0)
    .filter((version) => preReleases || !isPep440PreRelease(version));
  return [...new Set(allowed)].sort(comparePep440);
}

/**
 * The upgrade for one requirement line of package `packageName` with the advisories `advisoryIds` (the
 * findings on that line): the lowest candidate no known advisory affects at all; else the lowest that no
 * advisory of the line affects (saying which others affect it); else the lowest of those that leave the
 * fewest of the line's advisories. Undefined when no candidate above what is installed fixes any.
 */
export function upgradeTarget(
  db: VulnerabilityDatabase,
  packageName: string,
  from: UpgradeFrom,
  advisoryIds: readonly string[],
): UpgradeTarget | undefined {
  const name = normalizePackageName(packageName);
  const wanted = new Set(advisoryIds);
  if (wanted.size === 0) return undefined;
  let fixesAll: UpgradeTarget | undefined;
  let best: UpgradeTarget | undefined;
  const pinned = from.version !== undefined && isPep440Version(from.version);
  for (const version of candidates(db, name, from, wanted)) {
    // A pin becomes that version; a range keeps its upper bounds and starts there, so what it can still
    // reach is what a scan of the edited line would report.
    const matches = pinned
      ? db.advisoriesAffecting(name, version)
      : db.advisoriesReachable(name, upgradedSpecifier(from.specifier ?? '', version));
    const affecting = matches.map((match) => match.advisory.id);
    const remaining = affecting.filter((id) => wanted.has(id));
    const target: UpgradeTarget = {
      version,
      fixes: wanted.size - remaining.length,
      total: wanted.size,
      remaining,
      introduces: affecting.filter((id) => !wanted.has(id)),
    };
    if (affecting.length === 0) return target;
    if (remaining.length === 0) fixesAll ??= target;
    else if (best === undefined || remaining.length < best.remaining.length) best = target;
  }
  if (fixesAll !== undefined) return fixesAll;
  return best !== undefined && best.fixes > 0 ? best : undefined;
}

/**
 * "Upgrade urllib3 to 1.26.18 (fixes 7 of 7 advisories)"; what remains when no version fixes all, and
 * how many other advisories the version has when no clean one is known.
 */
export function upgradeTitle(packageName: string, target: UpgradeTarget): string {
  const plural = (count: number, one: string, many: string): string => `${String(count)} ${count === 1 ? one : many}`;
  const notes: string[] = [];
  const left = target.remaining.length;
  if (left > 0) notes.push(`${plural(left, 'remains', 'remain')}: no known version fixes all`);
  if (target.introduces.length > 0) {
    notes.push(`${plural(target.introduces.length, 'other advisory affects', 'other advisories affect')} it`);
  }
  const fixes = `fixes ${String(target.fixes)} of ${plural(target.total, 'advisory', 'advisories')}`;
  return `Upgrade ${packageName} to ${target.version} (${[fixes, ...notes].join('; ')})`;
}
