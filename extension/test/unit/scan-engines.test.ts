import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, NO_EXECUTION_SETTINGS } from '@devsecops/shared/config';
import { runScan } from '@devsecops/shared/engines';
import type { Finding } from '@devsecops/shared/findings';
import { runProcess } from '@devsecops/shared/process';
import type { DevsecopsConfig, ExecutionSettings } from '@devsecops/shared/config';
import type { ProcessRequest, ProcessRunner } from '@devsecops/shared/process';
import { editorExecution } from '../../src/core/editor-execution';
import type { BufferKind } from '../../src/model/buffer-kind';
import { effectiveConfig } from '../../src/core/effective-config';
import { createScanEngines } from '../../src/core/scan-engines';
import { trustedOnlyProcessRunner } from '../../src/core/trusted-process-runner';
import { notScannedIn } from '../../src/model/not-scanned';
import { DEFAULT_SETTINGS, HOSTILE_FILE } from './effective-config.test';

const fixture = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'e2e-workspace');

/** A runner that records what would have been started and starts nothing. */
function recordingRunner(): { runner: ProcessRunner; started: ProcessRequest[] } {
  const started: ProcessRequest[] = [];
  return {
    started,
    runner: (request) => {
      started.push(request);
      return Promise.resolve({
        stdout: '',
        stderr: '',
        exitCode: 127,
        exitSignal: null,
        truncated: false,
        durationMs: 0,
      });
    },
  };
}

function request(
  kind: BufferKind,
  file: string,
  config: DevsecopsConfig,
  text = readFileSync(join(fixture, file), 'utf8'),
  execution: ExecutionSettings = NO_EXECUTION_SETTINGS,
) {
  return {
    root: fixture,
    relativePath: file,
    text,
    kind,
    config,
    execution,
    withExternalTools: true,
    signal: new AbortController().signal,
    log: () => undefined,
  };
}

/** What the editor's as-you-type check and the CLI's scan of the same unsaved buffer each list as not scanned. */
async function unscannedByEditorAndCli(kind: BufferKind, file: string, text: string) {
  const engines = createScanEngines({ runProcess: recordingRunner().runner });
  // As typed: the in-process check, without the external tool's scan (which goes through the core's scan).
  const editor = await engines.scanBuffer({ ...request(kind, file, DEFAULT_CONFIG, text), withExternalTools: false });
  const cli = await runScan({
    root: fixture,
    config: DEFAULT_CONFIG,
    execution: NO_EXECUTION_SETTINGS,
    only: ['sca'],
    buffers: new Map([[file, text]]),
  });
  return {
    editor: editor.tools,
    editorUnscanned: editor.tools.flatMap((run) => run.unscanned ?? []),
    cliUnscanned: cli.tools.flatMap((run) => run.unscanned ?? []),
  };
}

