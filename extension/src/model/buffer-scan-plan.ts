import type { BufferKind } from './buffer-kind';
import type { EditorSettings } from './editor-settings';
import type { NotScanned } from './findings-model';
import { restrictedModeGap } from './not-scanned';

/** Why a document is being looked at: it was opened (or everything is checked again), edited, or saved. */
export type BufferTrigger = 'open' | 'change' | 'save';

/**
 * What the buffer linter does with a document:
 * - `forget`: drop its buffer result (the extension is off for it, or only "Scan workspace" scans it);
 * - `restricted`: show the gap instead of a scan (a program it needs does not run in Restricted Mode);
 * - `wait`: leave the last result as it is (an edit while scanning on save);
 * - `scan`: scan the buffer.
 */
export type BufferScanPlan =
  | { readonly action: 'forget' }
  | { readonly action: 'restricted'; readonly gap: NotScanned }
  | { readonly action: 'wait' }
  | { readonly action: 'scan' };

/** Decides what happens to a document of `kind` on `trigger`, for the folder's settings and trust. */
export function bufferScanPlan(
  kind: BufferKind,
  trigger: BufferTrigger,
  settings: Pick<EditorSettings, 'enable' | 'run'> & { readonly bandit: { readonly enabled: boolean } },
  trusted: boolean,
): BufferScanPlan {
  if (!settings.enable) return { action: 'forget' };
  const gap = restrictedModeGap(kind, trusted, settings.bandit.enabled);
  if (gap) return { action: 'restricted', gap };
  // Only a Restricted Mode gap is ever held for a document in manual mode: once trusted it is stale, and
  // left in place it would keep saying "Restricted Mode" in a trusted workspace.
  if (settings.run === 'manual') return { action: 'forget' };
  if (settings.run === 'onSave' && trigger === 'change') return { action: 'wait' };
  return { action: 'scan' };
}
