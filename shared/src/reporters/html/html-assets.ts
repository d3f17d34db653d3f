// The report's one style sheet and one script, inline and allowed by their SHA-256 in the page's
// Content-Security-Policy: nothing else may run or style the page, not even an element a finding managed to
// inject. Classes only, never `style` attributes (a hash-only policy blocks those), so every look lives here.
import { createHash } from 'node:crypto';

export const REPORT_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--critical:#8b1a89;--high:#c62828;--medium:#b35900;--low:#1f6feb;--info:#59636e;--ok:#1a7f37;--mark:#fff8c5}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header.top{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--soft)}
header.top h1{margin:0 0 4px;font-size:20px}
main{padding:0 24px 48px;max-width:1200px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.verdict.passed{background:var(--ok)}.verdict.failed{background:var(--high)}.verdict.incomplete,.verdict.error,.verdict.cancelled{background:var(--medium)}
.muted{color:var(--muted)}
.overview{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.chart text{font-size:12px;fill:var(--fg)}
.chart .count{font-weight:600}
.bar-critical,.sev-critical .sev{fill:var(--critical);background:var(--critical)}
.bar-high,.sev-high .sev{fill:var(--high);background:var(--high)}
.bar-medium,.sev-medium .sev{fill:var(--medium);background:var(--medium)}
.bar-low,.sev-low .sev{fill:var(--low);background:var(--low)}
.bar-info,.sev-info .sev{fill:var(--info);background:var(--info)}
.bar-gate{fill:none;stroke:var(--fg);stroke-dasharray:4 3}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;padding:8px 12px;background:var(--soft);border:1px solid var(--line);border-radius:6px;margin:12px 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
section.file{border:1px solid var(--line);border-radius:6px;margin:16px 0;overflow:hidden;content-visibility:auto;contain-intrinsic-size:auto 400px}
section.file>h3{margin:0;padding:6px 12px;font-size:14px;background:var(--soft);border-bottom:1px solid var(--line);word-break:break-all}
.hunk{border-top:1px solid var(--line)}.hunk:first-of-type{border-top:0}
ol.src{margin:0;padding:6px 0 6px 7ch;background:#fbfbfc;overflow-x:auto;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
ol.src li{white-space:pre;padding-left:12px}
ol.src li::marker{color:var(--muted)}
ol.src li.hit{background:var(--mark)}
article{padding:8px 12px;border-top:1px dashed var(--line)}
article p{margin:4px 0}
article em{display:inline-block;font-style:normal;border:1px solid var(--line);border-radius:10px;padding:0 8px;font-size:12px;margin-left:6px}
article em.g{border-color:var(--high);color:var(--high);font-weight:600}
.sev{display:inline-block;min-width:64px;text-align:center;color:#fff;border-radius:4px;font-size:12px;font-weight:600;padding:0 6px}
.links a{margin-right:10px}
.fix{color:var(--ok)}
.timeline text{font-size:12px;fill:var(--fg)}
.timeline .axis{stroke:var(--line)}
.st-succeeded{fill:var(--ok)}.st-failed{fill:var(--high)}.st-skipped{fill:var(--line)}
.timeline .stop{stroke:var(--high);stroke-width:2}
.timeline .stop-label{fill:var(--high);font-weight:600}
[hidden]{display:none!important}
`;

/**
 * Filters by tool, severity and path, for a reader with JavaScript: the form is hidden until this runs, so a
 * reader without it sees every finding and no dead controls. Reads only the page's own data attributes.
 */
export const REPORT_SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var tool = form.elements.namedItem('tool');
  var severity = form.elements.namedItem('severity');
  var path = form.elements.namedItem('path');
  var gateOnly = form.elements.namedItem('gate');
  var shown = document.getElementById('shown');
  var files = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var rank = { 'sev-critical': 4, 'sev-high': 3, 'sev-medium': 2, 'sev-low': 1, 'sev-info': 0 };
  function apply() {
    var wantedTool = tool.value;
    var minimum = Number(severity.value);
    var wantedPath = path.value.trim().toLowerCase();
    var onlyGate = gateOnly.checked;
    var count = 0;
    files.forEach(function (file) {
      var pathMatches = wantedPath === '' || file.getAttribute('data-path').toLowerCase().indexOf(wantedPath) >= 0;
      var inFile = 0;
      Array.prototype.forEach.call(file.querySelectorAll('.hunk'), function (hunk) {
        var inHunk = 0;
        Array.prototype.forEach.call(hunk.querySelectorAll('article'), function (finding) {
          var visible = pathMatches &&
            (wantedTool === '' || finding.getAttribute('data-tool') === wantedTool) &&
            rank[finding.className] >= minimum &&
            (!onlyGate || finding.hasAttribute('data-gate'));
          finding.hidden = !visible;
          if (visible) inHunk += 1;
        });
        hunk.hidden = inHunk === 0;
        inFile += inHunk;
      });
      file.hidden = inFile === 0;
      count += inFile;
    });
    shown.textContent = count + (count === 1 ? ' finding' : ' findings') + ' shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
})();
`;

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * No fetch, frame, font, image or form submission of any kind; the one style sheet and the one script by hash;
 * no `<base>` that could redirect the report's relative links.
 */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256Source(REPORT_STYLE)}`,
  `script-src ${sha256Source(REPORT_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
