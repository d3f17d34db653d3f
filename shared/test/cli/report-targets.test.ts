import { deepStrictEqual, throws } from 'node:assert/strict';
import { reportTargets } from '../../src/cli/report-targets';
import { isDevsecopsError } from '../../src/errors/devsecops-error';

const CWD = '/work/repo';
const usage = (message: string) => (error: unknown) =>
  isDevsecopsError(error) && error.code === 'USAGE' && error.message.includes(message);

describe('reportTargets (--format and repeated --output)', () => {
  it('prints the console report when told nothing, and --format alone on standard output', () => {
    deepStrictEqual(reportTargets({ outputs: [] }, CWD), [{ format: 'console', destination: { kind: 'stdout' } }]);
    deepStrictEqual(reportTargets({ format: 'json', outputs: [] }, CWD), [
      { format: 'json', destination: { kind: 'stdout' } },
    ]);
  });

  it('keeps the old --format F --output FILE, relative to the working folder', () => {
    deepStrictEqual(reportTargets({ format: 'sarif', outputs: ['out/r.sarif'] }, CWD), [
      { format: 'sarif', destination: { kind: 'file', path: '/work/repo/out/r.sarif' } },
    ]);
    deepStrictEqual(reportTargets({ outputs: ['report.txt'] }, CWD), [
      { format: 'console', destination: { kind: 'file', path: '/work/repo/report.txt' } },
    ]);
  });

  it('writes every FORMAT=FILE, in order, and nothing on standard output unless asked', () => {
    deepStrictEqual(
      reportTargets({ outputs: ['sarif=reports/s.sarif', 'JUNIT=/tmp/j.xml', 'json=r.json', 'markdown=-'] }, CWD),
      [
        { format: 'sarif', destination: { kind: 'file', path: '/work/repo/reports/s.sarif' } },
        { format: 'junit', destination: { kind: 'file', path: '/tmp/j.xml' } },
        { format: 'json', destination: { kind: 'file', path: '/work/repo/r.json' } },
        { format: 'markdown', destination: { kind: 'stdout' } },
      ],
    );
  });

  it('an explicit --format that no plain --output takes still prints on standard output', () => {
    deepStrictEqual(reportTargets({ format: 'json', outputs: ['sarif=s.sarif'] }, CWD), [
      { format: 'json', destination: { kind: 'stdout' } },
      { format: 'sarif', destination: { kind: 'file', path: '/work/repo/s.sarif' } },
    ]);
  });

  it('a prefix that is not a format names a plain file (./sarif=x too)', () => {
    deepStrictEqual(reportTargets({ format: 'json', outputs: ['a=b.json', './sarif=x'] }, CWD), [
      { format: 'json', destination: { kind: 'file', path: '/work/repo/a=b.json' } },
      { format: 'json', destination: { kind: 'file', path: '/work/repo/sarif=x' } },
    ]);
  });

  it('refuses a misspelt format rather than writing the report to a file named after the typo', () => {
    // `sarf=reports/x.sarif` would otherwise write the console report to ./sarf=reports/x.sarif.
    throws(
      () => reportTargets({ outputs: ['sarf=reports/x.sarif'] }, CWD),
      usage(
        '--output sarf=reports/x.sarif: "sarf" is not a report format; did you mean sarif=reports/x.sarif? (For a file of that name, write ./sarf=reports/x.sarif.)',
      ),
    );
    throws(() => reportTargets({ outputs: ['Junt=r.xml'] }, CWD), usage('did you mean junit=r.xml?'));
    // A word no format resembles, or a path, still names a file.
    deepStrictEqual(
      reportTargets({ format: 'json', outputs: ['a=b.json', 'out/sarf=x'] }, CWD).map((target) => target.destination),
      [
        { kind: 'file', path: '/work/repo/a=b.json' },
        { kind: 'file', path: '/work/repo/out/sarf=x' },
      ],
    );
  });

  it('refuses two reports on standard output, a file named twice, and FORMAT= with no file', () => {
    throws(
      () => reportTargets({ outputs: ['sarif=-', 'json=-'] }, CWD),
      usage('2 reports would go to standard output (sarif, json)'),
    );
    throws(
      () => reportTargets({ format: 'json', outputs: ['sarif=-'] }, CWD),
      usage('2 reports would go to standard output (json, sarif)'),
    );
    throws(() => reportTargets({ outputs: ['sarif=r', 'json=./r'] }, CWD), usage('--output names /work/repo/r twice'));
    throws(() => reportTargets({ outputs: ['junit='] }, CWD), usage('--output junit= names no file'));
  });
});
