/**
 * The bot's Lambda bundle: its size, and a cold start that handles one event against the emulator. Each
 * sample is a new Node process (as a new Lambda execution environment is) that loads `bot/dist/lambda.js` and
 * hands it a `pullRequestSourceBranchUpdated` event for a pull request whose reports are in the emulator's S3;
 * the first run posts the review, the others re-read everything and write nothing. Times: loading the bundle,
 * and loading plus handling the event (the Node runtime's own start is not the bundle's, and is printed apart).
 * Targets: the minified bundle ≤ 1 MB, loading plus handling ≤ 300 ms. Build first: npm run build -w bot.
 * `npm run bench -- bot-cold-start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createCodeCommitClient, createS3Client } from '@devsecops/shared/aws';
import { startAwsEmulator } from '../test/aws-emulator/emulator';
import { botLambdaEnvironment, emulatorS3Settings, emulatorSettings } from '../test/aws-emulator/testing';
import {
  AUTHOR_ACCESS_KEY_ID,
  BOT_ACCESS_KEY_ID,
  FINDINGS_BUCKET,
  openPullRequest,
  pullRequestEvent,
} from '../test/integration/bot-pull-requests';
import { median } from './stats';
import { atMost, verdict } from './targets';

const LAMBDA = join(__dirname, '..', 'bot', 'dist', 'lambda.js');
const SAMPLES = 9;
const SIZE_TARGET = atMost(1_000_000, '1 MB');
const COLD_START_TARGET = atMost(300, '300 ms');

interface Sample {
  readonly loadMs: number;
  readonly handledMs: number;
  readonly status: string;
}

const CHILD = `
const started = performance.now();
const { handler } = require(${JSON.stringify(LAMBDA)});
const loaded = performance.now();
handler(JSON.parse(process.env.EVENT)).then((result) => {
  console.log(JSON.stringify({ loadMs: loaded - started, handledMs: performance.now() - started, status: result.status }));
});`;

async function main(): Promise<void> {
  const size = statSync(LAMBDA).size;
  const emulator = await startAwsEmulator({
    buckets: [FINDINGS_BUCKET],
    accessKeyIds: [BOT_ACCESS_KEY_ID, AUTHOR_ACCESS_KEY_ID],
  });
  const author = createCodeCommitClient(emulatorSettings(emulator, { accessKeyId: AUTHOR_ACCESS_KEY_ID }));
  const s3 = createS3Client(emulatorS3Settings(emulator));
  try {
    const pr = await openPullRequest({ author, s3, bucket: FINDINGS_BUCKET }, 'cold-start');
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      EVENT: JSON.stringify(pullRequestEvent('pullRequestSourceBranchUpdated', pr)),
      ...botLambdaEnvironment(emulator, { bucket: FINDINGS_BUCKET, accessKeyId: BOT_ACCESS_KEY_ID }),
    };
    const samples: Sample[] = [];
    const nodeStart: number[] = [];
    for (let index = 0; index < SAMPLES; index += 1) {
      const baseline = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      nodeStart.push(performance.now() - baseline);
      // The emulator serves this process's requests: the child runs asynchronously beside it.
      const child = await new Promise<string>((resolve, reject) => {
        const process_ = spawn(process.execPath, ['-e', CHILD], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        process_.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        process_.on('error', reject);
        process_.on('close', () => resolve(out));
      });
      const line = child.trim().split('\n').pop() ?? '';
      const sample = JSON.parse(line) as Sample;
      if (sample.status !== 'posted') throw new Error(`the handler answered ${line}`);
      samples.push(sample);
    }
    const handled = median(samples.slice(1).map((sample) => sample.handledMs));
    console.log(
      `bundle: ${LAMBDA}: ${String(size)} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)  ${verdict(size, SIZE_TARGET)}`,
    );
    console.log(`node -e 0 (the runtime's own start, not the bundle's): median ${median(nodeStart).toFixed(0)} ms`);
    console.log(
      `first event (posts the review):          load ${samples[0]?.loadMs.toFixed(0)} ms, handled ${samples[0]?.handledMs.toFixed(0)} ms`,
    );
    console.log(
      `re-runs, load only:                      median ${median(samples.slice(1).map((sample) => sample.loadMs)).toFixed(0)} ms`,
    );
    console.log(
      `re-runs, load + one event handled:       median ${handled.toFixed(0)} ms  ${verdict(handled, COLD_START_TARGET)} over ${String(SAMPLES - 1)} runs`,
    );
  } finally {
    author.destroy();
    s3.destroy();
    await emulator.close();
  }
}

void main();
