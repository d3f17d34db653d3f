import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@devsecops/shared/process';
import { extractRef, isPlausibleRef } from '../../src/core/ref-snapshot';
import { labelText } from '../../src/model/label-text';

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('extractRef (the baseline ref in a private folder)', function () {
  this.timeout(60_000);
  let repo = '';
  let outside = '';
  let main = '';

  before(async function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip(); // git is what this feature runs; no git, nothing to test
    repo = await mkdtemp(join(tmpdir(), 'devsecops-ref-repo-'));
    outside = await mkdtemp(join(tmpdir(), 'devsecops-ref-outside-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'app.py'), 'import subprocess\nsubprocess.call(x, shell=True)\n');
    // A link out of the repository is kept as a link inside the snapshot, never followed to write outside.
    await symlink(outside, join(repo, 'escape'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    main = git(repo, 'rev-parse', 'HEAD');
    await writeFile(join(repo, 'app.py'), 'print("changed")\n');
    await writeFile(join(repo, 'new.py'), 'eval(x)\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'feature');
  });

  after(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('extracts the ref as it was, not the working tree, and removes it on dispose', async () => {
    const snapshot = await extractRef(runProcess, repo, 'HEAD~1');
    assert.ok(snapshot.ok, snapshot.ok ? '' : snapshot.reason);
    assert.equal(snapshot.commit, main);
    assert.equal(
      await readFile(join(snapshot.dir, 'app.py'), 'utf8'),
      'import subprocess\nsubprocess.call(x, shell=True)\n',
    );
    assert.equal(existsSync(join(snapshot.dir, 'new.py')), false);
    assert.ok(lstatSync(join(snapshot.dir, 'escape')).isSymbolicLink());
    assert.deepEqual(await readdir(outside), [], 'nothing was written outside');
    assert.equal((lstatSync(join(snapshot.dir, '..')).mode & 0o077).toString(8), '0', 'the folder is private');
    await snapshot.dispose();
    assert.equal(existsSync(snapshot.dir), false);
  });

  it('says why for an unknown ref and for a folder that is not a repository', async () => {
    const unknown = await extractRef(runProcess, repo, 'origin/nope');
    assert.deepEqual(unknown, { ok: false, reason: 'git does not know the ref "origin/nope" here (fetch it first?).' });
    const plain = await extractRef(runProcess, outside, 'main');
    assert.deepEqual(plain, { ok: false, reason: 'this folder is not a git repository.' });
  });

  it('never takes a ref for an option', async () => {
    const marker = join(outside, 'written-by-git');
    for (const ref of [`--output=${marker}`, '-o', 'main --output=x', 'main..HEAD', 'a\nb']) {
      assert.equal(isPlausibleRef(ref), false, ref);
      const result = await extractRef(runProcess, repo, ref);
      assert.equal(result.ok, false, ref);
    }
    assert.equal(existsSync(marker), false);
    for (const ref of ['main', 'origin/main', 'v1.2.3', main]) assert.equal(isPlausibleRef(ref), true, ref);
  });
});

describe('labelText', () => {
  it('keeps repository text on one line and out of the workbench icon syntax', () => {
    assert.equal(labelText('$(alert) bad\nsecond line'), '$\u200b(alert) bad second line');
  });
});
