import { deepStrictEqual } from 'node:assert/strict';
import { severityOfCvssScore } from '../../../src/findings/severity';
import { advisorySeverity, cvssBaseScore } from '../../../src/scanners/builtin-sca/advisory-severity';

describe('advisory severity from CVSS', () => {
  it('computes base scores for CVSS v2, v3.0, v3.1 and v4.0 vectors (FIRST reference values)', () => {
    deepStrictEqual(
      [
        'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
        'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L',
        'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        'AV:N/AC:L/Au:N/C:P/I:P/A:P',
        'CVSS:3.1/AV:N',
        'not a vector',
      ].map(cvssBaseScore),
      [9.8, 6.1, 1.8, 9.3, 7.5, undefined, undefined],
    );
  });

  it('maps scores onto the CVSS qualitative scale', () => {
    deepStrictEqual([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityOfCvssScore), [
      'critical',
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'info',
    ]);
  });

  it('prefers a scorable CVSS v3 vector, then v4, then v2, then the database’s word', () => {
    const v4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' };
    const v3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L' };
    deepStrictEqual(advisorySeverity([v4, v3], 'HIGH'), { severity: 'low', native: `${v3.score} (1.8)` });
    deepStrictEqual(advisorySeverity([v4], undefined), { severity: 'critical', native: `${v4.score} (9.3)` });
    deepStrictEqual(advisorySeverity([{ type: 'CVSS_V3', score: 'garbage' }], 'MODERATE'), {
      severity: 'medium',
      native: 'MODERATE',
    });
    deepStrictEqual(advisorySeverity([], 'unheard-of'), undefined);
  });
});
