import { deepStrictEqual } from 'node:assert/strict';
import type { LabelType } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import * as labelRules from '../../../src/scanners/builtin-dockerfile/rules/label-rules';
import type { LineCases, RuleCase } from './rule-forms';
import { lineTable, reportTable, ruleTable } from './rule-forms';

/**
 * The LABEL rules. Expected answers come from hadolint's rule sources (DL3048–DL3058), where each
 * label-schema rule is a `simpleRule` per declared label: it sees LABEL instructions of the file
 * itself, never those inside ONBUILD. Value formats follow what those rules call: an absolute URI
 * (RFC 3986, `Network.URI.parseURI`), an RFC 3339 date-time with a zone, an SPDX license id, 7 or
 * 40 lower-case hex digits, a SemVer 2.0.0 version and an address with one `@`.
 */

// DL3048.hs: the first character a-z, the last a-z or 0-9, only a-z 0-9 . -, no reserved namespace, no `..`/`--`.
lineTable(
  'DL3048: label keys',
  'DL3048',
  {
    fires: [
      'com.docker.label',
      'io.docker.label',
      'org.dockerproject.label',
      'Label',
      'laBel',
      '1label',
      '.label',
      '-label',
      'label.',
      'label-',
      'my_label',
      'my/label',
      'my..label',
      'my--label',
    ],
    passes: [
      'validlabel',
      'org.valid-key.label3',
      'a',
      'a1',
      'a.-b',
      'com.docker',
      'com.dockerx.label',
      'org.dockerproject',
    ],
  },
  { line: (key) => `LABEL ${key}="x"` },
);

ruleTable('DL3048: LABEL instructions', [
  { rule: 'DL3048', lines: ['LABEL good="1" Bad="2"'], reported: [1] },
  { rule: 'DL3048', lines: ['LABEL good="1" other.good="2"'], reported: [] },
  { rule: 'DL3048', lines: ['FROM alpine:3.20', 'ENV Bad=1', 'LABEL ok=1', 'LABEL Bad=1'], reported: [4] },
  { rule: 'DL3048', lines: ['FROM alpine:3.20', 'ONBUILD LABEL Bad=1'], reported: [] },
]);

/** Values of a label declared with `type`: those `rule` reports and those it accepts. */
function valueTable(rule: string, type: LabelType, values: LineCases): void {
  lineTable(`${rule}: values of a label of type ${type}`, rule, values, {
    line: (value) => `LABEL checked="${value}"`,
    config: { labelSchema: { checked: type } },
  });
}

