import type { FileChangeType } from './pull-request-diff';

/** A file a `git diff` header names, whether or not the patch has hunks for it. */
export interface HeaderFile {
  readonly path: string;
  readonly changeType: FileChangeType;
  /** True for `Binary files … differ`: the patch holds no text of it. */
  readonly binary: boolean;
}

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * A path as git writes it in a header: as is, or in double quotes with C escapes (octal bytes of UTF-8) when it
 * holds a quote, a backslash, a control or a non-ASCII character (`core.quotePath`).
 */
export function unquoteGitPath(written: string): string {
  if (!(written.startsWith('"') && written.endsWith('"') && written.length >= 2)) return written;
  const bytes: number[] = [];
  const inner = written.slice(1, -1);
  for (let index = 0; index < inner.length; index += 1) {
    const character = inner.charAt(index);
    if (character !== '\\') {
      bytes.push(...Buffer.from(character, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(inner.slice(index + 1));
    if (octal !== null) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
      continue;
    }
    const next = inner.charAt(index + 1);
    bytes.push(...Buffer.from(C_ESCAPES[next] ?? next, 'utf8'));
    index += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/x` → `x` (git's side prefixes), `/dev/null` → undefined. */
function sidePath(written: string): string | undefined {
  const path = unquoteGitPath(written);
  if (path === '/dev/null') return undefined;
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/**
 * The files `git diff` names in its extended headers, which a unified-patch reader that follows `---`/`+++`
 * lines never sees: both sides of a rename or copy (a pure one has no hunks at all) and binary files. A rename
 * of `.hadolint.yaml` away deletes the config the scanners read; a rename onto it writes one.
 */
export function gitHeaderFiles(patchText: string): HeaderFile[] {
  const files: HeaderFile[] = [];
  for (const line of patchText.split('\n').map((text) => text.replace(/\r$/, ''))) {
    const renamed = /^(rename|copy) (from|to) (.+)$/.exec(line);
    if (renamed !== null) {
      const path = unquoteGitPath(renamed[3] ?? '');
      if (renamed[2] === 'to') files.push({ path, changeType: 'added', binary: false });
      else if (renamed[1] === 'rename') files.push({ path, changeType: 'deleted', binary: false });
      continue;
    }
    const binary = /^Binary files (.+) and (.+) differ$/.exec(line);
    if (binary !== null) {
      const before = sidePath(binary[1] ?? '');
      const after = sidePath(binary[2] ?? '');
      const path = after ?? before;
      if (path === undefined) continue;
      files.push({
        path,
        changeType: after === undefined ? 'deleted' : before === undefined ? 'added' : 'modified',
        binary: true,
      });
    }
  }
  return files;
}
