import * as vscode from 'vscode';
import type { DevsecopsConfig, ExecutionSettings } from '@devsecops/shared/config';
import type { ProcessRunner } from '@devsecops/shared/process';
import type { EditorSettings } from '../model/editor-settings';
import { extractRef } from '../core/ref-snapshot';
import type { ScanEngines } from '../core/scan-engines';

/** The baseline as the view shows it: ready (with its fingerprints), being computed, or inactive and why. */
export type BaselineState =
  | { readonly status: 'off' }
  | { readonly status: 'computing'; readonly ref: string }
  | { readonly status: 'ready'; readonly ref: string; readonly commits: readonly string[]; readonly findings: number }
  | { readonly status: 'inactive'; readonly ref: string; readonly reason: string };

/** The setting that names the ref to compare with. */
export const BASELINE_SETTING = 'baseline.ref';

/** What a baseline scan uses of the extension's state (the Ctx, which also holds the Baselines). */
export interface BaselineScanContext {
  readonly log: vscode.LogOutputChannel;
  /** The workspace trust decision, read live. */
  readonly trusted: boolean;
  readonly runProcess: ProcessRunner;
  readonly engines: ScanEngines;
  settings(scope: vscode.Uri | vscode.WorkspaceFolder | undefined): EditorSettings;
  /** Marks a scan as running; the returned function ends it. */
  beginScan(): () => void;
  scanConfig(root: string, settings: EditorSettings): Promise<DevsecopsConfig>;
  scanExecution(root: string, settings: EditorSettings): ExecutionSettings;
}

/**
 * "New findings only": the findings of the workspace as it is at `devsecops.baseline.ref` (e.g. origin/main), from
 * the same engines with the user's configuration, scanned in a private copy of that ref. A finding whose fingerprint
 * the baseline holds is pre-existing. Needs a trusted workspace (git and the scanners run) and a git repository.
 */
export class Baselines implements vscode.Disposable {
  private current: BaselineState = { status: 'off' };
  private set: ReadonlySet<string> | undefined;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: BaselineScanContext) {}

  get state(): BaselineState {
    return this.current;
  }

  /** Fingerprints of the baseline's findings, once computed. */
  get fingerprints(): ReadonlySet<string> | undefined {
    return this.set;
  }

  /** Forgets the baseline (the setting or the trust changed): the next `ensure` computes it again. */
  reset(): void {
    this.generation += 1;
    this.set = undefined;
    this.update({ status: 'off' });
  }

  /** Computes the baseline when the setting names a ref and it is not computed yet; says why when it cannot. */
  async ensure(): Promise<BaselineState> {
    if (this.current.status === 'ready' || this.current.status === 'computing') return this.current;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const ref = folders.length > 0 ? this.ctx.settings(folders[0]).baselineRef : '';
    if (ref === '') {
      return this.update({
        status: 'inactive',
        ref,
        reason: 'Set devsecops.baseline.ref to a git ref (e.g. origin/main) to see only the findings it does not have.',
      });
    }
    if (!this.ctx.trusted) {
      return this.update({
        status: 'inactive',
        ref,
        reason: 'Restricted Mode: comparing with a branch runs git and the scanners, so it needs a trusted workspace.',
      });
    }
    const generation = this.generation;
    this.update({ status: 'computing', ref });
    const end = this.ctx.beginScan();
    try {
      const fingerprints = new Set<string>();
      const commits: string[] = [];
      for (const folder of folders) {
        const root = folder.uri.fsPath;
        const snapshot = await extractRef(this.ctx.runProcess, root, ref);
        if (!snapshot.ok) {
          return generation === this.generation
            ? this.update({ status: 'inactive', ref, reason: `${folder.name}: ${snapshot.reason}` })
            : this.current;
        }
        try {
          const settings = this.ctx.settings(folder);
          // The same engines and the user's configuration of this folder, on the ref's files.
          const result = await this.ctx.engines.scanFolder({
            root: snapshot.dir,
            config: await this.ctx.scanConfig(root, settings),
            execution: this.ctx.scanExecution(root, settings),
            signal: new AbortController().signal,
            log: (line) => this.ctx.log.debug(`baseline ${ref}: ${line}`),
          });
          for (const finding of result.findings) fingerprints.add(finding.fingerprint);
          commits.push(snapshot.commit);
        } finally {
          await snapshot.dispose();
        }
      }
      if (generation !== this.generation) return this.current;
      this.set = fingerprints;
      this.ctx.log.info(
        `Baseline ${ref} (${commits.map((commit) => commit.slice(0, 12)).join(', ')}): ${fingerprints.size} findings`,
      );
      return this.update({ status: 'ready', ref, commits, findings: fingerprints.size });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return generation === this.generation ? this.update({ status: 'inactive', ref, reason }) : this.current;
    } finally {
      end();
    }
  }

  dispose(): void {
    this.changed.dispose();
  }

  private update(state: BaselineState): BaselineState {
    this.current = state;
    this.changed.fire();
    return state;
  }
}
