import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { LineCounter, parseDocument } from 'yaml';
import { parseConfig } from '../../src/config/parse-config';
import { YamlLines } from '../../src/config/yaml-lines';
import { YamlSchema } from '../../src/config/yaml-schema';
import { isDevsecopsError } from '../../src/errors';
import { parseHadolintConfig } from '../../src/scanners/builtin-dockerfile/hadolint-config';

const WORDING = {
  rootName: 'the top level',
  unknownKey: 'unknown key "{key}" in {where}; {hint}',
  wrongValue: '{where} is {value}; it {expected}.',
  missingKey: '{where} has no "{key}".',
};

const SCHEMA = new YamlSchema(
  {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', 'x-missing': '{where} needs a name.' },
      mode: {
        anyOf: [{ enum: ['fast', 'slow'] }, { type: 'boolean' }],
        'x-problem': '{where} is {value}; write fast, slow, true or false.',
      },
      tags: { type: 'array', items: { type: 'string', 'x-problem': '{parent} holds {value}, not a word.' } },
      count: { type: 'integer', minimum: 1 },
    },
  },
  WORDING,
);

function problems(text: string): [number, string][] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  return SCHEMA.problems(document.toJS(), new YamlLines(document.contents, lineCounter)).map((problem) => [
    problem.line,
    problem.message,
  ]);
}

describe('YamlSchema: one validator for our YAML files, worded by the schema', () => {
  it('reports each wrong value once, at its line, in the words of its schema', () => {
    deepStrictEqual(problems('name: app\nmode: quick\ntags:\n  - a\n  - [b]\ncount: 0\nnmae: x\n'), [
      [7, 'unknown key "nmae" in the top level; did you mean "name"?'],
      [2, 'mode is "quick"; write fast, slow, true or false.'],
      [5, 'tags holds a list, not a word.'],
      [6, 'count is 0; it must be >= 1.'],
    ]);
  });

  it('names a missing key at the line of the mapping that lacks it', () => {
    deepStrictEqual(problems('# settings\n\nmode: fast\n'), [[3, 'the top level needs a name.']]);
  });

  it('never expands a placeholder written in the file', () => {
    deepStrictEqual(problems('name: app\nmode: "{where} {hint}"\n'), [
      [2, 'mode is "{where} {hint}"; write fast, slow, true or false.'],
    ]);
  });

  it('finds the line of each of thousands of unknown keys (one index per mapping, not a search per key)', () => {
    const count = 5000;
    const text = `name: app\n${Array.from({ length: count }, (_, index) => `key${String(index)}: 1\n`).join('')}`;
    const found = problems(text);
    strictEqual(found.length, count);
    deepStrictEqual(found[count - 1], [
      count + 1,
      `unknown key "key${String(count - 1)}" in the top level; allowed keys: name, mode, tags, count.`,
    ]);
  });

  it('treats keys named like Object.prototype members as the file wrote them', () => {
    deepStrictEqual(problems('name: app\n__proto__: 1\nconstructor: 2\n'), [
      [2, 'unknown key "__proto__" in the top level; allowed keys: name, mode, tags, count.'],
      [3, 'unknown key "constructor" in the top level; allowed keys: name, mode, tags, count.'],
    ]);
    deepStrictEqual(parseConfig('severity:\n  __proto__: high\n', '.devsecops.yml').severity, {});
  });
});

describe('the validator in each loader', () => {
  it('.hadolint.yaml: the file, the line and the key', () => {
    for (const [text, message] of [
      [
        'ignored: [DL3008]\noverride:\n  info: [1]\n',
        '.hadolint.yaml:3: override.info must be a list of strings; fix it or delete the key.',
      ],
      [
        'label-schema:\n  owner: text\n  team: nope\n',
        '.hadolint.yaml:3: label-schema.team must be one of text, url, email, hash, rfc3339, semver, spdx; fix it or delete the key.',
      ],
      [
        'format: tty\nfailure-threshold: severe\n',
        '.hadolint.yaml:2: failure-threshold must be one of error, warning, info, style, ignore, none; fix it or delete the key.',
      ],
    ] as const) {
      throws(
        () => parseHadolintConfig(text),
        (error: unknown) => isDevsecopsError(error) && error.code === 'CONFIG_INVALID' && error.message === message,
      );
    }
  });
});
