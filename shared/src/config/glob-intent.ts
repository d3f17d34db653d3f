import { globMatcherWithFolders, globProblem } from '../files/glob';

/**
 * Why a valid glob from `.devsecops.yml` (`ignore`, a suppression's `path`) most likely matches nothing its
 * author meant, with the glob to write instead; undefined when it reads as a glob. Paths are
 * repository-relative POSIX paths (`src/app.py`), and the globs are not regular expressions.
 */
export function globIntentProblem(glob: string): string | undefined {
  const negated = glob.startsWith('!') ? '!' : '';
  const body = glob.slice(negated.length);
  if (looksLikeRegularExpression(body)) {
    return `${JSON.stringify(glob)} reads as a regular expression, and globs are not: ${consequence(negated)}. Write a glob, e.g. ${JSON.stringify(negated + globFromRegularExpression(body))} (* is any characters within a folder, ** any folders).`;
  }
  if (body.startsWith('/')) {
    return `${JSON.stringify(glob)} starts with "/", and paths are repository-relative (src/app.py): ${consequence(negated)}; write ${JSON.stringify(negated + body.replace(/^\/+/, ''))}.`;
  }
  return undefined;
}

/** What such a glob does: nothing, or, negated (`!` matches every path the rest does not), everything. */
function consequence(negated: string): string {
  return negated === ''
    ? 'it matches no path as meant'
    : 'what follows "!" matches no path, so the glob matches every path';
}

/**
 * Signs no one writes in a glob of file names: an escaped dot (`\.`, a plain `.` in a glob), `^` and `$`
 * anchors, `.+`, and the classes `\d`, `\w`, `\s`.
 */
function looksLikeRegularExpression(glob: string): boolean {
  return /\\[.dws]|\.\+/.test(glob) || glob.startsWith('^') || (glob.endsWith('$') && !glob.endsWith('\\$'));
}

/** The glob a regular expression of paths most likely meant: `.*\.py` → `**\/*.py`, `^src/.*$` → `src/**`, `^src/.*\.py$` → `src/**\/*.py`. */
function globFromRegularExpression(expression: string): string {
  const glob = expression
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\/\.[*+]$/, '/**')
    .replace(/\/\.[*+]/g, '/**/*')
    .replace(/\.[*+]/g, '*')
    .replace(/\\d\+?/g, '*')
    .replace(/\\w\+?/g, '*')
    .replace(/\\\./g, '.');
  return glob.includes('/') ? glob : `**/${glob}`;
}

/**
 * In `ignore`, `!P` matches every path outside P (it does not bring files back as in `.gitignore`). With a
 * glob that also matches inside P (`tests/**` beside `!tests/security/**`), the list ignores the repository
 * whole or nearly, and a scan of nothing passes the gate. The first such pair, as indexes into `globs`.
 */
export function ignoreListCoveringEverything(
  globs: readonly string[],
): { readonly negated: number; readonly covering: number } | undefined {
  for (const [negated, glob] of globs.entries()) {
    if (!glob.startsWith('!') || glob.startsWith('!(')) continue;
    const inside = samplePathInside(glob.slice(1));
    if (inside === undefined) continue;
    const covering = globs.findIndex(
      (other, index) =>
        index !== negated &&
        !other.startsWith('!') &&
        globProblem(other) === undefined &&
        globMatcherWithFolders([other])(inside),
    );
    if (covering >= 0) return { negated, covering };
  }
  return undefined;
}

/** A path the glob matches: its literal folders, then a name (`tests/security/**` → `tests/security/x`). */
function samplePathInside(glob: string): string | undefined {
  const folders = glob.replace(/^\.\//, '').split('/');
  const literal: string[] = [];
  for (const folder of folders) {
    if (folder === '' || /[*?[\]{}\\!]/.test(folder)) break;
    literal.push(folder);
  }
  if (literal.length === 0) return undefined;
  const sample = literal.length === folders.length ? literal.join('/') : [...literal, 'x'].join('/');
  return globProblem(glob) === undefined && globMatcherWithFolders([glob])(sample) ? sample : undefined;
}
