import { deepStrictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

/**
 * Folders whose files are not ours to tell users what to run: installed packages, builds and other outputs the
 * repository ignores (a CDK asset holds the bundled CLI, Stryker's sandbox a copy of every source), test inputs.
 */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'out',
  '.git',
  'fixtures',
  '.vscode-test',
  '.cache',
  'reports',
  'cdk.out',
  'build',
  '.stryker-tmp',
]);

/** The files under `folder` whose names end with `suffix` (`.md`, `.ts`), outside the skipped folders. */
function filesEndingWith(folder: string, suffix: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.scratch'))
        found.push(...filesEndingWith(path, suffix));
    } else if (entry.isFile() && entry.name.endsWith(suffix)) {
      found.push(path);
    }
  }
  return found;
}

/** The text a reader would copy into a shell: fenced blocks and inline code spans (which may wrap lines). */
function codeInMarkdown(markdown: string): string[] {
  const code: string[] = [];
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm, (_whole, _fence, body: string) => {
    code.push(body);
    return '';
  });
  for (const span of withoutFences.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) code.push(span[2] ?? '');
  return code;
}

/**
 * A plain `npx NAME` runs whatever the npm registry serves under NAME when it is not installed here (a
 * typo, a missing `npm ci`, a folder outside the workspace): a security tool's documentation must not hand
 * its users that. `npx --no -- NAME` runs only what is installed, and fails otherwise.
 */
function npxWithoutNoInstall(code: string): string[] {
  return [...code.matchAll(/\bnpx\b(?![ \t]+--no\b(?!-))[^\n]*/g)].map((match) => match[0]);
}

/** Source files where `npx` is data, not advice: this test's own examples, and a Dockerfile rule's input. */
const NPX_AS_DATA = new Set([
  'shared/test/docs/npx-commands.test.ts',
  'shared/test/scanners/builtin-dockerfile/language-package-rules.test.ts',
]);

describe('documentation commands', () => {
  it('never tell a user to run a plain `npx NAME`, which could fetch NAME from the npm registry', () => {
    const offending: string[] = [];
    for (const file of filesEndingWith(REPOSITORY_ROOT, '.md')) {
      for (const code of codeInMarkdown(readFileSync(file, 'utf8'))) {
        for (const command of npxWithoutNoInstall(code))
          offending.push(`${relative(REPOSITORY_ROOT, file)}: ${command}`);
      }
    }
    deepStrictEqual(offending, []);
  });

  it('never tell a reader to run a plain `npx NAME` in a source file: comments, usage messages, replay commands', () => {
    // A benchmark's header comment, a usage line, a printed replay command: text a reader copies, too.
    const offending: string[] = [];
    for (const suffix of ['.ts', '.mjs', '.js']) {
      for (const file of filesEndingWith(REPOSITORY_ROOT, suffix)) {
        const name = relative(REPOSITORY_ROOT, file);
        if (NPX_AS_DATA.has(name)) continue;
        for (const command of npxWithoutNoInstall(readFileSync(file, 'utf8'))) offending.push(`${name}: ${command}`);
      }
    }
    deepStrictEqual(offending, []);
  });

  it('finds a plain npx in inline code, in a wrapped code span and in a fenced block, and accepts npx --no', () => {
    const markdown = [
      'Run `npx tsx bench/a.ts` or `npx -w infra cdk',
      'bootstrap`, never `npx --no-install x`, but `npx --no -- mocha FILE` is fine.',
      '',
      '```sh',
      'npm ci',
      'UPDATE=1 npx mocha test',
      '```',
      '',
      'Prose about npx outside code is not a command.',
    ].join('\n');
    deepStrictEqual(codeInMarkdown(markdown).flatMap(npxWithoutNoInstall), [
      'npx mocha test',
      'npx tsx bench/a.ts',
      'npx -w infra cdk',
      'npx --no-install x',
    ]);
  });
});
