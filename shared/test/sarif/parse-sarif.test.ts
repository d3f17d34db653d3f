import { strict as assert } from 'node:assert';
import { DevsecopsError } from '../../src/errors';
import { importSarifFindings } from '../../src/sarif';
import { parseSarif } from '../../src/sarif/parse-sarif';
import type { FindingDraft } from '../../src/findings';
import { parseHadolintReport } from '../../src/scanners/hadolint/hadolint-report';

/** A one-run SARIF log; `run` fields override the defaults. */
function sarifLog(run: Record<string, unknown>): string {
  return JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS' } }, ...run }] });
}

function onlyDraft(text: string, options: Parameters<typeof parseSarif>[1] = {}): FindingDraft {
  const drafts = parseSarif(text, options);
  assert.equal(drafts.length, 1);
  const [draft] = drafts;
  assert.ok(draft);
  return draft;
}

function assertInputInvalid(text: string, expectedMessage: string): void {
  assert.throws(
    () => parseSarif(text, { sourceName: 'scan.sarif' }),
    (error: unknown) => {
      assert.ok(error instanceof DevsecopsError);
      assert.equal(error.code, 'INPUT_INVALID');
      assert.equal(error.message, expectedMessage);
      return true;
    },
  );
}

describe('parseSarif', () => {
  it('keeps only properties JSON can write back, and a __proto__ property as a property (fuzz)', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const text = `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "R", "message": {"text": "m"}, "partialFingerprints": {"h": ${deep}}, "properties": {"deep": ${deep}, "__proto__": {"polluted": true}, "keep": 1}}]}]}`;
    const draft = onlyDraft(text);
    assert.deepEqual(Object.keys(draft.properties ?? {}), ['__proto__', 'keep']);
    assert.equal(Object.getPrototypeOf(draft.properties), Object.prototype);
    assert.equal(JSON.stringify(draft.properties), '{"__proto__":{"polluted":true},"keep":1}');
  });

  it('reads levels and tool names named after Object.prototype members as unknown, not as their functions (fuzz)', () => {
    const drafts = parseSarif(
      JSON.stringify({
        version: '2.1.0',
        runs: ['constructor', 'toString'].map((name) => ({
          tool: { driver: { name } },
          results: [{ ruleId: 'R1', level: 'hasOwnProperty', message: { text: 'm' } }],
        })),
      }),
    );
    assert.deepEqual(
      drafts.map((draft) => [draft.tool, draft.category, draft.severity, draft.nativeSeverity]),
      [
        ['constructor', 'sast', 'medium', 'hasOwnProperty'],
        ['tostring', 'sast', 'medium', 'hasOwnProperty'],
      ],
    );
  });

  it('reads a Semgrep-like result: tool name, CWE tags with titles, level, region', () => {
    const draft = onlyDraft(
      sarifLog({
        tool: {
          driver: {
            name: 'Semgrep OSS',
            rules: [
              {
                id: 'python.lang.security.audit.eval-detected',
                helpUri: 'https://semgrep.dev/r/python.lang.security.audit.eval-detected',
                defaultConfiguration: { level: 'warning' },
                properties: { tags: ['CWE-95: Eval Injection', 'security'] },
              },
            ],
          },
        },
        results: [
          {
            ruleId: 'python.lang.security.audit.eval-detected',
            message: { text: 'Detected eval().' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'app/my%20module/main.py', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 15 },
                },
              },
            ],
          },
        ],
      }),
    );
    assert.deepStrictEqual(draft, {
      tool: 'semgrep-oss',
      category: 'sast',
      ruleId: 'python.lang.security.audit.eval-detected',
      message: 'Detected eval().',
      location: { path: 'app/my module/main.py', line: 3, column: 5, endColumn: 15 },
      severity: 'medium',
      nativeSeverity: 'warning',
      cwe: [95],
      helpUri: 'https://semgrep.dev/r/python.lang.security.audit.eval-detected',
    });
  });

  it("reads hadolint's SARIF (the shape its own formatter spec asserts), dropping its empty regions", () => {
    const region = (line: number) => ({
      startLine: line,
      endLine: line,
      startColumn: 1,
      endColumn: 1,
      sourceLanguage: 'dockerfile',
    });
    const result = (ruleId: string, level: string, text: string, line: number) => ({
      level,
      locations: [{ physicalLocation: { artifactLocation: { uri: 'docker/Dockerfile' }, region: region(line) } }],
      message: { text },
      ruleId,
    });
    const drafts = parseSarif(
      JSON.stringify({
        version: '2.1.0',
        $schema: 'http://json.schemastore.org/sarif-2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'Hadolint',
                fullName: 'Haskell Dockerfile Linter',
                downloadUri: 'https://github.com/hadolint/hadolint',
                version: '2.12.0',
              },
            },
            results: [
              result('DL3007', 'warning', 'Using latest is prone to errors', 1),
              result('DL3059', 'note', 'Multiple consecutive `RUN` instructions.', 3),
            ],
            defaultSourceLanguage: 'dockerfile',
          },
        ],
      }),
    );
    assert.deepStrictEqual(drafts, [
      {
        tool: 'hadolint',
        category: 'dockerfile',
        ruleId: 'DL3007',
        message: 'Using latest is prone to errors',
        location: { path: 'docker/Dockerfile', line: 1, column: 1 },
        severity: 'medium',
        nativeSeverity: 'warning',
      },
      {
        tool: 'hadolint',
        category: 'dockerfile',
        ruleId: 'DL3059',
        message: 'Multiple consecutive `RUN` instructions.',
        location: { path: 'docker/Dockerfile', line: 3, column: 1 },
        // Layer count: no security weight (the same severity as in hadolint's JSON report).
        severity: 'info',
        nativeSeverity: 'note',
      },
    ]);
  });

  it("gives hadolint's SARIF results the severities its JSON report gets, reading note as the rule's info or style", () => {
    const codesAndLevels = [
      ['DL4000', 'error'],
      ['DL3002', 'warning'],
      ['DL3066', 'note'],
      ['DL3048', 'note'],
      ['SC2086', 'note'],
      ['SC2154', 'warning'],
      ['DL9999', 'note'],
      ['DL9999', 'error'],
    ];
    const drafts = parseSarif(
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'Hadolint' } },
            results: codesAndLevels.map(([ruleId, level]) => ({ ruleId, level, message: { text: 'm' } })),
          },
        ],
      }),
    );
    const json = parseHadolintReport(
      JSON.stringify(
        [
          ['DL4000', 'error'],
          ['DL3002', 'warning'],
          ['DL3066', 'info'],
          ['DL3048', 'style'],
          ['SC2086', 'info'],
          ['SC2154', 'warning'],
          ['DL9999', 'info'],
          ['DL9999', 'error'],
        ].map(([code, level]) => ({ code, level, file: 'Dockerfile', line: 1 })),
      ),
      { root: '/' },
    );
    assert.deepStrictEqual(
      drafts.map((draft) => draft.severity),
      json.map((finding) => finding.severity),
    );
    assert.deepStrictEqual(
      drafts.map((draft) => draft.severity),
      ['info', 'high', 'low', 'info', 'info', 'low', 'low', 'high'],
    );
  });

  it('reads a Trivy-like vulnerability: security-severity on the rule wins over the level, tags make it SCA', () => {
    const draft = onlyDraft(
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'Trivy',
                rules: [
                  {
                    id: 'CVE-2023-30861',
                    shortDescription: { text: 'flask: session cookie disclosure' },
                    properties: { 'security-severity': '9.8', tags: ['vulnerability', 'security', 'CRITICAL'] },
                  },
                ],
              },
            },
            results: [
              {
                ruleId: 'CVE-2023-30861',
                ruleIndex: 0,
                level: 'error',
                message: { text: 'Package: flask\nInstalled Version: 2.2.0' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'requirements.txt' } } }],
              },
            ],
          },
        ],
      }),
    );
    assert.equal(draft.tool, 'trivy');
    assert.equal(draft.category, 'sca');
    assert.equal(draft.severity, 'critical');
    assert.equal(draft.nativeSeverity, '9.8');
    assert.deepStrictEqual(draft.location, { path: 'requirements.txt', line: 1 });
  });

  it('maps each level to a severity, falling back to the rule default and then to warning', () => {
    const result = (level: string | undefined): Record<string, unknown> => ({
      ruleId: 'R',
      ...(level === undefined ? {} : { level }),
      message: { text: 'm' },
    });
    const drafts = parseSarif(
      sarifLog({ results: ['error', 'warning', 'note', 'none', undefined].map((level) => result(level)) }),
    );
    assert.deepStrictEqual(
      drafts.map((draft) => [draft.severity, draft.nativeSeverity]),
      [
        ['high', 'error'],
        ['medium', 'warning'],
        ['low', 'note'],
        ['info', 'none'],
        ['medium', 'warning'],
      ],
    );
    const withDefault = onlyDraft(
      sarifLog({
        tool: { driver: { name: 'x', rules: [{ id: 'R', defaultConfiguration: { level: 'note' } }] } },
        results: [result(undefined)],
      }),
    );
    assert.equal(withDefault.severity, 'low');
  });

  it('builds the message from the rule message string and its arguments when there is no text', () => {
    const draft = onlyDraft(
      sarifLog({
        tool: {
          driver: { name: 'x', rules: [{ id: 'R', messageStrings: { default: { text: 'Use {0} not {1}.' } } }] },
        },
        results: [{ ruleId: 'R', message: { id: 'default', arguments: ['secrets', 'random'] } }],
      }),
    );
    assert.equal(draft.message, 'Use secrets not random.');
  });

  it('makes file URIs and uriBaseIds repository-relative', () => {
    const location = (artifactLocation: Record<string, unknown>): Record<string, unknown> => ({
      ruleId: 'R',
      message: { text: 'm' },
      locations: [{ physicalLocation: { artifactLocation, region: { startLine: 2 } } }],
    });
    const text = sarifLog({
      originalUriBaseIds: {
        SRC: { uri: 'file:///home/dev/repo/' },
        APP: { uri: 'app/', uriBaseId: 'SRC' },
      },
      results: [
        location({ uri: 'file:///home/dev/repo/a%20b/c.py' }),
        location({ uri: 'main.py', uriBaseId: 'SRC' }),
        location({ uri: 'views.py', uriBaseId: 'APP' }),
        location({ uri: './x\\y.py' }),
        location({ uri: 'file:///elsewhere/z.py' }),
      ],
    });
    const paths = (root: string): string[] => parseSarif(text, { root }).map((draft) => draft.location.path);
    assert.deepStrictEqual(paths('/home/dev/repo'), [
      'a b/c.py',
      'main.py',
      'app/views.py',
      'x/y.py',
      'elsewhere/z.py',
    ]);
    // Read on another machine: the base-relative URIs still land in the repository.
    assert.deepStrictEqual(paths('/ci/checkout').slice(1, 3), ['main.py', 'app/views.py']);
  });

  it('puts a result without a location on the repository itself (path ".", line 1)', () => {
    const draft = onlyDraft(sarifLog({ results: [{ ruleId: 'R', message: { text: 'm' } }] }));
    assert.deepStrictEqual(draft.location, { path: '.', line: 1 });
  });

  it('skips accepted suppressions and passing results, keeps rejected suppressions', () => {
    const drafts = parseSarif(
      sarifLog({
        results: [
          { ruleId: 'A', message: { text: 'suppressed' }, suppressions: [{ kind: 'inSource' }] },
          { ruleId: 'B', message: { text: 'rejected' }, suppressions: [{ kind: 'external', status: 'rejected' }] },
          { ruleId: 'C', kind: 'pass', message: { text: 'passed' } },
        ],
      }),
    );
    assert.deepStrictEqual(
      drafts.map((draft) => draft.ruleId),
      ['B'],
    );
  });

  it('keeps other tools’ fingerprints and logical locations as properties', () => {
    const draft = onlyDraft(
      sarifLog({
        results: [
          {
            ruleId: 'R',
            message: { text: 'm' },
            partialFingerprints: { primaryLocationLineHash: 'abc:1' },
            locations: [{ logicalLocations: [{ fullyQualifiedName: 'pkg:pypi/flask@2.2.0' }] }],
            properties: { extra: 1 },
          },
        ],
      }),
    );
    assert.deepStrictEqual(draft.properties, {
      extra: 1,
      logicalLocations: ['pkg:pypi/flask@2.2.0'],
      partialFingerprints: { primaryLocationLineHash: 'abc:1' },
    });
  });

  it('keeps our own fingerprint and computes the others', () => {
    const findings = importSarifFindings(
      sarifLog({
        results: [
          {
            ruleId: 'R',
            message: { text: 'ours' },
            partialFingerprints: { 'devsecops/v1': 'v1:kept' },
            properties: { severity: 'low', category: 'sast' },
          },
          { ruleId: 'R', message: { text: 'theirs' } },
        ],
      }),
      { readLine: () => 'x = 1' },
    );
    assert.equal(findings[0]?.fingerprint, 'v1:kept');
    assert.match(findings[1]?.fingerprint ?? '', /^v1:[0-9a-f]{32}$/);
  });

  it('rejects malformed SARIF with what is wrong and where', () => {
    assertInputInvalid('{"runs": [', 'scan.sarif is not JSON, so not SARIF: pass a SARIF 2.1.0 file.');
    assertInputInvalid('[]', 'scan.sarif is not valid SARIF 2.1.0: the top level is not a JSON object.');
    assertInputInvalid(
      '{"version": "2.0.0", "runs": []}',
      'scan.sarif is not valid SARIF 2.1.0: its version is "2.0.0"; only 2.1.0 is read (sarif-multitool transform converts older logs).',
    );
    assertInputInvalid('{"version": "2.1.0"}', 'scan.sarif is not valid SARIF 2.1.0: it has no "runs" list.');
    assertInputInvalid(
      '{"version": "2.1.0", "runs": [{"tool": {}}]}',
      'scan.sarif is not valid SARIF 2.1.0: runs[0].tool.driver.name is missing.',
    );
    assertInputInvalid(
      sarifLog({ results: {} }),
      'scan.sarif is not valid SARIF 2.1.0: runs[0].results is not a list.',
    );
    assertInputInvalid(
      sarifLog({ results: [{ message: { text: 'm' } }] }),
      'scan.sarif is not valid SARIF 2.1.0: runs[0].results[0] has no ruleId and no rule it refers to.',
    );
    assertInputInvalid(
      sarifLog({
        results: [
          {
            ruleId: 'R',
            message: { text: 'm' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 0 } } }],
          },
        ],
      }),
      'scan.sarif is not valid SARIF 2.1.0: runs[0].results[0].locations[0].physicalLocation.region.startLine must be a positive integer, not 0.',
    );
  });
});
