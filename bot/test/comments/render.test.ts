import assert from 'node:assert/strict';
import { parseMarker, stripMarker } from '../../src/comments/marker';
import { commentSize, MAX_COMMENT_CHARS } from '../../src/comments/markdown';
import { renderFindingComment, renderMovedComment, renderResolvedComment } from '../../src/comments/render-finding';
import { renderSummary, type SummaryInput } from '../../src/comments/render-summary';
import { sarifReader } from '../../src/findings/sarif-reader';
import type { Finding } from '@devsecops/shared/findings';
import { assertGolden } from '../golden';
import { ALL_FINDINGS, EVAL, LATEST_TAG, SHELL_TRUE, VULNERABLE_PACKAGE } from '../findings';

const COMMIT = '9f1c2d3e4b5a69788796a5b4c3d2e1f001234567';
const PASSED: SummaryInput['gate'] = {
  failOn: 'high',
  passed: true,
  status: 'passed',
  failingCount: 0,
  notScanned: [],
};

/** The summary of a passing review of COMMIT with nothing to count or list, but for what `input` sets. */
function summaryWith(input: Partial<SummaryInput>): string {
  return renderSummary({
    sourceCommit: COMMIT,
    gate: PASSED,
    mode: 'nofilter',
    allFindings: [],
    inlineCount: 0,
    listed: [],
    notReportedCount: 0,
    resolvedCount: 0,
    ...input,
  });
}

