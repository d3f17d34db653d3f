import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/config';
import { isDevsecopsError } from '../../../src/errors/devsecops-error';
import { errorWithCode } from '../../error-with-code';
import type { FindingDraft } from '../../../src/findings/finding';
import {
  applyHadolintEnvironment,
  builtinDockerfileRules,
  lintDockerfile,
  loadHadolintConfig,
  parseHadolintConfig,
} from '../../../src/scanners/builtin-dockerfile/index';
import { MAX_SHELL_NESTING, parseShell } from '../../../src/scanners/builtin-dockerfile/shell/parse-shell';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import { isIgnoredByPragma, readPragmas } from '../../../src/scanners/builtin-dockerfile/pragmas';
import { scanWithoutProcesses } from './scan-without-processes';
import { useTemporaryDirectory } from '../../temporary-directory';
import { yamlAliasBomb } from '../../pipeline/yaml-alias-bomb';

const codes = (findings: readonly FindingDraft[]): string[] => findings.map((finding) => finding.ruleId);
/** `[ruleId, hadolint level, our severity]` of each finding. */
const levelsAndSeverities = (findings: readonly FindingDraft[]): (string | undefined)[][] =>
  findings.map((finding) => [finding.ruleId, finding.nativeSeverity, finding.severity]);

describe('lintDockerfile', () => {
  it('reports a multi-line instruction at its first line, with its whole range', () => {
    const text = [
      'FROM python:3.11-slim',
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends curl \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'USER 10001',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n');
    deepStrictEqual(lintDockerfile(text, 'app/Dockerfile'), [
      {
        tool: 'devsecops-dockerfile',
        category: 'dockerfile',
        ruleId: 'DL3008',
        message: 'Pin package versions in apt-get install (package=version) so builds are repeatable.',
        severity: 'low',
        nativeSeverity: 'warning',
        location: { path: 'app/Dockerfile', line: 2, column: 1, endLine: 4, endColumn: 35 },
        helpUri: 'https://github.com/hadolint/hadolint/wiki/DL3008',
        cwe: [1357],
      },
    ]);
  });

  it('gives each rule the severity of what it guards against, keeping hadolint’s level as the native one', () => {
    const findings = lintDockerfile(
      'FROM debian:12\nMAINTAINER me\nLABEL com.docker.x=1\nRUN apk add curl=1\nENV API_TOKEN=s3cr3t-value-1234\nUSER root\n',
      'Dockerfile',
    );
    deepStrictEqual(levelsAndSeverities(findings), [
      // A deprecated instruction is an error to hadolint, and no risk at all.
      ['DL4000', 'error', 'info'],
      ['DL3048', 'style', 'info'],
      ['DL3019', 'info', 'info'],
      // A secret-named ENV is only a warning to hadolint; a literal credential in it is ours, and high.
      ['DL3064', 'warning', 'medium'],
      ['DS001', 'error', 'high'],
      ['DL3002', 'warning', 'high'],
      ['DL3066', 'info', 'low'],
    ]);
  });

  it('maps a rule moved to another level by .hadolint.yaml by that level: error→high, warning→medium, info→low, style→info', () => {
    const config = parseHadolintConfig(
      'override:\n  error: [DL3007]\n  warning: [DL3048]\n  info: [DS001]\n  style: [DL3002]\n',
    );
    const findings = lintDockerfile(
      'FROM debian:latest\nLABEL com.docker.x=1\nENV DB_PASSWORD=hunter2-hunter2\nUSER root\n',
      'Dockerfile',
      { config },
    );
    deepStrictEqual(levelsAndSeverities(findings), [
      ['DL3007', 'error', 'high'],
      ['DL3048', 'warning', 'medium'],
      // Not moved: the rule's own severity.
      ['DL3064', 'warning', 'medium'],
      ['DS001', 'info', 'low'],
      ['DL3002', 'style', 'info'],
      ['DL3066', 'info', 'low'],
    ]);
  });

  it('applies .hadolint.yaml ignored, override and trustedRegistries', () => {
    const config = parseHadolintConfig(
      'ignored: [DL3008]\noverride:\n  error: [DL3007]\ntrustedRegistries: [registry.example.com]\n',
    );
    const findings = lintDockerfile('FROM debian:latest\nRUN apt-get install -y curl\nUSER 1\n', 'Dockerfile', {
      config,
    });
    deepStrictEqual(
      findings.map((finding) => [finding.ruleId, finding.nativeSeverity]),
      [
        ['DL3007', 'error'],
        ['DL3026', 'error'],
        ['DL3015', 'info'],
      ],
    );
  });

  it('honours ignore, global ignore and stage ignore pragmas, unless disable-ignore-pragma is set', () => {
    const text = [
      '# hadolint global ignore=DL3015',
      'FROM debian:12 AS build',
      '# hadolint ignore=DL3008, DL3014 # reason: pinned by the base image',
      'RUN apt-get install curl',
      '# hadolint stage ignore=DL3003',
      'FROM debian:12',
      'RUN cd /tmp',
      'USER 1',
      '',
    ].join('\n');
    deepStrictEqual(codes(lintDockerfile(text, 'Dockerfile')), []);
    const strict = parseHadolintConfig('disable-ignore-pragma: true');
    deepStrictEqual(codes(lintDockerfile(text, 'Dockerfile', { config: strict })), [
      'DL3008',
      'DL3014',
      'DL3015',
      'DL3003',
    ]);
  });

  it('reports our own DS rules: secrets in ENV/ARG/RUN, curl | sh, no USER', () => {
    const text = [
      'FROM python:3.11',
      'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'ARG DB_PASSWORD=hunter2',
      'ARG API_TOKEN',
      'RUN curl -fsSL https://example.com/install.sh | bash',
      'RUN pip install --no-cache-dir -r requirements.txt && mysql --password=s3cr3tpass -e "select 1"',
      '',
    ].join('\n');
    const ours = lintDockerfile(text, 'Dockerfile').filter((finding) => finding.ruleId.startsWith('DS'));
    deepStrictEqual(
      ours.map((finding) => [finding.ruleId, finding.location.line]),
      [
        ['DS004', 1],
        ['DS001', 2],
        ['DS001', 3],
        ['DS003', 5],
        ['DS002', 6],
      ],
    );
  });

  it('reports ADD of a URL nothing verifies (DS005), not one with --checksum or a git source pinned to a commit', () => {
    const text = [
      'FROM debian:12',
      'ADD https://example.com/tool.tar.gz /opt/',
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/',
      'ADD https://github.com/moby/buildkit.git#0123456789abcdef0123456789abcdef01234567 /src',
      'ADD https://github.com/moby/buildkit.git#v0.10.1 /src',
      'ADD ["http://example.com/a", "/a"]',
      'ADD --checksum= https://example.com/b /b',
      'ADD local.txt /x',
      'ONBUILD ADD https://example.com/x /x',
      'USER 10001',
      '',
    ].join('\n');
    deepStrictEqual(
      lintDockerfile(text, 'Dockerfile')
        .filter((finding) => finding.ruleId === 'DS005')
        .map((finding) => [finding.location.line, finding.severity, finding.nativeSeverity]),
      [
        [2, 'medium', 'warning'],
        [5, 'medium', 'warning'],
        [6, 'medium', 'warning'],
        [7, 'medium', 'warning'],
        [9, 'medium', 'warning'],
      ],
    );
  });

  it('returns nothing when .devsecops.yml disables the built-in engine', () => {
    const devsecops = { ...DEFAULT_CONFIG, tools: { ...DEFAULT_CONFIG.tools, dockerfile: { enabled: false } } };
    deepStrictEqual(lintDockerfile('FROM debian\n', 'Dockerfile', { devsecops }), []);
  });
});

describe('lintDockerfile on bad input', () => {
  it('reports unknown instructions as DL1000 and keeps linting the rest', () => {
    const findings = lintDockerfile('FROM debian:12\nFOO bar\nRUN sudo true\nUSER 1\n', 'Dockerfile');
    deepStrictEqual(
      findings.map((finding) => [finding.ruleId, finding.location.line]),
      [
        ['DL1000', 2],
        ['DL3004', 3],
      ],
    );
  });

  it('reports an unterminated heredoc as DL1000 without hanging', () => {
    const findings = lintDockerfile('FROM debian:12\nRUN <<EOF\napt-get install curl\n', 'Dockerfile');
    ok(findings.some((finding) => finding.ruleId === 'DL1000' && finding.message.includes('never closed')));
  });

  it('reports binary content once instead of linting it', () => {
    const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, index) => index % 256));
    deepStrictEqual(codes(lintDockerfile(binary, 'Dockerfile')), ['DL1000']);
  });

  it('reports a 5 MB Dockerfile as one DL1000 instead of linting it (over the 1 MB limit)', () => {
    const block =
      'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88 \\\n  && rm -rf /var/lib/apt/lists/*\n';
    const text = `FROM debian:12\nUSER 1\n${block.repeat(Math.ceil((5 * 1024 * 1024) / block.length))}`;
    // Large noisy files through the whole scanner: large-dockerfile.test.ts.
    deepStrictEqual(codes(lintDockerfile(`${text}RUN sudo true\n`, 'Dockerfile')), ['DL1000']);
  });

  it('handles empty files, lone keywords and unbalanced quotes', () => {
    deepStrictEqual(codes(lintDockerfile('', 'Dockerfile')), []);
    deepStrictEqual(codes(lintDockerfile('FROM\nONBUILD\n', 'Dockerfile')), ['DL1000', 'DL1000']);
    ok(Array.isArray(lintDockerfile('FROM a:1\nRUN echo "unterminated $(foo `bar\n', 'Dockerfile')));
  });
});

