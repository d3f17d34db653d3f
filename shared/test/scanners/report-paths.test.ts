import { deepStrictEqual } from 'node:assert/strict';
import { toRepoRelativePath } from '../../src/scanners/report-paths';

describe('toRepoRelativePath', () => {
  it('makes reported paths repository-relative, and never lets one leave the repository (fuzz)', () => {
    const cases: [string, string][] = [
      ['/repo/app/main.py', 'app/main.py'],
      ['./app/main.py', 'app/main.py'],
      ['app\\\\main.py', 'app/main.py'],
      ['/other/app/main.py', 'other/app/main.py'],
      ['/repo/../etc/passwd', 'etc/passwd'],
      // A relative path that climbs out loses the climb, as an absolute one loses its slash.
      ['../../etc/passwd', 'etc/passwd'],
      ['a/../../b', 'b'],
      ['..', '.'],
      ['../', '.'],
      ['/', '.'],
      ['', '.'],
      ['/repo', '.'],
    ];
    deepStrictEqual(
      cases.map(([reported]) => [reported, toRepoRelativePath(reported, '/repo')]),
      cases,
    );
  });
});
