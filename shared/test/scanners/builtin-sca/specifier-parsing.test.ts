import { deepStrictEqual } from 'node:assert/strict';
import { validRange } from '@renovatebot/pep440';
import {
  isPep440Specifier,
  parseSpecifierClauses,
  pep440Facts,
  readSpecifierClauses,
  specifierVersions,
} from '../../../src/scanners/builtin-sca/pep440';

// Worked examples of which specifiers parse, beside the property test in specifier-ranks.test.ts (fast enough to
// run for every mutant in `npm run mutation`). They call the parser without its memo too: mutation runs reuse one
// process, where a memo filled by an earlier run would answer for the code under test. Each answer is written out, and checked against the reference
// library's `validRange` too.
const VALIDITY: readonly (readonly [string, boolean])[] = [
  ['', true],
  ['  ', true],
  ['>=1.0', true],
  ['>=1.0,<2', true],
  ['>= 1.0 , < 2', true],
  ['==1.0.*', true],
  ['!=1.0.*', true],
  ['===1.0.*', true],
  ['>=1.0.*', false],
  ['<1.0.*', false],
  ['~=1.0.*', false],
  ['~=1', false],
  ['~=1.0', true],
  ['~=1!1.0', true],
  ['==1.0+local', true],
  ['!=1.0+local', true],
  ['===1.0+local', true],
  ['>=1.0+local', false],
  ['<=1.0+local', false],
  ['~=1.0+local', false],
  ['==1.0.dev1.*', false],
  ['==1.0.dev0.*', true],
  ['==1.0+local.*', false],
  ['==1.0a1.*', true],
  ['===foo', true],
  ['==foo', false],
  ['>=foo', false],
  ['===foo,>=1', true],
  ['>=1.0,', false],
  [',>=1.0', false],
  ['=>1.0', false],
  ['1.0', false],
  ['>=1.0;python_version', false],
  ['>1', true],
  ['<1', true],
  ['<=1!2', true],
  ['>=1.0,>=foo', false],
  ['== 1.0', true],
  ['==1.0 ', true],
  ['x', false],
  ['>=1.0.0.0.0.0', true],
  ['>=1.0b', true],
  ['>=1.0-1', true],
  ['~=1.0.dev1', true],
  ['==1234567890123456', false],
];

const FACTS_1_0 = { epoch: 0, release: [1, 0], isPreRelease: false, hasLocal: false, publicVersion: '1.0' };

describe('PEP 440 specifier parsing: worked examples', () => {
  it('accepts exactly the specifiers the library accepts, parsed afresh and through the memo (twice)', () => {
    deepStrictEqual(
      VALIDITY.map(([specifier]) => [specifier, readSpecifierClauses(specifier) !== undefined]),
      VALIDITY,
    );
    for (let pass = 0; pass < 2; pass++) {
      deepStrictEqual(
        VALIDITY.map(([specifier]) => [specifier, parseSpecifierClauses(specifier) !== undefined]),
        VALIDITY,
      );
      deepStrictEqual(
        VALIDITY.map(([specifier]) => [specifier, isPep440Specifier(specifier)]),
        VALIDITY,
      );
    }
    deepStrictEqual(
      VALIDITY.filter(([specifier]) => !/\d{16}/.test(specifier)).map(([specifier]) => [
        specifier,
        validRange(specifier),
      ]),
      VALIDITY.filter(([specifier]) => !/\d{16}/.test(specifier)),
    );
  });

  it('reads each clause: operator, version and its facts, prefix, or the text of a non-PEP 440 `===`', () => {
    deepStrictEqual(readSpecifierClauses(' >= 1.0 ,==2.*, ===Foo-1 '), [
      { operator: '>=', version: '1.0', versionFacts: FACTS_1_0, prefix: false },
      {
        operator: '==',
        version: '2',
        versionFacts: { epoch: 0, release: [2], isPreRelease: false, hasLocal: false, publicVersion: '2' },
        prefix: true,
      },
      { operator: '===', prefix: false, legacy: 'Foo-1' },
    ]);
    deepStrictEqual(readSpecifierClauses(''), []);
    deepStrictEqual(
      parseSpecifierClauses(' >= 1.0 ,==2.*, ===Foo-1 '),
      readSpecifierClauses(' >= 1.0 ,==2.*, ===Foo-1 '),
    );
  });

  it('reads the facts of a version: epoch, release, pre-release, local segment and public part', () => {
    deepStrictEqual(
      ['1.0', '01.00', '1!2.0rc1+Local.7', '2.0.post1', '3.0.dev2', '1.0+ubuntu1', 'foo', '1'.repeat(16)].map(
        pep440Facts,
      ),
      [
        FACTS_1_0,
        { epoch: 0, release: [1, 0], isPreRelease: false, hasLocal: false, publicVersion: '1.0' },
        { epoch: 1, release: [2, 0], isPreRelease: true, hasLocal: true, publicVersion: '1!2.0rc1' },
        { epoch: 0, release: [2, 0], isPreRelease: false, hasLocal: false, publicVersion: '2.0.post1' },
        { epoch: 0, release: [3, 0], isPreRelease: true, hasLocal: false, publicVersion: '3.0.dev2' },
        { epoch: 0, release: [1, 0], isPreRelease: false, hasLocal: true, publicVersion: '1.0' },
        undefined,
        undefined,
      ],
    );
  });

  it('names the valid versions a specifier set mentions, without a trailing .*', () => {
    deepStrictEqual(specifierVersions('>=1.0, !=1.3.*,<2.0rc1,===foo,~=1.4.2 ; python_version'), [
      '1.0',
      '1.3',
      '2.0rc1',
      '1.4.2',
    ]);
  });
});
