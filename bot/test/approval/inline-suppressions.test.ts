import assert from 'node:assert/strict';
import { inlineSuppressionsAdded } from '../../src/approval/inline-suppressions';
import type { FileDiff, PullRequestDiff } from '../../src/diff/pull-request-diff';
import { diffFileTexts, MAX_DIFF_EDITS } from '../../src/diff/text-diff';
import { parseUnifiedPatch } from '../../src/diff/unified-patch';

/** Each change as `path:line detail`, in the order the summary lists them. */
function listed(diff: PullRequestDiff): string[] {
  return inlineSuppressionsAdded(diff).map(
    (change) => `${String(change.location?.path)}:${String(change.location?.line)} ${change.detail}`,
  );
}

function diffOf(...files: FileDiff[]): PullRequestDiff {
  return new Map(files.map((file) => [file.path, file]));
}

describe('inline suppressions a pull request adds', () => {
  it('lists a # hadolint ignore= the pull request keeps when it changes the instruction after it, and no other', () => {
    const before = [
      'FROM python:3.12-slim', // 1
      '# hadolint ignore=DL3008', // 2
      'RUN apt-get update \\', // 3
      '    && apt-get install -y curl', // 4
      '# hadolint ignore=DL3002', // 5
      'USER root', // 6
      '# hadolint ignore=DL4006', // 7
      'RUN <<EOF', // 8
      'wget -O - https://example.com/a', // 9
      'EOF', // 10
      '# hadolint global ignore=DL3059', // 11
      'RUN echo done', // 12
      '',
    ].join('\n');
    const after = before
      .replace('install -y curl', 'install -y curl netcat-traditional')
      .replace('example.com/a', 'example.com/a | sh')
      .replace('echo done', 'echo finished');
    assert.deepStrictEqual(listed(diffOf(diffFileTexts('Dockerfile', before, after))), [
      'Dockerfile:2 # hadolint ignore=DL3008 (unchanged, and covers changed line 4 of the instruction after it)',
      'Dockerfile:7 # hadolint ignore=DL4006 (unchanged, and covers changed line 9 of the instruction after it)',
    ]);
  });

  it('lists a # nosec the pull request keeps when it covers a changed line of the same statement, and no other', () => {
    const before = [
      'subprocess.run(  # nosec', // 1
      '    ["git", "status"],', // 2
      ')', // 3
      'eval(x)  # nosec', // 4
      'subprocess.run(  # nosec', // 5
      '    ["ls"],', // 6
      ')', // 7
      'text = """', // 8
      '# nosec in a string is no comment', // 9
      '"""', // 10
      '',
    ].join('\n');
    const after = before
      .replace('["git", "status"],', 'command, shell=True,')
      .replace('eval(x)  # nosec', 'eval(x)  # nosec\ny = 1')
      .replace('is no comment', 'is still no comment');
    assert.deepStrictEqual(listed(diffOf(diffFileTexts('app/run.py', before, after))), [
      'app/run.py:1 subprocess.run(  # nosec (unchanged, and covers changed line 2 of its statement)',
      // A changed line is matched whole (one look more than needed); the string's unchanged lines are not.
      'app/run.py:10 # nosec in a string is still no comment',
    ]);
  });

  it('lists a # nosec kept inside an f-string field spread over lines when the pull request changes that f-string', () => {
    const before = ['msg = f"{", ".join([', "    'a',  # nosec", "    'b',", '])}"', ''].join('\n');
    const after = before.replace("'b',", 'os.popen(cmd).read(),');
    assert.deepStrictEqual(listed(diffOf(diffFileTexts('app/msg.py', before, after))), [
      "app/msg.py:2 'a',  # nosec (unchanged, and covers changed line 3 of its statement)",
    ]);
  });

  it("lists Bandit's # nosec forms on lines the pull request adds or changes, not on lines it keeps", () => {
    const before = ['import subprocess', 'subprocess.call(a, shell=True)  # nosec', 'x = 1', ''].join('\n');
    const after = [
      'import subprocess',
      'subprocess.call(a, shell=True)  # nosec',
      'x = 1',
      'subprocess.call(b, shell=True) #nosec',
      'subprocess.call(c, shell=True)  # nosec: B602, B607',
      'subprocess.call(d, shell=True)  # nosec B602',
      'eval(e)  # noqa: S307 # nosec',
      'y = "nosecurity"  # a word with nosec inside is not a pragma',
      'z = 1  # nosecurity: Bandit reads this as a nosec comment as well',
      '',
    ].join('\n');
    assert.deepStrictEqual(listed(diffOf(diffFileTexts('app/run.py', before, after))), [
      'app/run.py:4 subprocess.call(b, shell=True) #nosec',
      'app/run.py:5 subprocess.call(c, shell=True)  # nosec: B602, B607',
      'app/run.py:6 subprocess.call(d, shell=True)  # nosec B602',
      'app/run.py:7 eval(e)  # noqa: S307 # nosec',
      'app/run.py:9 z = 1  # nosecurity: Bandit reads this as a nosec comment as well',
    ]);
  });

  it("lists hadolint's ignore, global ignore and stage ignore pragmas in Dockerfiles, and not its shell pragma", () => {
    const after = [
      'FROM python:3.12',
      '# hadolint ignore=DL3008,DL3015',
      'RUN apt-get update && apt-get install -y curl',
      '  #hadolint global ignore = DL3003',
      '# hadolint stage ignore=DL4006',
      '# hadolint shell=bash',
      '# hadolint is a linter: ignore=me is prose',
      '',
    ].join('\n');
    assert.deepStrictEqual(listed(diffOf(diffFileTexts('docker/Dockerfile.prod', undefined, after))), [
      'docker/Dockerfile.prod:2 # hadolint ignore=DL3008,DL3015',
      'docker/Dockerfile.prod:4 #hadolint global ignore = DL3003',
      'docker/Dockerfile.prod:5 # hadolint stage ignore=DL4006',
    ]);
  });

  it('reads the added lines of a unified patch (the CLI --diff) as well', () => {
    const patch = [
      'diff --git a/app/main.py b/app/main.py',
      '--- a/app/main.py',
      '+++ b/app/main.py',
      '@@ -1,2 +1,2 @@',
      ' import os',
      '-os.system(cmd)',
      '+os.system(cmd)  # nosec',
      '',
    ].join('\n');
    assert.deepStrictEqual(listed(parseUnifiedPatch(patch)), ['app/main.py:2 os.system(cmd)  # nosec']);
  });

  it('ignores other files, deleted files and comments that only mention the tools', () => {
    assert.deepStrictEqual(
      listed(
        diffOf(
          diffFileTexts('README.md', undefined, 'Use `# nosec` sparingly\n# hadolint ignore=DL3008\n'),
          diffFileTexts('app/old.py', 'os.system(x)  # nosec\n', undefined),
          diffFileTexts('app/doc.py', undefined, '# Bandit findings need a reason, never a bare nosec\n'),
        ),
      ),
      [],
    );
  });

  it('lists a changed source whose text the bot could not read: it cannot say the file adds none', () => {
    const unread: FileDiff = {
      path: 'app/huge.py',
      changeType: 'modified',
      addedLines: new Set(),
      contextLines: new Set(),
      afterLineCount: 0,
    };
    assert.deepStrictEqual(listed(diffOf(unread)), [
      'app/huge.py:1 the bot could not read this file (binary or too large) to look for inline suppressions',
    ]);
  });

  it('finds a # nosec in a file too different to line-diff (every line counts as added)', () => {
    const lines = (salt: string): string[] =>
      Array.from({ length: MAX_DIFF_EDITS + 10 }, (_, index) => `v${salt}${String(index)} = ${String(index)}`);
    const after = [...lines('b'), 'os.system(x)  # nosec', ''].join('\n');
    const diff = diffFileTexts('app/gen.py', `${lines('a').join('\n')}\n`, after);
    assert.equal(diff.addedLines.size, MAX_DIFF_EDITS + 11);
    assert.deepStrictEqual(listed(diffOf(diff)), [`app/gen.py:${String(MAX_DIFF_EDITS + 11)} os.system(x)  # nosec`]);
  });

  it('quotes a long pragma line cut to 120 characters', () => {
    const long = `call(${'a'.repeat(200)})  # nosec`;
    const [entry] = listed(diffOf(diffFileTexts('app/long.py', undefined, `${long}\n`)));
    assert.equal(entry, `app/long.py:1 ${long.slice(0, 120)}…`);
  });
});
