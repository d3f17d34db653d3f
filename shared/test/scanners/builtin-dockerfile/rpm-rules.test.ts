import { match } from 'node:assert/strict';
import { ALL_RULES } from '../../../src/scanners/builtin-dockerfile/rule-catalog';
import { file, run, table, wholeReports } from './rule-forms';

/**
 * The yum, dnf and zypper rules (DL3030, DL3032 to DL3038, DL3040, DL3041) in
 * their general forms. The expected answers are read off hadolint's rule
 * sources (src/Hadolint/Rule/DL30xx.hs of the 2.15 line, with the helpers of
 * src/Hadolint/Shell.hs: `cmdHasArgs` matches a command with any one of the
 * words given), not taken from this engine.
 */

// DL3030.hs: `yum install`, `groupinstall` or `localinstall` needs the flag y or assumeyes.
table('DL3030: yum install without -y', [
  run('DL3030', 'yum install httpd-2.4.57', true),
  run('DL3030', 'yum groupinstall "Development Tools"', true),
  run('DL3030', 'yum localinstall ./rpms/tool-1.0-1.el9.x86_64.rpm', true),
  run('DL3030', 'yum install -y httpd-2.4.57', false),
  run('DL3030', 'yum install --assumeyes httpd-2.4.57', false),
  run('DL3030', 'yum -y groupinstall "Development Tools"', false),
  run('DL3030', 'yum makecache && yum install httpd-2.4.57', true),
  run('DL3030', 'yum clean all', false),
]);

// DL3032.hs: after the first `yum install` comes a command that is yum with `clean` or `all`, or `rm` with `-rf` or
// /var/cache/yum/*; the first such command must come after the first install.
table('DL3032: yum install without yum clean all', [
  run('DL3032', 'yum install -y httpd-2.4.57', true),
  run('DL3032', 'yum install -y httpd-2.4.57 && yum clean all', false),
  run('DL3032', 'yum install -y httpd-2.4.57 && yum clean packages', false),
  run('DL3032', 'yum install -y httpd-2.4.57 && rm -rf /var/cache/yum', false),
  run('DL3032', 'yum install -y httpd-2.4.57 && rm -r /var/cache/yum/*', false),
  run('DL3032', 'yum install -y httpd-2.4.57 && rm -r /var/cache/yum', true),
  run('DL3032', 'yum clean all && yum install -y httpd-2.4.57', true),
  run('DL3032', 'yum makecache', false),
]);

// DL3033.hs and DL3041.hs: every package word of an install (not a module install; for dnf not a group install)
// has a `-` and then either ends in `.rpm` or has only version characters (letters, digits, . ~ ^ _ : +) after its
// first `-`, with some part starting with a digit. A word with a `$` is pinned when it names an ARG or ENV defined
// before it (any one of its variables will do).
table('DL3033 and DL3041: package versions', [
  run('DL3041', 'dnf install -y ./rpms/my-tool.rpm', false),
  run('DL3033', 'yum install -y ./rpms/my-tool.rpm', false),
  run('DL3041', 'dnf install -y 389-ds-base', true),
  run('DL3041', 'dnf install -y xorg-x11-server-Xvfb', true),
  run('DL3041', 'dnf install -y httpd-2.4.57-*', true),
  run('DL3041', 'dnf install -y nodejs-20.*', true),
  run('DL3041', 'dnf install -y httpd-2.4.57-5.el9', false),
  run('DL3041', 'dnf install -y httpd-2.4.57 tomcat', true),
  run('DL3041', 'dnf install -y tomcat-9.0.1 && rm -rf /var/cache/libdnf5*', false),
  run('DL3041', 'dnf install -y tomcat && rm -rf /var/cache/libdnf5*', true),
  run('DL3033', 'yum install -y tomcat && rm -rf /var/cache/yum', true),
  file('DL3041', ['FROM fedora:42', 'ARG GIT_VER=2.51.0', 'RUN dnf install -y "git-core-${GIT_VER}-${RELEASE}"'], []),
  file('DL3041', ['FROM fedora:42', 'CMD dnf install -y tomcat'], []),
  file('DL3033', ['FROM rockylinux:9', 'ENTRYPOINT yum install -y tomcat', 'RUN yum install -y tomcat'], [3]),
]);

// DL3034.hs (2.15): zypper install, in, remove, rm, source-install, si or patch needs the flag n, non-interactive,
// y or no-confirm.
table('DL3034: zypper without a non-interactive switch', [
  run('DL3034', 'zypper install curl=8.6.0', true),
  run('DL3034', 'zypper in curl=8.6.0', true),
  run('DL3034', 'zypper remove curl', true),
  run('DL3034', 'zypper rm curl', true),
  run('DL3034', 'zypper source-install curl', true),
  run('DL3034', 'zypper si curl', true),
  run('DL3034', 'zypper patch', true),
  run('DL3034', 'zypper install -y curl=8.6.0', false),
  run('DL3034', 'zypper install --no-confirm curl=8.6.0', false),
  run('DL3034', 'zypper -n install curl=8.6.0', false),
  run('DL3034', 'zypper --non-interactive install curl=8.6.0', false),
  run('DL3034', 'zypper refresh', false),
]);

// DL3035.hs: any zypper command with `dist-upgrade` or `dup`.
table('DL3035: zypper dist-upgrade', [
  run('DL3035', 'zypper refresh && zypper -n dup', true),
  run('DL3035', 'zypper -n dist-upgrade && zypper clean', true),
  run('DL3035', 'zypper -n update', false),
]);

