// The editor's quick fixes edit repository lines: a Python line (`# nosec`), a Dockerfile
// instruction and the line above it (`# hadolint ignore=`), and a requirements line (upgrade a pin).
// Whatever the lines hold, an edit must stay on the lines it names and do what it says.
import fc from 'fast-check';
import {
  banditSuppression,
  hadolintSuppression,
  upgradeRequirementVersion,
} from '../../../../extension/src/model/line-edits';
import { upgradedSpecifier } from '../../../../shared/src/scanners/builtin-sca/manifest-edits';
import { parseDockerfile } from '../../../../shared/src/scanners/builtin-dockerfile/dockerfile-model';
import { isIgnoredByPragma, readPragmas } from '../../../../shared/src/scanners/builtin-dockerfile/pragmas';
import { assertThat, neverThrows } from '../harness/expectations';
import { fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import { hostileString } from '../generators/hostile-text';
import { requirementLine, versionText } from '../generators/requirements-text';

/** Text without line breaks: a quick fix works on one line of a document. */
const oneLine = (text: string): string => text.replace(/[\r\n]/g, ' ');

const pythonLine = fc.oneof(
  fc.constantFrom(
    'subprocess.call(cmd, shell=True)',
    'x = 1  # nosec',
    'y()  # nosec B101',
    'z  #nosec: B602,B603 # why',
    '# nosec',
    '  ',
    '',
  ),
  fc
    .tuple(hostileString, fc.constantFrom('', ' # nosec', '# NOSEC B1', ' # x # nosec'))
    .map(([text, tail]) => oneLine(`${text}${tail}`)),
);
/** Bandit test ids. */
const ruleCode = fc.oneof(fc.constantFrom('B602', 'B101'), fc.stringMatching(/^B[0-9]{3}$/));
/** Dockerfile rule codes (hadolint's pragmas read D, L, S, C and digits only). */
const dockerfileRuleCode = fc.oneof(
  fc.constantFrom('DL3008', 'SC2086', 'DS001'),
  fc.stringMatching(/^(DL|SC|DS)[0-9]{1,4}$/),
);

const bandit = fuzzTarget({
  name: 'quick fix: # nosec on a Python line (banditSuppression)',
  arbitrary: () => fc.tuple(pythonLine, fc.integer({ min: 1, max: 500 }), ruleCode, hostileString),
  check: ([line, lineNumber, rule, reason]) => {
    const edit = neverThrows(() => banditSuppression(line, lineNumber, rule, reason));
    if (edit === undefined) return;
    assertThat(edit.startLine === lineNumber && edit.endLine === lineNumber, 'the edit leaves its line');
    assertThat(!/[\r\n]/.test(edit.text), `the reason added a line: ${JSON.stringify(edit.text)}`);
    assertThat(
      /#\s*nosec\b/i.test(edit.text) && edit.text.includes(rule),
      `the edit ${JSON.stringify(edit.text)} does not silence ${rule}`,
    );
  },
  growth: [
    textGrowth(
      'a line of many # characters',
      (size) => `x = 1 ${'#'.repeat(size * 16)} nosec`,
      (line) => banditSuppression(line, 1, 'B101', 'r'),
    ),
    textGrowth(
      'a long reason',
      (size) => 'why '.repeat(size * 4),
      (reason) => banditSuppression('x', 1, 'B101', reason),
    ),
  ],
});

const instruction = fc
  .tuple(fc.constantFrom('RUN apt-get install curl', '  RUN x', '\tRUN y'), hostileString)
  .map(([start, tail]) => oneLine(`${start}${tail}`));
/** The line above the instruction: nothing (line 1), a comment or pragma, or a blank line. */
const previousLine = fc.option(
  fc.oneof(
    fc.constantFrom(
      '# hadolint ignore=DL3009',
      '#hadolint ignore=DL3009,DL3015 ',
      '# hadolint ignore=',
      '# hadolint ignore=DL3009  # apt lists are removed below',
      '\t# hadolint ignore = DL3009 , DL3015',
      '# comment',
      '',
      '   ',
    ),
    hostileString.map((text) => oneLine(`# ${text}`)),
  ),
  { nil: undefined },
);

const hadolint = fuzzTarget({
  name: 'quick fix: # hadolint ignore= above an instruction (hadolintSuppression)',
  arbitrary: () => fc.tuple(instruction, previousLine, dockerfileRuleCode, hostileString),
  check: ([line, previous, rule, reason]) => {
    const lines = previous === undefined ? ['FROM debian:12', line] : ['FROM debian:12', previous, line];
    const lineNumber = lines.length;
    const edit = neverThrows(() => hadolintSuppression(line, lineNumber, previous, rule, reason));
    if (edit === undefined) return;
    assertThat(
      edit.startLine === edit.endLine && edit.startLine >= lineNumber - 1,
      'the edit is not on the instruction or the line above',
    );
    // Apply it and read the pragmas back: the rule is ignored on the instruction, wherever it now is.
    const edited = [...lines.slice(0, edit.startLine - 1), edit.text, ...lines.slice(edit.endLine)].join('\n');
    const instructionLine = edited.split('\n').length;
    const pragmas = readPragmas(parseDockerfile(`${edited}\n`));
    assertThat(
      isIgnoredByPragma(pragmas, rule, instructionLine),
      `after the edit ${JSON.stringify(edited)}, ${rule} is not ignored on line ${String(instructionLine)}`,
    );
    // What the line above already ignored on the instruction stays ignored.
    const before = readPragmas(parseDockerfile(`${lines.join('\n')}\n`));
    for (const code of before.byLine.get(lineNumber) ?? []) {
      assertThat(
        isIgnoredByPragma(pragmas, code, instructionLine),
        `after the edit ${JSON.stringify(edited)}, ${code} is no longer ignored on line ${String(instructionLine)}`,
      );
    }
  },
});

const upgrade = fuzzTarget({
  name: 'quick fix: upgrade a pinned requirement (upgradeRequirementVersion)',
  arbitrary: () => fc.tuple(fc.oneof(requirementLine, hostileString), versionText),
  check: ([line, version]) => {
    const edit = neverThrows(() => upgradeRequirementVersion(line, 7, version, upgradedSpecifier));
    if (edit === undefined) return;
    assertThat(edit.line === 7, 'the edit leaves its line');
    assertThat(
      Number.isInteger(edit.startColumn) &&
        edit.startColumn >= 0 &&
        edit.startColumn <= edit.endColumn &&
        edit.endColumn <= line.length,
      `columns ${String(edit.startColumn)}-${String(edit.endColumn)} are outside the ${String(line.length)}-character line`,
    );
  },
  growth: [
    textGrowth(
      'a line of many spaces before a comment',
      (size) => `django==1.0${' '.repeat(size * 16)}#`,
      (line) => upgradeRequirementVersion(line, 1, '2.0', upgradedSpecifier),
    ),
  ],
});

export const targets: readonly FuzzTarget[] = [bandit, hadolint, upgrade];
