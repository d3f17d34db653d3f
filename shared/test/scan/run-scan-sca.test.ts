import { deepStrictEqual } from 'node:assert/strict';
import type { DevsecopsConfig } from '../../src/config/config';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { runScan } from '../../src/scan/run-scan';
import { fakeDependencyCheckScript } from '../scanners/dependency-check/fake-dependency-check';
import { createFakeToolDir, createProject } from './fake-tools';

describe('runScan with Dependency-Check and the built-in SCA engine both on', () => {
  it('shows an advisory both report once, listing both tools', async () => {
    const fakes = createFakeToolDir();
    fakes.add('dependency-check', fakeDependencyCheckScript(`${fakes.dir}/args`));
    const project = createProject({ 'requirements.txt': 'flask==2.0.1\nJinja2==2.10\n' });
    const config: DevsecopsConfig = {
      ...DEFAULT_CONFIG,
      tools: { ...DEFAULT_CONFIG.tools, dependencyCheck: { enabled: 'on' } },
    };
    try {
      const result = await runScan({ root: project.root, config, only: ['sca'], env: { PATH: fakes.path } });
      deepStrictEqual(
        result.tools.map((tool) => `${tool.name} ${tool.status}`),
        ['dependency-check ok', 'devsecops-sca ok'],
      );
      // Dependency-Check's CVE-2019-10906 is the built-in engine's PYSEC-2019-217 (alias): one finding.
      const jinja = result.findings.filter((finding) => finding.properties?.['package'] === 'jinja2');
      const cve = jinja.filter(
        (finding) =>
          finding.ruleId === 'CVE-2019-10906' ||
          (Array.isArray(finding.properties?.['aliases']) && finding.properties['aliases'].includes('CVE-2019-10906')),
      );
      deepStrictEqual(
        cve.map((finding) => [finding.location.line, finding.properties?.['reportedBy']]),
        [[2, ['dependency-check', 'devsecops-sca']]],
      );
    } finally {
      fakes.remove();
      project.remove();
    }
  });
});