// DL3036.hs: zypper install or in needs a later zypper clean or cc, unless a cache or tmpfs is mounted at
// /var/cache/zypp.
table('DL3036: zypper install without zypper clean', [
  run('DL3036', 'zypper in -y mariadb=10.4', true),
  run('DL3036', 'zypper in -y mariadb=10.4 && zypper cc', false),
  run('DL3036', 'zypper clean && zypper in -y mariadb=10.4', true),
  run('DL3036', '--mount=type=cache,target=/var/cache/zypp zypper install -y mariadb=10.4', false),
  run('DL3036', '--mount=type=cache,target=/root/.cache zypper install -y mariadb=10.4', true),
]);

// DL3037.hs: every package word of zypper install or in holds `=`, `<` or `>`, or ends in `.rpm`.
table('DL3037: zypper install without versions', [
  run('DL3037', 'zypper in -y tomcat', true),
  run('DL3037', 'zypper in -y tomcat=9.0.39', false),
  run('DL3037', "zypper in -y 'tomcat<10' 'curl>8'", false),
  run('DL3037', 'zypper install -y ./rpms/tomcat.rpm', false),
  run('DL3037', 'zypper install -y tomcat=9.0.39 curl', true),
]);

// DL3038.hs: dnf or microdnf install, groupinstall or localinstall needs the flag y or assumeyes.
table('DL3038: dnf install without -y', [
  run('DL3038', 'dnf groupinstall "Development Tools"', true),
  run('DL3038', 'dnf localinstall ./rpms/tool-1.0-1.el9.x86_64.rpm', true),
  run('DL3038', 'dnf install --assumeyes httpd-2.4.57', false),
  run('DL3038', 'microdnf install httpd-2.4.57', true),
]);

// DL3040.hs (2.15): for dnf and for microdnf apart, an install, in, upgrade, up, upgrade-minimal, up-min, reinstall
// or rei needs a later `<same program>` with `clean` or `all`, or `rm` with `-rf` or /var/cache/libdnf5*, unless
// a cache or tmpfs is mounted at /var/cache/libdnf5 (or a .cache/libdnf5).
table('DL3040: dnf install without dnf clean all', [
  run('DL3040', 'dnf -y up', true),
  run('DL3040', 'dnf -y reinstall tomcat', true),
  run('DL3040', 'dnf install -y tomcat-9.0.1 && dnf clean packages', false),
  run('DL3040', 'dnf install -y tomcat-9.0.1 && rm -r /var/cache/libdnf5*', false),
  run('DL3040', 'dnf install -y tomcat-9.0.1 && rm -r /var/cache/libdnf5', true),
  run('DL3040', 'dnf install -y tomcat-9.0.1 && microdnf clean all', true),
  run('DL3040', '--mount=type=cache,target=/root/.cache/libdnf5 dnf install -y tomcat-9.0.1', false),
  run('DL3040', '--mount=type=cache,target=/root/.cache/pip dnf install -y tomcat-9.0.1', true),
]);

// What the rules tell the reader, whole: the tables above check only where they fire.
const REPORTS = [
  [
    'DL3030',
    'yum install httpd-2.4.57 && yum clean all',
    'Give yum install -y so the build never waits for an answer.',
  ],
  [
    'DL3032',
    'yum install -y httpd-2.4.57',
    'Run yum clean all after yum install in the same RUN, or the package cache stays in the layer.',
  ],
  [
    'DL3033',
    'yum install -y httpd && yum clean all',
    'Pin versions in yum install (package-version) so builds are repeatable.',
  ],
  [
    'DL3034',
    'zypper install curl=8.6.0 && zypper clean',
    'Give zypper -n (--non-interactive) or install -y so the build never waits for an answer.',
  ],
  ['DL3035', 'zypper -n dup', 'Do not run zypper dist-upgrade in an image build: upgrade the base image instead.'],
  [
    'DL3036',
    'zypper install -y curl=8.6.0',
    'Run zypper clean after zypper install in the same RUN, or the package cache stays in the layer.',
  ],
  [
    'DL3037',
    'zypper install -y curl && zypper clean',
    'Pin versions in zypper install (package=version) so builds are repeatable.',
  ],
  [
    'DL3038',
    'dnf install httpd-2.4.57 && dnf clean all',
    'Give dnf install -y so the build never waits for an answer.',
  ],
  [
    'DL3040',
    'dnf install -y httpd-2.4.57',
    'Run dnf clean all after dnf install in the same RUN, or the package cache stays in the layer.',
  ],
  [
    'DL3041',
    'dnf install -y httpd && dnf clean all',
    'Pin versions in dnf install (package-version) so builds are repeatable.',
  ],
] as const;
const PINNING = new Set(['DL3033', 'DL3037', 'DL3041']);

wholeReports(
  'yum, dnf and zypper rules: what they report',
  REPORTS.map(([code, script, message]) => ({
    lines: ['FROM fedora:42', `RUN ${script}`],
    code,
    severity: 'warning',
    message,
    helpUri: `https://github.com/hadolint/hadolint/wiki/${code}`,
    cwe: PINNING.has(code) ? [1357] : undefined,
    line: 2,
  })),
);

// `devsecops rules` shows where a rule knowingly parts from hadolint; the reason must name what differs.
describe('yum, dnf and zypper rules: how they differ from hadolint', () => {
  const cases = [
    ['DL3032', /yum clean all \(or removing \/var\/cache\/yum\) no longer satisfies it/],
    ['DL3036', /zypper clean no longer satisfies it/],
    ['DL3040', /dnf clean all \(or removing \/var\/cache\/libdnf5\*\) no longer satisfies it/],
  ] as const;
  for (const [code, reason] of cases) {
    it(`${code} names the clean-up the released rule accepts`, () => {
      match(ALL_RULES.find((rule) => rule.code === code)?.differsFromHadolint ?? '', reason);
    });
  }
});
