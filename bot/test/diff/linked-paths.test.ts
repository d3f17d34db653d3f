import assert from 'node:assert/strict';
import { MAX_COMPONENTS_LOOKED_UP, MAX_LINKS_FOLLOWED, pathsOpenedThrough } from '../../src/diff/linked-paths';

/** A tree's links (path → target as written); every other path is a file or a folder. */
function linksOf(links: Readonly<Record<string, string>>) {
  const asked: string[] = [];
  const linkAt = (path: string): Promise<string | undefined> => {
    asked.push(path);
    return Promise.resolve(links[path]);
  };
  return { linkAt, asked };
}

describe('pathsOpenedThrough', () => {
  it('a path with no link on the way is opened as itself', async () => {
    const { linkAt, asked } = linksOf({});
    assert.deepStrictEqual(await pathsOpenedThrough('ci/bandit.yaml', linkAt), ['ci/bandit.yaml']);
    assert.deepStrictEqual(asked, ['ci', 'ci/bandit.yaml']);
  });

  it('follows a chain of links, each relative to its own folder', async () => {
    const { linkAt } = linksOf({ '.hadolint.yaml': 'ci/lint.yaml', 'ci/lint.yaml': 'hadolint.yaml' });
    assert.deepStrictEqual(await pathsOpenedThrough('.hadolint.yaml', linkAt), [
      '.hadolint.yaml',
      'ci/lint.yaml',
      'ci/hadolint.yaml',
    ]);
  });

  it('follows a link in a folder’s place, and ".." after it from where the link led (as the kernel does)', async () => {
    const { linkAt } = linksOf({ '.hadolint.yaml': 'ci/hadolint.yaml', ci: 'config/deep' });
    assert.deepStrictEqual(await pathsOpenedThrough('.hadolint.yaml', linkAt), [
      '.hadolint.yaml',
      'ci',
      'config/deep/hadolint.yaml',
    ]);
    const up = linksOf({ 'security/bandit.yaml': '../ci/../config/bandit.yaml', ci: 'config/deep' });
    // `ci/..` is `config`, the folder the link `ci` leads into, not the root: the kernel resolves `..` after links.
    assert.deepStrictEqual(await pathsOpenedThrough('security/bandit.yaml', up.linkAt), [
      'security/bandit.yaml',
      'ci',
      'config/config/bandit.yaml',
    ]);
  });

  it('stops at a link out of the repository or to an absolute path, keeping what it met on the way', async () => {
    assert.deepStrictEqual(await pathsOpenedThrough('.bandit', linksOf({ '.bandit': '../../etc/bandit' }).linkAt), [
      '.bandit',
    ]);
    assert.deepStrictEqual(
      await pathsOpenedThrough('.bandit', linksOf({ '.bandit': 'ci/b', 'ci/b': '/etc/bandit' }).linkAt),
      ['.bandit', 'ci/b'],
    );
  });

  it('stops at a loop after the kernel’s number of links', async () => {
    const { linkAt, asked } = linksOf({ a: 'b', b: 'a' });
    const met = await pathsOpenedThrough('a', linkAt);
    assert.equal(met.length, MAX_LINKS_FOLLOWED + 1);
    assert.equal(asked.length, MAX_LINKS_FOLLOWED + 1);
  });
  it('stops at the first path the caller stops at (a changed link), without following its target', async () => {
    const { linkAt, asked } = linksOf({ '.bandit': 'ci/bandit', 'ci/bandit': 'a/'.repeat(2_000) + 'b' });
    assert.deepStrictEqual(await pathsOpenedThrough('.bandit', linkAt, (path) => path === 'ci/bandit'), [
      '.bandit',
      'ci/bandit',
    ]);
    assert.deepStrictEqual(asked, ['.bandit', 'ci', 'ci/bandit']);
  });

  it('looks up at most MAX_COMPONENTS_LOOKED_UP components of a very long path', async () => {
    const { linkAt, asked } = linksOf({ '.bandit': 'a/'.repeat(2_000) + 'b' });
    assert.deepStrictEqual(await pathsOpenedThrough('.bandit', linkAt), ['.bandit']);
    assert.equal(asked.length, MAX_COMPONENTS_LOOKED_UP);
  });
});