valueTable('DL3052', 'url', {
  fires: ['not-url', 'example.com/project'],
  passes: ['https://example.com/project', 'mailto:dev@example.com', 'urn:isbn:0451450523'],
});
valueTable('DL3053', 'rfc3339', {
  fires: [
    'not-date',
    '2021-03-10',
    '2021-03-10T10:26:33',
    '2021-03-10T10:26Z',
    '2021-03-10T10:26:33+01',
    'on 2021-03-10T10:26:33Z',
    '2021-03-10T10:26:33Z or later',
    // timerep's formats all have a T: RFC 3339's space is not among them.
    '2021-03-10 10:26:33Z',
    // Haskell's parseTime builds the date and time: one that does not exist does not parse.
    '2021-02-29T10:26:33Z',
    '2021-04-31T10:26:33Z',
    '2021-13-10T10:26:33Z',
    '2021-00-10T10:26:33Z',
    '2021-03-00T10:26:33Z',
    '2021-03-10T24:00:00Z',
    '2021-03-10T10:60:00Z',
    '2021-03-10T10:26:61Z',
    '1900-02-29T10:26:33Z',
  ],
  // RFC 3339 §5.6: the T and the Z may be written in lower case.
  passes: [
    '2021-03-10T10:26:33.564595127+01:00',
    '2021-03-10T10:26:33Z',
    '2021-03-10T10:26:33-08:00',
    '2021-03-10t10:26:33z',
    // %z reads ±hhmm as well as ±hh:mm; parseTime allows blanks around the value; 60 is a leap second.
    '2021-03-10T10:26:33+0100',
    ' 2021-03-10T10:26:33Z ',
    '2016-12-31T23:59:60Z',
    '2020-02-29T10:26:33Z',
    '2000-02-29T10:26:33Z',
    // Year 0 is a leap year in the proleptic Gregorian calendar Haskell's time library uses.
    '0000-02-29T10:26:33Z',
  ],
});
// A deprecated id (GPL-2.0) is still an id.
valueTable('DL3054', 'spdx', { fires: ['not-spdx'], passes: ['MIT', 'BSD-3-Clause', 'GPL-2.0'] });
valueTable('DL3055', 'hash', {
  fires: ['2dbfae', '43c572f1272b6b3171dd1db9e41b7027128ce0800', 'g2dbfae', 'x2dbfae9', '2dbfae9x'],
  passes: ['2dbfae9', '43c572f1272b6b3171dd1db9e41b7027128ce080'],
});
valueTable('DL3056', 'semver', {
  fires: [
    'not-sem-ver',
    '1.0',
    'v1.0.0',
    '1.0.0.0',
    '01.0.0',
    '1.02.0',
    '1.0.03',
    '1.0.0-',
    '1.0.0-01',
    '1.0.0-alpha..1',
    '1.0.0+',
    '1.0.0+build..1',
  ],
  passes: [
    '1.0.0',
    '2.0.1-rc1',
    '10.20.30',
    '1.0.0-alpha.1',
    '1.0.0-0.3.7',
    '1.0.0-x-y.7z.92',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '1.2.3',
    '1.0.0-123.4',
    '1.0.0-1a',
    '1.0.0-alpha.12',
    '1.0.0-alpha.beta',
  ],
});
valueTable('DL3058', 'email', {
  fires: ['not-email', '@example.com', 'dev@', 'dev@team@example.com', 'a dev@example.com', 'dev@example.com and more'],
  passes: ['dev@example.com'],
});

// Only a label declared with the rule's own type, in a LABEL of the file itself, is checked.
ruleTable('DL3052–DL3058: which labels are checked', [
  { rule: 'DL3053', lines: ['LABEL checked="not-date"'], reported: [], config: { labelSchema: { checked: 'url' } } },
  { rule: 'DL3052', lines: ['LABEL checked="not-url"'], reported: [], config: { labelSchema: { checked: 'text' } } },
  { rule: 'DL3052', lines: ['LABEL other="not-url"'], reported: [], config: { labelSchema: { checked: 'url' } } },
  {
    rule: 'DL3052',
    lines: ['FROM alpine:3.20', 'ONBUILD LABEL checked="not-url"', 'ENV checked="not-url"'],
    reported: [],
    config: { labelSchema: { checked: 'url' } },
  },
  // One rule per schema label in hadolint: a key given twice in one LABEL is one finding, two keys are two.
  {
    rule: 'DL3052',
    lines: ['LABEL checked="x" checked="y"'],
    reported: [1],
    config: { labelSchema: { checked: 'url' } },
  },
  // A good value first does not hide a bad one given again under the same key.
  {
    rule: 'DL3052',
    lines: ['LABEL checked="https://example.com" checked="not-url"'],
    reported: [1],
    config: { labelSchema: { checked: 'url' } },
  },
  {
    rule: 'DL3052',
    lines: ['LABEL checked="x" other="y"'],
    reported: [1, 1],
    config: { labelSchema: { checked: 'url', other: 'url' } },
  },
]);

const schema = { labelSchema: { required: 'text' as const } };
const strict = { labelSchema: { required: 'text' as const }, strictLabels: true };

