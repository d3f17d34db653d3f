import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readIgnorePragma } from '../../../src/scanners/builtin-dockerfile/pragmas';

// readIgnorePragma is the one reading of `# hadolint ignore=` that both the engine (what is silenced) and the
// editor's Suppressed view (what a reviewer is shown) use: a form one honours and the other misses would be a
// suppression nobody sees.
describe('readIgnorePragma', () => {
  it('reads the three scopes, spaces and tabs around = and commas, and a trailing comment', () => {
    deepStrictEqual(readIgnorePragma(' hadolint ignore=DL3008,DL3009'), {
      scope: 'line',
      codes: ['DL3008', 'DL3009'],
      comment: '',
    });
    deepStrictEqual(readIgnorePragma('\thadolint ignore = DL3008 ,\tSC2086  # apt lists are removed below'), {
      scope: 'line',
      codes: ['DL3008', 'SC2086'],
      comment: 'apt lists are removed below',
    });
    deepStrictEqual(readIgnorePragma(' hadolint global ignore=DL3007'), {
      scope: 'file',
      codes: ['DL3007'],
      comment: '',
    });
    deepStrictEqual(readIgnorePragma(' hadolint stage ignore=DL3002'), {
      scope: 'stage',
      codes: ['DL3002'],
      comment: '',
    });
  });

  it('is no pragma without codes, with another word, or run together', () => {
    for (const text of [
      ' hadolint ignore=',
      ' hadolint ignore',
      ' hadolint shell=bash',
      ' hadolint globalignore=DL3007',
    ]) {
      strictEqual(readIgnorePragma(text), undefined, text);
    }
  });

  it('reads a hostile megabyte-long pragma without backtracking (attack: the editor lists pragmas as you type)', function () {
    // A hang guard, not a speed goal: a pattern that backtracked over the list would take minutes here.
    this.timeout(5_000);
    const codes = 'DL3008,'.repeat(150_000);
    strictEqual(readIgnorePragma(` hadolint ignore=${codes}x`), undefined);
    strictEqual(readIgnorePragma(` hadolint ignore=${codes}DL3009`)?.codes.length, 150_001);
  });
});
