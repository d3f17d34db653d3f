// Tool reports as JSON objects of the right shape with hostile values (SARIF 2.1.0, Bandit,
// hadolint, Dependency-Check), and the real reports of the fixtures, trimmed, to mutate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  ESCAPING_PATHS,
  hostileNumber,
  hostileString,
  hostileWord,
  mutatedText,
  PROTOTYPE_WORDS,
} from './hostile-text';
import { yamlValue } from './yaml-text';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'shared', 'test', 'fixtures');

/** A fixture report with every array cut to `keep` items, so mutating it stays cheap. */
function trimmedFixture(relativePath: string, keep = 3): string {
  const trim = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.slice(0, keep).map(trim);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, trim(inner)]));
    }
    return value;
  };
  return JSON.stringify(trim(JSON.parse(readFileSync(join(FIXTURES, relativePath), 'utf8'))), null, 1);
}

/** The right type, or any JSON value. */
function orJunk<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: yamlValue });
}

/** Paths as tools print them: relative, absolute under the root, absolute elsewhere, escaping. */
export const reportedPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'app/main.py',
    './app/main.py',
    '/repo/app/main.py',
    '/other/app/main.py',
    'Dockerfile',
    'requirements.txt',
    'a\\b.py',
  ),
  fc.constantFrom(...ESCAPING_PATHS),
  fc.constantFrom('/repo/../etc/passwd', '/repo/./x', '/repo', '/', '.', ''),
  hostileString,
);

/** A line or column as a tool could write it. */
const position = orJunk(
  fc.oneof(fc.integer({ min: -2, max: 2000 }), hostileNumber, fc.constantFrom('12', ' 3 ', '1e3', 'x')),
);

/** Marks where a report's text gets a value nested too deep for JSON.stringify (spliced in as text). */
export const DEEP_VALUE = '<<deep value>>';

/** Properties bags; some hold a value that only exists as text, nested thousands of levels deep. */
const propertyBag = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.dictionary(fc.oneof(hostileWord, fc.string({ maxLength: 8 })), yamlValue, { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: fc.constant({ deep: DEEP_VALUE }) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as unknown) },
);

/** JSON text of a report, with DEEP_VALUE replaced by brackets `depth` levels deep. */
function reportJson(report: unknown, depth: number): string {
  return JSON.stringify(report).replaceAll(JSON.stringify(DEEP_VALUE), `${'['.repeat(depth)}${']'.repeat(depth)}`);
}

const level = fc.oneof(
  fc.constantFrom('error', 'warning', 'note', 'none', 'Error', ''),
  fc.constantFrom(...PROTOTYPE_WORDS),
);

const artifactLocation = fc.record(
  {
    uri: orJunk(reportedPath),
    uriBaseId: orJunk(fc.constantFrom('SRCROOT', '%SRCROOT%', 'CHAIN', 'LOOP', ...PROTOTYPE_WORDS)),
    index: orJunk(fc.integer({ min: -1, max: 3 })),
  },
  { requiredKeys: [] },
);

