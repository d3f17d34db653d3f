import { oneLine } from '@devsecops/shared/reports';

/**
 * Text from a scanned repository or a SARIF file made safe for a label that renders `$(icon)` syntax (quick
 * picks, tree items, the status bar): one line, and no `$(` that the workbench would draw as an icon.
 */
export function labelText(text: string): string {
  return oneLine(text).replace(/\$\(/g, '$\u200b(');
}
