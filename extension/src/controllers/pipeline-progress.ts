import * as vscode from 'vscode';

/** Runs `work` under a cancellable progress notification; its signal aborts on Cancel. */
export function withPipelineProgress<T>(
  title: string,
  work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return work((message) => progress.report({ message }), controller.signal);
    },
  );
}
