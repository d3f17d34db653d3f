import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import type { ExecutionSettings } from '../../../src/config/execution-settings';
import { runProcess } from '../../../src/process/process-runner';
import { createDependencyCheckScanner } from '../../../src/scanners/dependency-check/dependency-check-scanner';
import { createFakeToolDir, createProject, executionWith, onlyToolRun } from '../../scan/fake-tools';
import { fakeDependencyCheckScript } from './fake-dependency-check';

/** The user's Dependency-Check settings (flags or their own config file). */
function dependencyCheckRuns(tool: ExecutionSettings['dependencyCheck']): ExecutionSettings {
  return executionWith('dependencyCheck', tool);
}

describe('Dependency-Check scanner (fake dependency-check on PATH)', () => {
  let fakes: ReturnType<typeof createFakeToolDir>;
  let project: ReturnType<typeof createProject>;
  let argsFile: string;
  beforeEach(() => {
    fakes = createFakeToolDir();
    argsFile = join(fakes.dir, 'args');
    fakes.add('dependency-check', fakeDependencyCheckScript(argsFile));
    project = createProject({ 'requirements.txt': 'flask==2.0.1\nJinja2==2.10\n' });
  });
  afterEach(() => {
    fakes.remove();
    project.remove();
  });

  it('scans requirements files (absolute paths) with --enableExperimental and maps the package to its line', async () => {
    const outcome = await createDependencyCheckScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      execution: dependencyCheckRuns({ args: ['--noupdate'] }),
      runProcess,
      env: { PATH: fakes.path },
    });
    const args = readFileSync(argsFile, 'utf8').trim().split('\n');
    deepStrictEqual(args.slice(0, 7), [
      '--enableExperimental',
      '--format',
      'JSON',
      '--project',
      project.root.split('/').at(-1),
      '--scan',
      join(project.root, 'requirements.txt'),
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
    const broken = fakes.add('dc-broken', 'echo "[ERROR] Unable to connect to the database" >&2\nexit 13');
    const outcome = await createDependencyCheckScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      execution: dependencyCheckRuns({ path: broken }),
      runProcess,
    });
    strictEqual(onlyToolRun(outcome).status, 'failed');
    ok((onlyToolRun(outcome).reason ?? '').includes('exit code 13'));
    ok((onlyToolRun(outcome).reason ?? '').includes('Unable to connect to the database'));
  });

  it('fails with TOOL_OUTPUT_INVALID naming Dependency-Check when its report is not JSON', async () => {
    const garbled = fakes.add(
      'dc-garbled',
      'while [ $# -gt 0 ]; do [ "$1" = --out ] && out="$2"; shift; done\necho "<html>report</html>" > "$out/dependency-check-report.json"',
    );
    const outcome = await createDependencyCheckScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      execution: dependencyCheckRuns({ path: garbled }),
      runProcess,
    });
    const run = onlyToolRun(outcome);
    strictEqual(run.errorCode, 'TOOL_OUTPUT_INVALID');
    ok((run.reason ?? '').startsWith('OWASP Dependency-Check printed output that is not valid Dependency-Check JSON'));
    ok((run.reason ?? '').includes('<html>report</html>'));
  });

  it('is skipped with the install hint when Dependency-Check is not installed', async () => {
    const outcome = await createDependencyCheckScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      runProcess,
      env: { PATH: '/nonexistent' },
    });
    strictEqual(onlyToolRun(outcome).status, 'skipped');
    ok((onlyToolRun(outcome).reason ?? '').includes('Install OWASP Dependency-Check'));
  });

  it('gives Dependency-Check its JVM and proxy settings, and nothing secret, from a private folder', async () => {
    const record = join(fakes.dir, 'record');
    const recording = fakes.add(
      'dc-recording',
      `env > ${record}.env\npwd > ${record}.cwd\n${fakeDependencyCheckScript(join(fakes.dir, 'args2'))}`,
    );
    await createDependencyCheckScanner().scan({
      root: project.root,
      config: DEFAULT_CONFIG,
      execution: dependencyCheckRuns({ path: recording }),
      runProcess,
      env: {
        PATH: '/usr/bin:/bin',
        HOME: '/home/someone',
        JAVA_HOME: '/usr/lib/jvm/java-17',
        https_proxy: 'http://proxy:3128',
        AWS_SECRET_ACCESS_KEY: 'secret-value',
        NVD_API_KEY: 'nvd-secret',
      },
    });
    const names = readFileSync(`${record}.env`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.slice(0, line.indexOf('=')))
      .filter((name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name))
      .sort();
    deepStrictEqual(names, ['HOME', 'JAVA_HOME', 'PATH', 'https_proxy']);
    ok(!readFileSync(`${record}.cwd`, 'utf8').startsWith(project.root));
  });
});
