// One upgrade per requirement line: the cases below were worked out by hand from the advisories' ranges.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { loadVulnerabilityDatabase } from '../../../src/scanners/builtin-sca/database-loader';
import { upgradeTarget, upgradeTitle } from '../../../src/scanners/builtin-sca/upgrade-target';
import { databaseOf } from './osv-test-data';

describe('upgradeTarget (one upgrade per requirement)', () => {
  it('skips the highest first-fixed version when a later range of another advisory affects it', () => {
    // A is fixed in 1.5; B is fixed in 1.1 but comes back in 1.4 until 1.6: 1.5 (the max of the first fixes)
    // still has B, 1.6 has neither.
    const db = databaseOf([
      { id: 'A', package: 'demo', events: [[{ introduced: '0' }, { fixed: '1.5' }]] },
      {
        id: 'B',
        package: 'demo',
        events: [
          [{ introduced: '1.0' }, { fixed: '1.1' }],
          [{ introduced: '1.4' }, { fixed: '1.6' }],
        ],
      },
    ]);
    const target = upgradeTarget(db, 'demo', { version: '1.0' }, ['A', 'B']);
    deepStrictEqual(target, { version: '1.6', fixes: 2, total: 2, remaining: [], introduces: [] });
    strictEqual(upgradeTitle('demo', target), 'Upgrade demo to 1.6 (fixes 2 of 2 advisories)');
  });

  it('proposes no pre-release for a final pin, as pip would not install one', () => {
    const db = databaseOf([
      { id: 'A', package: 'demo', events: [[{ introduced: '0' }, { fixed: '2.0rc1' }]], versions: ['2.0'] },
      { id: 'C', package: 'demo', events: [[{ introduced: '2.1' }, { fixed: '2.2' }]] },
    ]);
    // 2.0rc1 is clean but a pre-release; 2.0 is listed as affected; 2.1 is hit by C; 2.2 is clean.
    strictEqual(upgradeTarget(db, 'demo', { version: '1.0' }, ['A'])?.version, '2.2');
    // A pin on a pre-release lets pip pick pre-releases.
    strictEqual(upgradeTarget(db, 'demo', { version: '2.0b1' }, ['A'])?.version, '2.0rc1');
  });

  it('offers the version that fixes the most, and says how many remain, when none fixes all', () => {
    const db = databaseOf([
      { id: 'NOFIX', package: 'demo', events: [[{ introduced: '0' }]] },
      { id: 'B', package: 'demo', events: [[{ introduced: '0' }, { fixed: '1.1' }]] },
    ]);
    const target = upgradeTarget(db, 'demo', { version: '1.0' }, ['NOFIX', 'B']);
    deepStrictEqual(target, { version: '1.1', fixes: 1, total: 2, remaining: ['NOFIX'], introduces: [] });
    strictEqual(
      upgradeTitle('demo', target),
      'Upgrade demo to 1.1 (fixes 1 of 2 advisories; 1 remains: no known version fixes all)',
    );
    // Nothing above the pin fixes anything: no upgrade to offer.
    strictEqual(upgradeTarget(db, 'demo', { version: '1.0' }, ['NOFIX']), undefined);
  });

  it('prefers a version free of every advisory, else one that fixes the line and names the others', () => {
    const db = databaseOf([
      { id: 'A', package: 'demo', events: [[{ introduced: '0' }, { fixed: '1.1' }]] },
      { id: 'LATER', package: 'demo', events: [[{ introduced: '1.1' }]] },
    ]);
    const target = upgradeTarget(db, 'demo', { version: '1.0' }, ['A']);
    deepStrictEqual(target, { version: '1.1', fixes: 1, total: 1, remaining: [], introduces: ['LATER'] });
    strictEqual(
      upgradeTitle('demo', target),
      'Upgrade demo to 1.1 (fixes 1 of 1 advisory; 1 other advisory affects it)',
    );
  });

  it('moves a range from its lower bound, and an unbounded one from the lowest fix, never down', () => {
    const db = databaseOf([
      { id: 'OLD', package: 'demo', events: [[{ introduced: '0' }, { fixed: '0.5' }]] },
      { id: 'NEW', package: 'demo', events: [[{ introduced: '2.0' }, { fixed: '2.3' }]] },
    ]);
    strictEqual(upgradeTarget(db, 'demo', { specifier: '>=2.0,<3' }, ['NEW'])?.version, '2.3');
    // `<3` reaches NEW; 0.5 and 0 are clean of it but are older than its fix: not an upgrade.
    strictEqual(upgradeTarget(db, 'demo', { specifier: '<3' }, ['NEW'])?.version, '2.3');
  });

  it('starts a range past every affected stretch it could still reach, not just past the first fix', () => {
    // Fixed in 2.2.5 on one branch, affected again 2.3.0–2.3.1: `>=2.2.5,<3` still reaches 2.3.0.
    const db = databaseOf([
      {
        id: 'COOKIE',
        package: 'demo',
        events: [
          [{ introduced: '0' }, { fixed: '2.2.5' }],
          [{ introduced: '2.3.0' }, { fixed: '2.3.2' }],
        ],
      },
    ]);
    strictEqual(upgradeTarget(db, 'demo', { specifier: '>=0.12,<3' }, ['COOKIE'])?.version, '2.3.2');
    // A pin only needs its own version clean.
    strictEqual(upgradeTarget(db, 'demo', { version: '0.12' }, ['COOKIE'])?.version, '2.2.5');
  });

  describe('on the bundled PyPA snapshot', function () {
    this.timeout(60_000);
    for (const [name, pinned, count] of [
      ['urllib3', '1.24.1', 7],
      ['flask', '0.12', 3],
    ] as const) {
      it(`${name}==${pinned}: the target clears all ${String(count)} advisories, and is itself clean`, async () => {
        const db = await loadVulnerabilityDatabase({});
        const ids = db.advisoriesAffecting(name, pinned).map((match) => match.advisory.id);
        strictEqual(ids.length, count);
        const target = upgradeTarget(db, name, { version: pinned }, ids);
        strictEqual(target?.fixes, count);
        // Checked again from scratch, as a re-scan of the edited pin would.
        deepStrictEqual(
          db.advisoriesAffecting(name, target.version).map((match) => match.advisory.id),
          [],
        );
      });
    }
  });
});
