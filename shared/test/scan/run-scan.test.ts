import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import type { DevsecopsConfig } from '../../src/config/config';
import { DEFAULT_CONFIG } from '../../src/config/config';
import type { FindingDraft } from '../../src/findings/finding';
import { runScan } from '../../src/scan/run-scan';
import type { ScannerFactories } from '../../src/scan/select-scanners';
import type { Scanner, ScannerOutcome } from '../../src/scanners/scanner';
import { createProject } from './fake-tools';

function draft(
  tool: string,
  path: string,
  line: number,
  ruleId: string,
  extra: Partial<FindingDraft> = {},
): FindingDraft {
  return {
    tool,
    category: tool === 'bandit' ? 'sast' : tool.includes('dockerfile') || tool === 'hadolint' ? 'dockerfile' : 'sca',
    ruleId,
    message: `${ruleId} here`,
    severity: 'medium',
    location: { path, line },
    ...extra,
  };
}

function fakeScanner(id: string, category: Scanner['category'], outcome: () => Promise<ScannerOutcome>): Scanner {
  return { id, category, scan: outcome };
}

function okOutcome(name: string, category: Scanner['category'], findings: FindingDraft[]): ScannerOutcome {
  return { findings, tools: [{ name, category, status: 'ok' }] };
}

/** Fakes for every scanner; hadolint and Dependency-Check are "off" unless a test turns them on. */
function fakeFactories(overrides: Partial<ScannerFactories> = {}): ScannerFactories {
  return {
    bandit: () =>
      fakeScanner('bandit', 'sast', () =>
        Promise.resolve(
          okOutcome('bandit', 'sast', [draft('bandit', 'app/z.py', 3, 'B602'), draft('bandit', 'app/a.py', 9, 'B101')]),
        ),
      ),
    hadolint: () =>
      fakeScanner('hadolint', 'dockerfile', () => Promise.resolve(okOutcome('hadolint', 'dockerfile', []))),
    dependencyCheck: () =>
      fakeScanner('dependency-check', 'sca', () => Promise.resolve(okOutcome('dependency-check', 'sca', []))),
    builtinSca: () => fakeScanner('devsecops-sca', 'sca', () => Promise.resolve(okOutcome('devsecops-sca', 'sca', []))),
    builtinDockerfile: () =>
      fakeScanner('devsecops-dockerfile', 'dockerfile', () =>
        Promise.resolve(
          okOutcome('devsecops-dockerfile', 'dockerfile', [draft('devsecops-dockerfile', 'Dockerfile', 1, 'DL3007')]),
        ),
      ),
    ...overrides,
  };
}

const NO_TOOLS_ON_PATH = { PATH: '/nonexistent' };

