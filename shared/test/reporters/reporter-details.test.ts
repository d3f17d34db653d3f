import { strict as assert } from 'node:assert';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { buildJsonReport } from '../../src/reporters/json';
import { buildSarifLog } from '../../src/sarif/render-sarif';
import { escapeXmlAttribute, escapeXmlText, renderJunit } from '../../src/reporters/junit';
import { MARKDOWN_MAX_CHARS, renderMarkdown } from '../../src/reporters/markdown';
import { renderConsole } from '../../src/reporters/console';
import type { Finding } from '../../src/findings';
import type { ReportInput } from '../../src/reports';
import type { ToolRun } from '../../src/scanners/scanner';
import { EMPTY_INPUT, SAMPLE_COMPLETE_INPUT, SAMPLE_FINDINGS, SAMPLE_INPUT } from './sample-report';

const ESC = '\u001b';

function withFindings(findings: readonly Finding[], base: ReportInput = SAMPLE_INPUT): ReportInput {
  return { ...base, result: { ...base.result, findings } };
}

function lastLine(input: ReportInput): string {
  return renderConsole(input, { color: false }).trimEnd().split('\n').at(-1) ?? '';
}

/** A Bandit run that found nothing but could not scan one file. */
const BANDIT_LEFT_ONE_FILE: ToolRun = {
  name: 'bandit',
  category: 'sast',
  status: 'ok',
  unscanned: [{ path: 'deep.py', reason: 'exception while scanning file' }],
};

describe('console reporter', () => {
  it('is plain text without colour, and colours severities and the verdict with it', () => {
    const plain = renderConsole(SAMPLE_INPUT, { color: false });
    assert.ok(!plain.includes(ESC));
    const coloured = renderConsole(SAMPLE_INPUT, { color: true });
    assert.ok(coloured.includes(`${ESC}[31mhigh    ${ESC}[0m`), 'high in red');
    assert.ok(coloured.includes(`${ESC}[1m${ESC}[33mINCOMPLETE${ESC}[0m`), 'incomplete verdict in bold yellow');
    assert.equal(
      coloured.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), ''),
      plain,
      'colour adds nothing but escape codes',
    );
    const failed = renderConsole(SAMPLE_COMPLETE_INPUT, { color: true });
    assert.ok(failed.includes(`${ESC}[1m${ESC}[31mFAILED${ESC}[0m`), 'verdict in bold red');
  });

  it('never lets a message or file name carry terminal escape sequences', () => {
    const hostile: Finding = {
      ...(SAMPLE_FINDINGS[0] as Finding),
      message: `evil ${ESC}]0;pwned\u0007 title`,
      location: { path: `a${ESC}[2Jb.py`, line: 1 },
    };
    assert.ok(!renderConsole(withFindings([hostile]), { color: false }).includes(ESC));
  });

  it('states the gate verdict for none, passed and failed', () => {
    assert.equal(lastLine(EMPTY_INPUT), 'Gate: PASSED (no finding at or above high).');
    assert.equal(
      lastLine(SAMPLE_COMPLETE_INPUT),
      'Gate: FAILED (2 findings at or above high; not counted: 5 below high, 1 suppressed).',
    );
    assert.equal(
      lastLine({ ...SAMPLE_COMPLETE_INPUT, gate: { failOn: 'none', passed: true } }),
      'Gate: PASSED (fail-on none: the gate never fails).',
    );
  });

  it('says INCOMPLETE and why, never PASSED, when a file was not scanned or a tool failed, whatever the gate', () => {
    const advice = 'fix those files, or list them under `ignore` in .devsecops.yml to leave them out on purpose.';
    assert.equal(
      lastLine(SAMPLE_INPUT),
      `Gate: INCOMPLETE (bandit could not scan 2 files; dependency-check failed; 2 findings at or above high): ${advice}`,
    );
    const onlyUnscanned: ReportInput = {
      ...EMPTY_INPUT,
      result: {
        findings: [],
        tools: [BANDIT_LEFT_ONE_FILE],
      },
    };
    assert.equal(lastLine(onlyUnscanned), `Gate: INCOMPLETE (bandit could not scan 1 file): ${advice}`);
    assert.equal(
      lastLine({ ...onlyUnscanned, gate: { failOn: 'none', passed: true } }),
      `Gate: INCOMPLETE (bandit could not scan 1 file): ${advice}`,
    );
    const onlyFailed: ReportInput = {
      ...EMPTY_INPUT,
      result: {
        findings: [],
        tools: [{ name: 'bandit', category: 'sast', status: 'failed', reason: 'Bandit crashed\nGate: PASSED' }],
      },
    };
    assert.equal(lastLine(onlyFailed), 'Gate: INCOMPLETE (bandit failed).');
  });

  it('lists unscanned files with quoted hostile names, so no file name fakes a line', () => {
    const lines = renderConsole(SAMPLE_INPUT, { color: false }).split('\n');
    const start = lines.indexOf('Not scanned (the result is incomplete):');
    assert.deepStrictEqual(lines.slice(start, start + 4), [
      'Not scanned (the result is incomplete):',
      '  legacy/py2 only.py  syntax error while parsing AST from file  [bandit]',
      '  "tools/evil\\n[PASS] | <b>ok</b>.py"  exception while scanning file Gate: PASSED  [bandit]',
      '',
    ]);
    assert.ok(!lines.some((line) => line.startsWith('[PASS]') || line.startsWith('Gate: PASSED')));
  });
});

