import assert from 'node:assert/strict';
import type { AdvisoryDatabaseAge } from '@devsecops/shared/engines';
import type { Finding, Severity } from '@devsecops/shared/findings';
import { groupFindings, groupMessage } from '../../src/model/advisory-groups';
import { databaseAgeView } from '../../src/model/database-age-text';
import { webLinkTarget as safeLinkTarget } from '@devsecops/shared/reports';
import { advisoryListMarkdown, findingHoverMarkdown } from '../../src/model/hover-text';

function advisory(id: string, severity: Severity, line = 3, nativeSeverity?: string): Finding {
  return {
    tool: 'devsecops-sca',
    category: 'sca',
    ruleId: id,
    message: `urllib3 1.24.1 is affected by ${id} (CVE-${id}): summary of ${id}`,
    severity,
    ...(nativeSeverity ? { nativeSeverity } : {}),
    location: { path: 'requirements.txt', line, column: 1 },
    helpUri: `https://osv.dev/vulnerability/${id}`,
    fingerprint: `v1:${id}:${String(line)}`,
    properties: { package: 'urllib3', installedVersion: '1.24.1', aliases: [`CVE-${id}`] },
  };
}

const B602: Finding = {
  tool: 'bandit',
  category: 'sast',
  ruleId: 'B602',
  message: 'subprocess call with shell=True',
  severity: 'high',
  nativeSeverity: 'HIGH',
  location: { path: 'app.py', line: 3, column: 1 },
  fingerprint: 'v1:b602',
};

describe('advisory groups (one diagnostic per requirement line)', () => {
  it('groups the advisories of one requirement, most severe first, and leaves other findings alone', () => {
    const groups = groupFindings([advisory('A', 'medium'), B602, advisory('B', 'high'), advisory('C', 'low', 4)]);
    assert.deepEqual(
      groups.map((group) => [group.lead.ruleId, group.findings.map((finding) => finding.ruleId)]),
      [
        ['B', ['B', 'A']],
        ['B602', ['B602']],
        ['C', ['C']],
      ],
    );
    const [first] = groups;
    assert.ok(first);
    assert.equal(
      groupMessage(first),
      'urllib3 1.24.1 is affected by 2 advisories (1 high, 1 medium); the hover lists them.',
    );
  });

  it('lists each advisory once in the hover, and never repeats a severity ("high (HIGH)")', () => {
    const markdown = advisoryListMarkdown([advisory('B', 'high', 3, 'HIGH'), advisory('A', 'medium', 3, 'CVSS 5.3')]);
    assert.equal(
      markdown,
      [
        '**urllib3 1\\.24\\.1** · devsecops\\-sca · 2 advisories (1 high, 1 medium)',
        '',
        '- [B](https://osv.dev/vulnerability/B) (CVE\\-B) · high · summary of B',
        '- [A](https://osv.dev/vulnerability/A) (CVE\\-A) · medium (CVSS 5\\.3) · summary of A',
        '',
        'Quick fix (Ctrl+.): one upgrade for all of them.',
      ].join('\n'),
    );
    assert.ok(!findingHoverMarkdown(B602).includes('(HIGH)'));
  });

  it('keeps a hostile link target from closing the Markdown link', () => {
    assert.equal(
      safeLinkTarget('https://x.invalid/a)[b](javascript:alert(1)'),
      'https://x.invalid/a%29[b]%28javascript:alert%281%29',
    );
    assert.equal(safeLinkTarget('javascript:alert(1)'), undefined);
  });

  it('attack: a hostile helpUri in the hover cannot end its link or inject markup', () => {
    const tight = findingHoverMarkdown({
      ...B602,
      helpUri: 'https://ok.example/x)**INJECTED**[click](javascript:alert(1)',
    });
    assert.ok(
      tight.endsWith('[Read about B602](https://ok.example/x%29**INJECTED**[click]%28javascript:alert%281%29)'),
      tight,
    );
    for (const hostile of [
      'https://ok.example/x) **INJECTED** [click](javascript:alert(1)',
      'https://ok.example/x\n**INJECTED**',
      ' JAVASCRIPT:alert(1)',
      'vbscript:msgbox',
      '//evil.example/x',
      `https://x.example/${'a'.repeat(100_000)}`,
    ]) {
      const hover = findingHoverMarkdown({ ...B602, helpUri: hostile });
      assert.ok(!hover.includes('Read about'), hostile);
      assert.ok(!hover.includes('**INJECTED**'), hostile);
      const list = advisoryListMarkdown([{ ...advisory('A', 'high'), helpUri: hostile }, advisory('B', 'low')]);
      assert.ok(list.includes('- **A**'), list);
    }
  });
});

describe('databaseAgeView (the advisory data status item)', () => {
  const age = (ageDays: number): AdvisoryDatabaseAge => ({
    date: '2024-10-10',
    ageDays,
    maxAgeDays: 30,
    source: 'PyPA Advisory Database snapshot (bundled)',
  });

  it('shows the date while the data is fresh', () => {
    const view = databaseAgeView(age(30), true);
    assert.equal(view.stale, false);
    assert.equal(view.text, '$(database) Advisories 2024-10-10');
  });

  it('warns with the age in days when older than maxDatabaseAgeDays, and offers no download untrusted', () => {
    const trusted = databaseAgeView(age(783), true);
    assert.equal(trusted.stale, true);
    assert.equal(trusted.text, '$(warning) Advisories 783 days old');
    assert.match(trusted.tooltip, /more than the 30 days tools\.sca\.maxDatabaseAgeDays allows/);
    assert.match(trusted.tooltip, /Click to update it\.$/);
    assert.match(databaseAgeView(age(31), false).tooltip, /Trust this workspace to update it from here/);
  });
});
