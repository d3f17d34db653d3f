// Tests inside a real VS Code (Electron) with @vscode/test-electron, on the same fixture workspace and
// the same expectations as the code-server e2e run (test/e2e/expectations.ts). Bundled and started by
// run-tests.ts; VS Code loads the bundle and calls run().
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { FIXTURE_DIAGNOSTICS, VULNERABLE_PIN } from '../../../test/e2e/expectations';
import { EXTENSION_SUITE_MOCHA_OPTIONS } from './suite-mocha-options';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The suite needs the fixture workspace open (run-tests.ts passes it).');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls the diagnostics of `uri` until `predicate` holds (VS Code has no "diagnostics settled" event). */
async function waitForDiagnostic(
  uri: vscode.Uri,
  predicate: (diagnostic: vscode.Diagnostic) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = vscode.languages
        .getDiagnostics(uri)
        .map((d) => `${String(d.source)} ${codeOf(d)} line ${d.range.start.line + 1}`);
      throw new Error(`No matching diagnostic on ${uri.fsPath} within ${timeoutMs} ms; saw: ${seen.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

function defineTests(): void {
  describe('DevSecOps extension (test-electron)', () => {
    it('shows the fixture findings at the right lines', async () => {
      for (const expected of FIXTURE_DIAGNOSTICS) {
        const uri = workspaceFile(expected.file);
        await vscode.window.showTextDocument(uri);
        const diagnostic = await waitForDiagnostic(
          uri,
          (d) =>
            d.source === expected.source &&
            d.range.start.line + 1 === expected.line &&
            (typeof expected.code === 'string' ? codeOf(d) === expected.code : expected.code.test(codeOf(d))),
        );
        assert.ok(typeof diagnostic.code === 'object', 'the code links to the rule documentation');
      }
    });

    it('offers and applies "Upgrade to the first fixed version"', async () => {
      const uri = workspaceFile(VULNERABLE_PIN.file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await waitForDiagnostic(uri, (d) => d.range.start.line + 1 === VULNERABLE_PIN.line);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
      );
      const upgrade = actions.find((action) => action.title.startsWith('Upgrade '));
      assert.ok(upgrade?.edit, `an Upgrade action among: ${actions.map((action) => action.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(upgrade.edit));
      assert.match(document.lineAt(VULNERABLE_PIN.line - 1).text, VULNERABLE_PIN.upgradedPattern);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('registers its commands under the DevSecOps category', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        'devsecops.runPipeline',
        'devsecops.scanWorkspace',
        'devsecops.updateDatabase',
        'devsecops.showOutput',
      ]) {
        assert.ok(commands.includes(id), id);
      }
      const manifest = JSON.parse(await readFile(join(__dirname, '..', 'package.json'), 'utf8')) as {
        contributes: { commands: { category: string }[] };
      };
      assert.ok(manifest.contributes.commands.every((command) => command.category === 'DevSecOps'));
    });
  });
}

/** Entry point VS Code calls (extensionTestsPath). */
export function run(): Promise<void> {
  const mocha = new Mocha(EXTENSION_SUITE_MOCHA_OPTIONS);
  mocha.suite.emit('pre-require', globalThis, 'extension.suite', mocha);
  defineTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
  });
}
