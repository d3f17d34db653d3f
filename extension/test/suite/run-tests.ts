// Runs extension/test/suite in a real VS Code downloaded by @vscode/test-electron (`npm run test:vscode -w
// extension`). It needs to download VS Code from the internet, so it cannot run on the offline CI machine;
// there the same expectations run in code-server (test/e2e). Run: npx --no -- tsx extension/test/suite/run-tests.ts
import { build } from 'esbuild';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const extensionRoot = resolve(__dirname, '..', '..');
const fixture = resolve(extensionRoot, '..', 'test', 'fixtures', 'e2e-workspace');

async function main(): Promise<void> {
  // The suite bundle sits in out/ so `__dirname/../package.json` is the manifest.
  const suite = join(extensionRoot, 'out', 'extension.suite.js');
  await build({
    entryPoints: [join(__dirname, 'extension.suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // mocha resolves its own files at run time: load it from node_modules, not the bundle.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const workspace = mkdtempSync(join(tmpdir(), 'devsecops-suite-'));
  cpSync(fixture, workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: extensionRoot,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
