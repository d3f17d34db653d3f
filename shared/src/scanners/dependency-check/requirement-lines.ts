import { splitLines } from '../../files/line-reader';
import { normalizePackageName } from '../builtin-sca/package-name';

/** The project name a requirement line starts with (`Flask[async]==2.0` → `Flask`). */
const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/**
 * The 1-based line of `requirements.txt` text that requires `packageName`
 * (compared PEP 503-normalised), or undefined when no line does. Comments,
 * blank lines and option lines (`-r`, `--hash` continuations) never match.
 */
export function findRequirementLine(text: string, packageName: string): number | undefined {
  const wanted = normalizePackageName(packageName);
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('-')) continue;
    const name = REQUIREMENT_NAME.exec(line)?.[1];
    if (name !== undefined && normalizePackageName(name) === wanted) return index + 1;
  }
  return undefined;
}