ruleTable('DL3051: empty schema labels', [
  { rule: 'DL3051', lines: ['LABEL required=""'], reported: [1], config: schema },
  { rule: 'DL3051', lines: ['LABEL required="x"'], reported: [], config: schema },
  { rule: 'DL3051', lines: ['LABEL other=""'], reported: [], config: schema },
  { rule: 'DL3051', lines: ['FROM alpine:3.20', 'ONBUILD LABEL required=""'], reported: [], config: schema },
  // hadolint has one DL3051 rule per schema label, each failing at most once per instruction.
  { rule: 'DL3051', lines: ['LABEL required="" required=""'], reported: [1], config: schema },
  {
    rule: 'DL3051',
    lines: ['LABEL required="" second=""'],
    reported: [1, 1],
    config: { labelSchema: { required: 'text', second: 'text' } },
  },
]);

ruleTable('DL3050: labels outside the schema, one finding per LABEL', [
  { rule: 'DL3050', lines: ['LABEL required="x" other="y"'], reported: [1], config: strict },
  { rule: 'DL3050', lines: ['LABEL required="x"'], reported: [], config: strict },
  { rule: 'DL3050', lines: ['LABEL required="x" other="y"'], reported: [], config: schema },
  { rule: 'DL3050', lines: ['LABEL a="1"', 'ENV b="2"', 'LABEL c="3" d="4"'], reported: [1, 3], config: strict },
  { rule: 'DL3050', lines: ['FROM alpine:3.20', 'ONBUILD LABEL other="y"'], reported: [], config: strict },
]);

const missing = (lines: readonly string[], reported: readonly number[]): RuleCase => ({
  rule: 'DL3049',
  lines,
  reported,
  config: schema,
});

// DL3049.hs: a FROM starts a stage, good when built from a good stage's alias; a LABEL with the label makes its stage
// good and silences earlier stages of its name; COPY --from=<alias> silences the stages of that alias.
ruleTable('DL3049: stages missing a schema label', [
  missing(['FROM alpine:3.20'], [1]),
  missing(['FROM alpine:3.20', 'LABEL required="x"'], []),
  missing(['FROM alpine:3.20', 'LABEL other="x"'], [1]),
  missing(['FROM alpine:3.20', 'LABEL other="y" required="x"'], []),
  missing(['FROM alpine:3.20', 'ENV required="x"'], [1]),
  missing(['FROM alpine:3.20', 'ONBUILD LABEL required="x"'], [1]),
  missing(['LABEL required="x"', 'FROM alpine:3.20'], [2]),
  missing(['FROM alpine:3.20 AS base', 'LABEL required="x"', 'FROM base', 'FROM base AS again'], []),
  missing(['FROM alpine:3.20 AS base', 'LABEL required="x"', 'FROM alpine:3.20'], [3]),
  missing(['FROM alpine:3.20 AS base', 'FROM base', 'LABEL required="x"'], []),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20 AS app', 'LABEL required="x"'], [1]),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20 AS app', 'COPY --from=base /a /a', 'LABEL required="x"'], []),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20', 'COPY --from=other /a /a'], [1, 2]),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20', 'COPY /a /a', 'ADD --chown=base a /a'], [1, 2]),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20', 'COPY --chown=base /a /a'], [1, 2]),
  missing(['FROM alpine:3.20 AS base', 'FROM alpine:3.20', 'ONBUILD COPY --from=base /a /a'], [1, 2]),
  missing(['COPY --from=base /a /a', 'FROM alpine:3.20 AS base'], [2]),
  missing(['FROM alpine:3.20 AS base', 'FROM debian:12 AS base', 'FROM alpine:3.20', 'COPY --from=base /a /a'], [3]),
  { rule: 'DL3049', lines: ['FROM alpine:3.20'], reported: [], config: {} },
]);

/** The label-schema rules of one value type each, and what they say the value must be. */
const TYPED_RULES = [
  { rule: 'DL3052', type: 'url', what: 'a valid URL' },
  { rule: 'DL3053', type: 'rfc3339', what: 'an RFC 3339 date-time' },
  { rule: 'DL3054', type: 'spdx', what: 'an SPDX license identifier' },
  { rule: 'DL3055', type: 'hash', what: 'a git commit hash' },
  { rule: 'DL3056', type: 'semver', what: 'a semantic version' },
  { rule: 'DL3058', type: 'email', what: 'an e-mail address' },
] as const;

