import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exactVersionOf,
  parseRequirementsFile,
  wheelNameAndVersion,
} from '../../../src/scanners/builtin-sca/requirements-file';

const FIXTURES = join(__dirname, 'fixtures');
/** Set UPDATE_GOLDENS=1 to rewrite the expected files after a deliberate change (then review the diff). */
const UPDATE = process.env['UPDATE_GOLDENS'] === '1';

function golden(name: string, actual: unknown): void {
  const path = join(FIXTURES, name);
  if (UPDATE) writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  deepStrictEqual(actual, JSON.parse(readFileSync(path, 'utf8')));
}

describe('requirements file parser (pip req_file semantics)', () => {
  it('parses the kitchen-sink file: BOM, CRLF, comments, continuations, hashes, extras, markers, options, URLs, garbage', () => {
    const text = readFileSync(join(FIXTURES, 'kitchen-sink.requirements.txt'), 'utf8');
    golden('kitchen-sink.expected.json', parseRequirementsFile(text, 'req/requirements.txt'));
  });

  it('points at the name of a requirement that follows indentation, in UTF-16 columns', () => {
    const parsed = parseRequirementsFile('   Jinja2==2.10\n\tédition-x==1.0\n', 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((r) => [r.normalizedName, r.location.line, r.location.column, r.location.endColumn]),
      [['jinja2', 1, 4, 16]],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.kind, note.line, note.column]),
      [['invalid-requirement', 2, 2]],
    );
  });

  it('a requirement split by continuations spans its physical lines', () => {
    const parsed = parseRequirementsFile('django \\\n  >=3.2, \\\n  <4\n', 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.location, requirement.specifier]),
      [[{ path: 'r.txt', line: 1, column: 1, endLine: 3, endColumn: 5 }, '>=3.2,   <4']],
    );
  });

  it('a requirement continued onto a comment line ends on its own line, not at column 0 of the comment (fuzz)', () => {
    const parsed = parseRequirementsFile('django==1.0\\\n# comment\n', 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((requirement) => requirement.location),
      [{ path: 'r.txt', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    );
  });

  it('a file that is one continued line of 200,000 options is read in linear time, every note at its own line', () => {
    // Each note looks up its physical line; a linear search per note made this hours of work.
    const parsed = parseRequirementsFile('--weird a \\\n'.repeat(200_000), 'r.txt');
    deepStrictEqual(parsed.notes.length, 1);
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.column, note.kind]),
      [[1, 1, 'unknown-option']],
    );
    // pip follows one -r or -c per line, the first -r: the include at the end of the long line is placed exactly.
    const { includes } = parseRequirementsFile(`${'--pre -c b.txt \\\n'.repeat(100_000)}-r a.txt\n`, 'r.txt');
    deepStrictEqual(includes, [{ kind: 'requirement', target: 'a.txt', line: 100_001, column: 1 }]);
  });

  it('splits lines where pip does (Python’s splitlines), placing each requirement in the editor’s lines and columns', () => {
    // pip reads `\f`, `\v`, U+001C–U+001E, U+0085, U+2028 and U+2029 as line breaks too; an editor does not,
    // so a requirement after one is pip's next line but sits further along the same line on screen.
    const breaks = ['\f', '\v', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];
    const parsed = parseRequirementsFile(
      `a==1${breaks.map((b, i) => `${b}p${String(i)}==1`).join('')}\nz==1\n`,
      'r.txt',
    );
    deepStrictEqual(
      parsed.requirements.map((r) => [r.name, r.location.line, r.location.column, r.location.endColumn]),
      [['a', 1, 1, 5], ...breaks.map((_, i) => [`p${String(i)}`, 1, 6 + 6 * i, 11 + 6 * i]), ['z', 2, 1, 5]],
    );
    deepStrictEqual(parsed.notes, []);
  });

  it('comments and stripping follow Python’s whitespace (U+001F, U+00A0), a comment line never continued', () => {
    const parsed = parseRequirementsFile('a==1\x1f#c\nb==1\xa0\x1f\n\x1f#c \\\nc==1\n', 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((r) => [r.name, r.specifier, r.location.line]),
      [
        ['a', '==1', 1],
        ['b', '==1', 2],
        ['c', '==1', 4],
      ],
    );
    deepStrictEqual(parsed.notes, []);
  });

  it('a continued line loses its leading backslashes too, as pip’s line.strip("\\") does', () => {
    const parsed = parseRequirementsFile('\\\\django==1.0 \\\n  --hash=sha256:aa\n\\flask==2.0\n', 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((r) => [r.name, r.location.line, r.location.column, r.location.endColumn]),
      [['django', 1, 3, 14]],
    );
    // A line that is not continued keeps its backslash: pip reads "\flask==2.0", not a requirement.
    deepStrictEqual(
      parsed.notes.map((note) => [note.kind, note.line]),
      [['not-a-release', 3]],
    );
  });

  it('option lines as pip’s optparse and shlex read them: long options by unique prefix, quoting, one file per line', () => {
    const lines = [
      '--requirem a.txt',
      '--constr=c.txt',
      '-r c\\ d.txt',
      '-r c" "d.txt',
      '-r a.txt -r b.txt',
      '-c a.txt -r b.txt',
      '-e . -r a.txt',
      '--req a.txt',
      'x==1 -r a.txt',
      'x==1 --index-url y --hash=sha256:0000',
      '-r "a.txt',
      '-r',
      '--pre=1',
      '--pypi-url x -i y -- -r a.txt',
      '--install-option=x',
    ];
    const parsed = parseRequirementsFile(lines.join('\n'), 'r.txt');
    deepStrictEqual(
      parsed.includes.map((include) => [include.line, include.column, include.kind, include.target]),
      [
        [1, 1, 'requirement', 'a.txt'],
        [2, 1, 'constraint', 'c.txt'],
        [3, 1, 'requirement', 'c d.txt'],
        [4, 1, 'requirement', 'c d.txt'],
        [5, 1, 'requirement', 'a.txt'],
        [6, 10, 'requirement', 'b.txt'],
      ],
    );
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.location.line, requirement.name]),
      [
        [9, 'x'],
        [10, 'x'],
      ],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.column, note.kind, note.message]),
      [
        [
          5,
          10,
          'ignored-option',
          'pip reads only one -e, -r or -c per line (-e first, then -r, then -c): "-r b.txt" ignored, as pip does. Put each on a line of its own.',
        ],
        [
          6,
          1,
          'ignored-option',
          'pip reads only one -e, -r or -c per line (-e first, then -r, then -c): "-c a.txt" ignored, as pip does. Put each on a line of its own.',
        ],
        [7, 1, 'not-a-release', 'Editable install from .: not a released version, not checked.'],
        [
          7,
          6,
          'ignored-option',
          'pip reads only one -e, -r or -c per line (-e first, then -r, then -c): "-r a.txt" ignored, as pip does. Put each on a line of its own.',
        ],
        [
          8,
          1,
          'unknown-option',
          'pip refuses this file: ambiguous option: --req (--require-hashes, --requirement?) (in "--req a.txt"); fix the line. Until then pip installs nothing from it.',
        ],
        [
          9,
          6,
          'ignored-option',
          'pip ignores -r after a requirement (only --hash, --global-option and --config-settings apply to it). Put it on a line of its own.',
        ],
        [
          10,
          6,
          'ignored-option',
          'pip ignores --index-url after a requirement (only --hash, --global-option and --config-settings apply to it). Put it on a line of its own.',
        ],
        [
          11,
          4,
          'unknown-option',
          'pip refuses this file: No closing quotation (in "-r "a.txt"); fix the line. Until then pip installs nothing from it.',
        ],
        [
          12,
          1,
          'unknown-option',
          'pip refuses this file: -r option requires 1 argument (in "-r"); fix the line. Until then pip installs nothing from it.',
        ],
        [
          13,
          1,
          'unknown-option',
          'pip refuses this file: --pre option does not take a value (in "--pre=1"); fix the line. Until then pip installs nothing from it.',
        ],
        [
          15,
          1,
          'unknown-option',
          'pip refuses this file: no such option: --install-option (in "--install-option=x"); fix the line. Until then pip installs nothing from it.',
        ],
      ],
    );
  });

  it('environment variables: only ${UPPER_CASE} ones, and only the part of the line they are in goes unchecked', () => {
    const lines = [
      'django==1.0 --hash=sha256:${HASH}',
      'flask==${FLASK_VERSION}',
      '-r ${REQ_DIR}/base.txt',
      '-i https://${TOKEN}@host/simple',
      '-r dev.txt --extra-index-url https://${TOKEN}@host/simple',
      '$web-kit==1.0',
      '-r "${UNCLOSED}',
      'six==1.0 --foo=${lower}',
    ];
    const parsed = parseRequirementsFile(lines.join('\n'), 'r.txt');
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.location.line, requirement.name]),
      [
        [1, 'django'],
        [8, 'six'],
      ],
    );
    deepStrictEqual(
      parsed.includes.map((include) => [include.line, include.target]),
      [[5, 'dev.txt']],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.kind]),
      [
        [2, 'environment-variable'],
        [3, 'include-missing'],
        [6, 'invalid-requirement'],
        [7, 'environment-variable'],
        // `${lower}` is not a variable to pip: its options are read as written, and --foo refused.
        [8, 'unknown-option'],
      ],
    );
  });

  it('PEP 508 forms as packaging’s parser reads them: a trailing comma, extras, and `name @ url` with an archive', () => {
    const rows: [string, unknown][] = [
      // packaging 22+ (pip 24.1+) allows one comma after the last clause; two commas are an error.
      ['pkg>=1.0,', ['pkg', [], '>=1.0', null, undefined]],
      ['pkg (==1.0 , )', ['pkg', [], '==1.0', null, '1.0']],
      ['pkg==1.0,;python_version<"3"', ['pkg', [], '==1.0', 'python_version<"3"', '1.0']],
      ['pkg>=1.0,,', 'invalid-requirement'],
      ['pkg[ a , b.c ]==1.0', ['pkg', ['a', 'b.c'], '==1.0', null, '1.0']],
      ['pkg[]==1.0', ['pkg', [], '==1.0', null, '1.0']],
      ['pkg[x,]==1.0', 'invalid-requirement'],
      ['pkg[x y]==1.0', 'invalid-requirement'],
      ['pkg[-x]==1.0', 'invalid-requirement'],
      // An archive after "name @" is a URL requirement (pip's _get_url_from_path): extras and marker kept.
      [
        'pkg[x] @ https://h/pkg-1.0-py3-none-any.whl ; python_version<"3"',
        ['pkg', ['x'], '==1.0', 'python_version<"3"', '1.0'],
      ],
      ['other @ https://h/pkg-1.0-py3-none-any.whl', 'not-a-release'],
      ['./dir/pkg-1.0-py3-none-any.whl', ['pkg', [], '==1.0', null, '1.0']],
      // A source archive's version, when the name is known (`name @`, `#egg=`), as uv's SourceDistFilename reads it.
      ['Django @ https://h/p/Django-2.2.0.tar.gz', ['Django', [], '==2.2.0', null, '2.2.0']],
      ['zope.interface @ https://h/zope_interface-5.1.zip#sha256=00', ['zope.interface', [], '==5.1', null, '5.1']],
      ['https://h/p/foo-bar-1.0rc1.tgz#egg=foo-bar', ['foo-bar', [], '==1.0rc1', null, '1.0rc1']],
      ['pkg @ https://h/archive/refs/tags/v1.0.tar.gz', 'not-a-release'],
      ['pkg @ https://h/pkg-latest.tar.gz', 'not-a-release'],
      ['https://h/p/pkg-1.0.tar.gz', 'not-a-release'],
    ];
    for (const [text, expected] of rows) {
      const parsed = parseRequirementsFile(`${text}\n`, 'r.txt');
      const [requirement] = parsed.requirements;
      const actual = requirement
        ? [
            requirement.name,
            requirement.extras,
            requirement.specifier,
            requirement.marker ?? null,
            requirement.exactVersion,
          ]
        : parsed.notes.map((note) => note.kind).join(',');
      deepStrictEqual(actual, expected, text);
    }
  });

  it('reads at most maxLines requirement lines (blank, comment and continued lines not counted apart) and says where it stopped', () => {
    const parsed = parseRequirementsFile('a==1\n\n# c\n!\nb==1 \\\n  --hash=sha256:00\nc==1\nd==1\n', 'r.txt', 3);
    deepStrictEqual(
      parsed.requirements.map((requirement) => requirement.name),
      ['a', 'b'],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.kind]),
      [
        [4, 'invalid-requirement'],
        [7, 'lines-capped'],
      ],
    );
    deepStrictEqual([parsed.linesRead, parsed.capped], [3, true]);
  });

  it('exact versions: == without wildcard and ===, nothing else', () => {
    deepStrictEqual(
      ['==1.0', '=== 1.0-custom', '==1.0.*', '>=1.0', '~=1.4', '>=1.0,==1.2', '!=1.0', ''].map(exactVersionOf),
      ['1.0', '1.0-custom', undefined, undefined, undefined, '1.2', undefined, undefined],
    );
  });

  it('names and versions from wheel file names, URL-decoded and with a build tag, read like pip’s wheel regex', () => {
    deepStrictEqual(
      [
        'https://h/p/Foo_Bar-1.0.post1-py3-none-any.whl',
        'file:///tmp/x/pkg-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl#sha256=00',
        'https://h/p/name%2Dwith-1.0-py3-none-any.whl',
        'https://h/p/pkg-1.0.tar.gz',
      ].map(wheelNameAndVersion),
      // name%2Dwith decodes to name-with: pip reads name "name", version "with" (build tag 1.0), as we do.
      [
        { name: 'Foo_Bar', version: '1.0.post1' },
        { name: 'pkg', version: '2.0' },
        { name: 'name', version: 'with' },
        undefined,
      ],
    );
  });

  it('never throws on arbitrary text, and every line becomes a requirement, an option or a note', () => {
    const lines = [
      '',
      '#',
      '\\',
      '[]',
      '==',
      'a==',
      'a[',
      'a;',
      '-r',
      '-c',
      '--hash',
      '@',
      'a @',
      ' ; ',
      '\u0000',
      'ä==1',
    ];
    for (const line of lines) {
      const parsed = parseRequirementsFile(`${line}\n`, 'r.txt');
      const accounted = parsed.requirements.length + parsed.includes.length + parsed.notes.length;
      deepStrictEqual(
        accounted > 0 || line.trim() === '' || line.trim() === '#' || line === '\\',
        true,
        JSON.stringify(line),
      );
    }
  });
});
