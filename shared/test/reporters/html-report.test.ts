import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../../src/reporters/render-report';
import { escapeHtml, linkOrText, safeHref } from '../../src/reporters/html/html-escape';
import { renderHtmlReport } from '../../src/reporters/html/html-report';
import { htmlModelOfScan } from '../../src/reporters/html/scan-html';
import { readSourceExcerpts } from '../../src/reporters/html/source-excerpts';
import { advisoryUrl, referenceLinks } from '../../src/reporters/reference-links';
import type { Finding } from '../../src/findings/finding';
import { HOSTILE_INPUT, TIMELINE_RUN } from './hostile-html-input';
import { SAMPLE_INPUT } from './sample-report';

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

describe('HTML report: escaping', () => {
  it('escapes the five characters that end a text or a quoted attribute, and masks control characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('bell\u0007'), 'bell\uFFFD');
  });

  it('lets only http(s) and relative links through', () => {
    assert.equal(safeHref('https://osv.dev/vulnerability/PYSEC-1'), 'https://osv.dev/vulnerability/PYSEC-1');
    assert.equal(safeHref('http://example.com/a b'), undefined);
    assert.equal(safeHref('logs/sast.log'), 'logs/sast.log');
    assert.equal(safeHref('sast.sarif'), 'sast.sarif');
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\u0000script:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      '//evil.example/x',
      'a:b/c',
      '\\\\evil\\share',
      '',
    ]) {
      assert.equal(safeHref(hostile), undefined, hostile);
    }
  });

  it('attack: an absolute link follows the same rule as every Markdown link (webLinkTarget)', () => {
    assert.equal(safeHref(`https://x.example/${'a'.repeat(1_000_000)}`), undefined);
    assert.equal(safeHref('https://x.example/a)(b|c'), 'https://x.example/a%29%28b%7Cc');
    assert.equal(safeHref('HTTPS:\\evil.example/'), undefined);
    const [first] = SAMPLE_INPUT.result.findings;
    assert.ok(first !== undefined);
    const hostile: Finding = { ...first, helpUri: `https://x.example/"onmouseover="alert(1)` };
    const html = renderHtmlReport(
      htmlModelOfScan({ ...SAMPLE_INPUT, result: { ...SAMPLE_INPUT.result, findings: [hostile] } }),
    );
    assert.ok(html.includes('href="https://x.example/%22onmouseover=%22alert%281%29"'), 'encoded target');
    assert.ok(!html.includes('onmouseover="'), html);
  });

  it('keeps an entity-spelled scheme a relative link, its ampersand escaped so the browser never decodes it', () => {
    assert.equal(linkOrText('javascript&colon;alert(1)', 'x'), '<a href="javascript&amp;colon;alert(1)">x</a>');
  });

  it('shows a refused link as its text only, escaped', () => {
    assert.equal(linkOrText('javascript:alert(1)', '<b>x</b>'), '&lt;b&gt;x&lt;/b&gt;');
    assert.equal(
      linkOrText('https://nvd.nist.gov/vuln/detail/CVE-2024-1', 'CVE-2024-1'),
      '<a href="https://nvd.nist.gov/vuln/detail/CVE-2024-1">CVE-2024-1</a>',
    );
  });

  it('keeps every hostile text of a finding inert: no element, attribute or link of its own', () => {
    const html = renderReport('html', HOSTILE_INPUT);
    // One script element (ours) and no image, frame, SVG handler or foreign link.
    assert.equal(count(html, /<script/g), 1);
    assert.equal(count(html, /<img/gi), 0);
    assert.equal(count(html, /<iframe/gi), 0);
    // With every (escaped, so quote-free) attribute value emptied, no tag holds an event handler.
    const tags = html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? [];
    assert.deepEqual(
      tags.filter((tag) => /\son[a-z]+=/i.test(tag)),
      [],
    );
    assert.ok(!html.includes('href="javascript:'), 'a javascript: link was written');
    assert.ok(!/href="\/\//.test(html), 'a protocol-relative link was written');
    // The texts are there, escaped, for a reader to see.
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; then &quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(html.includes('data-path="&quot;&gt;&lt;img src=x onerror=alert(3)&gt;.py"'));
    assert.ok(html.includes('x = &quot;&lt;script&gt;alert(6)&lt;/script&gt;&quot;  # &lt;/pre&gt;&lt;img'));
    assert.ok(html.includes('&lt;iframe src=&quot;//evil.example&quot;&gt;&lt;/iframe&gt;'));
    assert.ok(html.includes('&lt;svg onload=alert(7)&gt;.py'));
    // The javascript: rule link is shown as the rule's text; the CVE alias still links to NVD.
    assert.ok(html.includes('https://nvd.nist.gov/vuln/detail/CVE-2024-22195'));
  });

  it('allows exactly its own style and script, by hash, and loads nothing from anywhere', () => {
    const html = renderReport('html', SAMPLE_INPUT);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.equal(
      csp.replace(/&#39;/g, "'"),
      `default-src 'none'; style-src 'sha256-${sha256(style)}'; script-src 'sha256-${sha256(script)}'; base-uri 'none'; form-action 'none'`,
    );
    assert.ok(!/\ssrc=|<link|@import|url\(/i.test(html), 'the page references an outside resource');
    assert.ok(!/\sstyle=/i.test(html), 'a style attribute would be blocked by the policy');
  });
});

describe('HTML report: structure', () => {
  it('groups findings by file, lists gate failures, suppressed findings, unscanned files and tools that did not run', () => {
    const html = renderReport('html', SAMPLE_INPUT);
    const findings = SAMPLE_INPUT.result.findings;
    assert.equal(count(html, /<article id="f\d+" class="sev-/g), findings.length);
    assert.equal(count(html, /<section class="file" /g), new Set(findings.map((f) => f.location.path)).size);
    // Two high findings, the gate's threshold: both in the gate table, both tagged.
    assert.ok(html.includes('<h2 id="gate-failures">Failed the gate (2)</h2>'));
    assert.equal(count(html, /<em class="g">fails the gate<\/em>/g), 2);
    assert.equal(count(html, / data-gate>/g), 2);
    assert.ok(html.includes('<h2 id="suppressed">Suppressed (1)</h2>'));
    assert.ok(html.includes('asserts are how pytest works &amp; they never ship'));
    assert.ok(html.includes('<h2 id="not-scanned">Not scanned (2)</h2>'));
    assert.ok(html.includes('<h2 id="tools">Tools (2 tools did not run)</h2>'));
    // The chart: one bar per severity, widths to scale (the most frequent severity is the full width).
    const widths = [...html.matchAll(/<rect class="bar-(\w+)" x="70" y="\d+" width="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    assert.deepEqual(widths, [
      ['critical', 0],
      ['high', 213],
      ['medium', 320],
      ['low', 107],
      ['info', 107],
    ]);
    // The filter form is there for readers with JavaScript, hidden without it.
    assert.ok(html.includes('<form id="filters" class="filters" hidden>'));
  });

  it('places each finding under the source lines around it and marks its lines', () => {
    const html = renderReport('html', {
      ...SAMPLE_INPUT,
      sourceExcerpts: new Map([['app/main.py', [{ firstLine: 10, lines: ['a', 'b', 'c', 'd', 'e'] }]]]),
    });
    const section = /<section class="file" data-path="app\/main.py">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    assert.ok(
      section.includes(
        '<ol class="src" start="10"><li>a</li><li>b</li><li class="hit">c</li><li class="hit">d</li><li>e</li></ol>',
      ),
    );
    // Line 40 is outside the excerpt: its finding follows, without source.
    assert.equal(count(section, /<article id="f\d+" class="sev-/g), 2);
    assert.equal(count(section, /<div class="hunk">/g), 2);
  });

  it('says the gate passed, and what it left out, the way the console does', () => {
    const model = htmlModelOfScan({ ...SAMPLE_INPUT, gate: { failOn: 'critical', passed: true } });
    assert.equal(model.verdict, 'incomplete');
    const complete = htmlModelOfScan({
      ...SAMPLE_INPUT,
      result: { ...SAMPLE_INPUT.result, tools: [] },
      gate: { failOn: 'high', passed: false },
    });
    assert.equal(complete.verdict, 'failed');
    assert.equal(complete.verdictText, '2 findings at or above high; not counted: 5 below high, 1 suppressed.');
  });

  it('draws a pipeline run to scale, with parallel actions side by side and links to each action’s files', () => {
    const report = TIMELINE_RUN;
    const html = renderHtmlReport({ ...htmlModelOfScan(SAMPLE_INPUT), pipeline: report });
    const bars = [...html.matchAll(/<rect class="st-(\w+)" x="(\d+)" y="\d+" width="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
      Number(m[3]),
    ]);
    // 560 px for 10 s: SCA 0–5 s (280 px), SAST 0–10 s (560 px), both from the same x; the skipped action has none.
    assert.deepEqual(bars, [
      ['succeeded', 260, 280],
      ['failed', 260, 560],
    ]);
    assert.ok(html.includes('the run stopped after application-validation'));
    assert.ok(html.includes('<a href="logs/sast%20log%231.log">logs/sast log#1.log</a>'));
    assert.ok(html.includes('<a href="sca.sarif">sca.sarif</a>'));
  });
});

describe('HTML report: links and source excerpts', () => {
  it('links CVEs to NVD, GHSAs to GitHub, other OSV ids to osv.dev, and CWEs to MITRE', () => {
    assert.equal(advisoryUrl('CVE-2024-22195'), 'https://nvd.nist.gov/vuln/detail/CVE-2024-22195');
    assert.equal(advisoryUrl('GHSA-h5c8-rqwp-cp95'), 'https://github.com/advisories/GHSA-h5c8-rqwp-cp95');
    assert.equal(advisoryUrl('PYSEC-2023-74'), 'https://osv.dev/vulnerability/PYSEC-2023-74');
    assert.equal(advisoryUrl('javascript:alert(1)'), undefined);
    const finding: Finding = {
      tool: 'devsecops-dockerfile',
      category: 'dockerfile',
      ruleId: 'DL3007',
      message: 'm',
      severity: 'medium',
      location: { path: 'Dockerfile', line: 1 },
      cwe: [1357],
      fingerprint: 'v1:x',
    };
    assert.deepEqual(referenceLinks(finding), [
      { label: 'DL3007', url: 'https://github.com/hadolint/hadolint/wiki/DL3007' },
      { label: 'CWE-1357', url: 'https://cwe.mitre.org/data/definitions/1357.html' },
    ]);
  });

  describe('readSourceExcerpts', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'devsecops-excerpts-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const finding = (path: string, line: number, ruleId = 'B602'): Finding => ({
      tool: 'bandit',
      category: 'sast',
      ruleId,
      message: 'm',
      severity: 'high',
      location: { path, line },
      fingerprint: `v1:${path}:${line}`,
    });

    it('reads the lines around each finding, merging ranges that touch', async () => {
      writeFileSync(join(root, 'a.py'), Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n'));
      const excerpts = await readSourceExcerpts(root, [finding('a.py', 3), finding('a.py', 6), finding('a.py', 20)]);
      assert.deepEqual(excerpts.get('a.py'), [
        { firstLine: 1, lines: ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8'] },
        { firstLine: 18, lines: ['line 18', 'line 19', 'line 20', 'line 21', 'line 22'] },
      ]);
    });

    it('masks credential-named values on every shown line, not only the lines a secret rule flagged', async () => {
      writeFileSync(
        join(root, 'Dockerfile'),
        [
          'FROM python:3.12',
          'ENV DB_PASSWORD=D0ckerfile-Secret-Env',
          'ENV API_TOKEN legacy-Space-Form-Token',
          'ARG github_token="Quoted-Arg-Token-1"',
          'USER root',
          'ENV MODE=production',
        ].join('\n'),
      );
      const excerpts = await readSourceExcerpts(root, [{ ...finding('Dockerfile', 5, 'DL3002'), tool: 'hadolint' }]);
      const shown = (excerpts.get('Dockerfile') ?? []).flatMap((excerpt) => excerpt.lines);
      assert.deepEqual(shown, [
        'ENV API_TOKEN le…en (masked, 23 characters)',
        'ARG github_token="Qu…-1 (masked, 18 characters)"',
        'USER root',
        'ENV MODE=production',
      ]);
      const wider = await readSourceExcerpts(root, [{ ...finding('Dockerfile', 3, 'DL3002'), tool: 'hadolint' }]);
      const text = (wider.get('Dockerfile') ?? []).flatMap((excerpt) => excerpt.lines).join('\n');
      for (const secret of ['D0ckerfile-Secret-Env', 'legacy-Space-Form-Token', 'Quoted-Arg-Token-1']) {
        assert.ok(!text.includes(secret), `${secret} shown in:\n${text}`);
      }
      assert.ok(text.includes('ENV DB_PASSWORD=D0…nv (masked, 21 characters)'), text);
    });

    it('masks the credential a command-line flag carries, which DS002 flags (the line shows it unquoted)', async () => {
      writeFileSync(
        join(root, 'Dockerfile'),
        [
          'FROM python:3.12',
          'RUN mysql -u root -p hunter22secret app',
          'RUN docker login --password s3cr3tvalue registry.example',
          'RUN curl --token=Api-Token-Value-42 https://api.example',
          'RUN mkdir -p /app',
          'USER root',
          'RUN curl -fsSL -u deploy:hunter22hunter22 https://api.example/key',
        ].join('\n'),
      );
      const dockerfileFinding = (line: number, ruleId: string): Finding => ({
        ...finding('Dockerfile', line, ruleId),
        tool: 'devsecops-dockerfile',
      });
      // The token's line is only context here (its DS002 finding suppressed): a long flag is masked on every line.
      const excerpts = await readSourceExcerpts(root, [
        dockerfileFinding(2, 'DS002'),
        dockerfileFinding(3, 'DS002'),
        dockerfileFinding(6, 'DL3002'),
        dockerfileFinding(7, 'DS002'),
      ]);
      const shown = (excerpts.get('Dockerfile') ?? []).flatMap((excerpt) => excerpt.lines);
      assert.deepEqual(shown, [
        'FROM python:3.12',
        'RUN mysql -u root -p hu…et (masked, 14 characters) app',
        'RUN docker login --password *** (masked, 11 characters) registry.example',
        'RUN curl --token=Ap…42 (masked, 18 characters) https://api.example',
        'RUN mkdir -p /app',
        'USER root',
        'RUN curl -fsSL -u deploy:hu…22 (masked, 16 characters) https://api.example/key',
      ]);
    });

    it('never reads through a link out of the tree, and masks the literal a password rule flagged', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'devsecops-outside-'));
      try {
        writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET\n');
        symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.py'));
        mkdirSync(join(root, 'app'));
        writeFileSync(join(root, 'app', 'config.py'), "user = 'admin'\npassword = 'correct-horse-battery'\n");
        const excerpts = await readSourceExcerpts(root, [
          finding('leak.py', 1),
          finding('app/config.py', 2, 'B105'),
          finding('../outside.py', 1),
        ]);
        assert.deepEqual([...excerpts.keys()], ['app/config.py']);
        assert.deepEqual(excerpts.get('app/config.py'), [
          { firstLine: 1, lines: ["user = 'admin'", "password = 'co…ry (masked, 21 characters)'", ''] },
        ]);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('stops at its character budget, most severe files first', async () => {
      writeFileSync(join(root, 'low.py'), 'low\n');
      writeFileSync(join(root, 'high.py'), 'high\n');
      const low = { ...finding('low.py', 1), severity: 'low' as const };
      const excerpts = await readSourceExcerpts(root, [low, finding('high.py', 1)], {
        contextLines: 0,
        maxRegionLines: 1,
        maxLineChars: 100,
        maxFileBytes: 1024,
        maxTotalChars: 3,
      });
      assert.deepEqual([...excerpts.keys()], ['high.py']);
    });
  });
});
