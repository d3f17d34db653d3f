import { strict as assert } from 'node:assert';
import type { Finding } from '../../src/findings/finding';
import {
  MAX_LINK_TARGET_CHARS,
  markdownLinkFromText,
  markdownWebLink,
  relativeLinkTarget,
  webLinkTarget,
} from '../../src/reporters/link-target';
import { renderReport } from '../../src/reporters/render-report';
import { SAMPLE_INPUT } from './sample-report';

/** Nothing in a target may end a Markdown link, start markup, escape, or split a GFM table cell. */
const INERT_TARGET = /^[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]+$/;

const INJECTION = 'https://ok.example/x) **INJECTED** [click](javascript:alert(1)';
/** The same without spaces, which would otherwise refuse the link outright. */
const TIGHT_INJECTION = 'https://ok.example/x)**INJECTED**[click](javascript:alert(1)';

describe('link targets from data (link-target)', () => {
  it('keeps an ordinary documentation URL as it is', () => {
    const url = 'https://bandit.readthedocs.io/en/1.8.6/plugins/b602_subprocess_popen_with_shell_equals_true.html';
    assert.equal(webLinkTarget(url), url);
    assert.equal(webLinkTarget('http://example.com/a?b=c&d=e#f'), 'http://example.com/a?b=c&d=e#f');
  });

  it('percent-encodes every character that could end the link or start markup', () => {
    assert.equal(
      webLinkTarget(TIGHT_INJECTION),
      'https://ok.example/x%29**INJECTED**[click]%28javascript:alert%281%29',
    );
    for (const hostile of [
      'https://x.example/a(b',
      'https://x.example/a)b',
      'https://x.example/a<b>c',
      'https://x.example/?q=<script>',
      'https://x.example/a|b|c',
      'https://x.example/a"b\'c`d',
      'https://x.example/?a={b}^',
      'https://x.example/ünïcode?q=ü#ü',
      'https://x.example/#frag)ment[x](y)',
    ]) {
      const target = webLinkTarget(hostile);
      assert.ok(target !== undefined && INERT_TARGET.test(target), `${hostile} -> ${String(target)}`);
    }
  });

  it('gives no link for spaces, line breaks, backslashes and control characters anywhere', () => {
    for (const hostile of [
      INJECTION,
      'https://x.example/a b',
      'https://x.example/a\nb',
      'https://x.example/a\r\n[x](javascript:alert(1))',
      'https://x.example/a\tb',
      'https://x.example/a\\)b',
      'https:\\\\evil.example',
      'https://x.example/a\u0000b',
      'https://x.example/a\u007fb',
      'https://x.example/a\u0085b',
      'https://x.example/a\u2028b',
      ' https://x.example/',
      '\u0001https://x.example/',
    ]) {
      assert.equal(webLinkTarget(hostile), undefined, JSON.stringify(hostile));
    }
  });

  it('allows http and https only, in any letter case, never a scheme behind spaces or control characters', () => {
    assert.equal(webLinkTarget('HTTPS://X.Example/A'), 'https://x.example/A');
    for (const scheme of ['javascript', 'data', 'vbscript', 'file', 'ftp', 'mailto']) {
      for (const spelling of [scheme, scheme.toUpperCase(), `${scheme[0]?.toUpperCase() ?? ''}${scheme.slice(1)}`]) {
        for (const prefix of ['', ' ', '  ', '\t', '\u0000', '\u001f', '\n']) {
          const hostile = `${prefix}${spelling}:alert(1)//https://ok.example/`;
          assert.equal(webLinkTarget(hostile), undefined, JSON.stringify(hostile));
          assert.equal(markdownWebLink('label', hostile), 'label');
        }
      }
    }
    assert.equal(webLinkTarget('java\tscript:alert(1)'), undefined);
    assert.equal(webLinkTarget('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='), undefined);
    assert.equal(webLinkTarget('https:evil.example'), undefined);
    assert.equal(webLinkTarget('https:/evil.example'), undefined);
  });

  it('gives no link for a protocol-relative or relative URL, or one that does not parse', () => {
    for (const hostile of [
      '//evil.example/x',
      '///evil.example',
      'evil.example',
      '/x',
      'https://',
      'https://[::1',
      '',
    ]) {
      assert.equal(webLinkTarget(hostile), undefined, hostile);
    }
    assert.equal(webLinkTarget(undefined), undefined);
  });

  it('gives no link for a very long URL', () => {
    const base = 'https://x.example/';
    assert.ok(webLinkTarget(base + 'a'.repeat(MAX_LINK_TARGET_CHARS - base.length)) !== undefined);
    assert.equal(webLinkTarget(base + 'a'.repeat(MAX_LINK_TARGET_CHARS)), undefined);
    assert.equal(webLinkTarget(base + 'a'.repeat(1_000_000)), undefined);
    // Encoding can make a target longer than the text it came from; the limit holds for the target too.
    assert.equal(webLinkTarget(base + '('.repeat(MAX_LINK_TARGET_CHARS / 2)), undefined);
  });

  it('writes a link with an escaped label, or the label alone', () => {
    assert.equal(
      markdownLinkFromText('see [this](javascript:x) *now*', 'https://ok.example/a)'),
      '[see \\[this\\](javascript:x) \\*now\\*](https://ok.example/a%29)',
    );
    assert.equal(markdownLinkFromText('a\nb', 'javascript:alert(1)'), 'a b');
  });

  it('makes a relative path a target that cannot end the link, read as a scheme or leave the host', () => {
    assert.equal(relativeLinkTarget('logs/sast.log'), 'logs/sast.log');
    assert.equal(relativeLinkTarget('a b/c.py'), 'a%20b/c.py');
    for (const hostile of [
      'x) **INJECTED** [click](javascript:alert(1).sarif',
      "a!b'c*d(e)f.py",
      'javascript:alert(1)',
      'a\nb\\c<d>e|f`g.py',
    ]) {
      const target = relativeLinkTarget(hostile);
      assert.ok(INERT_TARGET.test(target) && !/[()]/.test(target), `${hostile} -> ${target}`);
      assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(target), target);
    }
    assert.equal(relativeLinkTarget('//evil.example/x'), './/evil.example/x');
  });

  it('attack: a hostile helpUri or path in the Markdown report cannot inject a link or markup', () => {
    const [first] = SAMPLE_INPUT.result.findings;
    assert.ok(first !== undefined);
    const hostile: Finding = {
      ...first,
      ruleId: 'R1',
      helpUri: TIGHT_INJECTION,
      location: { ...first.location, path: 'src/a) **PATH** [p](javascript:alert(2).py' },
    };
    const hostileScheme: Finding = { ...first, ruleId: 'R2', helpUri: '  JaVaScRiPt:alert(3)' };
    const spaced: Finding = { ...first, ruleId: 'R3', helpUri: INJECTION };
    const markdown = renderReport('markdown', {
      ...SAMPLE_INPUT,
      result: { ...SAMPLE_INPUT.result, findings: [hostile, hostileScheme, spaced] },
    });
    assert.ok(!markdown.includes('**INJECTED** ['), markdown);
    assert.ok(!markdown.includes('**PATH**'), markdown);
    assert.ok(!/(?<!\\)\]\(\s*javascript:/i.test(markdown), markdown);
    assert.ok(markdown.includes('[`R1`](https://ok.example/x%29**INJECTED**[click]%28javascript:alert%281%29)'));
    assert.ok(markdown.includes('| `R2` |'), markdown);
    assert.ok(markdown.includes('| `R3` |'), markdown);
    for (const [, target] of markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) {
      assert.ok(target !== undefined && INERT_TARGET.test(target), target);
    }
  });
});