describe('hadolint pragmas', () => {
  it('stage ranges answer by bisection exactly as a scan of every range would (fuzz: quadratic in stages)', () => {
    const lines: string[] = [];
    for (let stage = 0; stage < 300; stage++) {
      lines.push(`FROM base${String(stage % 7)} AS s${String(stage)}`);
      if (stage % 3 === 0) lines.push(`# hadolint stage ignore=DL300${String(stage % 4)}`);
      if (stage % 5 === 0) lines.push('# hadolint stage ignore=DL3000,DL3002', 'RUN true');
      lines.push('RUN apt-get install curl');
    }
    const pragmas = readPragmas(parseDockerfile(lines.join('\n')));
    for (const code of ['DL3000', 'DL3001', 'DL3002', 'DL3003', 'DL3004']) {
      for (let line = 0; line <= lines.length + 1; line++) {
        const scanned = pragmas.byRange.some(
          (range) => line >= range.from && line <= range.to && range.codes.has(code),
        );
        strictEqual(isIgnoredByPragma(pragmas, code, line), scanned, `${code} at line ${String(line)}`);
      }
    }
  });
});

describe('parseShell', () => {
  it('finds commands across chains, pipes, substitutions and wrappers, skipping redirections', () => {
    const shell = parseShell(
      'set -o pipefail && cd /app; FOO=1 apt-get install -y "curl" 2>/dev/null | tee log || echo $(id -u) && command sudo x',
    );
    deepStrictEqual(
      shell.commands.map((command) => [command.name, command.args]),
      [
        ['set', ['-o', 'pipefail']],
        ['cd', ['/app']],
        ['apt-get', ['install', '-y', 'curl']],
        ['tee', ['log']],
        ['echo', ['${VAR}']],
        ['id', ['-u']],
        ['sudo', ['sudo', 'x']],
      ],
    );
    strictEqual(shell.hasPipes, true);
    strictEqual(parseShell('a || b').hasPipes, false);
  });

  it('names commands as ShellCheck does: through exec, never by an expanded word, a test or a function name', () => {
    const names = (script: string): string[] => parseShell(script).commands.map((command) => command.name);
    deepStrictEqual(names('exec pip install x'), ['pip']);
    deepStrictEqual(names('exec -cl -a name pip install x; exec -aname pip install y'), ['pip', 'pip']);
    deepStrictEqual(names('exec -- pip install x'), ['pip']);
    deepStrictEqual(names('exec -x pip; exec --long pip; exec -c; exec'), ['exec', 'exec', 'exec', 'exec']);
    deepStrictEqual(names('exec $TOOL x; command $TOOL x; $TOOL x; `which pip` install x'), ['which']);
    deepStrictEqual(names('/usr/bin/pip* install x; [ -f x ] && "pip" install x'), ['pip']);
    deepStrictEqual(names('f() { a; }; function g { b; }; function h() { c; }; f'), ['a', 'b', 'c', 'f']);
    // The words of a wrapped command keep the wrapped word as their first, as hadolint's arguments do.
    deepStrictEqual(
      parseShell('exec -a n pip install x').commands.map((command) => command.args),
      [['-a', 'n', 'pip', 'install', 'x']],
    );
  });

  it('reads bash compound forms as ShellCheck does: case patterns, arrays, time and coproc are no commands', () => {
    const commands = (script: string): string[][] =>
      parseShell(script).commands.map((command) => [command.name, ...command.args]);
    deepStrictEqual(commands('case "$x" in a|b) c 1;; (d) e;& f) g;;& *) h; esac; i'), [
      ['c', '1'],
      ['e'],
      ['g'],
      ['h'],
      ['i'],
    ]);
    deepStrictEqual(commands('case $x in\n  a)\n    case $y in b) c;; esac\n    d\n    ;;\nesac\ne'), [
      ['c'],
      ['d'],
      ['e'],
    ]);
    strictEqual(parseShell('case $x in a|b) c;; esac').hasPipes, false);
    deepStrictEqual(commands('pkgs=(curl "$(jq -n 1)") m[k]=v && apt-get install "${pkgs[@]}"; declare -a l=(x y)'), [
      ['jq', '-n', '1'],
      ['apt-get', 'install', '${VAR}'],
      ['declare', '-a', 'l=(x y)'],
    ]);
    deepStrictEqual(commands('time -p pip install x | tee log; time'), [
      ['time', '-p'],
      ['pip', 'install', 'x'],
      ['tee', 'log'],
      ['time'],
    ]);
    deepStrictEqual(commands('coproc a b; coproc N { c; }; coproc { d; }'), [['a', 'b'], ['c'], ['d']]);
  });

  it('passes over here-document bodies up to their delimiter line, several on one line in order', () => {
    const names = (script: string): string[] => parseShell(script).commands.map((command) => command.name);
    deepStrictEqual(names('cat <<EOF > /x\ncd /app\nEOF\nmake'), ['cat', 'make']);
    deepStrictEqual(names('cat <<\'A\' >/x; cat 2<<-"B" >/y\nsudo a\nA\n\t\tsudo b\n\tB\nafter'), [
      'cat',
      'cat',
      'after',
    ]);
    deepStrictEqual(names('a <<< "here string"\nb'), ['a', 'b']);
    deepStrictEqual(names('cat <<EOF\nnever closed\nsudo x'), ['cat']);
    deepStrictEqual(names('x=$(cat <<EOF\nsudo\nEOF\n) && y'), ['cat', 'y']);
    // An unquoted body's substitutions run; a quoted one's (`<<'E'`, `<<"E"`, `<<\E`) do not.
    deepStrictEqual(names('cat <<E >/x\n$(a) `b` \\$(no) ${c}\nE\nd'), ['cat', 'a', 'b', 'd']);
    deepStrictEqual(names('cat <<\'E\' <<"F" <<\\G\n$(a)\nE\n$(b)\nF\n`c`\nG\nd'), ['cat', 'd']);
    // Linear however many are opened at once, and however deep bodies and substitutions nest.
    deepStrictEqual(names(`${'a <<E '.repeat(50_000)}\n${'x\nE\n'.repeat(50_000)}b`), ['a', 'b']);
    deepStrictEqual(names(`x <<E\n${'$(y <<E\n'.repeat(50_000)}`).length, 1 + MAX_SHELL_NESTING);
  });

  it('reads substitutions 16 levels deep, skips deeper ones to their end, in linear time and stack (fuzz)', () => {
    // Each level is `$(echo; <next level>)`: one `echo` per level read.
    const nested = (depth: number, inner: string): string => `${'$(echo; '.repeat(depth)}${inner}${')'.repeat(depth)}`;
    const summary = (script: string): [number, string[]] => {
      const names = parseShell(script).commands.map((command) => command.name);
      return [
        names.filter((name) => name === 'echo').length,
        names.filter((name) => !['echo', '${VAR}'].includes(name)),
      ];
    };
    // Within the limit every level is read; past it the deep part is skipped, and what follows it still is.
    deepStrictEqual(summary(`x ${nested(MAX_SHELL_NESTING, 'deep')} && after`), [
      MAX_SHELL_NESTING,
      ['x', 'deep', 'after'],
    ]);
    deepStrictEqual(summary(`x ${nested(MAX_SHELL_NESTING + 1, 'deep')} && after`), [
      MAX_SHELL_NESTING,
      ['x', 'after'],
    ]);
    deepStrictEqual(summary(`x ${nested(100_000, '"${x:-$(b)}" `c`')} ; curl x | bash`), [
      MAX_SHELL_NESTING,
      ['x', 'curl', 'bash'],
    ]);
    // Skipping used to read what it skipped: 20 of these took 9 s, each one more doubled it.
    deepStrictEqual(summary(`x "${'$("'.repeat(100_000)}" && after`), [0, ['x']]);
    deepStrictEqual(summary(`x "${'$(echo; "'.repeat(30)}" ; after`), [MAX_SHELL_NESTING, ['x']]);
    deepStrictEqual(summary(`${'$(('.repeat(10_000)}1${'))'.repeat(10_000)} ; y`), [0, ['y']]);
    deepStrictEqual(summary(`cat ${'<('.repeat(10_000)}z`), [0, ['cat']]);
    // Arrays never nest, so an array inside an array is not read as one: no recursion per level.
    deepStrictEqual(summary(`x ${'a=('.repeat(100_000)}`), [0, ['x']]);
    deepStrictEqual(summary(`x ${'a=($(echo; '.repeat(100_000)}`), [MAX_SHELL_NESTING, ['x']]);
  });

  it('a RUN line of 100,000 nested $( is linted, not a rule failure (fuzz)', () => {
    deepStrictEqual(codes(lintDockerfile(`FROM debian:12\nUSER 10001\nRUN ${'$('.repeat(100_000)}`, 'Dockerfile')), []);
  });
});

