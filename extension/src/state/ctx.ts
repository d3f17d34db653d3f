import * as path from 'node:path';
import * as vscode from 'vscode';
import { toDevsecopsError } from '@devsecops/shared/errors';
import type { DevsecopsConfig, ExecutionSettings, TrustWarning } from '@devsecops/shared/config';
import type { ProcessRunner } from '@devsecops/shared/process';
import type { ToolRun, AdvisoryDatabaseAge } from '@devsecops/shared/engines';
import { DiagnosticStore } from './diagnostic-store';
import { PolicyDiagnostics } from './policy-diagnostics';
import { POLICY_FILE_NAMES } from '../model/policy-diagnostic';
import { configProblemPopup, forgetSaidConfigProblems } from '../model/config-problem-popup';
import { MissingToolNotifier } from './missing-tools';
import { editorExecution } from '../core/editor-execution';
import { effectiveConfig } from '../core/effective-config';
import type { EditorSettings } from '../model/editor-settings';
import { loadCore } from '../core/core-loader';
import type { Core } from '../core/core-loader';
import type { ScanEngines } from '../core/scan-engines';
import { trustedOnlyProcessRunner } from '../core/trusted-process-runner';
import { readSettings } from './settings';
import { StatusBar } from './status-bar';
import { DatabaseAgeItem } from './database-age-item';
import { PipelineRuns } from './pipeline-runs';
import { Baselines } from './baselines';
import { statusView } from '../model/status-text';
import type { FileGap } from '../model/status-text';

/** Where a file sits: its workspace folder's path (the repository root) and its path inside it. */
export interface FileLocation {
  /** Absolute path of the root the file is scanned against. */
  readonly root: string;
  /** POSIX path relative to `root`. */
  readonly relativePath: string;
  readonly folder: vscode.WorkspaceFolder | undefined;
}

/**
 * The extension's state in one place (rust-analyzer's `Ctx`): the log, the diagnostics, the status bar,
 * the engines and each folder's configuration. Commands and providers get it; `extension.ts` only wires.
 */
