import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import { isPep440Specifier, specifierVersions, versionsAllowedBy } from '../../../src/scanners/builtin-sca/pep440';

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

  it('names the versions of a specifier set', () => {
    deepStrictEqual(specifierVersions('>=1.0, !=1.3.*, <2 ; x'), ['1.0', '1.3', '2']);
  });

  it('allows pre-releases only when some clause names one, across the whole set (as pip does)', () => {
    const candidates = ['1.0', '2.0rc1', '2.0', '2.1.dev0'];
    deepStrictEqual(versionsAllowedBy(candidates, '>=1.0'), ['1.0', '2.0']);
    deepStrictEqual(versionsAllowedBy(candidates, '>=2.0rc1,<2.1'), ['2.0rc1', '2.0']);
    deepStrictEqual(versionsAllowedBy(candidates, '>2.0'), []);
    deepStrictEqual(versionsAllowedBy(candidates, '~=2.0'), ['2.0']);
  });
});