describe('hadolint config', () => {
  it('parses every documented key', () => {
    deepStrictEqual(
      parseHadolintConfig(
        [
          'ignored: [DL3008]',
          'override:',
          '  warning: [DL3015]',
          'trustedRegistries: [docker.io, "*.example.com"]',
          'failure-threshold: warning',
          'label-schema:',
          '  maintainer: email',
          '  org.opencontainers.image.source: url',
          'strict-labels: true',
          'no-fail: true',
          'disable-ignore-pragma: true',
        ].join('\n'),
      ),
      {
        ignored: ['DL3008'],
        override: { error: [], warning: ['DL3015'], info: [], style: [] },
        trustedRegistries: ['docker.io', '*.example.com'],
        labelSchema: { maintainer: 'email', 'org.opencontainers.image.source': 'url' },
        strictLabels: true,
        disableIgnorePragma: true,
      },
    );
  });

  it('applies hadolint’s HADOLINT_* environment variables on top of the file', () => {
    const file = parseHadolintConfig('ignored: [DL3008]\nstrict-labels: true\n');
    const config = applyHadolintEnvironment(file, {
      HADOLINT_IGNORE: 'DL3009,DL3015',
      HADOLINT_OVERRIDE_ERROR: 'DL3007',
      HADOLINT_ALLOWED_REGISTRIES: 'docker.io,ghcr.io',
      HADOLINT_REQUIRE_LABELS: 'maintainer:email,version:semver,bad:nope',
      HADOLINT_STRICT_LABELS: 'false',
    });
    deepStrictEqual(
      [config.ignored, config.override.error, config.trustedRegistries, config.labelSchema, config.strictLabels],
      [
        ['DL3008', 'DL3009', 'DL3015'],
        ['DL3007'],
        ['docker.io', 'ghcr.io'],
        { maintainer: 'email', version: 'semver' },
        false,
      ],
    );
  });

  it('rejects invalid files with CONFIG_INVALID and a message naming the key', () => {
    throws(
      () => parseHadolintConfig('ignored: DL3008'),
      (error: unknown) =>
        isDevsecopsError(error) && error.code === 'CONFIG_INVALID' && error.message.includes('ignored'),
    );
    throws(() => parseHadolintConfig('a: [\n'), errorWithCode('CONFIG_INVALID'));
  });

  it('refuses a key repeated in one mapping with CONFIG_INVALID (found without the quadratic check of the yaml library)', () => {
    for (const text of ['ignored: [DL3008]\nignored: [DL3009]\n', 'override: {error: [DL3007], error: []}\n']) {
      throws(
        () => parseHadolintConfig(text),
        (error: unknown) =>
          isDevsecopsError(error) &&
          error.code === 'CONFIG_INVALID' &&
          error.message === '.hadolint.yaml is not valid YAML: fix the syntax or delete the file.',
      );
    }
  });

  it('refuses an alias bomb in .hadolint.yaml saying what is wrong: valid YAML whose aliases expand too far', () => {
    throws(
      () => parseHadolintConfig(yamlAliasBomb('ignored: [DL3008]')),
      (error: unknown) =>
        isDevsecopsError(error) &&
        error.code === 'CONFIG_INVALID' &&
        error.message ===
          '.hadolint.yaml repeats YAML aliases (*name) more often than can be expanded safely: write the values out.',
    );
  });

  it('refuses a deeply nested .hadolint.yaml with CONFIG_INVALID before the YAML library overflows (fuzz)', () => {
    for (const text of [
      '['.repeat(20_000),
      `ignored:\n${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i + 2)}- `).join('\n')}`,
    ]) {
      throws(
        () => parseHadolintConfig(text),
        (error: unknown) =>
          isDevsecopsError(error) &&
          error.code === 'CONFIG_INVALID' &&
          /^\.hadolint\.yaml:\d+: lists and mappings nest more than 64 levels deep/.test(error.message),
      );
    }
  });
});

describe('builtinDockerfileRules', () => {
  it('lists every implemented rule once with id, tool, severity and its reason, description, helpUri and any deliberate difference', () => {
    const rules = builtinDockerfileRules();
    strictEqual(new Set(rules.map((rule) => rule.id)).size, rules.length);
    ok(rules.length >= 75);
    for (const rule of rules) {
      const keys = ['description', 'helpUri', 'id', 'severity', 'severityReason', 'tool'];
      if (rule.differsFromHadolint !== undefined) keys.splice(1, 0, 'differsFromHadolint');
      deepStrictEqual(Object.keys(rule).sort(), keys);
      strictEqual(rule.tool, 'devsecops-dockerfile');
      ok(rule.helpUri.startsWith('https://'));
    }
    deepStrictEqual(
      rules.filter((rule) => rule.differsFromHadolint !== undefined).map((rule) => rule.id),
      ['DL1000', 'DL3009', 'DL3014', 'DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3042', 'DL3060'],
    );
  });
});

describe('built-in Dockerfile scanner', () => {
  const root = useTemporaryDirectory('devsecops-dockerfile-');

  it('finds Dockerfiles on disk, reads .hadolint.yaml and honours ignore globs', async () => {
    writeFileSync(join(root(), 'Dockerfile'), 'FROM debian:latest\nUSER 1\n');
    writeFileSync(join(root(), 'worker.Dockerfile'), 'FROM debian\nUSER 1\n');
    writeFileSync(join(root(), 'Containerfile'), 'FROM debian:latest\nUSER 1\n');
    writeFileSync(join(root(), '.hadolint.yaml'), 'ignored: [DL3006]\n');
    deepStrictEqual((await loadHadolintConfig(root())).ignored, ['DL3006']);
    const outcome = await scanWithoutProcesses(root(), { config: { ...DEFAULT_CONFIG, ignore: ['Containerfile'] } });
    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.ruleId]),
      [['Dockerfile', 'DL3007']],
    );
    deepStrictEqual(
      outcome.tools.map((tool) => [tool.name, tool.status]),
      [
        ['devsecops-dockerfile', 'ok'],
        ['shellcheck', 'skipped'],
      ],
    );
  });

  it('lints unsaved buffers instead of the disk when given', async () => {
    writeFileSync(join(root(), 'Dockerfile'), 'FROM debian:latest\nUSER 1\n');
    const buffers = new Map([
      ['Dockerfile', 'FROM debian:12\nRUN sudo true\nUSER 1\n'],
      ['app.py', 'print(1)\n'],
    ]);
    const outcome = await scanWithoutProcesses(root(), { buffers });
    deepStrictEqual(codes(outcome.findings), ['DL3004']);
  });

  it('reports an invalid .hadolint.yaml as a failed tool run, not a crash', async () => {
    writeFileSync(join(root(), '.hadolint.yaml'), 'trustedRegistries: 5\n');
    const outcome = await scanWithoutProcesses(root());
    deepStrictEqual(
      outcome.tools.map((tool) => [tool.status, tool.errorCode]),
      [['failed', 'CONFIG_INVALID']],
    );
  });
});