const LABEL_SCHEMA_MESSAGE = '(label-schema in .hadolint.yaml).';

reportTable('label rules: what they report', [
  {
    lines: ['FROM alpine:3.20', 'LABEL My.Key="x"'],
    reports: [
      {
        code: 'DL3048',
        severity: 'style',
        message:
          'Use label keys of lower-case letters, digits, dots and dashes, outside the com.docker/io.docker namespaces.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3048',
        cwe: undefined,
        line: 2,
      },
    ],
  },
  ...TYPED_RULES.map(({ rule: code, type, what }) => ({
    lines: ['FROM alpine:3.20', 'LABEL fine="x" checked="?"'],
    config: { labelSchema: { checked: type } },
    reports: [
      {
        code,
        severity: 'warning',
        message: `Label "checked" must be ${what} ${LABEL_SCHEMA_MESSAGE}`,
        helpUri: `https://github.com/hadolint/hadolint/wiki/${code}`,
        cwe: undefined,
        line: 2,
      },
    ],
  })),
  {
    lines: ['FROM alpine:3.20', 'LABEL required=""'],
    config: schema,
    reports: [
      {
        code: 'DL3051',
        severity: 'warning',
        message: 'Label "required" is empty.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3051',
        cwe: undefined,
        line: 2,
      },
    ],
  },
  {
    lines: ['FROM alpine:3.20', 'LABEL required="x" extra="y"', 'LABEL one="1" two="2"'],
    config: strict,
    reports: [
      {
        code: 'DL3050',
        severity: 'info',
        message: 'Label "extra" is not in label-schema (strict-labels is on).',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3050',
        cwe: undefined,
        line: 2,
      },
      {
        code: 'DL3050',
        severity: 'info',
        message: 'Label "one", Label "two" are not in label-schema (strict-labels is on).',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3050',
        cwe: undefined,
        line: 3,
      },
    ],
  },
  {
    lines: ['FROM alpine:3.20 AS base', 'LABEL a="x"', 'FROM alpine:3.20'],
    config: { labelSchema: { a: 'text', b: 'text' } },
    reports: [
      {
        code: 'DL3049',
        severity: 'info',
        message: 'Label "b" is missing.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3049',
        cwe: undefined,
        line: 1,
      },
      {
        code: 'DL3049',
        severity: 'info',
        message: 'Label "a" is missing.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3049',
        cwe: undefined,
        line: 3,
      },
      {
        code: 'DL3049',
        severity: 'info',
        message: 'Label "b" is missing.',
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3049',
        cwe: undefined,
        line: 3,
      },
    ],
  },
]);

// The rule catalog lists each label-schema rule with what it checks, before any label is read.
describe('label-schema rules: their catalog entries', () => {
  it('says what the schema rules check', () => {
    deepStrictEqual(
      [labelRules.DL3049, labelRules.DL3050, labelRules.DL3051].map(({ code, message }) => [code, message]),
      [
        ['DL3049', 'A label required by label-schema is missing.'],
        ['DL3050', 'A label that is not in label-schema (strict-labels is on).'],
        ['DL3051', 'A required label is empty.'],
      ],
    );
  });

  it('says what each value must be', () => {
    deepStrictEqual(
      TYPED_RULES.map(({ rule }) => labelRules[rule]).map(({ code, severity, message, helpUri }) => ({
        code,
        severity,
        message,
        helpUri,
      })),
      TYPED_RULES.map(({ rule: code, what }) => ({
        code,
        severity: 'warning',
        message: `A label's value is not ${what}.`,
        helpUri: `https://github.com/hadolint/hadolint/wiki/${code}`,
      })),
    );
  });
});
