import { parseUnifiedPatch } from '../diff/unified-patch';
import type { DiffService } from '../ports';

/** A DiffService over a patch already read into memory (the CLI's `--diff`). */
export function unifiedPatchDiffService(patchText: string): DiffService {
  return { pullRequestDiff: () => Promise.resolve(parseUnifiedPatch(patchText)) };
}
