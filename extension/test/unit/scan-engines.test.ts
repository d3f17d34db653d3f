import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, runProcess } from '@devsecops/shared';
import type { DevsecopsConfig, ProcessRequest, ProcessRunner } from '@devsecops/shared';
import type { BufferKind } from '../../src/node/buffer-kind';
import { effectiveConfig } from '../../src/node/effective-config';
import { createScanEngines } from '../../src/node/scan-engines';
import { trustedOnlyProcessRunner } from '../../src/node/trusted-process-runner';
import { DEFAULT_SETTINGS } from './effective-config.test';

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
) {
  return {
    root: fixture,
    relativePath: file,
    text,
    kind,
    config,
    withExternalTools: true,
    signal: new AbortController().signal,
    log: () => undefined,
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
    assert.deepEqual(python, { findings: [], tools: [], durationMs: python.durationMs });
  });

  it('reads the buffer, not the file on disk', async () => {
    const engines = createScanEngines({ runProcess: recordingRunner().runner });
    const result = await engines.scanBuffer(
      request('requirements', 'requirements.txt', DEFAULT_CONFIG, 'six==1.16.0\n'),
    );
    assert.deepEqual(result.findings, []);
  });

  it('runs the real Bandit on a Python buffer in a trusted workspace', async function () {
    this.timeout(60_000);
    const engines = createScanEngines({ runProcess });
    const trusted = effectiveConfig(
      DEFAULT_CONFIG,
      { ...DEFAULT_SETTINGS, bandit: { ...DEFAULT_SETTINGS.bandit, path: '/usr/bin/bandit' } },
      true,
    );
    const result = await engines.scanBuffer(request('python', 'app.py', trusted));
    assert.deepEqual(
      result.findings.map((f) => [f.tool, f.ruleId, f.location.line]),
      [
        ['bandit', 'B404', 1],
        ['bandit', 'B602', 5],
      ],
    );
  });
});