describe('runScan', () => {
  let project: ReturnType<typeof createProject>;
  beforeEach(() => {
    project = createProject({
      'app/a.py': 'x = 1\n'.repeat(10),
      'app/z.py': 'import os\n\nos.system(cmd)\n',
      Dockerfile: 'FROM python:latest\n',
    });
  });
  afterEach(() => project.remove());

  it('runs every category, fingerprints and sorts by path, line, tool and rule', async () => {
    const result = await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      env: NO_TOOLS_ON_PATH,
      scanners: fakeFactories(),
    });
    deepStrictEqual(
      result.findings.map((f) => `${f.location.path}:${f.location.line} ${f.tool} ${f.ruleId}`),
      ['Dockerfile:1 devsecops-dockerfile DL3007', 'app/a.py:9 bandit B101', 'app/z.py:3 bandit B602'],
    );
    ok(result.findings.every((f) => /^v1:[0-9a-f]{32}$/.test(f.fingerprint)));
    deepStrictEqual(
      result.tools.map((t) => `${t.name} ${t.status}`),
      ['bandit ok', 'devsecops-sca ok', 'devsecops-dockerfile ok'],
    );
  });

  it('keeps the other tools’ findings when one scanner throws, and reports it failed', async () => {
    const result = await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      env: NO_TOOLS_ON_PATH,
      scanners: fakeFactories({
        bandit: () => fakeScanner('bandit', 'sast', () => Promise.reject(new Error('segmentation fault'))),
      }),
    });
    deepStrictEqual(
      result.findings.map((f) => f.ruleId),
      ['DL3007'],
    );
    deepStrictEqual(result.tools[0], {
      name: 'bandit',
      category: 'sast',
      status: 'failed',
      reason: 'segmentation fault',
      errorCode: 'TOOL_FAILED',
    });
  });

  it('--only limits the categories', async () => {
    const result = await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      only: ['dockerfile'],
      env: NO_TOOLS_ON_PATH,
      scanners: fakeFactories(),
    });
    deepStrictEqual(
      result.tools.map((t) => t.name),
      ['devsecops-dockerfile'],
    );
  });

  it('applies policy: ignore globs, severity overrides and suppressions', async () => {
    const config: DevsecopsConfig = {
      ...DEFAULT_CONFIG,
      ignore: ['app/z.py'],
      severity: { DL3007: 'high' },
      suppressions: [{ rule: 'B101', reason: 'asserts are fine in this tool' }],
    };
    const result = await runScan({ root: project.root, config, env: NO_TOOLS_ON_PATH, scanners: fakeFactories() });
    deepStrictEqual(
      result.findings.map((f) => `${f.ruleId} ${f.severity}`),
      ['DL3007 high'],
    );
    deepStrictEqual(
      result.suppressed.map((s) => s.finding.ruleId),
      ['B101'],
    );
  });

  it('keeps unscanned files in the tool run unless an ignore glob leaves them out on purpose', async () => {
    const incompleteBandit = (): Scanner =>
      fakeScanner('bandit', 'sast', () =>
        Promise.resolve({
          findings: [],
          tools: [
            {
              name: 'bandit',
              category: 'sast',
              status: 'ok',
              unscanned: [
                { path: 'app/deep.py', reason: 'exception while scanning file' },
                { path: 'vendor/old.py', reason: 'syntax error while parsing AST from file' },
              ],
            },
          ],
        }),
      );
    const scan = (ignore: string[]) =>
      runScan({
        root: project.root,
        config: { ...DEFAULT_CONFIG, ignore },
        only: ['sast'],
        env: NO_TOOLS_ON_PATH,
        scanners: fakeFactories({ bandit: incompleteBandit }),
      });
    deepStrictEqual((await scan([])).tools[0]?.unscanned, [
      { path: 'app/deep.py', reason: 'exception while scanning file' },
      { path: 'vendor/old.py', reason: 'syntax error while parsing AST from file' },
    ]);
    deepStrictEqual((await scan(['vendor/**'])).tools[0]?.unscanned, [
      { path: 'app/deep.py', reason: 'exception while scanning file' },
    ]);
    deepStrictEqual((await scan(['vendor', 'app/deep.py'])).tools[0]?.unscanned, []);
  });

  it('passes buffers to scanners and fingerprints buffer text, not the file on disk', async () => {
    let seen: ReadonlyMap<string, string> | undefined;
    const bandit = (): Scanner =>
      fakeScanner('bandit', 'sast', () =>
        Promise.resolve(okOutcome('bandit', 'sast', [draft('bandit', 'app/z.py', 1, 'B307')])),
      );
    const spy: ScannerFactories = fakeFactories({
      bandit: () => ({ ...bandit(), scan: (context) => ((seen = context.buffers), bandit().scan(context)) }),
    });
    const buffers = new Map([['app/z.py', 'eval(data)\n']]);
    const fromBuffer = await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      only: ['sast'],
      buffers,
      scanners: spy,
    });
    strictEqual(seen, buffers);
    const fromDisk = await runScan({ root: project.root, config: DEFAULT_CONFIG, only: ['sast'], scanners: spy });
    strictEqual(seen, undefined);
    ok(fromBuffer.findings[0]?.fingerprint !== fromDisk.findings[0]?.fingerprint, 'line content differs');
  });

  it('on buffers, runs only the categories that have a buffer of their kind', async () => {
    const result = await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      env: NO_TOOLS_ON_PATH,
      buffers: new Map([['app/z.py', 'eval(data)\n']]),
      scanners: fakeFactories(),
    });
    deepStrictEqual(
      result.tools.map((tool) => tool.name),
      ['bandit'],
    );
  });

  it('rejects with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = (): Scanner =>
      fakeScanner('bandit', 'sast', () => {
        controller.abort();
        return Promise.resolve(okOutcome('bandit', 'sast', []));
      });
    await rejects(
      runScan({
        root: project.root,
        config: DEFAULT_CONFIG,
        signal: controller.signal,
        scanners: fakeFactories({ bandit: slow }),
      }),
      { code: 'CANCELLED' },
    );
  });
  it('logs each tool of a multi-tool scanner with its own finding count', async () => {
    const lines: string[] = [];
    await runScan({
      root: project.root,
      config: DEFAULT_CONFIG,
      env: NO_TOOLS_ON_PATH,
      only: ['dockerfile'],
      log: (line) => lines.push(line),
      scanners: fakeFactories({
        builtinDockerfile: () =>
          fakeScanner('devsecops-dockerfile', 'dockerfile', () =>
            Promise.resolve({
              findings: [
                draft('devsecops-dockerfile', 'Dockerfile', 1, 'DL3007'),
                draft('devsecops-dockerfile', 'Dockerfile', 1, 'DL3006'),
                draft('shellcheck', 'Dockerfile', 1, 'SC2086', { category: 'dockerfile' }),
              ],
              tools: [
                { name: 'devsecops-dockerfile', category: 'dockerfile', status: 'ok' },
                { name: 'shellcheck', category: 'dockerfile', status: 'ok' },
              ],
            }),
          ),
      }),
    });
    deepStrictEqual(
      lines.filter((line) => line.includes(': ok')),
      ['devsecops-dockerfile: ok (2 findings)', 'shellcheck: ok (1 findings)'],
    );
  });
});
