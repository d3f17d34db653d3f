import assert from 'node:assert/strict';
import { upgradedSpecifier } from '@devsecops/shared/engines';
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

    it('extends a pragma written with spaces, tabs or a trailing comment, which hadolint reads too', () => {
      assert.deepEqual(
        hadolintSuppression(
          'RUN apt-get install curl',
          4,
          '# hadolint ignore=DL3008  # pinned by the base image',
          'DL3015',
          '',
        ),
        { startLine: 3, endLine: 3, text: '# hadolint ignore=DL3008,DL3015  # pinned by the base image' },
      );
      assert.equal(
        hadolintSuppression('RUN x', 2, '\t# hadolint ignore = DL3008 , DL3009', 'DL3015', 'why')?.text,
        '\t# why\n\t# hadolint ignore = DL3008 , DL3009,DL3015',
      );
      // A code in the pragma's comment is not one it ignores.
      assert.equal(
        hadolintSuppression('RUN x', 2, '# hadolint ignore = DL3008 # DL3015 too', 'DL3015', '')?.text,
        '# hadolint ignore = DL3008,DL3015 # DL3015 too',
      );
    });

    it('adds a pragma of its own below a line that only looks like one', () => {
      assert.equal(
        hadolintSuppression('RUN x', 2, '# hadolint global ignore=DL3008', 'DL3015', '')?.text,
        '# hadolint ignore=DL3015\nRUN x',
      );
    });

    it('keeps the instruction indentation', () => {
      assert.equal(
        hadolintSuppression('  RUN cd /tmp', 2, 'FROM x', 'DL3003', '')?.text,
        '  # hadolint ignore=DL3003\n  RUN cd /tmp',
      );
    });
  });

  describe('upgradeRequirementVersion', () => {
    const upgrade = (line: string, version: string, lineNumber = 1): string | undefined => {
      const edit = upgradeRequirementVersion(line, lineNumber, version, upgradedSpecifier);
      return edit && `${line.slice(0, edit.startColumn)}${edit.text}${line.slice(edit.endColumn)}`;
    };

    it('replaces the pinned specifier only', () => {
      assert.deepEqual(upgradeRequirementVersion('jinja2==2.10', 3, '2.10.1', upgradedSpecifier), {
        line: 3,
        startColumn: 6,
        endColumn: 12,
        text: '==2.10.1',
      });
    });

    it('handles extras, spaces, markers, hashes and comments', () => {
      assert.equal(
        upgrade('Jinja2[i18n] == 2.10 ; python_version > "3.6" --hash=sha256:abc  # pinned', '2.11.3'),
        'Jinja2[i18n] ==2.11.3 ; python_version > "3.6" --hash=sha256:abc  # pinned',
      );
      assert.equal(upgrade('jinja2===2.10 --hash=sha256:abc', '2.11.3'), 'jinja2===2.11.3 --hash=sha256:abc');
    });

    it('raises the floor of ">=" and "~=" specifiers and keeps the upper bounds that allow the new version', () => {
      assert.deepEqual(upgradeRequirementVersion('requests>=2.0,<3', 1, '2.32.0', upgradedSpecifier), {
        line: 1,
        startColumn: 8,
        endColumn: 16,
        text: '>=2.32.0,<3',
      });
      assert.equal(upgrade('django~=3.2.1', '3.2.25'), 'django~=3.2.25');
      assert.equal(
        upgrade('requests >= 2.0, < 3, != 2.31.0  # keep', '2.32.0'),
        'requests >=2.32.0, < 3, != 2.31.0  # keep',
      );
    });

    it('drops an upper bound or exclusion that would refuse the new version, which pip could not satisfy', () => {
      assert.equal(upgrade('requests>=2.0,<2.20', '2.20.0'), 'requests>=2.20.0');
      assert.equal(
        upgrade('requests>2.0,<=2.19.1 ; python_version >= "3"', '2.20.0'),
        'requests>=2.20.0 ; python_version >= "3"',
      );
      assert.equal(upgrade('urllib3!=1.26.18,>=1.26', '1.26.18'), 'urllib3>=1.26.18');
      assert.equal(upgrade('flask<2.0', '2.2.5'), 'flask>=2.2.5');
    });

    it('gives nothing for lines without a version, editable installs, URLs and equal versions', () => {
      assert.equal(upgrade('flask', '2.0'), undefined);
      assert.equal(upgrade('flask[async]  # latest', '2.0'), undefined);
      assert.equal(upgrade('-e git+https://example.com/x.git#egg=x', '2.0'), undefined);
      assert.equal(upgrade('https://example.com/x-1.0.tar.gz', '2.0'), undefined);
      assert.equal(upgrade('x @ https://example.com/x-1.0.tar.gz', '2.0'), undefined);
      assert.equal(upgrade('flask==2.0', '2.0'), undefined);
      assert.equal(upgrade('# jinja2==2.10', '2.10.1'), undefined);
      assert.equal(upgrade('django<=1.0,=1..0', '1..0'), undefined, 'a version PEP 440 cannot read');
    });
  });
});
