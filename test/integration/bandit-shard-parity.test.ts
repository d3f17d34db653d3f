import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import type { ProcessRunner } from '@devsecops/shared/process';
import { runProcess } from '@devsecops/shared/process';
import { mergeBanditParts, splitBanditDocument } from '../../shared/src/scanners/bandit/bandit-document';
import type { JsonObject } from '../../shared/src/scanners/bandit/bandit-document';
import { parseBanditReport } from '../../shared/src/scanners/bandit/bandit-report';
import { createBanditScanner } from '@devsecops/shared/engines';
import { planShards, shardCount } from '../../shared/src/scanners/bandit/bandit-shards';
import { WARM_BANDIT_PRELUDE } from '../../shared/src/scanners/bandit/warm-bandit';
import type { ScannerOutcome } from '@devsecops/shared/engines';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import { createProject } from '../../shared/test/scan/fake-tools';

/**
 * Must hold: Bandit split over several processes, and results remembered between scans, report
 * exactly what one raw `bandit -r .` reports: the same results in the same order (files, lines, test ids,
 * severities, confidences, texts, code excerpts), the same `errors`, the same per-file metrics and totals.
 * Raw Bandit is Debian's /usr/bin/bandit (`apt-get install bandit`), on copies of real packages.
 */
const BANDIT = '/usr/bin/bandit';
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

/** Python files whose quirks must survive the split: a syntax error, `# nosec`, names out of ASCII order. */
const EDGE_TREE: Readonly<Record<string, string>> = {
  'app/main.py': 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n',
  'app/quiet.py': 'import hashlib\n\ndef h(d):\n    return hashlib.md5(d)  # nosec\n',
  'app/broken.py': 'def broken(:\n    pass\n',
  'app/é/ñ.py': 'exec("print(1)")\n',
  'app/\u{1F600}.py': 'assert True\n',
  'app/\uFF5E.py': 'eval("1")\n',
  'lib/Z.py': 'import pickle\npickle.loads(b"")\n',
  'lib/a.py': 'password = "hunter2hunter2"\n',
  'lib/empty.py': '',
};

interface RawReport extends JsonObject {
  results: JsonObject[];
  errors: JsonObject[];
  metrics: Record<string, JsonObject>;
}

function copyTree(source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-shard-parity-'));
  cpSync(source, join(root, source.split('/').pop() ?? 'tree'), {
    recursive: true,
    filter: (path) => !path.includes('__pycache__'),
  });
  return root;
}

async function rawBandit(root: string): Promise<{ report: RawReport; stdout: string }> {
  const raw = await runProcess({ command: BANDIT, args: ['-r', '.', '-f', 'json'], cwd: root, timeoutMs: 300_000 });
  ok(raw.exitCode === 0 || raw.exitCode === 1, `bandit ran: ${raw.stderr.slice(-2000)}`);
  const report = JSON.parse(raw.stdout) as RawReport;
  delete report['generated_at'];
  return { report, stdout: raw.stdout };
}

/** Bandit's absolute file names as `bandit -r .` prints them (`./path`). */
function asRawNames(document: JsonObject, root: string): JsonObject {
  const name = (file: unknown): unknown => (typeof file === 'string' ? `./${relative(root, file)}` : file);
  const entries = (list: unknown): JsonObject[] =>
    (list as JsonObject[]).map((entry) => ({ ...entry, filename: name(entry['filename']) }));
  return {
    results: entries(document['results']),
    errors: entries(document['errors']),
    metrics: Object.fromEntries(
      Object.entries(document['metrics'] as JsonObject).map(([file, value]) => [
        file === '_totals' ? file : name(file),
        value,
      ]),
    ),
  };
}

/**
 * A runner that counts the Bandit scans it starts (not the version probes) and the files it hands them, on the
 * command line or, to a Bandit started ahead of the scan (`warm-bandit.ts`), on its stdin; and those warm starts.
 */
function countingRunner(): {
  runProcess: ProcessRunner;
  scans: () => number;
  files: () => number;
  warmStarts: () => number;
} {
  let scans = 0;
  let files = 0;
  let warmStarts = 0;
  const count = (args: readonly string[]): void => {
    scans += 1;
    files += args.length - args.indexOf('--') - 1;
  };
  return {
    runProcess: (request) => {
      if (request.args.includes(WARM_BANDIT_PRELUDE)) {
        warmStarts += 1;
        const told = Promise.resolve(request.input ?? '').then((line) => {
          // Nothing is told to a warm Bandit the scan did not need: it is stopped unused.
          if (String(line) !== '') count(JSON.parse(String(line)) as string[]);
          return line;
        });
        return runProcess({ ...request, input: told });
      }
      if (!request.args.includes('--version')) count(request.args);
      return runProcess(request);
    },
    scans: () => scans,
    files: () => files,
    warmStarts: () => warmStarts,
  };
}

