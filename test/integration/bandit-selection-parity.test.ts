import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_CONFIG } from '@devsecops/shared/config';
import type { DevsecopsConfig } from '@devsecops/shared/config';
import { createBanditScanner } from '@devsecops/shared/engines';
import type { ScannerOutcome } from '@devsecops/shared/engines';
import { runProcess } from '@devsecops/shared/process';
import type { ProcessRunner } from '@devsecops/shared/process';
import { skipUnlessInstalled } from '../../shared/test/require-in-ci';
import type { RawBanditReport } from './raw-bandit-report';

/**
 * Must hold: the files devsecops hands Bandit, and what it reports for them, are exactly what one raw
 * `bandit -r . [-c CONFIG]` run from the repository root scans and reports (files, lines, test ids,
 * severities, confidences, errors), or, where raw Bandit refuses to run on the tree, the scan fails too.
 * Each tree below is one general form of Bandit's file selection and configuration. Raw Bandit is
 * Debian's /usr/bin/bandit (`apt-get install bandit`).
 */
const BANDIT = '/usr/bin/bandit';
const EXEC = 'exec("print(1)")\n';
const EXEC_AND_EVAL = 'exec("print(1)")\neval("1")\n';

interface SelectionCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** Symbolic links: path → target. */
  readonly links?: Readonly<Record<string, string>>;
  /** `tools.bandit.configFile`, and raw Bandit's `-c`. */
  readonly configFile?: string;
}

const CASES: readonly SelectionCase[] = [
  {
    name: 'a file name with a backslash (a plain character on POSIX, not a folder separator)',
    files: { 'app\\main.py': EXEC, 'app/other.py': EXEC },
  },
  {
    name: 'a .bandit saved with a byte order mark (configparser sees no section header and ignores the file)',
    files: { '.bandit': '\uFEFF[bandit]\nexclude: tests\nskips: B102\n', 'tests/a.py': EXEC, 'a.py': EXEC_AND_EVAL },
  },
  {
    name: 'a .bandit continuation line indented with an information separator (whitespace to Python)',
    files: { '.bandit': '[bandit]\nskips: B307,\n\u001cB102\n', 'a.py': EXEC_AND_EVAL },
  },
  {
    name: 'a .bandit value ending in a no-break space (whitespace to Python too)',
    files: { '.bandit': '[bandit]\nskips:\u00a0B102\u00a0\n', 'a.py': EXEC_AND_EVAL },
  },
  {
    name: 'a .bandit that is not UTF-8 (raw Bandit stops with a UnicodeDecodeError)',
    files: { '.bandit': Buffer.from('[bandit]\n# caf\xe9\nskips: B102\n', 'latin1'), 'a.py': EXEC_AND_EVAL },
  },
  {
    name: 'a -c config whose include is an empty list (Bandit falls back to *.py)',
    configFile: 'bandit.yaml',
    files: { 'bandit.yaml': 'include: []\nexclude_dirs: []\n', 'a.py': EXEC, 'b.pyw': EXEC },
  },
  {
    name: 'a -c config whose include and exclude_dirs are empty strings (falsy: the defaults)',
    configFile: 'bandit.yaml',
    files: { 'bandit.yaml': 'include: ""\nexclude_dirs: ""\n', 'a.py': EXEC, 'b.pyw': EXEC },
  },
  {
    name: 'a -c config whose include is one string (Bandit iterates its characters: "*" matches every file)',
    configFile: 'bandit.yaml',
    files: { 'bandit.yaml': 'include: "*.pyw"\n', 'a.py': EXEC, 'b.pyw': EXEC, 'notes.txt': EXEC },
  },
  {
    name: 'a -c config whose include is a mapping (Bandit iterates its keys)',
    configFile: 'bandit.yaml',
    files: { 'bandit.yaml': 'include: {"*.pyw": 1}\n', 'a.py': EXEC, 'b.pyw': EXEC },
  },
  {
    name: 'a -c config whose exclude_dirs is a string while a .bandit adds excludes (raw Bandit crashes)',
    configFile: 'bandit.yaml',
    files: { 'bandit.yaml': 'exclude_dirs: "zz"\n', '.bandit': '[bandit]\nexclude: q\n', 'a.py': EXEC },
  },
  {
    name: 'a -c config that repeats a key (PyYAML takes the last value)',
    configFile: 'bandit.yaml',
    files: {
      'bandit.yaml': 'exclude_dirs: [docs]\nexclude_dirs: [tests]\nskips: [B307]\nskips: [B102]\n',
      'tests/a.py': EXEC,
      'docs/b.py': EXEC,
      'c.py': EXEC_AND_EVAL,
    },
  },
];