describe('JSON reporter', () => {
  it('has exactly the documented keys: findings, tools, gate, suppressed', () => {
    const report = buildJsonReport(SAMPLE_INPUT);
    assert.deepStrictEqual(Object.keys(report), ['findings', 'tools', 'gate', 'suppressed']);
    const allowed = new Set([
      'tool',
      'ruleId',
      'severity',
      'message',
      'path',
      'line',
      'column',
      'endLine',
      'endColumn',
      'fingerprint',
      'helpUri',
      'cwe',
      'nativeSeverity',
      'confidence',
      'fix',
      'properties',
    ]);
    for (const finding of report.findings) {
      for (const key of Object.keys(finding)) assert.ok(allowed.has(key), `unexpected key ${key}`);
    }
    assert.deepStrictEqual(report.tools.at(-1), {
      name: 'dependency-check',
      version: null,
      status: 'failed',
      reason: 'dependency-check printed no JSON report: <html> & "quotes"',
    });
    assert.deepStrictEqual(report.tools[0], {
      name: 'bandit',
      version: '1.8.6',
      status: 'ok',
      unscanned: [
        { path: 'legacy/py2 only.py', reason: 'syntax error while parsing AST from file' },
        { path: 'tools/evil\n[PASS] | <b>ok</b>.py', reason: 'exception while scanning file\nGate: PASSED' },
      ],
    });
    assert.deepStrictEqual(report.gate, {
      failOn: 'high',
      passed: false,
      status: 'incomplete',
      incomplete: 'bandit could not scan 2 files; dependency-check failed',
    });
    assert.deepStrictEqual(buildJsonReport(SAMPLE_COMPLETE_INPUT).gate, {
      failOn: 'high',
      passed: false,
      status: 'failed',
    });
    assert.deepStrictEqual(buildJsonReport(EMPTY_INPUT).gate, { failOn: 'high', passed: true, status: 'passed' });
  });
});