describe('comment rendering (goldens: UPDATE_GOLDENS=1 to rewrite)', () => {
  it('renders an inline finding comment with its hidden fingerprint marker', () => {
    const body = renderFindingComment(SHELL_TRUE);
    assertGolden('inline-b602.md', body);
    assert.deepStrictEqual(parseMarker(body), { kind: 'finding', fingerprint: SHELL_TRUE.fingerprint, state: 'open' });
  });

  it('renders fix versions for a vulnerable package', () => {
    assertGolden('inline-sca.md', renderFindingComment(VULNERABLE_PACKAGE));
  });

  it('renders the resolved tombstone, quoting the old comment', () => {
    const body = renderResolvedComment(renderFindingComment(SHELL_TRUE), SHELL_TRUE.fingerprint, COMMIT);
    assertGolden('resolved-b602.md', body);
    assert.deepStrictEqual(parseMarker(body), {
      kind: 'finding',
      fingerprint: SHELL_TRUE.fingerprint,
      state: 'resolved',
    });
  });

  it('renders the moved note', () => {
    const moved = { ...SHELL_TRUE, location: { ...SHELL_TRUE.location, line: 20 } };
    const body = renderMovedComment(renderFindingComment(SHELL_TRUE), moved, COMMIT);
    assertGolden('moved-b602.md', body);
    assert.equal(parseMarker(body)?.kind, 'finding');
  });

  it('renders the summary: verdict, counts, findings without inline comments', () => {
    const body = summaryWith({
      gate: { failOn: 'high', passed: false, status: 'failed', failingCount: 2, notScanned: [] },
      mode: 'added',
      allFindings: ALL_FINDINGS,
      inlineCount: 2,
      listed: [
        { finding: VULNERABLE_PACKAGE, reason: 'outside-diff' },
        { finding: LATEST_TAG, reason: 'over-inline-cap' },
      ],
      notReportedCount: 1,
      resolvedCount: 1,
      reportLocation: 's3://findings/MyDemoRepo/9f1c2d3e4b5a69788796a5b4c3d2e1f001234567/',
    });
    assertGolden('summary-failed.md', body);
    assert.deepStrictEqual(parseMarker(body), { kind: 'summary', state: 'open' });
  });

  it('renders a passing summary with no findings', () => {
    assertGolden('summary-passed-empty.md', summaryWith({ mode: 'diff_context' }));
  });

  it('keeps the summary under CodeCommit’s 10,240-character limit and says how many were cut', () => {
    const many: Finding[] = Array.from({ length: 400 }, (_, index) => ({
      ...EVAL,
      message: `${EVAL.message} (${'x'.repeat(60)})`,
      location: { path: `app/module_${index}.py`, line: index + 1 },
      fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
    }));
    const body = summaryWith({
      allFindings: many,
      listed: many.map((finding) => ({ finding, reason: 'outside-diff' as const })),
    });
    assert.ok(commentSize(body) <= MAX_COMMENT_CHARS, `summary is ${commentSize(body)} bytes`);
    const rows = body.split('\n').filter((line) => line.startsWith('| 🟡'));
    assert.ok(rows.length > 10);
    assert.match(body, new RegExp(`…and ${400 - rows.length} more findings not listed`));
    assert.deepStrictEqual(parseMarker(body), { kind: 'summary', state: 'open' });
  });

  it('never lets scanner text carry HTML, so a message cannot hide content or forge a marker', () => {
    const hostile = { ...SHELL_TRUE, message: 'bad <!-- devsecops:summary --> <img src=x>' };
    const body = renderFindingComment(hostile);
    assert.ok(!stripMarker(body).includes('<!--'));
    assert.deepStrictEqual(parseMarker(body), { kind: 'finding', fingerprint: SHELL_TRUE.fingerprint, state: 'open' });
  });

  it('attack: a hostile helpUri gives an autolink that cannot end early, or no link at all', () => {
    const tight = renderFindingComment({
      ...SHELL_TRUE,
      helpUri: 'https://ok.example/x)**INJECTED**[click](javascript:alert(1)|<b>',
    });
    assert.ok(
      tight.includes('- More: <https://ok.example/x%29**INJECTED**[click]%28javascript:alert%281%29%7C%3Cb%3E>'),
    );
    for (const hostile of [
      'https://ok.example/x) **INJECTED** [click](javascript:alert(1)',
      'https://ok.example/x>\n**INJECTED**',
      'https://ok.example/x\\**INJECTED**',
      ' JavaScript:alert(1)',
      '\u0001data:text/html,x',
      '//evil.example/x',
      `https://x.example/${'a'.repeat(100_000)}`,
    ]) {
      const body = renderFindingComment({ ...SHELL_TRUE, helpUri: hostile });
      assert.ok(!body.includes('- More:'), hostile);
      assert.ok(!body.includes('**INJECTED**'), hostile);
    }
  });

  it('keeps backticks and pipes in rule ids from breaking code spans and table cells', () => {
    const odd = { ...LATEST_TAG, ruleId: 'A|B`C' };
    const body = summaryWith({ allFindings: [odd], listed: [{ finding: odd, reason: 'outside-diff' }] });
    assert.match(body, /\| hadolint `A\\\|B'C` \| `Dockerfile:1` \|/);
  });

  it('renders an incomplete summary: no verdict, what was not scanned and why, hostile names kept in their cells', () => {
    const body = summaryWith({
      gate: {
        failOn: 'high',
        passed: false,
        status: 'incomplete',
        failingCount: 0,
        notScanned: [
          {
            report: 'MyDemoRepo/9f1c2d3/sast.sarif',
            tool: 'bandit',
            path: 'app/deep.py',
            reason: 'Bandit could not scan it: exception while scanning file',
          },
          {
            report: 'MyDemoRepo/9f1c2d3/sast.sarif',
            tool: 'bandit',
            path: 'evil\n[PASS] | `x`.py',
            reason: 'Bandit could not scan it: syntax error <b>while</b> parsing',
          },
          { report: 'MyDemoRepo/9f1c2d3/sca.sarif', reason: 'the report cannot be read: not JSON' },
        ],
      },
      mode: 'added',
      allFindings: [EVAL],
      inlineCount: 1,
    });
    assertGolden('summary-incomplete.md', body);
    assert.ok(!body.includes('passed'), 'never says passed');
    assert.ok(!body.split('\n').some((line) => line.startsWith('[PASS]') || line.startsWith('<b>')));
    assert.deepStrictEqual(parseMarker(body), { kind: 'summary', state: 'open' });
  });

  it('keeps an incomplete summary under the limit with thousands of files not scanned, and counts the rest', () => {
    const notScanned = Array.from({ length: 3_000 }, (_, index) => ({
      report: 'sast.sarif',
      tool: 'bandit',
      path: `generated/${'deep/'.repeat(40)}module_${index}.py`,
      reason: `exception while scanning file ${'x'.repeat(400)}`,
    }));
    const body = summaryWith({
      gate: { failOn: 'high', passed: false, status: 'incomplete', failingCount: 0, notScanned },
    });
    assert.ok(commentSize(body) <= MAX_COMMENT_CHARS, `summary is ${commentSize(body)} bytes`);
    const rows = body.split('\n').filter((line) => line.startsWith('| `generated/'));
    assert.ok(rows.length > 0 && rows.length < 3_000);
    assert.ok(body.includes(`…and ${3_000 - rows.length} more not listed: see the reports.`));
  });

  it('truncates a huge message but keeps the marker', () => {
    const body = renderFindingComment({ ...SHELL_TRUE, message: 'y'.repeat(20_000) });
    assert.ok(commentSize(body) <= MAX_COMMENT_CHARS);
    assert.equal(parseMarker(body)?.kind, 'finding');
  });
});

