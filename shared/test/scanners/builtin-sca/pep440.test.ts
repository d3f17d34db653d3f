import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import {
  isPep440PreRelease,
  isPep440Specifier,
  isPep440Version,
  parseSpecifierClauses,
  pep440Facts,
  readSpecifierClauses,
  specifierVersions,
  versionsAllowedBy,
} from '../../../src/scanners/builtin-sca/pep440';
import { scanRequirementsText } from '../../../src/scanners/builtin-sca/requirements-scan';
import { databaseOf } from './osv-test-data';

describe('PEP 440 helpers (over @renovatebot/pep440)', () => {
  it('property: the `==V` shortcut gives the library’s own answer', () => {
    const piece = fc.constantFrom(
      '1',
      '0',
      '2024',
      '.',
      '!',
      '+',
      '-',
      '_',
      'a',
      'rc',
      'post',
      'dev',
      'v',
      '*',
      ' ',
      '=',
      'x',
      'ü',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const specifier = `==${pieces.join('')}`;
        strictEqual(isPep440Specifier(specifier), validRange(specifier), specifier);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it('treats a version with a number of 16 digits or more as not PEP 440: the library cannot order it (fuzz)', () => {
    deepStrictEqual(['999999999999999999999', '1.9999999999999999', '1.999999999999999'].map(isPep440Version), [
      false,
      false,
      true,
    ]);
    strictEqual(isPep440Specifier('==999999999999999999999'), false);
    strictEqual(isPep440Specifier('<999999999999999999999'), false);
    deepStrictEqual(versionsAllowedBy(['1.0'], '<2.0'), ['1.0']);
  });

  it('a constraint pin of 21 digits is noted as an invalid specifier, not a TypeError from the library (fuzz)', () => {
    const result = scanRequirementsText(
      'django<1.0\n-c c.txt\n',
      'r.txt',
      databaseOf([{ id: 'PYSEC-1', package: 'django', events: [[{ introduced: '0' }, { fixed: '2.0' }]] }]),
      {
        readInclude: () => 'django==999999999999999999999',
      },
    );
    deepStrictEqual(
      result.notes.map((note) => [note.path, note.line, note.kind]),
      [['c.txt', 1, 'invalid-specifier']],
    );
  });

  it('names the versions of a specifier set, valid ones only (a `.*` only drops at the end)', () => {
    deepStrictEqual(specifierVersions('>=1.0, !=1.3.*, <2 ; x'), ['1.0', '1.3', '2']);
    deepStrictEqual(specifierVersions('==1.*.2'), []);
  });

  it('a version that is not PEP 440 is not a pre-release', () => {
    deepStrictEqual(['2.0rc1', '2.0', 'not a version', ''].map(isPep440PreRelease), [true, false, false, false]);
  });

  it('version facts: the library’s own parse, for plain releases (the fast path) and the rest', () => {
    // Expected: the library's `explain` of each version (epoch, release, is_prerelease, local, public), written out.
    deepStrictEqual(['1', '01.10', '1.2.3.4', '1.post', '1.a', '1.0.dev', '1!2.0rc1+local.7'].map(pep440Facts), [
      { epoch: 0, release: [1], isPreRelease: false, hasLocal: false, publicVersion: '1' },
      { epoch: 0, release: [1, 10], isPreRelease: false, hasLocal: false, publicVersion: '1.10' },
      { epoch: 0, release: [1, 2, 3, 4], isPreRelease: false, hasLocal: false, publicVersion: '1.2.3.4' },
      { epoch: 0, release: [1], isPreRelease: false, hasLocal: false, publicVersion: '1.post0' },
      { epoch: 0, release: [1], isPreRelease: true, hasLocal: false, publicVersion: '1a0' },
      { epoch: 0, release: [1, 0], isPreRelease: true, hasLocal: false, publicVersion: '1.0.dev0' },
      { epoch: 1, release: [2, 0], isPreRelease: true, hasLocal: true, publicVersion: '1!2.0rc1' },
    ]);
  });

  it('parses a specifier once: later calls share the clauses of the first', () => {
    const first = parseSpecifierClauses('>=1.0,<2.0');
    ok(first);
    strictEqual(parseSpecifierClauses('>=1.0,<2.0'), first);
    deepStrictEqual(readSpecifierClauses('>=1.0,<2.0'), first);
  });

  it('allows pre-releases only when some clause names one, across the whole set (as pip does)', () => {
    const candidates = ['1.0', '2.0rc1', '2.0', '2.1.dev0'];
    deepStrictEqual(versionsAllowedBy(candidates, '>=1.0'), ['1.0', '2.0']);
    deepStrictEqual(versionsAllowedBy(candidates, '>=2.0rc1,<2.1'), ['2.0rc1', '2.0']);
    deepStrictEqual(versionsAllowedBy(candidates, '>2.0'), []);
    deepStrictEqual(versionsAllowedBy(candidates, '~=2.0'), ['2.0']);
  });
});
