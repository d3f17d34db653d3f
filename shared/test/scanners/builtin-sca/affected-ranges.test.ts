import { deepStrictEqual } from 'node:assert/strict';
import { databaseOf } from './osv-test-data';

// Hand-written OSV range boundaries with PEP 440 pre-, post-, dev-, local and epoch
// versions. Expected values follow OSV's evaluation (sort events, walk them) with
// PEP 440 ordering: 1.0.dev0 < 1.0a1 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1, and any
// epoch 1 version above every epoch 0 version.
const db = databaseOf([
  { id: 'RANGE-FIXED', events: [[{ introduced: '1.0' }, { fixed: '2.0' }]] },
  { id: 'RANGE-LAST', package: 'last', events: [[{ introduced: '0' }, { last_affected: '1.4.2' }]] },
  { id: 'RANGE-PRE', package: 'pre', events: [[{ introduced: '3.0.0a1' }, { fixed: '3.0.2' }]], versions: ['2.5'] },
  { id: 'RANGE-EPOCH', package: 'epoch', events: [[{ introduced: '1!1.0' }, { fixed: '1!2.0' }]] },
  {
    id: 'RANGE-UNSORTED',
    package: 'unsorted',
    events: [[{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '1.0' }, { fixed: '2.5' }]],
  },
  { id: 'RANGE-OPEN', package: 'open', events: [[{ introduced: '1.0' }]] },
  { id: 'LIST-ONLY', package: 'listed', gitRange: true, versions: ['0.9', '1.0.0'] },
  { id: 'WITHDRAWN', package: 'listed', versions: ['0.9'], withdrawn: '2024-01-02T00:00:00Z' },
  {
    id: 'BAD-RANGE',
    package: 'badrange',
    events: [[{ introduced: '1.0' }, { fixed: 'not a version' }]],
    versions: ['1.0', '1.1', 'weird-1'],
  },
]);

function affectedIds(name: string, version: string): string[] {
  return db.advisoriesAffecting(name, version).map((match) => match.advisory.id);
}

function check(name: string, cases: Record<string, boolean>, id: string): void {
  const actual = Object.fromEntries(
    Object.keys(cases).map((version) => [version, affectedIds(name, version).includes(id)]),
  );
  deepStrictEqual(actual, cases);
}

describe('OSV range evaluation at PEP 440 boundaries', () => {
  it('introduced/fixed: pre-, dev- and local versions on both sides of each bound', () => {
    check(
      'demo',
      {
        '0.9': false,
        '1.0.dev0': false,
        '1.0a1': false,
        '1.0rc1': false,
        '1.0': true,
        '1.0.0': true,
        '1.0+local.7': true,
        '1.0.post1': true,
        '1.9.9': true,
        '2.0.dev1': true,
        '2.0rc1': true,
        '2.0': false,
        '2.0+local': false,
        '2.0.post1': false,
        '0!1.5': true,
        '1!0.5': false,
      },
      'RANGE-FIXED',
    );
  });

  it('introduced "0" covers everything up to last_affected, which is itself affected', () => {
    check(
      'last',
      {
        '0': true,
        '0.0.1.dev0': true,
        '1.4.2rc1': true,
        '1.4.2': true,
        '1.4.2.0': true,
        '1.4.2+local': false,
        '1.4.2.post1': false,
        '1.4.3.dev0': false,
      },
      'RANGE-LAST',
    );
  });

  it('a pre-release introduced bound, plus a listed version outside every range', () => {
    check(
      'pre',
      {
        '2.5': true,
        '2.9': false,
        '3.0.0.dev0': false,
        '3.0.0a1': true,
        '3.0.0': true,
        '3.0.2rc1': true,
        '3.0.2': false,
      },
      'RANGE-PRE',
    );
  });

  it('epochs: 1!x is above every epoch-0 version', () => {
    check(
      'epoch',
      { '5.0': false, '99!0': false, '1!0.9': false, '1!1.0': true, '1!1.5': true, '1!2.0': false },
      'RANGE-EPOCH',
    );
  });

  it('events in any record order are sorted before the walk', () => {
    check(
      'unsorted',
      {
        '0.9': false,
        '1.0': true,
        '1.4.9': true,
        '1.5': false,
        '1.7': false,
        '2.0': true,
        '2.4': true,
        '2.5': false,
        '3': false,
      },
      'RANGE-UNSORTED',
    );
  });

  it('a range without a fix stays open', () => {
    check('open', { '0.99': false, '1.0': true, '99.0': true, '1!0': true }, 'RANGE-OPEN');
  });

  it('GIT ranges are ignored, versions lists match by PEP 440 equality, withdrawn advisories never match', () => {
    deepStrictEqual(affectedIds('listed', '0.9'), ['LIST-ONLY']);
    deepStrictEqual(affectedIds('listed', '1'), ['LIST-ONLY']);
    deepStrictEqual(affectedIds('listed', '1.0.1'), []);
  });

  it('a range with an invalid bound is dropped; the versions list still applies, an invalid listed version matches only as text', () => {
    deepStrictEqual(affectedIds('badrange', '1.1'), ['BAD-RANGE']);
    deepStrictEqual(affectedIds('badrange', '1.5'), []);
    deepStrictEqual(affectedIds('badrange', 'weird-1'), ['BAD-RANGE']);
    deepStrictEqual(db.info.invalidVersionCount, 2);
    deepStrictEqual(db.info.withdrawnCount, 1);
  });

  it('names are matched after PEP 503 normalisation', () => {
    deepStrictEqual(affectedIds('demo', '1.5'), ['RANGE-FIXED']);
    deepStrictEqual(db.hasPackage('demo'), true);
  });

  it('fixed versions: the lowest fix above the installed version first, never an affected one', () => {
    deepStrictEqual(
      db.advisoriesAffecting('unsorted', '1.2').map((match) => match.fixedVersions),
      [['1.5', '2.5']],
    );
    deepStrictEqual(
      db.advisoriesAffecting('unsorted', '2.1').map((match) => match.fixedVersions),
      [['2.5']],
    );
    deepStrictEqual(
      db.advisoriesAffecting('open', '2.0').map((match) => match.fixedVersions),
      [[]],
    );
  });

  it('specifiers reach advisories through the versions they allow, with pip’s pre-release rule', () => {
    const reach = (name: string, specifier: string) =>
      db.advisoriesReachable(name, specifier).map((match) => ({ id: match.advisory.id, reachable: match.reachable }));
    deepStrictEqual(reach('demo', '>=2.0'), []);
    deepStrictEqual(reach('demo', '>=1.5,<3'), [{ id: 'RANGE-FIXED', reachable: { lowest: '1.5', highest: '1.5' } }]);
    deepStrictEqual(reach('demo', '<1.0'), []);
    deepStrictEqual(reach('demo', '~=1.0'), [{ id: 'RANGE-FIXED', reachable: { lowest: '1.0', highest: '1.0' } }]);
    // 3.0.0a1 is only a candidate when the specifier names a pre-release.
    deepStrictEqual(reach('pre', '>2.9,<3.0.2'), []);
    deepStrictEqual(reach('pre', '>=3.0.0a1,<3.0.2'), [
      { id: 'RANGE-PRE', reachable: { lowest: '3.0.0a1', highest: '3.0.0a1' } },
    ]);
    deepStrictEqual(reach('pre', '==2.*'), [{ id: 'RANGE-PRE', reachable: { lowest: '2.5', highest: '2.5' } }]);
    deepStrictEqual(reach('unsorted', '!=1.0'), [
      { id: 'RANGE-UNSORTED', reachable: { lowest: '2.0', highest: '2.0' } },
    ]);
  });
});