describe('secrets in the bot’s comments', () => {
  it('are masked when the SARIF it reads quotes them (message, properties), inline and in the summary', () => {
    const sarif = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Bandit' } },
          results: [
            {
              ruleId: 'B105',
              message: { text: "Possible hardcoded password: 'correct-horse-battery-staple'" },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'app/settings.py' }, region: { startLine: 3 } } },
              ],
              properties: { issue_severity: 'LOW', code: '3 PASSWORD = "correct-horse-battery-staple"' },
            },
          ],
        },
      ],
    });
    const { findings } = sarifReader()(sarif, 'bandit.sarif');
    const [finding] = findings;
    assert.ok(finding);
    const inline = renderFindingComment(finding);
    const summary = summaryWith({ allFindings: findings, listed: [{ finding, reason: 'outside-diff' }] });
    for (const body of [inline, summary]) {
      assert.ok(!body.includes('correct-horse-battery-staple'), body);
      assert.ok(body.includes('co…le (masked, 28 characters)'), body);
    }
  });
});

describe('summary table: grouping, filling the 10,240 characters, build links', () => {
  const summaryOf = (listed: readonly Finding[], extra: { build?: { logUrl?: string; reportsUrl?: string } } = {}) =>
    summaryWith({
      allFindings: listed,
      listed: listed.map((finding) => ({ finding, reason: 'outside-diff' as const })),
      ...extra,
    });
  const at = (finding: Finding, line: number, index: number): Finding => ({
    ...finding,
    location: { ...finding.location, line },
    fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
  });

  it('groups identical findings (same rule, file, message) into one row with their count and lines', () => {
    const body = summaryOf([at(EVAL, 9, 1), at(EVAL, 3, 2), at(EVAL, 5, 3), SHELL_TRUE]);
    const rows = body.split('\n').filter((line) => line.startsWith('| '));
    assert.deepStrictEqual(rows.slice(2), [
      '| 🟠 **High** | bandit `B602` | `app/main.py:14` | subprocess call with shell=True identified, security issue. | not in diff |',
      '| 🟡 **Medium** | bandit `B307` | `app/main.py:3, 5, 9` | **3×** Use of possibly insecure function - consider using safer ast.literal\\_eval. | not in diff |',
    ]);
  });

  it('fills the comment to within a row of 10,240 characters before it cuts, and counts what it cut', () => {
    const many = Array.from({ length: 400 }, (_, index) => ({
      ...at(EVAL, index + 1, index),
      location: { path: `app/module_${index}.py`, line: index + 1 },
    }));
    const body = summaryOf(many);
    const size = commentSize(body);
    const rows = body.split('\n').filter((line) => line.startsWith('| 🟡'));
    const longestRow = Math.max(...rows.map((row) => commentSize(row) + 1));
    assert.ok(size <= MAX_COMMENT_CHARS, `summary is ${size} bytes`);
    assert.ok(size > MAX_COMMENT_CHARS - longestRow - 40, `summary is only ${size} bytes`);
    assert.match(body, new RegExp(`…and ${400 - rows.length} more findings not listed`));
  });

  it('shortens one oversized row instead of stopping the table there', () => {
    const huge = { ...at(SHELL_TRUE, 14, 1), message: `${'A very long message. '.repeat(2_000)}END` };
    const body = summaryOf([huge, at(EVAL, 29, 2), at(LATEST_TAG, 1, 3)]);
    const rows = body.split('\n').filter((line) => /^\| (🟠|🟡|🔵|⚪|🔴)/.test(line));
    assert.equal(rows.length, 3);
    assert.match(
      rows[0] ?? '',
      /^\| 🟠 \*\*High\*\* \| bandit `B602` \| `app\/main\.py:14` \| (A very long message\. )+A?[^|]*… \| not in diff \|$/,
    );
    assert.doesNotMatch(rows[0] ?? '', /END/);
    assert.ok(commentSize(rows[0] ?? '') < 1_000);
    assert.doesNotMatch(body, /more finding/);
  });

  it('links the pull request build’s log and its CodeBuild reports when the run has them', () => {
    const build = {
      logUrl: 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=/aws/codebuild/pr',
      reportsUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/pr/build/pr%3Aabc/reports?region=eu-west-1',
    };
    const body = summaryOf([], { build });
    assert.ok(
      body.includes(`Pull request build: [build log](${build.logUrl}) · [CodeBuild test reports](${build.reportsUrl})`),
      body,
    );
    assert.ok(!summaryOf([]).includes('Pull request build'));
  });
});
