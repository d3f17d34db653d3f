import * as vscode from 'vscode';
import { FindingCodeActions } from './controllers/code-actions';
import { COMMANDS } from './controllers/commands';
import { Ctx } from './state/ctx';
import { BufferLinter } from './controllers/buffer-linter';
import { FindingHovers } from './controllers/hovers';
import { PolicyCodeActions } from './controllers/policy-code-actions';
import { SECTION } from './state/settings';
import { BASELINE_SETTING } from './state/baselines';
import { FindingsView } from './views/findings-view';
import { PipelineView } from './views/pipeline-view';
import { registerViewCommands } from './views/view-commands';
import { printablePath } from '@devsecops/shared/reports';
import { POLICY_FILE_NAMES } from './model/policy-diagnostic';

/** Files the extension has something to say about. */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'dockerfile' },
  { language: 'pip-requirements' },
  { pattern: '**/{requirements,constraints}*.txt' },
  { pattern: '**/requirements/*.txt' },
  { pattern: '**/{Dockerfile,Containerfile}*' },
  { pattern: '**/*.{Dockerfile,dockerfile}' },
  // Python manifests and lockfiles (their own names, whatever language mode the editor gives them).
  { pattern: '**/{pyproject.toml,poetry.lock,uv.lock,Pipfile.lock,pylock.toml,pylock.*.toml}' },
];

/** Each folder's policy file, whatever language mode the editor gives it. */
const POLICY_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/.devsecops.{yml,yaml}' }];

/** Wires the extension together; the work lives in `Ctx`, the linter, the providers and the commands. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const ctx = new Ctx(context);
  const linter = new BufferLinter(ctx);
  const findingsView = new FindingsView(ctx);
  context.subscriptions.push(ctx, linter, findingsView, new PipelineView(ctx));
  context.subscriptions.push(...registerViewCommands(ctx, findingsView));

  const checkPolicyOnDisk = (root: string): void => {
    ctx.checkPolicyOnDisk(root).catch((error: unknown) => {
      ctx.log.error(
        `Checking ${root}'s .devsecops.yml failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
  // Settings (devsecops.enable, the execution settings a warning weighs) and trust change what a closed
  // policy file's diagnostics say: each folder's file is checked again (an open one is, by the linter).
  const checkEveryFolderPolicy = (): void => {
    for (const folder of vscode.workspace.workspaceFolders ?? []) void checkFolderPolicy(folder, checkPolicyOnDisk);
  };

  for (const [id, factory] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx, linter)));
  }
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FindingCodeActions(ctx), FindingCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new FindingHovers(ctx)),
    vscode.languages.registerCodeActionsProvider(
      POLICY_SELECTOR,
      new PolicyCodeActions(ctx),
      PolicyCodeActions.metadata,
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      if (event.affectsConfiguration(`${SECTION}.${BASELINE_SETTING}`)) {
        ctx.baselines.reset();
        findingsView.setNewOnly(false);
      }
      ctx.invalidateConfig();
      ctx.store.refresh();
      linter.lintOpenDocuments();
      checkEveryFolderPolicy();
      // Says when a change took effect (the e2e tests wait for this line instead of sleeping).
      ctx.log.info('DevSecOps settings changed: open files are checked again with them.');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      ctx.baselines.reset();
      ctx.invalidateConfig();
      ctx.updateStatus();
      ctx.databaseAge.render();
      checkEveryFolderPolicy();
    }),
  );
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.devsecops.{yml,yaml}');
  const onConfigFile = (uri: vscode.Uri): void => {
    ctx.invalidateConfig();
    linter.lintOpenDocuments();
    // Open or not, the file's diagnostics follow it (an open one is checked from its buffer).
    checkPolicyOnDisk(ctx.locate(uri).root);
    // The path is the repository's: quoted when it holds a line break, so it cannot fake a log line of its own.
    ctx.log.info(
      `${printablePath(vscode.workspace.asRelativePath(uri))} changed: open files are checked again with it.`,
    );
  };
  context.subscriptions.push(
    configWatcher,
    configWatcher.onDidChange(onConfigFile),
    configWatcher.onDidCreate(onConfigFile),
    configWatcher.onDidDelete(onConfigFile),
  );

  // A rename reaches a watcher as a delete and a create; the new name is checked when it is opened or scanned.
  const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
  context.subscriptions.push(
    deletions,
    deletions.onDidDelete((uri) => {
      ctx.store.forgetDeleted(uri);
      ctx.policy.forgetDeleted(uri);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) {
        ctx.invalidateConfig(folder.uri.fsPath);
        ctx.policy.forgetDeleted(folder.uri);
      }
      for (const folder of event.added) void checkFolderPolicy(folder, checkPolicyOnDisk);
    }),
  );
  // Each folder's policy file is checked once it is known to have one: a broken file is marked before any scan.
  checkEveryFolderPolicy();

  linter.lintOpenDocuments();
  // The e2e test and the benchmark read this line.
  ctx.log.info(
    `DevSecOps activated in ${(performance.now() - started).toFixed(1)} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: built-in engines only, no processes, no AWS'})`,
  );
}

/** Checks the folder's policy files on disk when it has any (a folder without one never loads the core for it). */
async function checkFolderPolicy(folder: vscode.WorkspaceFolder, check: (root: string) => void): Promise<void> {
  for (const name of POLICY_FILE_NAMES) {
    const found = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, name))).then(
      () => true,
      () => false,
    );
    if (found) {
      check(folder.uri.fsPath);
      return;
    }
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
