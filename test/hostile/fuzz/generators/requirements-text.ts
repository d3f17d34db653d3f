// requirements.txt files built from pip's real grammar: names (real, normalisable, hostile), extras,
// PEP 440 specifiers (valid and broken), markers, URLs and wheel files, -r/-c includes, options,
// --hash, comments, continuations and environment variables, joined with every line end.
import fc from 'fast-check';
import { ESCAPING_PATHS, hostileString, hostileWord, lineEnd, PROTOTYPE_WORDS } from './hostile-text';

/** Names the bundled database knows (so specifiers are evaluated), odd spellings of them, and hostile ones. */
export const packageName: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'django',
      'Django',
      'jinja2',
      'Flask',
      'requests',
      'urllib3',
      'PyYAML',
      'pillow',
      'werkzeug',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('Foo_Bar.baz', 'a', 'A-', '-a', 'a..b', 'x_-_y', '0', 'pip', 'setuptools') },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
  { weight: 1, arbitrary: hostileString },
);

/** PEP 440 versions, edge cases of it, and text that only looks like a version. */
export const versionText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '1.0',
      '2.2.28',
      '0',
      '00',
      '1.0.0.0.0',
      '2.0.0rc1',
      '1.0a',
      '1.0b2.post3.dev4',
      '1!2.0',
      '1.0.post1',
      '1.0-1',
      '1.0.dev0',
      '1.0+local.7',
      '1.0+ubuntu-1',
      'v1.0',
      'V1.0',
      '1.*',
      '1.0.*',
      '1.0.dev0.*',
      '1.0+local.*',
      '3.2.1',
      '999999999999999999999',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1..0', '1.0-', 'latest', '*', '.1', '1.0.', '1.0+', '1!', '!1', 'rc1', '1.0 2.0'),
  },
  { weight: 1, arbitrary: hostileWord },
);

const OPERATORS = ['==', '===', '~=', '>=', '<=', '>', '<', '!=', '=', '=>', '~', '<>', ''];

/** One clause (`>=1.0`), spaces around the operator sometimes. */
const clause = fc
  .tuple(fc.constantFrom(...OPERATORS), fc.constantFrom('', ' ', '  '), versionText)
  .map(([operator, space, version]) => `${operator}${space}${version}`);

/** A specifier set: clauses joined by commas, sometimes in parentheses. */
export const specifierText: fc.Arbitrary<string> = fc
  .tuple(fc.array(clause, { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ', ', ' , ', ',,'), fc.boolean())
  .map(([clauses, comma, parenthesised]) => {
    const joined = clauses.join(comma);
    return parenthesised ? `(${joined})` : joined;
  });

const extras = fc.oneof(
  fc.constantFrom('[security]', '[socks, security]', '[]', '[ ]', '[', ']', '[a', '[a]]', '[,]'),
  fc.array(hostileWord, { maxLength: 3 }).map((words) => `[${words.join(',')}]`),
);

const marker = fc.constantFrom(
  '; python_version >= "3.8"',
  '; sys_platform == \'win32\' and extra == "x"',
  ';',
  '; ',
  ';python_version<"3"',
  ' ; (python_version > "2") or (os_name == "nt")',
  '; extra ==',
);

const wheelOrUrl = fc.oneof(
  fc.constantFrom(
    'https://files.example/pkgs/my_pkg-1.2.3-py3-none-any.whl',
    'https://h/p/Foo_Bar-1.0.post1-py3-none-any.whl#sha256=00',
    'file:///tmp/x/pkg-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl',
    'https://h/p/name%2Dwith-1.0-py3-none-any.whl',
    'https://h/p/%E0%A4%A-1.0-py3-none-any.whl',
    'https://h/p/pkg-1.0.tar.gz',
    'git+https://github.com/x/y.git#egg=yproj',
    'git+https://github.com/x/y.git#egg=',
    'hg+http://x/y#egg=a&egg=b',
    './local/path',
    '.',
    '~/x.whl',
    'C:\\x\\pkg-1.0-py3-none-any.whl',
    '-1.0-py3-none-any.whl',
  ),
  fc.tuple(packageName, versionText).map(([name, version]) => `https://h/${name}-${version}-py3-none-any.whl`),
);

/** One requirement: name, extras, specifier or `@ url`, marker. */
const requirement = fc
  .tuple(
    packageName,
    fc.option(extras, { nil: '' }),
    fc.oneof(
      { weight: 4, arbitrary: specifierText },
      { weight: 1, arbitrary: wheelOrUrl.map((url) => ` @ ${url}`) },
      { weight: 1, arbitrary: fc.constant('') },
    ),
    fc.option(marker, { nil: '' }),
  )
  .map(([name, extra, specifier, markerText]) => `${name}${extra}${specifier}${markerText}`);

const includeTarget = fc.oneof(
  fc.constantFrom(
    'other.txt',
    'requirements.txt',
    'sub/dev.txt',
    'sub/../other.txt',
    './other.txt',
    'constraints.txt',
    '',
  ),
  fc.constantFrom(...ESCAPING_PATHS),
  fc.constantFrom('https://example.invalid/r.txt', 'C:/x.txt'),
);

const option = fc.oneof(
  includeTarget.chain((target) =>
    fc.constantFrom(
      `-r ${target}`,
      `-c ${target}`,
      `--requirement=${target}`,
      `--constraint ${target}`,
      `-r${target}`,
      `-c=${target}`,
    ),
  ),
  fc.constantFrom(
    '-r',
    '-e .',
    '-e git+https://github.com/x/y.git#egg=yproj',
    '--editable',
    '-i https://pypi.org/simple',
    '--index-url=https://x',
    '--extra-index-url',
    '--no-binary :all:',
    '--pre',
    '--require-hashes',
    '--weird-option',
    '-Z',
    '--',
    '-',
    '--hash=sha256:abc',
    '"-r other.txt"',
    "-r 'sub/dev.txt'",
  ),
);

const perRequirementOption = fc.constantFrom(
  ' --hash=sha256:abc',
  ' --hash sha256:def',
  ' --global-option=x',
  ' --config-settings a=b',
  ' -C x',
  ' --install-option',
  ' --unknown',
  ' \\',
);

const comment = fc.constantFrom('# comment', '#', ' # trailing', '#notacomment', '# ends in backslash \\');

/** One physical line of a requirements file. */
export const requirementLine: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(requirement, fc.array(perRequirementOption, { maxLength: 2 }), fc.option(comment, { nil: '' }))
      .map(([text, options, tail]) => `${text}${options.join('')}${tail === '' ? '' : ` ${tail}`}`),
  },
  { weight: 2, arbitrary: option },
  { weight: 1, arbitrary: wheelOrUrl },
  { weight: 1, arbitrary: comment },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\\', ' \\', 'name==${VERSION}', '${HOME}/x', '\uFEFFdjango==1.0') },
  { weight: 1, arbitrary: hostileString },
);

/** A whole file: lines, some ending in a backslash continuation, with one kind of line end. */
export const requirementsText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(requirementLine, fc.constantFrom('', '', '', ' \\', '\\')), { maxLength: 16 }),
    lineEnd,
    fc.boolean(),
  )
  .map(
    ([lines, end, bom]) =>
      `${bom ? '\uFEFF' : ''}${lines.map(([line, continuation]) => `${line}${continuation}`).join(end)}`,
  );
