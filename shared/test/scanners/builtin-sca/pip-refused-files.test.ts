import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requirementsUnscannedReason } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { PIP_REFUSAL_KINDS } from '../../../src/scanners/builtin-sca/requirement-note';
import { parseRequirementsFile } from '../../../src/scanners/builtin-sca/requirements-file';
import { useScaRepository } from './sca-repository';
import { pipParseResults } from '../../pip-reference';
import { seededRandom } from '../../seeded-random';

/**
 * Requirements files, each with whether pip refuses the whole file (its options parser, or an option's callback,
 * raises) rather than installing from it: checked below against pip's own `parse_requirements`.
 */
const CASES: readonly (readonly [string, boolean])[] = [
  // Options pip does not know, or cannot read, after a requirement: optparse errors for the whole file.
  ['flask==2.0 --frobnicate\n', true],
  ['flask==2.0 -x\n', true],
  ['flask==2.0 --req\n', true],
  ['flask==2.0 --pre=1\n', true],
  ['flask==2.0 --global-option\n', true],
  ['flask==2.0 --pre "--hash=sha256:x\n', true],
  ['flask==2.0 --install-option=--prefix=/x\n', true],
  ['--frobnicate\nflask==2.0\n', true],
  // `_handle_merge_hash`: `algorithm:digest`, the algorithm sha256, sha384 or sha512 (as written, lower case).
  ['flask==2.0 --hash=sha256\n', true],
  ['flask==2.0 --hash=\n', true],
  ['flask==2.0 --hash=md5:abc\n', true],
  ['flask==2.0 --hash=sha1:abc\n', true],
  ['flask==2.0 --hash=SHA256:abc\n', true],
  ['flask==2.0 --hash sha256-abc\n', true],
  ['flask==2.0 --has=md5:abc\n', true],
  ['flask==2.0 --pre "--hash=md5:abc"\n', true],
  ['flask==2.0 --hash=sha256:a \\\n  --hash=sha1:b\n', true],
  ['--hash=md5:abc\n', true],
  ['-e . --hash=md5:abc\n', true],
  // `_handle_config_settings`: `KEY=VAL`.
  ['flask==2.0 -C foo\n', true],
  ['flask==2.0 -Cfoo\n', true],
  ['flask==2.0 --config-settings foo\n', true],
  // optparse's choices for --use-feature.
  ['--use-feature=bogus\n', true],
  ['--use-feature=2020-resolver\n', true],
  ['flask==2.0 --use-feature bogus\n', true],
  // `FormatControl.handle_mutual_excludes`: a value starting with "-" is a missing argument.
  ['--no-binary=-x\n', true],
  ['--no-binary -x\n', true],
  ['--only-binary=--pre\n', true],
  ['flask==2.0 --only-binary -\n', true],
  // What pip takes.
  ['flask==2.0 --hash=sha256:x\n', false],
  ['flask==2.0 --hash=sha384:x --hash=sha512:y\n', false],
  ['flask==2.0 --hash=sha256:\n', false],
  ['flask==2.0 --hash sha512:a:b\n', false],
  ['--hash=sha256:x\n', false],
  ['flask==2.0 -C k=v\n', false],
  ['flask==2.0 -C=k\n', false],
  ['flask==2.0 -C =\n', false],
  ['flask==2.0 --config-settings=k=\n', false],
  ['--use-feature=fast-deps\n', false],
  ['--use-feature truststore\n', false],
  ['--no-binary=:all:\n', false],
  ['--only-binary :none:,flask\n', false],
  ['flask==2.0 --global-option=--x\n', false],
  ['flask==2.0 --pre\n', false],
  // optparse stops at `--`; a comment is no option; a tab does not end the requirement part (so pip refuses the
  // file for the requirement `flask==2.0\t--frobnicate` instead, which pip-invalid-requirements.test.ts checks).
  ['flask==2.0 -- --frobnicate --hash=md5:x\n', false],
  ['flask==2.0  # --frobnicate --hash=md5:x\n', false],
  ['flask==2.0\t--frobnicate\n', false],
  // Options start at the first space-separated word starting with "-": a quoted first word is the requirement's.
  ['flask==2.0 "--hash=md5:abc"\n', false],
  ['flask==2.0 "--frobnicate\n', false],
];

/**
 * Option words and their pieces, from which the generated corpus builds lines: known options and prefixes of them,
 * unknown ones, values pip's callbacks take or refuse, quotes, escapes, `--` and comments.
 */
