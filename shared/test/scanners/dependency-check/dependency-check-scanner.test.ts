import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionSettings } from '../../../src/config/execution-settings';
import { createDependencyCheckScanner } from '../../../src/scanners/dependency-check/dependency-check-scanner';
import { executionWith, onlyToolRun, scanProject, useFakeToolProject } from '../../scan/fake-tools';
import { recordedVariableNames } from '../../scan/recorded-environment';
import { fakeDependencyCheckScript } from './fake-dependency-check';

/** The user's Dependency-Check settings (flags or their own config file). */
function dependencyCheckRuns(tool: ExecutionSettings['dependencyCheck']): ExecutionSettings {
  return executionWith('dependencyCheck', tool);
}

describe('Dependency-Check scanner (fake dependency-check on PATH)', () => {
  const tool = useFakeToolProject('dependency-check', fakeDependencyCheckScript, {
    'requirements.txt': 'flask==2.0.1\nJinja2==2.10\n',
  });

  it('scans requirements files (absolute paths) with --enableExperimental and maps the package to its line', async () => {
    const outcome = await scanProject(createDependencyCheckScanner(), tool().project.root, {
      execution: dependencyCheckRuns({ args: ['--noupdate'] }),
      env: { PATH: tool().fakes.path },
    });
    const args = readFileSync(tool().argsFile, 'utf8').trim().split('\n');
    deepStrictEqual(args.slice(0, 7), [
      '--enableExperimental',
      '--format',
      'JSON',
      '--project',
      tool().project.root.split('/').at(-1),
      '--scan',
      join(tool().project.root, 'requirements.txt'),
    ]);
    strictEqual(args[7], '--out');
    strictEqual(args[9], '--noupdate');
    deepStrictEqual(
      outcome.findings.map((f) => [f.location.path, f.location.line, f.ruleId, f.severity, f.properties?.['package']]),
      [['requirements.txt', 2, 'CVE-2019-10906', 'high', 'jinja2']],
    );
    strictEqual(onlyToolRun(outcome).version, '12.1.9');
  });

  it('fails with the exit code and what it printed when no report is written', async () => {
    const broken = tool().fakes.add('dc-broken', 'echo "[ERROR] Unable to connect to the database" >&2\nexit 13');
    const outcome = await scanProject(createDependencyCheckScanner(), tool().project.root, {
      execution: dependencyCheckRuns({ path: broken }),
    });
    strictEqual(onlyToolRun(outcome).status, 'failed');
    ok((onlyToolRun(outcome).reason ?? '').includes('exit code 13'));
    ok((onlyToolRun(outcome).reason ?? '').includes('Unable to connect to the database'));
  });

  it('fails with TOOL_OUTPUT_INVALID naming Dependency-Check when its report is not JSON', async () => {
    const garbled = tool().fakes.add(
      'dc-garbled',
      'while [ $# -gt 0 ]; do [ "$1" = --out ] && out="$2"; shift; done\necho "<html>report</html>" > "$out/dependency-check-report.json"',
    );
    const outcome = await scanProject(createDependencyCheckScanner(), tool().project.root, {
      execution: dependencyCheckRuns({ path: garbled }),
    });
    const run = onlyToolRun(outcome);
    strictEqual(run.errorCode, 'TOOL_OUTPUT_INVALID');
    ok((run.reason ?? '').startsWith('OWASP Dependency-Check printed output that is not valid Dependency-Check JSON'));
    ok((run.reason ?? '').includes('<html>report</html>'));
  });

  it('is skipped with the install hint when Dependency-Check is not installed', async () => {
    const outcome = await scanProject(createDependencyCheckScanner(), tool().project.root, {
      env: { PATH: '/nonexistent' },
    });
    strictEqual(onlyToolRun(outcome).status, 'skipped');
    ok((onlyToolRun(outcome).reason ?? '').includes('Install OWASP Dependency-Check'));
  });

  it('gives Dependency-Check its JVM and proxy settings, and nothing secret, from a private folder', async () => {
    const record = join(tool().fakes.dir, 'record');
    const recording = tool().fakes.add(
      'dc-recording',
      `env > ${record}.env\npwd > ${record}.cwd\n${fakeDependencyCheckScript(join(tool().fakes.dir, 'args2'))}`,
    );
    await scanProject(createDependencyCheckScanner(), tool().project.root, {
      execution: dependencyCheckRuns({ path: recording }),
      env: {
        PATH: '/usr/bin:/bin',
        HOME: '/home/someone',
        JAVA_HOME: '/usr/lib/jvm/java-17',
        https_proxy: 'http://proxy:3128',
        AWS_SECRET_ACCESS_KEY: 'secret-value',
        NVD_API_KEY: 'nvd-secret',
      },
    });
    const names = recordedVariableNames(`${record}.env`);
    deepStrictEqual(names, ['HOME', 'JAVA_HOME', 'PATH', 'https_proxy']);
    ok(!readFileSync(`${record}.cwd`, 'utf8').startsWith(tool().project.root));
  });
});
