import assert from 'node:assert/strict';
import { banditSuppression, hadolintSuppression, upgradeRequirementVersion } from '../../src/model/line-edits';

describe('line edits', () => {
  describe('banditSuppression', () => {
    it('appends "# nosec <id>" with the reason in its own comment', () => {
      assert.deepEqual(
        banditSuppression('    return subprocess.call(cmd, shell=True)', 5, 'B602', 'cmd is a constant'),
        {
          startLine: 5,
          endLine: 5,
          text: '    return subprocess.call(cmd, shell=True)  # nosec B602 # cmd is a constant',
        },
      );
    });

    it('omits the reason comment when there is none, and keeps an existing comment', () => {
      assert.deepEqual(banditSuppression('x = eval(y)  # legacy', 3, 'B307', ''), {
        startLine: 3,
        endLine: 3,
        text: 'x = eval(y)  # legacy  # nosec B307',
      });
    });

    it('adds the id to an existing "# nosec" list', () => {
      assert.deepEqual(banditSuppression('run(x)  # nosec B101 # old reason', 1, 'B602', ''), {
        startLine: 1,
        endLine: 1,
        text: 'run(x)  # nosec B101, B602 # old reason',
      });
    });

    it('does nothing when the line is already suppressed for all tests or for this one', () => {
      assert.equal(banditSuppression('run(x)  # nosec', 1, 'B602', 'why'), undefined);
      assert.equal(banditSuppression('run(x)  # nosec B602', 1, 'B602', 'why'), undefined);
    });

    it('keeps a reason on one line and free of "#"', () => {
      assert.equal(
        banditSuppression('run(x)', 1, 'B602', 'line one\nline #two')?.text,
        'run(x)  # nosec B602 # line one line two',
      );
    });
  });

  describe('hadolintSuppression', () => {
    it('inserts the pragma above the instruction, with the reason on a comment line above it', () => {
      assert.deepEqual(hadolintSuppression('FROM python:latest', 1, undefined, 'DL3007', 'pinned by digest in CI'), {
        startLine: 1,
        endLine: 1,
        text: '# pinned by digest in CI\n# hadolint ignore=DL3007\nFROM python:latest',
      });
    });

    it('extends an existing ignore pragma on the line above', () => {
      assert.deepEqual(hadolintSuppression('RUN apt-get install curl', 4, '# hadolint ignore=DL3008', 'DL3015', ''), {
        startLine: 3,
        endLine: 3,
        text: '# hadolint ignore=DL3008,DL3015',
      });
      assert.equal(hadolintSuppression('RUN x', 4, '# hadolint ignore=DL3008, DL3015', 'DL3015', ''), undefined);
    });

    it('keeps the instruction indentation', () => {
      assert.equal(
        hadolintSuppression('  RUN cd /tmp', 2, 'FROM x', 'DL3003', '')?.text,
        '  # hadolint ignore=DL3003\n  RUN cd /tmp',
      );
    });
  });

  describe('upgradeRequirementVersion', () => {
    it('replaces the pinned version only', () => {
      assert.deepEqual(upgradeRequirementVersion('jinja2==2.10', 3, '2.10.1'), {
        line: 3,
        startColumn: 8,
        endColumn: 12,
        text: '2.10.1',
      });
    });

    it('handles extras, spaces, markers, hashes and comments', () => {
      const line = 'Jinja2[i18n] == 2.10 ; python_version > "3.6" --hash=sha256:abc  # pinned';
      const edit = upgradeRequirementVersion(line, 1, '2.11.3');
      assert.ok(edit);
      assert.equal(
        `${line.slice(0, edit.startColumn)}${edit.text}${line.slice(edit.endColumn)}`,
        line.replace('2.10', '2.11.3'),
      );
    });

    it('raises the floor of ">=" and "~=" specifiers', () => {
      const edit = upgradeRequirementVersion('requests>=2.0,<3', 1, '2.32.0');
      assert.deepEqual(edit, { line: 1, startColumn: 10, endColumn: 13, text: '2.32.0' });
      assert.equal(upgradeRequirementVersion('django~=3.2.1', 1, '3.2.25')?.text, '3.2.25');
    });

    it('gives nothing for lines without a version, editable installs, URLs and equal versions', () => {
      assert.equal(upgradeRequirementVersion('flask', 1, '2.0'), undefined);
      assert.equal(upgradeRequirementVersion('-e git+https://example.com/x.git#egg=x', 1, '2.0'), undefined);
      assert.equal(upgradeRequirementVersion('https://example.com/x-1.0.tar.gz', 1, '2.0'), undefined);
      assert.equal(upgradeRequirementVersion('flask==2.0', 1, '2.0'), undefined);
      assert.equal(upgradeRequirementVersion('# jinja2==2.10', 1, '2.10.1'), undefined);
    });
  });
});