const FRAGMENTS: readonly string[] = [
  ...['flask==2.0', 'a', '-r', '-c', '-e', '-i', '-f', '-C', '-x', '-y', '--', '-', '--=', '---', '#', 'x#y', '\t'],
  ...['--hash', '--hash=', '--has', '--h', 'sha256:x', 'md5:x', 'sha256', ':x', '--hash=sha512:y', '--hash=SHA256:x'],
  ...['--hash=sha384:', '=', 'k=v', '-C=k', '-Ck', '-Ck=v', '--config-settings', '--config', '--use-feature'],
  ...['fast-deps', 'bogus', '--use-feature=truststore', '--no-binary', '--only-binary', ':all:', '--no-binary=-x'],
  ...['--pre', '--pre=', '--no-index', '--no', '--index-url', '--i', '--in', '--e', '--extra-index-url', '--only'],
  ...['--global-option', '--trusted-host', '--require-hashes', '--requirement', '--req', '--p', '--prefer'],
  ...['--pypi-url', '--find-links', '-rreq.txt', '-e.', '"', "'", '\\', '"--hash=md5:x"', "'-C'"],
];

/** `count` one-line files of one to five fragments, after a requirement or not. */
function generatedCorpus(count: number): string[] {
  const random = seededRandom(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(FRAGMENTS));
    return `${pick(['', 'flask==2.0 ', 'a '])}${words.join(' ')}\n`;
  });
}

/**
 * Prints, for each file text read from stdin (JSON), whether pip refuses it: its lines read as `_parse_file` reads
 * them (`preprocess`, then the line parser `parse_requirements` uses), without a temporary file for each.
 */
const PIP_LINE_REFERENCE = String.raw`
import json, logging, os, sys
logging.disable(logging.CRITICAL)
sys.stderr = open(os.devnull, 'w')  # optparse prints its usage there before raising
from pip._internal.req.req_file import get_line_parser, preprocess
parse = get_line_parser(None)
out = []
for text in json.load(sys.stdin):
    refused = False
    try:
        for _, line in preprocess(text):
            parse(line)
    except Exception:
        refused = True
    out.append(refused)
print(json.dumps(out))
`;

/**
 * True when the reading of `text` tells the user pip's options parser refuses the file. A file pip refuses, for its
 * options or for a requirement it cannot read (pip-invalid-requirements.test.ts), is marked as not fully scanned.
 */
function saysPipRefuses(text: string): boolean {
  const parsed = parseRequirementsFile(text, 'requirements.txt');
  const refused = parsed.notes.some(
    (note) => note.kind === 'unknown-option' && note.message.startsWith('pip refuses this file: '),
  );
  const refusedAtAll = parsed.notes.some((note) => PIP_REFUSAL_KINDS.has(note.kind));
  strictEqual(requirementsUnscannedReason('requirements.txt', parsed.notes) !== undefined, refusedAtAll, text);
  return refused;
}