export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly store: DiagnosticStore;
  /** The problems of each folder's `.devsecops.yml`, on the file (not findings: nothing counts them). */
  readonly policy = new PolicyDiagnostics();
  readonly missingTools: MissingToolNotifier;
  /** The last pipeline run: live stages, then its report and gate. */
  readonly pipelineRuns = new PipelineRuns();
  /** The findings of `devsecops.baseline.ref`, for "new only". */
  readonly baselines: Baselines;
  /** The advisory database the last scan or pipeline run used (its date and age), when one said. */
  advisoryDatabase: AdvisoryDatabaseAge | undefined;
  /** Spawns processes, and refuses to while the workspace is untrusted. */
  readonly runProcess: ProcessRunner;
  /** The advisory data's date (its own status bar item, apart from the findings count). */
  readonly databaseAge: DatabaseAgeItem;
  private readonly statusBar: StatusBar;
  private readonly configs = new Map<string, Promise<DevsecopsConfig>>();
  private readonly configProblemsShown = new Set<string>();
  private readonly trustWarningsShown = new Set<string>();
  private scanning = 0;
  private loadedCore: Core | undefined;
  private loadedEngines: ScanEngines | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('DevSecOps', { log: true });
    this.store = new DiagnosticStore((uri) => readSettings(uri).severityMap);
    this.statusBar = new StatusBar();
    this.databaseAge = new DatabaseAgeItem(() => vscode.workspace.isTrusted);
    this.missingTools = new MissingToolNotifier(extension.globalState, this.log, () => this.updateStatus());
    this.runProcess = trustedOnlyProcessRunner(
      (request) => this.core.runProcess(request),
      () => vscode.workspace.isTrusted,
    );
    this.baselines = new Baselines(this);
    this.store.onDidChange(() => this.updateStatus());
    this.updateStatus();
  }

  /** The core (engines, config, pipeline), loaded on first use. */
  get core(): Core {
    this.loadedCore ??= loadCore();
    return this.loadedCore;
  }

  /** The scan engines, created on the first scan. */
  get engines(): ScanEngines {
    this.loadedEngines ??= this.core.createScanEngines({ runProcess: this.runProcess });
    return this.loadedEngines;
  }

  /** The devsecops CLI bundled with the extension, which the local pipeline's buildspecs call. */
  get cliPath(): string {
    return path.join(this.extension.extensionPath, 'dist', 'cli.js');
  }

  /** The workspace trust decision, read live: trusting a folder takes effect without a reload. */
  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  settings(scope: vscode.Uri | vscode.WorkspaceFolder | undefined): EditorSettings {
    return readSettings(scope);
  }

  /** The folder a file belongs to; a file outside every folder is scanned against its own directory. */
  locate(uri: vscode.Uri): FileLocation {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const root = folder ? folder.uri.fsPath : path.dirname(uri.fsPath);
    return { root, relativePath: path.relative(root, uri.fsPath).split(path.sep).join('/'), folder };
  }

  /** `.devsecops.yml` of `root` merged with the settings, safe for the current trust state. */
  async scanConfig(root: string, settings: EditorSettings): Promise<DevsecopsConfig> {
    return effectiveConfig(await this.fileConfig(root), settings, this.trusted);
  }

  /** What runs for `root`: the machine-scoped settings, and nothing in an untrusted workspace. */
  scanExecution(root: string, settings: EditorSettings): ExecutionSettings {
    return editorExecution(settings, this.trusted, root);
  }

  /**
   * Logs, once per folder and key, that the folder's `.devsecops.yml` tried to choose what runs and was
   * ignored (every scan finds it again; the output channel should say it once).
   */
  reportTrustWarnings(root: string, warnings: readonly TrustWarning[]): void {
    for (const warning of warnings) {
      const key = `${root}\0${warning.message}`;
      if (this.trustWarningsShown.has(key)) continue;
      this.trustWarningsShown.add(key);
      this.log.warn(`${root}: ${warning.message}`);
    }
  }

  /**
   * Validates an open policy file's buffer (unsaved edits included) and shows its problems on it. It reads and
   * checks, and runs nothing: the same in Restricted Mode. A file deleted while open has none.
   */
  checkPolicyBuffer(document: vscode.TextDocument): void {
    const { root, relativePath } = this.locate(document.uri);
    const folder = { root, settings: this.settings(document.uri), trusted: this.trusted };
    this.policy.show(document.uri, this.core.policyProblemsOfBuffer(folder, relativePath, document.getText()));
  }

  /**
   * Shows the problems of `root`'s policy files as they are on disk, read as a scan reads them; a file open in an
   * editor is left to its buffer's check, and a file that is gone loses its diagnostics.
   */
  async checkPolicyOnDisk(root: string): Promise<void> {
    const uris = POLICY_FILE_NAMES.map((name) => ({ name, uri: vscode.Uri.file(path.join(root, name)) }));
    const settings = this.settings(uris[0]?.uri);
    const files = settings.enable
      ? await this.core.policyProblemsOnDisk({ root, settings, trusted: this.trusted })
      : [];
    for (const { name, uri } of uris) {
      const key = uri.toString();
      if (vscode.workspace.textDocuments.some((open) => !open.isClosed && open.uri.toString() === key)) continue;
      const file = files.find((found) => found.name === name);
      if (file === undefined) this.policy.clear(uri);
      else this.policy.show(uri, file.problems);
    }
  }

  /** Forgets cached configuration (after `.devsecops.yml` changed), and which warnings were shown. */
  invalidateConfig(root?: string): void {
    if (root === undefined) this.configs.clear();
    else this.configs.delete(root);
    this.trustWarningsShown.clear();
  }

  /** Counts a running scan for the status bar; returns the function that ends it. */
  beginScan(): () => void {
    this.scanning += 1;
    this.updateStatus();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.scanning -= 1;
      this.updateStatus();
    };
  }

  updateStatus(): void {
    const files = this.store.files();
    const gaps: FileGap[] = files.flatMap((file) =>
      file.notScanned.map((gap) => ({ ...gap, file: vscode.workspace.asRelativePath(file.uri, false) })),
    );
    for (const gap of this.store.model.workspaceNotScanned) gaps.push({ ...gap, file: 'workspace' });
    for (const tool of this.missingTools.missingTools) {
      if (!gaps.some((gap) => gap.tool === tool && gap.cause === 'missing-tool'))
        gaps.push({
          tool,
          cause: 'missing-tool',
          reason: `${tool} is not installed (see the output).`,
          file: 'workspace',
        });
    }
    this.statusBar.update(
      statusView({
        scanning: this.scanning,
        findings: files.reduce((total, file) => total + file.findings.length, 0),
        scannedFiles: files.length,
        workspaceScanned: this.store.model.hasWorkspaceScan,
        trusted: this.trusted,
        gaps,
      }),
    );
  }

  /** Takes in what a scan's tool runs say beyond findings: the advisory database's age. */
  reportToolRuns(runs: readonly ToolRun[]): void {
    this.databaseAge.update(runs.find((run) => run.advisoryDatabase !== undefined)?.advisoryDatabase);
  }

  dispose(): void {
    this.databaseAge.dispose();
    this.store.dispose();
    this.policy.dispose();
    this.pipelineRuns.dispose();
    this.baselines.dispose();
    this.statusBar.dispose();
    this.log.dispose();
  }

  private fileConfig(root: string): Promise<DevsecopsConfig> {
    let loading = this.configs.get(root);
    if (!loading) {
      // The same read gives the file's diagnostics, so a file that falls back to the defaults is marked at its lines.
      this.checkPolicyOnDisk(root).catch((error: unknown) => {
        this.log.error(`Checking ${root}'s .devsecops.yml failed: ${toDevsecopsError(error).message}`);
      });
      loading = this.core.loadConfig(root).then(
        (config) => {
          forgetSaidConfigProblems(root, this.configProblemsShown);
          return config;
        },
        (error: unknown) => {
          const problem = toDevsecopsError(error, 'CONFIG_INVALID');
          this.log.error(`${root}: ${problem.message}`);
          this.showConfigProblem(root, problem.message);
          return this.core.DEFAULT_CONFIG;
        },
      );
      this.configs.set(root, loading);
    }
    return loading;
  }

  /** Says that the folder's policy is not used, when the file has a problem not said before. */
  private showConfigProblem(root: string, message: string): void {
    const popup = configProblemPopup(root, message, this.configProblemsShown);
    if (popup === undefined) return;
    const showProblems = 'Show Problems';
    void vscode.window.showErrorMessage(popup, showProblems).then((choice) => {
      if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
}
