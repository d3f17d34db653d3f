import { deepStrictEqual } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { NO_EXECUTION_SETTINGS } from '../../../src/config/execution-settings';
import { createBuiltinScaScanner } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { osvZip } from './osv-test-data';
import { useScaRepository } from './sca-repository';

describe('createBuiltinScaScanner', function () {
  this.timeout(30_000);
  const repository = useScaRepository({
    prefix: 'sca-repo-',
    advisories: [
      { id: 'PYSEC-1', package: 'web-kit', events: [[{ introduced: '0' }, { fixed: '2.0' }]], aliases: ['CVE-1'] },
      { id: 'PYSEC-2', package: 'unfixed', events: [[{ introduced: '0' }]] },
    ],
    config: { ...DEFAULT_CONFIG, ignore: ['vendor/**'] },
  });
  beforeEach(() => {
    const { write } = repository();
    write('requirements.txt', 'web-kit==1.3\n-r requirements/dev.txt\n-c constraints.txt\ngarbage !!\n');
    write('requirements/dev.txt', 'Web_Kit==1.4\n');
    write('constraints.txt', 'unfixed==0.6\n');
    write('vendor/requirements.txt', 'web-kit==1.0\n');
    write('app.py', 'print(1)\n');
  });

  it('scans every requirements file once, honours ignore globs, skips constraint-only files, and lists notes', async () => {
    const outcome = await repository().scan({ now: new Date('2024-03-01T12:00:00Z') });
    deepStrictEqual(
      outcome.findings.map((f) => [
        f.location.path,
        f.location.line,
        f.location.column,
        f.ruleId,
        f.properties?.['definite'],
      ]),
      [
        ['requirements.txt', 1, 1, 'PYSEC-1', true],
        ['requirements/dev.txt', 1, 1, 'PYSEC-1', true],
      ],
    );
    // A database given by path is described by its file date, which varies: compare the rest whole.
    const runs = outcome.tools.map((run) => ({
      ...run,
      durationMs: 0,
      version: run.version?.replace(/database \S+,/, 'database <date>,'),
    }));
    deepStrictEqual(runs, [
      {
        name: 'devsecops-sca',
        category: 'sca',
        durationMs: 0,
        version: 'OSV database <date>, 2 advisories',
        status: 'ok',
        notes: [
          'requirements.txt:4:9: pip refuses this file: "!!" is not a valid PEP 440 version specifier for garbage; fix the line. Until then pip installs nothing from it.',
        ],
        // pip reads every line before installing any: the garbage line leaves nothing of the file installed.
        unscanned: [
          {
            path: 'requirements.txt',
            reason:
              'pip refuses to install from it, so its requirements are checked as written, not as installed. requirements.txt:4: pip refuses this file: "!!" is not a valid PEP 440 version specifier for garbage; fix the line. Until then pip installs nothing from it. To leave it out on purpose, add requirements.txt to `ignore` in .devsecops.yml.',
          },
        ],
        // The newest advisory was modified on 2024-01-01: 60 days before the scan's clock.
        advisoryDatabase: { date: '2024-01-01', ageDays: 60, maxAgeDays: 30, source: repository().databasePath },
      },
    ]);
  });

  it('still reports a requirements file another one reads with -c: it is installed too (attack: one -c line hid it)', async () => {
    const { write } = repository();
    // What the image installs, and a development file pinned to it: `pip install -r requirements-dev.txt`.
    write('requirements.txt', 'web-kit==1.3\nunfixed==0.6\n-c constraints.txt\n');
    write('requirements-dev.txt', 'pytest-kit==7.0\n-c requirements.txt\n');
    const outcome = await repository().scan({ now: new Date('2024-03-01T12:00:00Z') });
    deepStrictEqual(
      outcome.findings.map((f) => [f.location.path, f.location.line, f.ruleId]),
      [
        ['requirements.txt', 1, 'PYSEC-1'],
        ['requirements.txt', 2, 'PYSEC-2'],
        ['requirements/dev.txt', 1, 'PYSEC-1'],
      ],
    );
  });

  it('with buffers, scans only the requirements buffers, reading includes from buffers first', async () => {
    const buffers = new Map([
      ['requirements.txt', 'unfixed==0.6\n-r requirements/dev.txt\n'],
      ['requirements/dev.txt', 'web-kit==2.0\n'],
      ['app.py', 'import os\n'],
    ]);
    const outcome = await repository().scan({ buffers });
    deepStrictEqual(
      outcome.findings.map((f) => [f.location.path, f.ruleId]),
      [['requirements.txt', 'PYSEC-2']],
    );
  });

  it('a missing database is a failed tool run with what to do, not an exception', async () => {
    const outcome = await createBuiltinScaScanner({ databasePath: join(repository().cache, 'missing.zip') }).scan(
      repository().context(),
    );
    deepStrictEqual(outcome.findings, []);
    deepStrictEqual(
      outcome.tools.map((t) => [t.status, t.errorCode]),
      [['failed', 'DATABASE_MISSING']],
    );
  });

  it("the user's tools.sca.database (an execution setting, absolute) is the database used", async () => {
    writeFileSync(
      join(repository().root, 'osv.zip'),
      osvZip([{ id: 'LOCAL-1', package: 'web-kit', versions: ['1.3'] }]),
    );
    const execution = { ...NO_EXECUTION_SETTINGS, sca: { database: join(repository().root, 'osv.zip') } };
    const outcome = await createBuiltinScaScanner().scan(repository().context({ execution }));
    deepStrictEqual(
      outcome.findings.map((f) => [f.location.path, f.ruleId]),
      [['requirements.txt', 'LOCAL-1']],
    );
  });
});
