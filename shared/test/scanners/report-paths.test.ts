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

  it('gives the same answer for plain paths under the root as for the ones that need normalising', () => {
    const cases: [string, string, string][] = [
      ['/repo', '/repo/app/main.py', 'app/main.py'],
      ['/repo', '/repo/app/./main.py', 'app/main.py'],
      ['/repo', '/repo//app/main.py', 'app/main.py'],
      ['/repo', '/repo/app/', 'app'],
      ['/repo', '/repo/app/../main.py', 'main.py'],
      ['/repo', '/repository/main.py', 'repository/main.py'],
      ['/repo/', '/repo/app/main.py', 'app/main.py'],
      ['/tmp/x/../repo', '/tmp/x/../repo/main.py', 'main.py'],
      ['/repo', '/repo/.hidden/main.py', '.hidden/main.py'],
    ];
    deepStrictEqual(
      cases.map(([root, reported]) => [root, reported, toRepoRelativePath(reported, root)]),
      cases,
    );
  });
});
