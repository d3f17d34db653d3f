import { deepStrictEqual, ok } from 'node:assert/strict';
import fc from 'fast-check';
import { isPep440Specifier, versionsAllowedBy } from '../../../src/scanners/builtin-sca/pep440';
import { poetryConstraintToPep440 } from '../../../src/scanners/builtin-sca/poetry-constraint';

/** Versions around every boundary the cases below draw. */
const SAMPLES = [
  '0.0.0',
  '0.0.2',
  '0.0.3',
  '0.0.4',
  '0.0.9',
  '0.1.0',
  '0.2.2',
  '0.2.3',
  '0.2.9',
  '0.3.0',
  '0.9',
  '1.0.0',
  '1.1',
  '1.2.0',
  '1.2.2',
  '1.2.3',
  '1.2.9',
  '1.3.0',
  '1.9.9',
  '2.0.0',
  '2.5',
  '3.0.0',
  '10.0',
];

function allowed(specifiers: readonly string[]): string[] {
  return SAMPLES.filter((version) =>
    specifiers.some((specifier) => versionsAllowedBy([version], specifier).length > 0),
  );
}

describe('poetryConstraintToPep440', () => {
  // Expected ranges copied from Poetry's documentation ("Dependency specification": caret, tilde and
  // wildcard requirements), written there as ">=1.2.3 <2.0.0"; compared by the versions each allows.
  const documented: readonly [string, string][] = [
    ['^1.2.3', '>=1.2.3,<2.0.0'],
    ['^1.2', '>=1.2.0,<2.0.0'],
    ['^1', '>=1.0.0,<2.0.0'],
    ['^0.2.3', '>=0.2.3,<0.3.0'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0.0', '>=0.0.0,<0.1.0'],
    ['^0', '>=0.0.0,<1.0.0'],
    ['~1.2.3', '>=1.2.3,<1.3.0'],
    ['~1.2', '>=1.2.0,<1.3.0'],
    ['~1', '>=1.0.0,<2.0.0'],
    ['*', '>=0.0.0'],
    ['1.*', '>=1.0.0,<2.0.0'],
    ['1.2.*', '>=1.2.0,<1.3.0'],
    ['>= 1.2.0', '>=1.2.0'],
    ['> 1', '>1'],
    ['< 2', '<2'],
    ['!= 1.2.3', '!=1.2.3'],
    ['>= 1.2, < 1.5', '>=1.2,<1.5'],
    ['1.2.3', '==1.2.3'],
    ['==1.2.3', '==1.2.3'],
  ];
  for (const [constraint, range] of documented) {
    it(`${constraint} allows what Poetry's documentation says (${range})`, () => {
      const translated = poetryConstraintToPep440(constraint);
      ok(translated.ok, `${constraint} should translate`);
      deepStrictEqual(allowed(translated.alternatives), allowed([range]));
    });
  }

  it('writes the ranges in the form the editor and notes show', () => {
    deepStrictEqual(
      ['^2.0', '~1.2.3', '^0.0.3', '1.2.*', '=1.0', '<>1.0', 'v1.2.3', '>=1.2 <2.0', '>=1.0,<2.0,', '^1.2 || ^2.0'].map(
        (constraint) => poetryConstraintToPep440(constraint),
      ),
      [
        { ok: true, alternatives: ['>=2.0,<3.0'] },
        { ok: true, alternatives: ['>=1.2.3,<1.3.0'] },
        { ok: true, alternatives: ['>=0.0.3,<0.0.4'] },
        { ok: true, alternatives: ['==1.2.*'] },
        { ok: true, alternatives: ['==1.0'] },
        { ok: true, alternatives: ['!=1.0'] },
        { ok: true, alternatives: ['==1.2.3'] },
        { ok: true, alternatives: ['>=1.2,<2.0'] },
        { ok: true, alternatives: ['>=1.0,<2.0'] },
        { ok: true, alternatives: ['>=1.2,<2.0', '>=2.0,<3.0'] },
      ],
    );
  });

  it('refuses what Poetry refuses, with the clause it could not read', () => {
    deepStrictEqual(
      ['latest', '^', '~>1.2', '1.2.3 foo', '>=1.0,<<2'].map((constraint) => poetryConstraintToPep440(constraint)),
      [
        { ok: false, reason: '"latest" is not a version constraint Poetry accepts' },
        { ok: false, reason: '"^" is not a version constraint Poetry accepts' },
        { ok: false, reason: '"~>1.2" is not a version constraint Poetry accepts' },
        { ok: false, reason: '"foo" is not a version constraint Poetry accepts' },
        { ok: false, reason: '"<<2" is not a version constraint Poetry accepts' },
      ],
    );
  });

  it('never throws and only ever gives valid PEP 440 specifiers (10,000 random inputs)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('^', '~', '~=', '*', '.*', '||', '|', ',', ' ', '>=', '<', '!=', '==', 'v', '1', '0', '.', 'rc1'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const translated = poetryConstraintToPep440(pieces.join(''));
        if (!translated.ok) return;
        for (const specifier of translated.alternatives) {
          ok(specifier === '' || isPep440Specifier(specifier), specifier);
        }
      }),
      { numRuns: 10_000, seed: 7 },
    );
  });
});
