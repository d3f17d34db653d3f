import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolEnvironment, trustedSearchPath } from '../../src/process/tool-environment';

/** The base every tool gets from the user's environment: search path, home, locale, temporary folder, time zone. */
const BASE_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/me',
  LANG: 'en_GB.UTF-8',
  LC_ALL: 'en_GB.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  TMPDIR: '/tmp',
  TZ: 'Europe/London',
};

/** A user's environment with everything a scanner must not get. */
const USER_ENV: NodeJS.ProcessEnv = {
  ...BASE_ENV,
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  GITHUB_TOKEN: 'ghp',
  PYTHONPATH: '/repo',
  PYTHONHOME: '/repo',
  PYTHONSTARTUP: '/repo/x.py',
  BANDIT_CONFIG: '/repo/b.yaml',
  NODE_OPTIONS: '--require /repo/x.js',
  LD_PRELOAD: '/repo/x.so',
  JAVA_HOME: '/usr/lib/jvm/17',
  JAVA_OPTS: '-Xmx2g',
  https_proxy: 'http://proxy:3128',
  HADOLINT_IGNORE: 'DL3008',
};

describe('toolEnvironment: the allow-list a tool runs with', () => {
  it('gives every tool the base (PATH, HOME, locale, TMPDIR, TZ) and each only what it needs', () => {
    const base = BASE_ENV;
    deepStrictEqual(toolEnvironment(USER_ENV, 'bandit'), base);
    deepStrictEqual(toolEnvironment(USER_ENV, 'shellcheck'), base);
    deepStrictEqual(toolEnvironment(USER_ENV, 'hadolint'), { ...base, HADOLINT_IGNORE: 'DL3008' });
    deepStrictEqual(toolEnvironment(USER_ENV, 'dependency-check'), {
      ...base,
      JAVA_HOME: '/usr/lib/jvm/17',
      JAVA_OPTS: '-Xmx2g',
      https_proxy: 'http://proxy:3128',
    });
  });

  it('keeps only absolute PATH folders outside the scanned repository (links resolved)', () => {
    const base = mkdtempSync(join(tmpdir(), 'devsecops-path-'));
    try {
      const repo = join(base, 'repo');
      mkdirSync(join(repo, '.venv', 'bin'), { recursive: true });
      symlinkSync(join(repo, '.venv', 'bin'), join(base, 'linked-bin'));
      const path = ['.', '', 'bin', join(repo, '.venv', 'bin'), join(base, 'linked-bin'), '/usr/bin', repo].join(':');
      deepStrictEqual(trustedSearchPath(path, [repo]), '/usr/bin');
      deepStrictEqual(toolEnvironment({ PATH: path }, 'bandit', { untrustedFolders: [repo] }), { PATH: '/usr/bin' });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
