import { deepStrictEqual } from 'node:assert/strict';
import { isHashPinnedRequirement } from '../../../src/scanners/builtin-sca/hash-pinned-requirement';
import { parseRequirementsFile } from '../../../src/scanners/builtin-sca/requirements-file';
import { pipParseResults } from '../../pip-reference';

/**
 * Requirements files whose `--hash` a hand-written pattern reads otherwise than pip: each with whether pip
 * applies hashes to the requirement whose name starts on line 1 (checked below against pip's own parser).
 */
const CASES: readonly (readonly [string, boolean])[] = [
  ['a==1 --hash=sha256:x\n', true],
  ['a==1 --hash sha256:x\n', true],
  ['a==1 \\\n    --hash=sha256:x \\\n    --hash=sha512:y\n', true],
  ['a==1 \\\n    --hash \\\n    sha256:x\n', true],
  // optparse takes a long option by a unique prefix.
  ['a==1 --has=sha256:x\n', true],
  // shlex removes the quotes of an option word after the first one.
  ['a==1 --pre "--hash=sha256:x"\n', true],
  ['a==1 -C k=v --hash sha256:x\n', true],
  // Line breaks pip takes from str.splitlines: a lone CR, and a BOM dropped.
  ['a==1 \\\r    --hash=sha256:x\r', true],
  ['\ufeffa==1 --hash=sha256:x\n', true],
  // optparse stops reading options at `--`.
  ['a==1 -- --hash=sha256:x\n', false],
  // The requirement ends at a space-separated token starting with `-`: after a tab, `--hash` is the requirement's.
  ['a==1\t--hash=sha256:x\n', false],
  // pip splits lines at a form feed too: the `--hash` is an option line of its own, which pip ignores.
  ['a==1 \f--hash=sha256:x\n', false],
  // A comment line ends the continuation; a comment before the backslash takes the next line into it.
  ['a==1 \\\n# pinned below\n    --hash=sha256:x\n', false],
  ['a==1  # pinned \\\n    --hash=sha256:x\n', false],
  ['requests==2.19.1  # --hash=sha256:ddd is only a comment\n', false],
  ['a==1 \\\n\n--hash=sha256:x\n', false],
];

describe('hash-pinned requirements, as pip reads --hash', () => {
  it('reads each case as written beside it', () => {
    deepStrictEqual(
      CASES.map(([text]) => isHashPinnedRequirement(text, 1)),
      CASES.map(([, pinned]) => pinned),
    );
  });

  it("agrees with pip's own requirements-file parser on every case", () => {
    const pip = pipParseResults<boolean[]>(
      CASES.map(([text]) => text),
      "[bool((found.options or {}).get('hashes')) for found in requirements]",
    );
    // pip gives one result per requirement; each case has one, on its first line (or a refused requirement).
    deepStrictEqual(
      pip.map((found) => (Array.isArray(found) ? found.some(Boolean) : found)),
      CASES.map(([, pinned]) => pinned),
    );
  });

  it('keeps the values of the --hash options on the parsed requirement, and only there', () => {
    const parsed = parseRequirementsFile(
      'a==1 --hash=sha256:x \\\n  --hash sha512:y\nb==2\n--hash=sha256:z\n',
      'requirements.txt',
    );
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.name, requirement.hashes]),
      [
        ['a', ['sha256:x', 'sha512:y']],
        ['b', undefined],
      ],
    );
  });

  it('is false for a line where no requirement starts', () => {
    const text = 'a==1 \\\n  --hash=sha256:x\n';
    deepStrictEqual([isHashPinnedRequirement(text, 2), isHashPinnedRequirement(text, 3)], [false, false]);
  });

  it('attack: a hostile file (a megabyte of spaces, 200,000 continued --hash lines, quotes) is read in linear time', () => {
    const hostile = [
      `a==1${' '.repeat(1_000_000)}--hash=sha256:x\n`,
      `a==1 \\\n${'  --hash=sha256:x \\\n'.repeat(200_000)}\n`,
      `a==1 --pre ${'"\\"'.repeat(300_000)}\n`,
    ];
    const started = process.hrtime.bigint();
    deepStrictEqual(
      hostile.map((text) => isHashPinnedRequirement(text, 1)),
      [true, true, false],
    );
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    deepStrictEqual(milliseconds < 10_000, true, `${String(milliseconds)} ms`);
  });
});
