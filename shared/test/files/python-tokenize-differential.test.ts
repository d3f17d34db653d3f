import { deepStrictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { splitLines } from '../../src/files/line-reader';
import { pythonPhysicalLines } from '../../src/files/python-physical-lines';
import type { PythonLineContinuation } from '../../src/files/python-physical-lines';

/**
 * Differential test against Python's own `tokenize` module: for every source of the corpus that the running
 * Python accepts (`ast.parse`), each physical line's continuation and each comment's position must be what
 * `tokenize` says. Sources that are valid only on 3.12+ (PEP 701 f-strings) are compared where the interpreter
 * is 3.12 or later. The interpreters are `python3` and any of `python3.12`…`python3.14` on PATH; set
 * PYTHON_TOKENIZE_INTERPRETERS (colon-separated) to name others.
 */

/** Reads JSON sources on stdin; prints, for each, its validity, each line's continuation and its comments. */
const PYTHON_REFERENCE = String.raw`
import ast, io, json, sys, tokenize
out = []
for source in json.load(sys.stdin):
    # Universal newlines, as the compiler reads a file: CRLF and a lone CR end a line.
    text = source.replace('\r\n', '\n').replace('\r', '\n')
    rows = text.split('\n')
    try:
        ast.parse(text)
        valid = True
    except SyntaxError:
        valid = False
    string_rows, ended, in_brackets, comments, open_fstrings = set(), set(), set(), [], []
    depth = 0
    error = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            name = tokenize.tok_name[tok.type]
            (row, col), (end_row, _) = tok.start, tok.end
            if name == 'OP' and tok.string in ('(', '[', '{'):
                depth += 1
            elif name == 'OP' and tok.string in (')', ']', '}'):
                depth -= 1
            elif name == 'STRING':
                string_rows.update(range(row, end_row))
            elif name == 'FSTRING_START' or name == 'TSTRING_START':
                open_fstrings.append(row)
            elif name == 'FSTRING_END' or name == 'TSTRING_END':
                string_rows.update(range(open_fstrings.pop(), end_row))
            elif name == 'NEWLINE' or (name == 'NL' and depth == 0):
                ended.add(row)
            elif name == 'NL':
                in_brackets.add(row)
            elif name == 'COMMENT':
                comments.append([row, len(rows[row - 1][:col].encode('utf-16-le')) // 2])
    except (tokenize.TokenError, SyntaxError) as caught:
        error = str(caught)
    kinds = []
    for row in range(1, len(rows) + 1):
        if row in string_rows:
            kinds.append('string')
        elif row in ended or (row == len(rows) and rows[-1] == ''):
            kinds.append('none')
        elif row in in_brackets:
            kinds.append('bracket')
        else:
            kinds.append('backslash')
    out.append({'valid': valid, 'error': error, 'kinds': kinds, 'comments': comments})
print(json.dumps({'version': sys.version.split()[0], 'results': out}))
`;

/** Sources valid Python (3.12+ for the f-string ones) whose structure is easy to get wrong. */
const CORPUS: readonly string[] = [
  'run(  # nosec\n    a,\n    [b, {c: d}],\n)\nx = 1 + \\\n    2  # two\n',
  'doc = """one\n# not a comment ( [\nthree"""\ny = 2  # after\n',
  "a = \"(#[\"  # (\nb = ')' + '\\'('  # b\nc = f(\n    '''#)'''\n)\n",
  "x = rb'\\\\'  # rb\ny = Rb\"x\" + BR'''a\nb'''  # BR\nz = u\"é\"  # u\nw = F\"{1}\" + fR'{2}'  # F\n",
  'r1 = r"\\""  # escaped quote in a raw string\nr2 = r\'\\\\\'  # b\nr3 = r"a\\\nb"  # raw string continued\n',
  'x = (1,\r\n  2)  # crlf\r\ny = 3\r\n',
  'x = (1,\r  2)  # lone cr\ry = 3\r',
  '\fx = 1  # ff\n\f\ny = (\f1\f)  # ff2\n',
  'if x:\n\ty = 1\t# tab\n\tz = [\n\t\t2]\t# tab2\n',
  "s = '😀'  # emoji before\nπ = 3  # pi\nnom_é = f'{π}'  # after é\n",
  'x = [\n  # only a comment\n\n  1,  # one\n]\n',
  "s = 'abc\\\ndef'  # continued one-quote string\n",
  'x = \'\'  # empty\ny = """"""  # empty triple\nz = \'\'\'\'\'\'\nq = """a""" "b"  # adjacent\n',
  "x = 1  # it's \\\ny = 2  # a backslash in a comment continues nothing\n",
  'f = lambda: {1: 2}  # lambda\ng = b\'a\' if y else rb"b"  # prefixes\n',
  'def f(a,\n      b):  # def\n    return (a\n            + b)  # ret\n',
  "x = f\"{'#'}\"  # hash in a field\ny = f'{a:#x}'  # hash in a spec\n",
  'x = f"{{#}}"  # literal braces\ny = f"{x!r:>{w}}"  # nested spec field\n',
  'x = f"\\N{BULLET} {y}"  # named escape\nz = rf"\\N{y}"  # raw: a field\n',
  "x = f'''{\n  a\n}'''  # triple f-string field across lines\n",
  'x = 1 + \\\n  f"{y}" + \\\n  2  # backslashes around an f-string\n',
  // Valid on 3.12+ only (PEP 701): the f-string's own quote inside a field, fields across lines, comments in them.
  'x = f"{d["a"]}"  # same quote nested\ny = f"{"#"}" + z  # hash in a nested string\n',
  'msg = f"{", ".join([\n    \'a\',  # nosec\n    \'b\',\n])}"  # end\nz = 1\n',
  "x = f'''{\n  a  # inside a field\n}'''  # after\n",
  'x = f"{f"{f"{y}"}"}"  # three deep\n',
  'x = f"{y:{"#"}>10}"  # a string in a spec field\n',
  'x = f"{y:\n}"  # a line break ends a one-quote f-string\'s format spec\ny = f"{z\n}"  # and a field spans lines\n',
  'x = f"\\\n{y}"  # a one-quote f-string continued by a backslash\n',
];

/** Pieces of Python that open, close or escape something; random sequences of them make the generated corpus. */
const FRAGMENTS: readonly string[] = [
  ...['x', 'y', '1', 'é', ' ', '\t', '+', ',', ':', '=', '!r', '(', ')', '[', ']', '{', '}', '{{', '}}'],
  ...['"', "'", '"""', "'''", 'f"', "f'", 'rf"', 'b"', 'r"', 'f"""', 'f"{', '}"', "f'{", "}'", '\\N{'],
  ...['#', ' # c', '\\', '\\\n', '\n', '\r\n'],
];

/**
 * Sources of 1 to 14 fragments each, from a fixed seed (a linear congruential generator), so every run compares
 * the same ones. About one in eleven is valid Python; those are compared.
 */
function generatedCorpus(count: number): string[] {
  let state = 1;
  const next = (below: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return Math.floor((state / 0x80000000) * below);
  };
  return Array.from({ length: count }, () => {
    const length = 1 + next(14);
    return `${Array.from({ length }, () => FRAGMENTS[next(FRAGMENTS.length)] ?? '').join('')}\n`;
  });
}

const GENERATED = generatedCorpus(20_000);

interface Reference {
  readonly valid: boolean;
  readonly error: string | null;
  readonly kinds: readonly PythonLineContinuation[];
  readonly comments: readonly (readonly [number, number])[];
}

/**
 * The interpreters to compare with: `python3` always (the scanners need it, and setup installs it), and the
 * newer versions whose tokenizers changed (3.12's f-strings, 3.14's t-strings) where they are installed.
 */
function interpreters(): { present: string[]; absent: string[] } {
  const named = process.env['PYTHON_TOKENIZE_INTERPRETERS'];
  if (named) return { present: named.split(':').filter(Boolean), absent: [] };
  const optional = ['python3.12', 'python3.13', 'python3.14'];
  const installed = (python: string): boolean => spawnSync(python, ['--version'], { timeout: 10_000 }).status === 0;
  return {
    present: ['python3', ...optional.filter(installed)],
    absent: optional.filter((python) => !installed(python)),
  };
}

function runReference(python: string, sources: readonly string[]): { version: string; results: Reference[] } {
  const run = spawnSync(python, ['-c', PYTHON_REFERENCE], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    throw new Error(`${python} did not run the reference: ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout) as { version: string; results: Reference[] };
}

function ours(source: string): { kinds: PythonLineContinuation[]; comments: [number, number][] } {
  const lines = pythonPhysicalLines(splitLines(source));
  return {
    kinds: lines.map((line) => line.continuation),
    comments: lines.flatMap((line, index) =>
      line.commentStart === undefined ? [] : [[index + 1, line.commentStart] as [number, number]],
    ),
  };
}

describe("Python's physical lines against Python's tokenize module", () => {
  const seen = new Set<string>();
  const seenGenerated = new Set<string>();
  const { present, absent } = interpreters();
  if (absent.length > 0) {
    before(() => console.log(`      (not installed, not compared: ${absent.join(', ')})`));
  }
  for (const python of present) {
    it(`matches ${python}'s tokenize on every source it accepts`, function () {
      const reference = runReference(python, CORPUS);
      if (seen.has(reference.version)) {
        console.log(`      (${python} is Python ${reference.version}, compared already)`);
        this.skip();
      }
      seen.add(reference.version);
      let compared = 0;
      reference.results.forEach((expected, index) => {
        const source = CORPUS[index] ?? '';
        if (!expected.valid) return;
        compared += 1;
        deepStrictEqual(
          ours(source),
          { kinds: expected.kinds, comments: expected.comments },
          `Python ${reference.version}, source ${String(index)}: ${JSON.stringify(source)}`,
        );
      });
      // Every source but the 3.12-only ones is valid Python on any 3.x, so a run always compares most of them.
      deepStrictEqual(compared >= CORPUS.length - 6, true, `Python ${reference.version} compared ${String(compared)}`);
      console.log(`      (Python ${reference.version}: ${String(compared)} of ${String(CORPUS.length)} sources)`);
    });

    it(`matches ${python}'s tokenize on a generated corpus`, function () {
      const reference = runReference(python, GENERATED);
      if (seenGenerated.has(reference.version)) {
        console.log(`      (${python} is Python ${reference.version}, compared already)`);
        this.skip();
      }
      seenGenerated.add(reference.version);
      const mismatches: string[] = [];
      let compared = 0;
      reference.results.forEach((expected, index) => {
        const source = GENERATED[index] ?? '';
        if (!expected.valid) return;
        compared += 1;
        const actual = ours(source);
        if (JSON.stringify(actual) !== JSON.stringify({ kinds: expected.kinds, comments: expected.comments })) {
          mismatches.push(JSON.stringify(source));
        }
      });
      deepStrictEqual(mismatches.slice(0, 5), [], `Python ${reference.version}: ${String(mismatches.length)} differ`);
      deepStrictEqual(compared > 1000, true, `Python ${reference.version} compared ${String(compared)}`);
      console.log(`      (Python ${reference.version}: ${String(compared)} valid of ${String(GENERATED.length)})`);
    });
  }
});