const sarifResult = fc.record(
  {
    ruleId: orJunk(
      fc.oneof(fc.constantFrom('B602', 'DL3008', 'CVE-2021-1', 'GHSA-1', ...PROTOTYPE_WORDS), hostileString),
    ),
    ruleIndex: orJunk(fc.oneof(fc.integer({ min: -1, max: 4 }), hostileNumber)),
    rule: orJunk(
      fc.record(
        {
          id: orJunk(hostileWord),
          index: orJunk(fc.integer({ min: -1, max: 4 })),
          toolComponent: fc.constant({ index: 0 }),
        },
        { requiredKeys: [] },
      ),
    ),
    kind: orJunk(fc.constantFrom('fail', 'pass', 'notApplicable', 'open', 'review')),
    level: orJunk(level),
    message: orJunk(
      fc.record(
        {
          text: orJunk(hostileString),
          id: orJunk(fc.constantFrom('default', 'm', ...PROTOTYPE_WORDS)),
          arguments: orJunk(fc.array(hostileString, { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    ),
    locations: orJunk(
      fc.array(
        fc.record(
          {
            physicalLocation: orJunk(
              fc.record(
                {
                  artifactLocation: orJunk(artifactLocation),
                  region: orJunk(
                    fc.record(
                      { startLine: position, startColumn: position, endLine: position, endColumn: position },
                      { requiredKeys: [] },
                    ),
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
            logicalLocations: orJunk(
              fc.array(
                fc.record(
                  { name: orJunk(hostileString), fullyQualifiedName: orJunk(hostileString) },
                  { requiredKeys: [] },
                ),
                { maxLength: 2 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    ),
    partialFingerprints: orJunk(
      fc.dictionary(fc.constantFrom('devsecops/v1', 'primaryLocationLineHash', ...PROTOTYPE_WORDS), hostileString, {
        maxKeys: 2,
      }),
    ),
    properties: orJunk(
      fc.oneof(
        propertyBag,
        fc.record(
          {
            severity: orJunk(fc.constantFrom('critical', 'high', 'medium', 'low', 'info', 'HIGH', ...PROTOTYPE_WORDS)),
            category: orJunk(fc.constantFrom('sast', 'sca', 'dockerfile', 'other', ...PROTOTYPE_WORDS)),
            issue_severity: orJunk(fc.constantFrom('HIGH', 'LOW', 'UNDEFINED', ...PROTOTYPE_WORDS)),
            'security-severity': orJunk(fc.oneof(fc.constantFrom('9.8', '0', '-1', 'NaN', '11'), hostileNumber)),
            tags: orJunk(
              fc.array(
                fc.constantFrom('security', 'CWE-78', 'external/cwe/cwe-89', 'cwe-99999999999999999999', 'sca'),
                { maxLength: 3 },
              ),
            ),
            cwe: orJunk(fc.array(fc.oneof(fc.integer(), fc.constantFrom('CWE-79', '0', '-3')), { maxLength: 3 })),
            fix: orJunk(
              fc.record(
                {
                  description: orJunk(hostileString),
                  fixedVersions: orJunk(fc.array(hostileString, { maxLength: 2 })),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    suppressions: orJunk(
      fc.array(
        fc.record({ status: orJunk(fc.constantFrom('accepted', 'rejected', 'underReview')) }, { requiredKeys: [] }),
        { maxLength: 2 },
      ),
    ),
    baselineState: orJunk(fc.constantFrom('new', 'unchanged', 'updated', 'absent', ...PROTOTYPE_WORDS)),
  },
  { requiredKeys: [] },
);

const sarifRule = fc.record(
  {
    id: orJunk(fc.oneof(fc.constantFrom('B602', 'DL3008', ...PROTOTYPE_WORDS), hostileWord)),
    name: orJunk(hostileString),
    helpUri: orJunk(fc.constantFrom('https://example.com/r', 'javascript:alert(1)', '')),
    shortDescription: orJunk(fc.record({ text: orJunk(fc.oneof(fc.constant('HIGH severity - x'), hostileString)) })),
    defaultConfiguration: orJunk(fc.record({ level: orJunk(level) })),
    messageStrings: orJunk(
      fc.dictionary(
        fc.constantFrom('default', 'm', ...PROTOTYPE_WORDS),
        fc.record({ text: orJunk(fc.constantFrom('{0} and {1}', '{99999999999}', '{-1}', '')) }),
        { maxKeys: 2 },
      ),
    ),
    properties: orJunk(propertyBag),
  },
  { requiredKeys: [] },
);

/** A tool's notification: error-level ones located at a file make that file unscanned. */
const notification = fc.record(
  {
    level: orJunk(level),
    message: orJunk(fc.record({ text: orJunk(hostileString) }, { requiredKeys: [] })),
    locations: orJunk(
      fc.array(fc.record({ physicalLocation: orJunk(fc.record({ artifactLocation: orJunk(artifactLocation) })) }), {
        maxLength: 2,
      }),
    ),
  },
  { requiredKeys: [] },
);

const invocation = fc.record(
  {
    executionSuccessful: orJunk(fc.boolean()),
    toolExecutionNotifications: orJunk(fc.array(notification, { maxLength: 3 })),
    toolConfigurationNotifications: orJunk(fc.array(notification, { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

const sarifRun = fc.record(
  {
    tool: orJunk(
      fc.record({
        driver: orJunk(
          fc.record(
            {
              name: orJunk(
                fc.oneof(
                  fc.constantFrom(
                    'Bandit',
                    'hadolint',
                    'dependency-check',
                    'devsecops-sca',
                    'Semgrep OSS',
                    ...PROTOTYPE_WORDS,
                  ),
                  hostileWord,
                ),
              ),
              rules: orJunk(fc.array(sarifRule, { maxLength: 3 })),
            },
            { requiredKeys: ['name'] },
          ),
        ),
      }),
    ),
    results: orJunk(fc.array(sarifResult, { maxLength: 4 })),
    originalUriBaseIds: orJunk(
      fc.constantFrom(
        { SRCROOT: { uri: 'file:///repo/' } },
        { '%SRCROOT%': { uri: 'file:///codebuild/src/' } },
        { CHAIN: { uri: 'app/', uriBaseId: 'SRCROOT' }, SRCROOT: { uri: 'file:///repo/' } },
        { LOOP: { uri: 'a/', uriBaseId: 'LOOP' } },
        { SRCROOT: { uri: '../../' } },
        // An own key named __proto__, as JSON.parse makes it (an object literal would set the prototype).
        JSON.parse('{"__proto__": {"uri": "file:///etc/"}}') as unknown,
      ),
    ),
    artifacts: orJunk(fc.array(fc.record({ location: orJunk(artifactLocation) }), { maxLength: 3 })),
    invocations: orJunk(fc.array(invocation, { maxLength: 2 })),
  },
  { requiredKeys: ['tool'] },
);

/** A SARIF log as a value. */
export const sarifLog: fc.Arbitrary<unknown> = fc.record(
  {
    $schema: fc.constant('https://json.schemastore.org/sarif-2.1.0.json'),
    version: orJunk(fc.constantFrom('2.1.0', '2.1.0', '2.0.0', 2.1)),
    runs: orJunk(fc.array(sarifRun, { maxLength: 3 })),
  },
  { requiredKeys: ['runs'] },
);

const banditResult = fc.record(
  {
    filename: orJunk(reportedPath),
    test_id: orJunk(fc.oneof(fc.constantFrom('B602', 'B101', ...PROTOTYPE_WORDS), hostileWord)),
    test_name: orJunk(hostileString),
    line_number: position,
    line_range: orJunk(
      fc.oneof(
        {
          weight: 400,
          arbitrary: fc.array(fc.oneof(fc.integer({ min: -5, max: 5000 }), hostileNumber), { maxLength: 4 }),
        },
        // Long enough that spreading it into Math.max overflows the stack.
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 150_000 }, (_, index) => index)) },
      ),
    ),
    col_offset: position,
    end_col_offset: position,
    issue_severity: orJunk(fc.constantFrom('HIGH', 'MEDIUM', 'LOW', 'UNDEFINED', 'high', ...PROTOTYPE_WORDS)),
    issue_confidence: orJunk(fc.constantFrom('HIGH', 'LOW')),
    issue_text: orJunk(hostileString),
    issue_cwe: orJunk(fc.record({ id: position, link: fc.constant('https://cwe.mitre.org/') })),
    more_info: orJunk(fc.constantFrom('https://bandit.readthedocs.io/', 'javascript:x')),
    code: orJunk(hostileString),
  },
  { requiredKeys: [] },
);

/** A Bandit `-f json` report as a value. */
export const banditReport: fc.Arbitrary<unknown> = fc.record(
  {
    results: orJunk(fc.array(banditResult, { maxLength: 4 })),
    errors: orJunk(
      fc.array(fc.record({ filename: orJunk(reportedPath), reason: orJunk(hostileString) }, { requiredKeys: [] }), {
        maxLength: 2,
      }),
    ),
    // Per-file metrics name every file Bandit began to analyse.
    metrics: orJunk(
      fc
        .dictionary(reportedPath, fc.constant({ loc: 1 }), { maxKeys: 3 })
        .map((files) => ({ ...files, _totals: { loc: 1 } })),
    ),
    generated_at: fc.constant('2024-01-01T00:00:00Z'),
  },
  { requiredKeys: [] },
);

/** `hadolint -f json` output as a value. */
export const hadolintReport: fc.Arbitrary<unknown> = fc.array(
  orJunk(
    fc.record(
      {
        code: orJunk(fc.oneof(fc.constantFrom('DL3008', 'SC2086', 'DL1000', ...PROTOTYPE_WORDS), hostileWord)),
        file: orJunk(reportedPath),
        line: position,
        column: position,
        level: orJunk(
          fc.oneof(
            fc.constantFrom('error', 'warning', 'info', 'style', 'ignore', 'ERROR'),
            fc.constantFrom(...PROTOTYPE_WORDS),
          ),
        ),
        message: orJunk(hostileString),
      },
      { requiredKeys: [] },
    ),
  ),
  { maxLength: 4 },
);

const purl = fc.oneof(
  fc.constantFrom(
    'pkg:pypi/jinja2@2.10',
    'pkg:pypi/Foo_Bar@1.0',
    'pkg:pypi/%E0%A4%A@1',
    'pkg:javascript/moment.js@2.24.0',
    'pkg:pypi/',
    'pkg:',
    'cpe:/a:x',
  ),
  fc.constantFrom(...PROTOTYPE_WORDS).map((name) => `pkg:pypi/${name}@1.0`),
  hostileString,
);

const vulnerability = fc.record(
  {
    source: orJunk(fc.constantFrom('NVD', 'OSSINDEX', 'RETIREJS')),
    name: orJunk(
      fc.oneof(
        fc.constantFrom('CVE-2022-24785', 'GHSA-8hfj-j24r-96c4', 'PYSEC-2021-1', ...PROTOTYPE_WORDS),
        hostileWord,
      ),
    ),
    severity: orJunk(fc.oneof(fc.constantFrom('HIGH', 'moderate', 'Critical'), fc.constantFrom(...PROTOTYPE_WORDS))),
    cvssv3: orJunk(
      fc.record(
        { baseScore: position, baseSeverity: orJunk(fc.constantFrom('HIGH', 'constructor', '__proto__')) },
        { requiredKeys: [] },
      ),
    ),
    cvssv2: orJunk(
      fc.record(
        { score: position, severity: orJunk(fc.constantFrom('MEDIUM', 'hasOwnProperty')) },
        { requiredKeys: [] },
      ),
    ),
    cwes: orJunk(
      fc.array(fc.constantFrom('CWE-22', 'NVD-CWE-Other', 'CWE-99999999999999999999', 'cwe-0'), { maxLength: 3 }),
    ),
    description: orJunk(fc.oneof(hostileString, fc.constant('A sentence. '.repeat(50)))),
    references: orJunk(
      fc.array(
        fc.record({
          url: orJunk(fc.oneof(fc.constant('https://github.com/advisories/GHSA-8hfj-j24r-96c4'), hostileString)),
        }),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);

/** A Dependency-Check `--format JSON` report as a value. */
export const dependencyCheckReport: fc.Arbitrary<unknown> = fc.record(
  {
    scanInfo: orJunk(fc.record({ engineVersion: orJunk(fc.constantFrom('12.1.9', '6.5.3')) })),
    dependencies: orJunk(
      fc.array(
        fc.record(
          {
            fileName: orJunk(hostileWord),
            filePath: orJunk(
              fc.oneof(
                reportedPath,
                fc
                  .tuple(reportedPath, fc.constantFrom(':jinja2/2.10', ':a', ':/x', ':\\x', ':'))
                  .map(([path, suffix]) => `${path}${suffix}`),
              ),
            ),
            packages: orJunk(fc.array(fc.record({ id: orJunk(purl) }), { maxLength: 2 })),
            vulnerabilities: orJunk(fc.array(vulnerability, { maxLength: 3 })),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);

/** Report text: built values, mutated real reports, a banner before the JSON, or not JSON. */
export function reportText(value: fc.Arbitrary<unknown>, fixtures: readonly string[]): fc.Arbitrary<string> {
  const corpus = fixtures.map((fixture) => trimmedFixture(fixture));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          value,
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(3) },
            { weight: 1, arbitrary: fc.integer({ min: 5000, max: 20_000 }) },
          ),
        )
        .map(([report, depth]) => reportJson(report, depth)),
    },
    { weight: 3, arbitrary: mutatedText(corpus, 3) },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileString, value).map(([banner, report]) => `${banner}\n${reportJson(report, 3)}`),
    },
    { weight: 1, arbitrary: hostileString },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 12_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    },
  );
}
