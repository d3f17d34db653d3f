// Benchmarks of the VS Code extension (prints numbers; nothing is asserted):
//   - bundle sizes (minified): dist/extension.js loaded at activation, dist/core.js loaded at the first scan,
//     dist/aws-pipeline.js and dist/remote-pipeline.js (the one bundle with the AWS SDK, which the CLI's
//     `--remote` loads too) loaded only in AWS mode;
//   - activation: loading the bundle and running activate() against a minimal stand-in for the vscode API
//     (the e2e run also prints the time the extension logs inside a real VS Code);
//   - time from the debounce firing to diagnostics, per engine, through the same ScanEngines the editor uses.
// Targets: activation ≤ 100 ms; Dockerfile and requirements diagnostics ≤ 50 ms after the debounce.
// Run: npx --no -- tsx bench/extension.bench.ts
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG, NO_EXECUTION_SETTINGS } from '@devsecops/shared/config';
import { runProcess } from '@devsecops/shared/process';
import { createScanEngines } from '../extension/src/core/scan-engines';
import type { BufferKind } from '../extension/src/model/buffer-kind';

const repo = join(__dirname, '..');
const fixture = join(repo, 'test', 'fixtures', 'e2e-workspace');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/**
 * A stand-in for the `vscode` module, as JavaScript source for the child process: the exports the extension
 * touches (esbuild's namespace import copies exactly these), each a callable, constructible, assignable
 * no-op, except the few members read as data.
 */
const VSCODE_STUB_SOURCE = `(() => {
  const make = () => new Proxy(function stub() {}, {
    get(_target, property) {
      if (property === 'then' || typeof property === 'symbol') return property === Symbol.iterator ? [][Symbol.iterator] : undefined;
      if (property === 'isTrusted') return true;
      if (property === 'textDocuments' || property === 'workspaceFolders') return [];
      return make();
    },
    set: () => true,
    apply: () => make(),
    construct: () => make(),
  });
  const names = ['window', 'workspace', 'languages', 'commands', 'env', 'Uri', 'Range', 'Position', 'Diagnostic',
    'DiagnosticSeverity', 'CodeAction', 'CodeActionKind', 'WorkspaceEdit', 'MarkdownString', 'Hover', 'EventEmitter',
    'ProgressLocation', 'StatusBarAlignment', 'ConfigurationTarget', 'EndOfLine', 'Disposable', 'ThemeIcon',
    'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'RelativePattern'];
  return Object.fromEntries(names.map((name) => [name, make()]));
})()`;

async function bundleSizes(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'devsecops-bench-'));
  try {
    for (const [entry, name] of [
      ['extension/src/extension.ts', 'extension.js'],
      ['extension/src/core/core-api.ts', 'core.js'],
      ['extension/src/controllers/aws-pipeline.ts', 'aws-pipeline.js'],
      ['extension/src/core/aws-sdk-bundle.ts', 'remote-pipeline.js'],
    ] as const) {
      await build({
        entryPoints: [join(repo, entry)],
        outfile: join(out, name),
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['vscode'],
        logLevel: 'error',
      });
      console.log(`bundle ${name}: ${(statSync(join(out, name)).size / 1024).toFixed(1)} KiB (minified)`);
    }
    activation(join(out, 'extension.js'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Loads the bundle and calls activate() in a fresh Node process (cold, as a new extension host does, and
 * free of tsx's transform hooks), with `vscode` answered by the stand-in. Prints the child's measurement.
 */
function activation(bundle: string): void {
  const script = `
    const Module = require('node:module');
    const stub = ${VSCODE_STUB_SOURCE};
    const originalLoad = Module._load;
    Module._load = (request, ...rest) => (request === 'vscode' ? stub : originalLoad(request, ...rest));
    const loadStarted = performance.now();
    const extension = require(${JSON.stringify(bundle)});
    const loaded = performance.now() - loadStarted;
    const activateStarted = performance.now();
    extension.activate({ subscriptions: [], globalState: stub.window, extensionPath: ${JSON.stringify(join(repo, 'extension'))} });
    const activated = performance.now() - activateStarted;
    const coreStarted = performance.now();
    require(${JSON.stringify(join(dirname(bundle), 'core.js'))});
    const core = performance.now() - coreStarted;
    // The AWS bundles load only in AWS mode: neither activation nor the first scan may have required them.
    const aws = Object.keys(require.cache).filter((path) => /(remote|aws)-pipeline\\.js$/.test(path));
    console.log(JSON.stringify({ loaded, activated, core, aws }));
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.log(`activation: could not measure (${child.stderr.trim().split('\n')[0] ?? ''})`);
    return;
  }
  const { loaded, activated, core, aws } = JSON.parse(line) as {
    loaded: number;
    activated: number;
    core: number;
    aws: string[];
  };
  console.log(
    `activation (fresh node process): load bundle ${ms(loaded)} + activate() ${ms(activated)} = ${ms(loaded + activated)} (target ≤ 100 ms)`,
  );
  console.log(`first scan's one-time cost: loading dist/core.js ${ms(core)}`);
  console.log(
    `AWS bundles loaded by activation and the core: ${aws.length === 0 ? 'none (as it must be)' : `${aws.join(', ')} (NOT as it must be)`}`,
  );
}

async function diagnosticsLatency(): Promise<void> {
  const engines = createScanEngines({ runProcess });
  const cases: { kind: BufferKind; file: string; runs: number; target?: string }[] = [
    { kind: 'dockerfile', file: 'Dockerfile', runs: 50, target: '≤ 50 ms' },
    { kind: 'requirements', file: 'requirements.txt', runs: 50, target: '≤ 50 ms' },
    { kind: 'python', file: 'app.py', runs: 5 },
  ];
  for (const { kind, file, runs, target } of cases) {
    const text = readFileSync(join(fixture, file), 'utf8');
    const request = {
      root: fixture,
      relativePath: file,
      text,
      kind,
      config: DEFAULT_CONFIG,
      execution: NO_EXECUTION_SETTINGS,
      withExternalTools: false,
      signal: new AbortController().signal,
      log: () => undefined,
    };
    const coldStarted = performance.now();
    const first = await engines.scanBuffer(request);
    const cold = performance.now() - coldStarted;
    const times: number[] = [];
    for (let index = 0; index < runs; index += 1) {
      const started = performance.now();
      await engines.scanBuffer(request);
      times.push(performance.now() - started);
    }
    console.log(
      `edit → diagnostics, ${kind} (${file}, ${first.findings.length} findings): first ${ms(cold)}, then median ${ms(median(times))} over ${runs} runs${target ? ` (target ${target})` : ' (Bandit process)'}`,
    );
  }
}

void (async () => {
  await bundleSizes();
  await diagnosticsLatency();
})();