describe('SARIF reporter', () => {
  it('gives a run to tools that ran and to tools with findings, none to skipped tools, and a failed tool a run without results', () => {
    const log = buildSarifLog(SAMPLE_INPUT);
    assert.deepStrictEqual(
      log.runs.map((run) => [run.tool.driver.name, run.results?.length]),
      [
        ['bandit', 4],
        ['devsecops-sca', 2],
        ['devsecops-dockerfile', 2],
        ['dependency-check', undefined],
      ],
    );
    const failed = log.runs.at(-1);
    assert.ok(failed !== undefined && !('results' in failed), 'results absent: not available, not "none found"');
    assert.deepStrictEqual(failed.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'dependency-check printed no JSON report: <html> & "quotes"' } },
        ],
      },
    ]);
    const importedOnly = buildSarifLog(
      withFindings([{ ...(SAMPLE_FINDINGS[3] as Finding), tool: 'semgrep' }], EMPTY_INPUT),
    );
    assert.deepStrictEqual(
      importedOnly.runs.map((run) => [run.tool.driver.name, run.results?.length]),
      [
        ['bandit', 0],
        ['devsecops-sca', 0],
        ['semgrep', 1],
      ],
      'a tool known only from its findings still gets a run; tools that ran clean get empty runs',
    );
    const withFailedTool: ReportInput = {
      ...SAMPLE_INPUT,
      result: {
        findings: [{ ...(SAMPLE_FINDINGS[3] as Finding), tool: 'dependency-check' }],
        tools: SAMPLE_INPUT.result.tools,
      },
      suppressed: [],
    };
    const run = buildSarifLog(withFailedTool).runs.find(
      (candidate) => candidate.tool.driver.name === 'dependency-check',
    );
    assert.deepStrictEqual(run?.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'dependency-check printed no JSON report: <html> & "quotes"' } },
        ],
      },
    ]);
  });

  it('points every result at its rule and carries GitHub code scanning properties', () => {
    for (const run of buildSarifLog(SAMPLE_INPUT).runs) {
      for (const result of run.results ?? []) {
        const rule = run.tool.driver.rules?.[result.ruleIndex ?? -1];
        assert.ok(rule);
        assert.equal(rule.id, result.ruleId);
        assert.ok(rule.properties?.tags?.includes('security'));
        assert.match(String(rule.properties?.['security-severity']), /^\d+\.\d$/);
      }
    }
    const bandit = buildSarifLog(SAMPLE_INPUT).runs[0];
    const b602 = bandit?.tool.driver.rules?.find((rule) => rule.id === 'B602');
    assert.deepStrictEqual(b602?.properties, { tags: ['security', 'external/cwe/cwe-78'], 'security-severity': '8.0' });
    assert.equal(b602.defaultConfiguration?.level, 'error');
  });
  it('describes rules in the engines’ own words when given their descriptors', () => {
    const log = buildSarifLog({
      ...SAMPLE_INPUT,
      rules: [
        {
          id: 'DL3007',
          tool: 'devsecops-dockerfile',
          severity: 'medium',
          description: 'Pin base images to a version tag or digest, not latest.',
          helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3007',
        },
        // Same id under another tool: must not leak into this tool's rules.
        { id: 'DL3008', tool: 'hadolint', severity: 'low', description: 'not ours', helpUri: 'https://example.com' },
      ],
    });
    const rules = log.runs.find((run) => run.tool.driver.name === 'devsecops-dockerfile')?.tool.driver.rules ?? [];
    assert.deepStrictEqual(
      rules.map((rule) => [rule.id, rule.shortDescription?.text]),
      [
        ['DL3007', 'Pin base images to a version tag or digest, not latest.'],
        ['DL3008', 'Pin versions in apt get install.'],
      ],
    );
  });
});

describe('JUnit reporter', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });

  it('is well-formed XML whose counts add up', () => {
    const xml = renderJunit(SAMPLE_INPUT);
    assert.equal(SyntaxValidator.validate(xml), true);
    const parsed = parser.parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        errors: string;
        testsuite: { name: string; tests: string; testcase: unknown[] }[];
      };
    };
    assert.deepStrictEqual(
      parsed.testsuites.testsuite.map((suite) => [suite.name, suite.tests, suite.testcase.length]),
      [
        ['bandit', '6', 6],
        ['devsecops-sca', '2', 2],
        ['devsecops-dockerfile', '2', 2],
        ['hadolint', '1', 1],
        ['dependency-check', '1', 1],
      ],
    );
    assert.equal(parsed.testsuites.tests, '12');
    assert.equal(parsed.testsuites.failures, '2');
    assert.equal(parsed.testsuites.errors, '3', 'two unscanned files and one failed tool');
  });

  it('shows a file that was not scanned as an error case, even when the tool found nothing', () => {
    const xml = renderJunit({
      ...EMPTY_INPUT,
      result: {
        findings: [],
        tools: [BANDIT_LEFT_ONE_FILE],
      },
    });
    assert.equal(
      xml,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="devsecops" tests="1" failures="0" errors="1" skipped="0">',
        '  <testsuite name="bandit" tests="1" failures="0" errors="1" skipped="0">',
        '    <testcase name="not scanned: deep.py" classname="bandit.sast">',
        '      <error message="deep.py was not scanned: exception while scanning file" type="UNSCANNED"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('fails only findings at or above the gate', () => {
    const failures = (failOn: ReportInput['gate']['failOn']): number =>
      (renderJunit({ ...SAMPLE_INPUT, gate: { failOn, passed: false } }).match(/<failure /g) ?? []).length;
    assert.equal(failures('none'), 0);
    assert.equal(failures('high'), 2);
    assert.equal(failures('medium'), 5);
    assert.equal(failures('info'), 7);
  });

  it('escapes XML metacharacters and replaces characters XML cannot carry', () => {
    assert.equal(escapeXmlText(`a&b<c>"d'e\u0001f\uD800g😀`), 'a&amp;b&lt;c&gt;&quot;d&apos;e\uFFFDf\uFFFDg😀');
    assert.equal(escapeXmlAttribute('line 1\nline 2\tend\r'), 'line 1&#10;line 2&#9;end&#13;');
    const nasty = `]]> & <tag attr="x"> '\u0000' \uFFFF`;
    const xml = renderJunit(withFindings([{ ...(SAMPLE_FINDINGS[0] as Finding), message: nasty }]));
    assert.equal(SyntaxValidator.validate(xml), true);
  });
});