describe('Bandit on every core, and remembered results, agree exactly with one raw `bandit -r .`', function () {
  this.timeout(600_000);
  before(function () {
    skipUnlessInstalled(this, existsSync(BANDIT), 'Bandit is not installed: apt-get install bandit');
  });

  const trees: { name: string; make: () => string; change: string }[] = [
    {
      name: "a copy of Debian's docutils (120 files)",
      make: () => copyTree(`${DIST_PACKAGES}/docutils`),
      change: 'docutils/core.py',
    },
    {
      name: "a copy of Debian's bandit package (60 files)",
      make: () => copyTree(`${DIST_PACKAGES}/bandit`),
      change: 'bandit/cli/main.py',
    },
    {
      name: 'the python-service fixture',
      make: () => copyTree(join(__dirname, '..', '..', 'shared', 'test', 'scan', 'fixtures', 'python-service')),
      change: 'python-service/orders/api/handlers.py',
    },
    {
      name: 'a tree with a syntax error, # nosec and non-ASCII names',
      make: () => createProject(EDGE_TREE).root,
      change: 'lib/a.py',
    },
  ];

  for (const tree of trees) {
    it(`on ${tree.name}`, async () => {
      const root = tree.make();
      const cacheDirectory = mkdtempSync(join(tmpdir(), 'devsecops-shard-parity-cache-'));
      try {
        const raw = await rawBandit(root);
        ok(raw.report.results.length > 0, 'the tree has findings to compare');

        // 1. The report itself: split over 2 and 3 shards, merged back, equal to one run (order and metrics too).
        const files = Object.keys(raw.report.metrics)
          .filter((file) => file !== '_totals')
          .map((file) => join(root, file));
        const sized = files.map((path) => ({ path, bytes: statSync(path).size }));
        for (const count of [2, 3]) {
          const shards = planShards(sized, count);
          strictEqual(shards.length, Math.min(count, files.length));
          const runs = await Promise.all(
            shards.map((shard) =>
              runProcess({ command: BANDIT, args: ['-f', 'json', '-x', '', '--', ...shard], timeoutMs: 300_000 }),
            ),
          );
          const parts = runs.flatMap((run) => [...splitBanditDocument(JSON.parse(run.stdout) as JsonObject)]);
          deepStrictEqual(asRawNames(mergeBanditParts(parts), root), raw.report, `${String(count)} shards`);
        }

        // 2. The scanner: cold (sharded), then unchanged (remembered), then one file changed.
        const expected = (stdout: string): ScannerOutcome['findings'] => parseBanditReport(stdout, { root }).findings;
        const unscannedOf = (report: RawReport): { path: string; reason: string }[] =>
          report.errors.map((error) => ({
            path: String(error['filename']).replace(/^\.\//, ''),
            reason: `Bandit could not scan it: ${String(error['reason'])}`,
          }));
        const scan = async (): Promise<{ outcome: ScannerOutcome; scans: number; files: number; warm: number }> => {
          const counter = countingRunner();
          const outcome = await createBanditScanner({ parallelism: 2 }).scan({
            root,
            config: DEFAULT_CONFIG,
            runProcess: counter.runProcess,
            env: { PATH: '/usr/bin:/bin' },
            cacheDirectory,
          });
          return { outcome, scans: counter.scans(), files: counter.files(), warm: counter.warmStarts() };
        };
        const check = (outcome: ScannerOutcome, stdout: string, report: RawReport): void => {
          deepStrictEqual(outcome.findings, expected(stdout));
          deepStrictEqual(outcome.tools[0]?.unscanned ?? [], unscannedOf(report));
          strictEqual(outcome.tools[0]?.status, 'ok');
        };

        const cold = await scan();
        check(cold.outcome, raw.stdout, raw.report);
        strictEqual(cold.files, files.length, 'the cold scan gives Bandit every file once');
        // One Bandit per core, unless the tree is too small for a second start-up to pay.
        strictEqual(cold.scans, shardCount(sized, 2), 'one Bandit run per shard');

        const unchanged = await scan();
        check(unchanged.outcome, raw.stdout, raw.report);
        strictEqual(unchanged.files, raw.report.errors.length, 'only files Bandit could not analyse are scanned again');
        strictEqual(cold.warm + unchanged.warm, 0, 'no Bandit is started ahead of a first scan or an unchanged tree');

        appendFileSync(join(root, tree.change), '\n\ndef added(text):\n    return eval(text)\n');
        const rawChanged = await rawBandit(root);
        const changed = await scan();
        check(changed.outcome, rawChanged.stdout, rawChanged.report);
        strictEqual(changed.files, 1 + rawChanged.report.errors.length, 'only the changed file is scanned again');
        strictEqual(changed.warm, 1, 'a file changed since the last scan: Bandit was started ahead, and used');
        ok(
          changed.outcome.findings.some(
            (finding) => finding.location.path === tree.change && finding.ruleId === 'B307',
          ),
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
        rmSync(cacheDirectory, { recursive: true, force: true });
      }
    });
  }

  it('two scans at once over one cache folder both report exactly what raw Bandit reports', async () => {
    const root = copyTree(`${DIST_PACKAGES}/bandit`);
    const cacheDirectory = mkdtempSync(join(tmpdir(), 'devsecops-shard-parity-cache-'));
    try {
      const raw = await rawBandit(root);
      const scanOnce = (): Promise<ScannerOutcome> =>
        createBanditScanner({ parallelism: 2 }).scan({
          root,
          config: DEFAULT_CONFIG,
          runProcess,
          env: { PATH: '/usr/bin:/bin' },
          cacheDirectory,
        });
      const both = await Promise.all([scanOnce(), scanOnce()]);
      const again = await scanOnce();
      for (const outcome of [...both, again]) {
        deepStrictEqual(outcome.findings, parseBanditReport(raw.stdout, { root }).findings);
      }
      ok(existsSync(join(cacheDirectory, 'bandit-results')));
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });
});