describe('createScanEngines on the e2e fixture', () => {
  it('checks the unsaved Dockerfile and requirements buffers in process, trusted or not, starting nothing', async () => {
    const { runner, started } = recordingRunner();
    const engines = createScanEngines({ runProcess: trustedOnlyProcessRunner(runner, () => false) });
    const untrusted = effectiveConfig(DEFAULT_CONFIG, DEFAULT_SETTINGS, false);
    const dockerfile = await engines.scanBuffer(request('dockerfile', 'Dockerfile', untrusted));
    const requirements = await engines.scanBuffer(request('requirements', 'requirements.txt', untrusted));
    const python = await engines.scanBuffer(request('python', 'app.py', untrusted));
    assert.deepEqual(started, []);
    assert.ok(
      dockerfile.findings.some(
        (f) => f.ruleId === 'DL3007' && f.location.line === 1 && f.tool === 'devsecops-dockerfile',
      ),
    );
    assert.ok(requirements.findings.length > 0);
    assert.ok(requirements.findings.every((f) => f.tool === 'devsecops-sca' && f.location.line === 3));
    assert.deepEqual(python, { findings: [], tools: [], durationMs: python.durationMs, trustWarnings: [] });
  });

  it('reads the buffer, not the file on disk', async () => {
    const engines = createScanEngines({ runProcess: recordingRunner().runner });
    const result = await engines.scanBuffer(
      request('requirements', 'requirements.txt', DEFAULT_CONFIG, 'six==1.16.0\n'),
    );
    assert.deepEqual(result.findings, []);
  });

  it('lists a requirements buffer longer than the core reads as not fully scanned, as the CLI does, never as clean', async function () {
    this.timeout(60_000);
    // A hostile file can pad itself past the line limit to push a vulnerable pin out of reach.
    const padded = `${Array.from({ length: 250_000 }, (_, i) => `filler-${String(i)}==1.0`).join('\n')}\njinja2==2.10\n`;
    const { editor, editorUnscanned, cliUnscanned } = await unscannedByEditorAndCli(
      'requirements',
      'requirements.txt',
      padded,
    );
    assert.equal(cliUnscanned.length, 1);
    assert.match(cliUnscanned[0]?.reason ?? '', /Not all of its lines were read/);
    assert.deepEqual(editorUnscanned, cliUnscanned);
    assert.deepEqual(notScannedIn('requirements.txt', editor), [
      { tool: 'devsecops-sca', cause: 'parse-error', reason: cliUnscanned[0]?.reason },
    ]);
  });

  it('lists a requirements buffer pip refuses (a --hash it cannot use) as not fully scanned, as the CLI does, never as clean', async () => {
    // pip installs nothing from such a file: its pins are still checked, but a buffer without findings is no all-clear.
    const refused = 'six==1.16.0 --hash=md5:0123\n';
    const { editorUnscanned, cliUnscanned } = await unscannedByEditorAndCli(
      'requirements',
      'requirements.txt',
      refused,
    );
    assert.equal(cliUnscanned.length, 1);
    assert.match(
      cliUnscanned[0]?.reason ?? '',
      /^pip refuses to install from it, .* requirements\.txt:1: pip refuses this file: /,
    );
    assert.deepEqual(editorUnscanned, cliUnscanned);
  });

  for (const [line, who] of [
    ['six=1.16.0', 'pip refuses'],
    ['six==not.a.version', 'pip 24.1 and later refuse'],
  ] as const) {
    it(`lists a requirements buffer with a requirement ${who} to read (${line}) as not fully scanned, as the CLI does`, async () => {
      const { editorUnscanned, cliUnscanned } = await unscannedByEditorAndCli(
        'requirements',
        'requirements.txt',
        `jinja2==2.10\n${line}\n`,
      );
      assert.equal(cliUnscanned.length, 1);
      assert.match(
        cliUnscanned[0]?.reason ?? '',
        new RegExp(`^${who} to install from it, .* requirements\\.txt:2: ${who} this file: `),
      );
      assert.deepEqual(editorUnscanned, cliUnscanned);
    });
  }

  for (const [file, text] of [
    ['pyproject.toml', '[project\ndependencies = ["jinja2==2.10"]\n'],
    ['Pipfile.lock', '{"default": {"jinja2": {"version": 2}}}'],
  ] as const) {
    it(`lists a ${file} buffer it could read only in part as not fully scanned, in the CLI's words`, async () => {
      const { editorUnscanned, cliUnscanned } = await unscannedByEditorAndCli('manifest', file, text);
      assert.equal(cliUnscanned.length, 1);
      assert.match(cliUnscanned[0]?.reason ?? '', new RegExp(`^Part of it could not be read, .* ${file}:1: `));
      assert.deepEqual(editorUnscanned, cliUnscanned);
    });
  }

  it('does not list a requirements buffer as unscanned for an include it does not follow while typing', async () => {
    const engines = createScanEngines({ runProcess: recordingRunner().runner });
    const result = await engines.scanBuffer({
      ...request('requirements', 'requirements.txt', DEFAULT_CONFIG, 'jinja2==2.10\n-r requirements-dev.txt\n'),
      withExternalTools: false,
    });
    assert.deepEqual(notScannedIn('requirements.txt', result.tools), []);
    assert.deepEqual(
      result.findings.map((finding) => finding.location.line),
      [1, 1],
    );
  });

  it('runs the real Bandit on a Python buffer in a trusted workspace', async function () {
    this.timeout(60_000);
    const engines = createScanEngines({ runProcess });
    const settings = { ...DEFAULT_SETTINGS, bandit: { ...DEFAULT_SETTINGS.bandit, path: '/usr/bin/bandit' } };
    const trusted = effectiveConfig(DEFAULT_CONFIG, settings, true);
    const result = await engines.scanBuffer(
      request('python', 'app.py', trusted, undefined, editorExecution(settings, true, fixture)),
    );
    assert.deepEqual(
      result.findings.map((f) => [f.tool, f.ruleId, f.location.line]),
      [
        ['bandit', 'B404', 1],
        ['bandit', 'B602', 5],
      ],
    );
  });

  it("never runs what a trusted folder's .devsecops.yml names: the machine setting runs, the file gets a warning", async () => {
    const { runner, started } = recordingRunner();
    const engines = createScanEngines({ runProcess: runner });
    const settings = { ...DEFAULT_SETTINGS, bandit: { ...DEFAULT_SETTINGS.bandit, path: '/usr/bin/bandit' } };
    const result = await engines.scanBuffer(
      request(
        'python',
        'app.py',
        // (without its Bandit config file, which the fixture does not have)
        effectiveConfig(
          { ...HOSTILE_FILE, tools: { ...HOSTILE_FILE.tools, bandit: { enabled: 'on' } } },
          settings,
          true,
        ),
        undefined,
        editorExecution(settings, true, fixture),
      ),
    );
    assert.ok(started.length > 0);
    assert.deepEqual([...new Set(started.map((process) => process.command))], ['/usr/bin/bandit']);
    // From a private folder, never from the repository.
    assert.ok(started.every((process) => process.cwd !== undefined && !process.cwd.startsWith(fixture)));
    assert.deepEqual(
      result.trustWarnings.map((warning) => warning.key),
      [
        'tools.bandit.path',
        'tools.bandit.python',
        'tools.bandit.args',
        'tools.hadolint.path',
        'tools.dependencyCheck.path',
        'tools.sca.database',
      ],
    );
    assert.equal(
      result.trustWarnings[0]?.message,
      '.devsecops.yml:4: tools.bandit.path is ignored: a repository cannot choose which program runs as Bandit. To set it for yourself, use the setting devsecops.bandit.path in your user settings (it is machine-scoped: a workspace cannot set it).',
    );
  });

  it("ends an unsaved buffer's scan as the CLI's scan does: the same fingerprints, severity overrides and suppressions", async () => {
    // Two identical lines (an occurrence index in the fingerprint), a severity override and a suppression:
    // if the editor finished its drafts any other way, the same text would show different findings.
    const text = [
      'FROM python:latest',
      'RUN apt-get update && apt-get install -y curl',
      'RUN apt-get update && apt-get install -y curl',
      'USER nobody',
      '',
    ].join('\n');
    const config: DevsecopsConfig = {
      ...DEFAULT_CONFIG,
      tools: { ...DEFAULT_CONFIG.tools, hadolint: { enabled: 'off' } },
      severity: { DL3007: 'critical' },
      suppressions: [{ rule: 'DL3015', reason: 'the image is built by a pinned base with recommends off' }],
    };
    const { runner } = recordingRunner();
    const byFingerprint = (findings: readonly Finding[]): Finding[] =>
      [...findings].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));

    const editor = await createScanEngines({ runProcess: runner }).scanBuffer({
      ...request('dockerfile', 'Dockerfile', config, text),
      withExternalTools: false,
    });
    const cli = await runScan({
      root: fixture,
      config,
      only: ['dockerfile'],
      buffers: new Map([['Dockerfile', text]]),
      runProcess: runner,
    });

    assert.deepEqual(byFingerprint(editor.findings), byFingerprint(cli.findings));
    assert.equal(editor.findings.find((finding) => finding.ruleId === 'DL3007')?.severity, 'critical');
    assert.deepEqual(
      editor.findings.filter((finding) => finding.ruleId === 'DL3015'),
      [],
    );
    const repeated = editor.findings.filter((finding) => finding.ruleId === 'DL3008');
    assert.deepEqual(
      repeated.map((finding) => finding.location.line),
      [2, 3],
    );
    assert.equal(new Set(repeated.map((finding) => finding.fingerprint)).size, 2);
  });
});