describe('Markdown reporter', () => {
  it(`stays under ${MARKDOWN_MAX_CHARS} characters and says how many findings it left out`, () => {
    const many: Finding[] = Array.from({ length: 500 }, (_, index) => ({
      ...(SAMPLE_FINDINGS[0] as Finding),
      message: `${'a long message '.repeat(20)}${index}`,
      location: { path: `src/module_${index}/very/deep/path/file_${index}.py`, line: index + 1 },
      fingerprint: `v1:${index}`,
    }));
    const markdown = renderMarkdown(withFindings(many));
    assert.ok(markdown.length <= MARKDOWN_MAX_CHARS, `${markdown.length} characters`);
    const listed = (markdown.match(/^\| high \|/gm) ?? []).length;
    assert.ok(listed > 0 && listed <= 50);
    assert.ok(markdown.includes(`…and ${500 - listed} more findings not shown here`));
  });

  it(`stays under ${MARKDOWN_MAX_CHARS} characters with thousands of unscanned files, and counts those it left out`, () => {
    const unscanned = Array.from({ length: 2_000 }, (_, index) => ({
      path: `generated/${'deep/'.repeat(30)}module_${index}.py`,
      reason: `exception while scanning file ${'x'.repeat(300)}`,
    }));
    const markdown = renderMarkdown({
      ...SAMPLE_INPUT,
      result: { ...SAMPLE_INPUT.result, tools: [{ name: 'bandit', category: 'sast', status: 'ok', unscanned }] },
    });
    assert.ok(markdown.length <= MARKDOWN_MAX_CHARS, `${markdown.length} characters`);
    const listed = (markdown.match(/^\| bandit \| generated/gm) ?? []).length;
    assert.ok(listed > 0 && listed < 2_000, `${listed} listed`);
    assert.ok(markdown.includes(`…and ${2_000 - listed} more files not listed here: see the full report.`));
    assert.ok(markdown.startsWith('### ⚠️ DevSecOps scan incomplete: 7 findings; bandit could not scan 2000 files\n'));
  });

  it('keeps a hostile unscanned file name inside its table cell', () => {
    const markdown = renderMarkdown(SAMPLE_INPUT);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| bandit | '));
    assert.deepStrictEqual(rows, [
      '| bandit | legacy/py2 only.py | syntax error while parsing AST from file |',
      '| bandit | "tools/evil\\\\n\\[PASS\\] \\| &lt;b&gt;ok&lt;/b&gt;.py" | exception while scanning file Gate: PASSED |',
    ]);
    assert.ok(!markdown.split('\n').some((line) => line.startsWith('[PASS]')));
  });

  it('cannot be broken out of a table cell or used to inject HTML or mentions', () => {
    const markdown = renderMarkdown(
      withFindings([
        { ...(SAMPLE_FINDINGS[0] as Finding), message: 'a | b\n<img src=x onerror=alert(1)> @team [x](javascript:1)' },
      ]),
    );
    const row = markdown.split('\n').find((line) => line.startsWith('| high |')) ?? '';
    assert.ok(row.endsWith('| a \\| b &lt;img src=x onerror=alert(1)&gt; \\@team \\[x\\](javascript:1) |'), row);
  });
});
