/**
 * What the fixture workspace (test/fixtures/e2e-workspace) must show, shared by the code-server e2e run
 * (test/e2e) and the @vscode/test-electron suite (extension/test/suite), so both editors are held to the
 * same findings at the same lines.
 */

/** A diagnostic the Problems panel must list. */
export interface ExpectedDiagnostic {
  /** File name inside the fixture workspace. */
  readonly file: string;
  /** Line, 1-based. */
  readonly line: number;
  /** Diagnostic source (the tool). */
  readonly source: string;
  /** Rule id (the diagnostic's code); a pattern for advisories, whose ids depend on the database. */
  readonly code: string | RegExp;
}

export const FIXTURE_DIAGNOSTICS: readonly ExpectedDiagnostic[] = [
  { file: 'app.py', line: 5, source: 'bandit', code: 'B602' },
  { file: 'Dockerfile', line: 1, source: 'devsecops-dockerfile', code: 'DL3007' },
  { file: 'requirements.txt', line: 3, source: 'devsecops-sca', code: /^(PYSEC|GHSA)-/ },
];

/** The vulnerable pin and where the "Upgrade" quick fix must move it. */
export const VULNERABLE_PIN = {
  file: 'requirements.txt',
  line: 3,
  text: 'jinja2==2.10',
  upgradedPattern: /^jinja2==2\.10\.\d+$|^jinja2==2\.1[1-9]/,
};

/** The line of the activation log entry the benchmark reads: "DevSecOps activated in 12.3 ms". */
export const ACTIVATION_LOG = /DevSecOps activated in (\d+(?:\.\d+)?) ms/;

/** The line the extension logs once a change to its settings has taken effect. */
export const SETTINGS_CHANGED_LOG = /DevSecOps settings changed/;

/** The line the extension logs once a changed `.devsecops.yml` has been read again. */
export const CONFIG_FILE_CHANGED_LOG = /\.devsecops\.yml changed/;