interface Comparable {
  /** Files Bandit analysed, repository-relative. */
  readonly files: string[];
  readonly results: string[];
  readonly unscanned: string[];
}

const withoutDot = (path: string): string => path.replace(/^\.\//, '');

function createTree(selectionCase: SelectionCase): string {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-selection-parity-'));
  for (const [path, content] of Object.entries(selectionCase.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const [path, target] of Object.entries(selectionCase.links ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

/** Raw `bandit -r .`, or undefined when it printed no report (it refused the tree, or crashed). */
async function rawBandit(root: string, configFile: string | undefined): Promise<Comparable | undefined> {
  const args = ['-r', '.', '-f', 'json', ...(configFile === undefined ? [] : ['-c', configFile])];
  const raw = await runProcess({ command: BANDIT, args, cwd: root, timeoutMs: 60_000 });
  if (raw.exitCode !== 0 && raw.exitCode !== 1) return undefined;
  let report: RawBanditReport;
  try {
    report = JSON.parse(raw.stdout) as RawBanditReport;
  } catch {
    return undefined;
  }
  return {
    files: Object.keys(report.metrics)
      .filter((file) => file !== '_totals')
      .map(withoutDot)
      .sort(),
    results: report.results
      .map(
        (result) =>
          `${withoutDot(result.filename)}:${String(result.line_number)} ${result.test_id} ${result.issue_severity} ${result.issue_confidence}`,
      )
      .sort(),
    unscanned: report.errors
      .map((error) => `${withoutDot(error.filename)}: Bandit could not scan it: ${error.reason}`)
      .sort(),
  };
}

/** The scanner, with the files it handed Bandit. */
async function scanned(
  root: string,
  configFile: string | undefined,
): Promise<{ outcome: ScannerOutcome; given: string[] }> {
  const given: string[] = [];
  const recording: ProcessRunner = (request) => {
    if (!request.args.includes('--version')) {
      given.push(...request.args.slice(request.args.indexOf('--') + 1).map((file) => relative(root, file)));
    }
    return runProcess(request);
  };
  const config: DevsecopsConfig =
    configFile === undefined
      ? DEFAULT_CONFIG
      : {
          ...DEFAULT_CONFIG,
          tools: { ...DEFAULT_CONFIG.tools, bandit: { ...DEFAULT_CONFIG.tools.bandit, configFile } },
        };
  const outcome = await createBanditScanner({ parallelism: 1 }).scan({
    root,
    config,
    runProcess: recording,
    env: { PATH: '/usr/bin:/bin' },
  });
  return { outcome, given: given.sort() };
}

describe('Bandit selects and configures exactly what `bandit -r .` would', function () {
  this.timeout(120_000);
  before(function () {
    skipUnlessInstalled(this, existsSync(BANDIT), 'Bandit is not installed: apt-get install bandit');
  });

  for (const selectionCase of CASES) {
    it(selectionCase.name, async () => {
      const root = createTree(selectionCase);
      try {
        const raw = await rawBandit(root, selectionCase.configFile);
        const { outcome, given } = await scanned(root, selectionCase.configFile);
        const tool = outcome.tools[0];
        if (raw === undefined) {
          strictEqual(tool?.status, 'failed', 'raw Bandit printed no report, so the scan must not pass');
          return;
        }
        strictEqual(tool?.status, 'ok', tool?.reason);
        const ours: Comparable = {
          files: given,
          results: outcome.findings
            .map(
              (finding) =>
                `${finding.location.path}:${String(finding.location.line)} ${finding.ruleId} ${String(finding.nativeSeverity)} ${String(finding.confidence)}`,
            )
            .sort(),
          unscanned: (tool.unscanned ?? []).map((file) => `${file.path}: ${file.reason}`).sort(),
        };
        deepStrictEqual(ours, raw);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
