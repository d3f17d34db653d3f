import type { Finding } from '../../src/findings';
import type { PipelineRunReport } from '../../src/pipeline';
import type { ReportInput } from '../../src/reports';

/** Markup and script a hostile repository or SARIF file might put in every text a report shows. */
export const SCRIPT_MESSAGE = '<script>alert(1)</script> then "><img src=x onerror=alert(2)>';
export const HOSTILE_PATH = '"><img src=x onerror=alert(3)>.py';
export const HOSTILE_SNIPPET_LINE = 'x = "<script>alert(6)</script>"  # </pre><img src=x onerror=alert(6)>';

const HOSTILE_FINDING: Finding = {
  tool: 'bandit',
  category: 'sast',
  ruleId: '<b>R1</b>',
  message: SCRIPT_MESSAGE,
  severity: 'high',
  location: { path: HOSTILE_PATH, line: 2 },
  cwe: [79],
  helpUri: 'javascript:alert(4)',
  fix: { description: '</p><script>alert(5)</script>' },
  fingerprint: 'v1:000000000000000000000000000000aa',
  properties: { aliases: ['javascript:alert(8)', 'CVE-2024-22195'] },
};

const PLAIN_FINDING: Finding = {
  tool: 'devsecops-sca',
  category: 'sca',
  ruleId: 'GHSA-h5c8-rqwp-cp95',
  message: 'jinja2 3.1.2 is vulnerable.',
  severity: 'medium',
  location: { path: 'requirements.txt', line: 4 },
  helpUri: 'https://osv.dev/vulnerability/GHSA-h5c8-rqwp-cp95',
  fix: { description: 'Upgrade jinja2 to 3.1.3.', fixedVersions: ['3.1.3'] },
  fingerprint: 'v1:000000000000000000000000000000bb',
  properties: { aliases: ['CVE-2024-22195'] },
};

/** A scan whose every repository-supplied text is hostile: message, path, rule, link, fix, source, reasons. */
export const HOSTILE_INPUT: ReportInput = {
  result: {
    findings: [HOSTILE_FINDING, PLAIN_FINDING],
    tools: [
      {
        name: 'bandit',
        category: 'sast',
        status: 'ok',
        unscanned: [{ path: '<svg onload=alert(7)>.py', reason: '<b>syntax</b> error' }],
      },
      { name: 'devsecops-sca', category: 'sca', status: 'ok' },
      {
        name: 'hadolint',
        category: 'dockerfile',
        status: 'skipped',
        reason: '<a href="javascript:alert(9)">install</a>',
      },
    ],
  },
  root: '/repo',
  gate: { failOn: 'high', passed: false },
  suppressed: [
    {
      finding: {
        ...PLAIN_FINDING,
        ruleId: 'B101',
        severity: 'low',
        fingerprint: 'v1:000000000000000000000000000000cc',
      },
      suppression: { rule: 'B101', reason: '<iframe src="//evil.example"></iframe>', expires: '2027-06-30' },
    },
  ],
  sourceExcerpts: new Map([
    [HOSTILE_PATH, [{ firstLine: 1, lines: ['import os', HOSTILE_SNIPPET_LINE, 'print(x)'] }]],
    ['requirements.txt', [{ firstLine: 3, lines: ['flask==2.0.0', 'jinja2==3.1.2'] }]],
  ]),
};

/** A run of two parallel actions (one failed the gate) and a skipped stage, with round times for the timeline. */
export const TIMELINE_RUN: PipelineRunReport = {
  runner: 'local',
  source: '/work/app',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:00:10.000Z',
  failOn: null,
  continueOnFailure: false,
  cancelled: false,
  reportsDir: '/work/app/reports',
  stages: [
    {
      name: 'application-validation',
      status: 'failed',
      actions: [
        {
          name: 'sca',
          status: 'succeeded',
          startedAt: '2026-01-01T10:00:00.000Z',
          endedAt: '2026-01-01T10:00:05.000Z',
          findings: 0,
          reportFiles: ['sca.sarif', 'logs/sca.log'],
        },
        {
          name: 'sast',
          status: 'failed',
          startedAt: '2026-01-01T10:00:00.000Z',
          endedAt: '2026-01-01T10:00:10.000Z',
          findings: 1,
          reportFiles: ['sast.sarif', 'logs/sast log#1.log'],
        },
      ],
    },
    {
      name: 'image-build',
      status: 'skipped',
      actions: [
        { name: 'image-build', status: 'skipped', startedAt: null, endedAt: null, findings: 0, reportFiles: [] },
      ],
    },
  ],
};