describe('requirements files pip refuses, as pip refuses them', () => {
  it('reads each case as written beside it', () => {
    deepStrictEqual(
      CASES.map(([text]) => [text, saysPipRefuses(text)]),
      CASES.map(([text, refused]) => [text, refused]),
    );
  });

  it("agrees with pip's own requirements-file parser on every case", () => {
    const pip = pipParseResults<null>(
      CASES.map(([text]) => text),
      'None',
    );
    deepStrictEqual(
      CASES.map(([text], index) => [text, pip[index] !== null]),
      CASES.map(([text, refused]) => [text, refused]),
    );
  });

  it("agrees with pip's line parser on a generated corpus of 5,000 option lines", function () {
    this.timeout(120_000);
    const corpus = generatedCorpus(5_000);
    const run = spawnSync('python3', ['-c', PIP_LINE_REFERENCE], {
      input: JSON.stringify(corpus),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    strictEqual(run.error, undefined, 'python3 with pip runs the reference');
    strictEqual(run.status, 0, run.stderr);
    const pip = JSON.parse(run.stdout) as boolean[];
    const differing = corpus.filter((text, index) => saysPipRefuses(text) !== pip[index]);
    deepStrictEqual(differing, []);
    // Both kinds are well represented: a corpus pip always refuses (or never) would prove little.
    const refused = pip.filter(Boolean).length;
    ok(refused > 1_000 && refused < 4_000, String(refused));
  });

  it('keeps the pins of a refused file, and says at the line what pip does and what to do', () => {
    const parsed = parseRequirementsFile(
      'flask==2.0 --hash=md5:abc\ndjango==1.11 \\\n  --frobnicate\n',
      'requirements.txt',
    );
    deepStrictEqual(
      parsed.requirements.map((requirement) => [requirement.name, requirement.exactVersion]),
      [
        ['flask', '2.0'],
        ['django', '1.11'],
      ],
    );
    deepStrictEqual(
      parsed.notes.map((note) => [note.line, note.column, note.kind, note.message]),
      [
        [
          1,
          12,
          'unknown-option',
          'pip refuses this file: Allowed hash algorithms for --hash are sha256, sha384, sha512. (in "--hash=md5:abc"); fix the line. Until then pip installs nothing from it.',
        ],
        [
          3,
          3,
          'unknown-option',
          'pip refuses this file: no such option: --frobnicate (in "--frobnicate"); fix the line. Until then pip installs nothing from it.',
        ],
      ],
    );
  });

  it('attack: a megabyte-long option word makes a note of bounded length', () => {
    const parsed = parseRequirementsFile(`flask==2.0 --${'x'.repeat(1_000_000)}\n`, 'requirements.txt');
    deepStrictEqual(
      parsed.notes.map((note) => note.kind),
      ['unknown-option'],
    );
    ok((parsed.notes[0]?.message.length ?? 0) < 500, String(parsed.notes[0]?.message.length));
  });

  describe('in a repository scan', function () {
    this.timeout(30_000);
    const repository = useScaRepository({
      prefix: 'sca-refused-',
      advisories: [{ id: 'PYSEC-1', package: 'web-kit', events: [[{ introduced: '0' }, { fixed: '2.0' }]] }],
    });

    it('lists a file pip refuses (an option, a requirement it cannot read, an include) as not fully scanned, and still reports its pins', async () => {
      repository().write('requirements.txt', 'web-kit==1.3 --hash=md5:abc\n');
      // No finding in it: without the refusal it would read as clean, though pip installs nothing from it.
      repository().write('app/requirements.txt', 'flask==2.0\n-r ../base.txt\n');
      // Not a requirements file by its name: scanned only through the file that includes it.
      repository().write('base.txt', 'requests==2.0 --frobnicate\n');
      // A requirement line pip cannot read, after one it can: the pin read is still reported.
      repository().write('api/requirements.txt', 'web-kit==1.2\nflask=2.0\n');
      // A legacy specifier: only pip 24.1 and later refuse the file.
      repository().write('dev-requirements.txt', 'django==not.a.version\n');

      const outcome = await repository().scan();

      deepStrictEqual(
        outcome.findings.map((finding) => [finding.location.path, finding.location.line, finding.ruleId]),
        [
          ['api/requirements.txt', 1, 'PYSEC-1'],
          ['requirements.txt', 1, 'PYSEC-1'],
        ],
      );
      const refusedHash =
        'pip refuses this file: Allowed hash algorithms for --hash are sha256, sha384, sha512. (in "--hash=md5:abc"); fix the line. Until then pip installs nothing from it.';
      const refusedOption =
        'pip refuses this file: no such option: --frobnicate (in "--frobnicate"); fix the line. Until then pip installs nothing from it.';
      const refusedRequirement =
        'pip refuses this file: "=2.0" is not a valid PEP 440 version specifier for flask; fix the line. Until then pip installs nothing from it.';
      const refusedLegacy =
        'pip 24.1 and later refuse this file: "==not.a.version" is not a valid PEP 440 version specifier for django; fix the line. Earlier pip reads it as a legacy version and installs from the file, a version not checked here.';
      const reason = (path: string, where: string, who = 'pip refuses'): string =>
        `${who} to install from it, so its requirements are checked as written, not as installed. ${where} To leave it out on purpose, add ${path} to \`ignore\` in .devsecops.yml.`;
      deepStrictEqual(outcome.tools[0]?.unscanned, [
        {
          path: 'api/requirements.txt',
          reason: reason('api/requirements.txt', `api/requirements.txt:2: ${refusedRequirement}`),
        },
        { path: 'app/requirements.txt', reason: reason('app/requirements.txt', `base.txt:1: ${refusedOption}`) },
        {
          path: 'dev-requirements.txt',
          reason: reason(
            'dev-requirements.txt',
            `dev-requirements.txt:1: ${refusedLegacy}`,
            'pip 24.1 and later refuse',
          ),
        },
        { path: 'requirements.txt', reason: reason('requirements.txt', `requirements.txt:1: ${refusedHash}`) },
      ]);
    });
  });
});
