import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { FindingDraft } from '../../../src/findings/finding';
import { runProcess } from '../../../src/process/process-runner';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../../src/process/process-runner';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import type { HadolintConfig } from '../../../src/scanners/builtin-dockerfile/hadolint-config';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import { readPragmas } from '../../../src/scanners/builtin-dockerfile/pragmas';
import {
  shellcheckDockerfiles,
  shellcheckFindings,
  shellcheckScripts,
} from '../../../src/scanners/builtin-dockerfile/shellcheck';
import type { ShellcheckOutcome } from '../../../src/scanners/builtin-dockerfile/shellcheck';
import { MAX_SCRIPTS_PER_RUN, SHELLCHECK_ARGUMENTS } from '../../../src/scanners/builtin-dockerfile/shellcheck-batch';
import type { ShellcheckComment } from '../../../src/scanners/builtin-dockerfile/shellcheck-batch';
import { skipUnlessInstalled } from '../../require-in-ci';
import { loadHadolintCases } from './hadolint-cases';

const SHELLCHECK = '/usr/bin/shellcheck';

interface NamedDockerfile {
  readonly path: string;
  readonly text: string;
}

/**
 * What the engine found before ShellCheck ran in batches, and still the definition of right: ShellCheck
 * started once per RUN script, reading it from stdin, its comments mapped to the RUN the same way.
 */
async function perRunReference(
  dockerfiles: readonly NamedDockerfile[],
  config: HadolintConfig,
  cwd: string,
): Promise<ShellcheckOutcome[]> {
  const outcomes: ShellcheckOutcome[] = [];
  for (const { path, text } of dockerfiles) {
    const dockerfile = parseDockerfile(text);
    const pragmas = readPragmas(dockerfile);
    const findings: FindingDraft[] = [];
    for (const { script, location } of shellcheckScripts(dockerfile, pragmas)) {
      const result = await runProcess({
        command: SHELLCHECK,
        args: [...SHELLCHECK_ARGUMENTS, '-'],
        input: script,
        cwd,
        env: { PATH: '/usr/bin:/bin' },
      });
      ok(result.exitCode === 0 || result.exitCode === 1, `${path}: ${result.stderr}`);
      const comments = (JSON.parse(result.stdout) as { comments: (ShellcheckComment & { file: string })[] }).comments;
      deepStrictEqual(new Set(comments.map((comment) => comment.file)), new Set(comments.length > 0 ? ['-'] : []));
      findings.push(...shellcheckFindings(comments, { path, location, pragmas, config }));
    }
    outcomes.push({ findings });
  }
  return outcomes;
}

/** A runner that counts ShellCheck runs and the scripts each was given. */
function countingRunner(inner: ProcessRunner = runProcess): { runner: ProcessRunner; scriptsPerRun: number[] } {
  const scriptsPerRun: number[] = [];
  return {
    scriptsPerRun,
    runner: (request) => {
      scriptsPerRun.push(scriptFiles(request).length);
      return inner(request);
    },
  };
}

/** The script files a ShellCheck run is given: its arguments that are not options. */
function scriptFiles(request: ProcessRequest): string[] {
  return request.args.filter((arg) => !arg.startsWith('-'));
}

function result(fields: Partial<ProcessResult>): ProcessResult {
  return { stdout: '', stderr: '', exitCode: 0, exitSignal: null, truncated: false, durationMs: 1, ...fields };
}

/** Dockerfiles written for this comparison: what real ones do, and what a hostile repository might try. */
const OWN_DOCKERFILES: readonly NamedDockerfile[] = [
  {
    path: 'services/api/Dockerfile',
    text: 'FROM python:3.12-slim\nARG MIRROR\nENV APP_HOME=/srv\nRUN apt-get update && apt-get install -y curl\nWORKDIR $APP_HOME\nRUN pip install -r requirements.txt && cd /tmp && echo $MIRROR $UNSET\nRUN ["echo", "exec form"]\nUSER app\n',
  },
  {
    // A RUN that asks ShellCheck to follow files beside its script and to read files outside it.
    path: 'hostile/source/Dockerfile',
    text: [
      'FROM debian:12',
      'RUN <<EOF',
      '# shellcheck source-path=SCRIPTDIR',
      '# shellcheck source-path=/',
      '. ./script',
      'source ../script',
      '. /etc/passwd',
      '# shellcheck source=/etc/shadow',
      '. "$HOME/x"',
      'echo $FOO',
      'EOF',
      'RUN <<EOF',
      '# shellcheck external-sources=true',
      '. /etc/hostname',
      'echo $BAR',
      'EOF',
      '',
    ].join('\n'),
  },
  {
    // Directives, another shell, non-ASCII text, a parse error: each RUN alone, whatever its neighbours do.
    path: 'hostile/directives/Dockerfile',
    text: [
      'FROM debian:12',
      'RUN <<EOF',
      '# shellcheck disable=all',
      'echo $A',
      'EOF',
      'RUN echo $B',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN [[ $C == é∑😀 ]] && echo “$D”',
      'RUN if then fi (',
      'RUN echo $E',
      '',
    ].join('\n'),
  },
  {
    path: 'hostile/-x --norc.Dockerfile',
    text: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN echo $X\nONBUILD RUN echo $Y\n',
  },
  {
    // The mistakes ShellCheck exists for, one RUN each.
    path: 'classics/Dockerfile',
    text: `FROM debian:12\n${[
      'echo `date` $(ls *.txt)',
      'cat file | grep x',
      'for f in $(ls /srv); do echo $f; done',
      'rm -rf $dir/*',
      'find . -name "*.py" | xargs rm',
      'printf "$fmt" x',
      'echo "a\\nb"',
      '[ $a == b ] && echo yes || echo no',
      'if [ -n "$(grep x file)" ]; then :; fi',
      'local_var=1; export PATH=$PATH:$local_var',
      'cd /tmp; make',
      'echo $((1 + $n))',
      'read line < file',
      'x=$(echo $(which python))',
      'ssh host "echo $USER"',
      'echo ~/x "~/y"',
      'trap "rm $tmp" EXIT',
      'arr=(a b); echo $arr',
      'function f { return; }',
      'echo {1..3}',
      '[[ -f x ]] && source y',
      'test -z $v -a -n $w',
      'kill -9 `cat pid`',
      'grep -c x file | wc -l',
      'exit 256',
      'echo "${var:1:2}" $RANDOM',
      'expr 1 + 1',
      'let x=1',
      'sudo echo x > /etc/y',
      "echo 'it''s' \"$'x'\"",
    ]
      .map((line) => `RUN ${line}\n`)
      .join('')}SHELL ["/bin/bash", "-c"]\nRUN echo $((1 + $n)) \`x\` && [ $a = b ] && cd /x\n`,
  },
  {
    // One long RUN (many commands, one script), beside short ones.
    path: 'big/Dockerfile',
    text: `FROM debian:12\nRUN ${Array.from({ length: 40 }, (_, index) => `echo $V${String(index)}`).join(' && \\\n  ')}\nRUN echo $W\n`,
  },
];

describe('ShellCheck in batches (needs /usr/bin/shellcheck)', function () {
  // Each per-RUN reference starts hundreds of ShellCheck processes; generous for a loaded 2-core machine.
  this.timeout(900_000);
  let work: string;
  before(function () {
    skipUnlessInstalled(this, existsSync(SHELLCHECK), 'ShellCheck is not installed (apt-get install shellcheck)');
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'shellcheck-batch-test-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('finds exactly what one ShellCheck per RUN finds, on every hadolint spec case and our own Dockerfiles', async () => {
    const dockerfiles: NamedDockerfile[] = [
      ...loadHadolintCases().map((testCase, index) => ({
        path: `cases/${String(index)}/Dockerfile`,
        text: testCase.dockerfile,
      })),
      ...OWN_DOCKERFILES,
    ];
    const scriptCount = dockerfiles.reduce((sum, { text }) => {
      const dockerfile = parseDockerfile(text);
      return sum + shellcheckScripts(dockerfile, readPragmas(dockerfile)).length;
    }, 0);
    const { runner, scriptsPerRun } = countingRunner();

    const batched = await shellcheckDockerfiles(dockerfiles, {
      runProcess: runner,
      executable: SHELLCHECK,
      env: { PATH: '/usr/bin:/bin' },
    });
    const reference = await perRunReference(dockerfiles, DEFAULT_HADOLINT_CONFIG, work);

    deepStrictEqual(batched, reference);
    const findings = reference.flatMap((outcome) => outcome.findings);
    const codes = new Set(findings.map((finding) => finding.ruleId));
    console.log(
      `      ${String(dockerfiles.length)} Dockerfiles, ${String(scriptCount)} RUN scripts, ${String(findings.length)} SC findings (${String(codes.size)} codes): ${String(scriptsPerRun.length)} ShellCheck runs instead of ${String(scriptCount)}`,
    );
    // The comparison means something only if ShellCheck had plenty to say.
    ok(findings.length > 100 && codes.size > 25, `${String(findings.length)} findings, ${[...codes].join(' ')}`);
    deepStrictEqual(
      scriptsPerRun,
      Array.from({ length: Math.ceil(scriptCount / MAX_SCRIPTS_PER_RUN) }, (_, index) =>
        Math.min(MAX_SCRIPTS_PER_RUN, scriptCount - index * MAX_SCRIPTS_PER_RUN),
      ),
    );
  });

  it('applies .hadolint.yaml ignores, overrides and pragmas to batched comments as to per-RUN ones', async () => {
    const config: HadolintConfig = {
      ...DEFAULT_HADOLINT_CONFIG,
      ignored: ['SC2154'],
      override: { ...DEFAULT_HADOLINT_CONFIG.override, error: ['SC2086'], style: ['SC2164'] },
    };
    const dockerfiles = [
      ...OWN_DOCKERFILES,
      {
        path: 'pragmas/Dockerfile',
        text: 'FROM debian:12\n# hadolint ignore=SC2164\nRUN cd /x && echo $Q\nRUN cd /y\n',
      },
    ];
    const batched = await shellcheckDockerfiles(dockerfiles, {
      runProcess,
      executable: SHELLCHECK,
      env: { PATH: '/usr/bin:/bin' },
      config,
    });
    const reference = await perRunReference(dockerfiles, config, work);
    deepStrictEqual(batched, reference);
    const severities = batched.flatMap((outcome) => outcome.findings.map((finding) => finding.nativeSeverity));
    ok(severities.includes('error') && severities.includes('style'), severities.join(' '));
  });

  it('gives each script its own private folder and unguessable name, and reads no .shellcheckrc', async () => {
    // An rc file that would silence everything, where ShellCheck looks: above the scripts and in the home folder.
    const temporary = join(work, 'tmp');
    const home = join(work, 'home');
    mkdirSync(temporary);
    mkdirSync(home);
    writeFileSync(join(temporary, '.shellcheckrc'), 'disable=all\n');
    writeFileSync(join(home, '.shellcheckrc'), 'disable=all\n');
    const probe = join(temporary, 'probe');
    writeFileSync(probe, '#!/bin/sh\necho $X\n');
    const withoutNorc = await runProcess({ command: SHELLCHECK, args: ['--format=json1', probe], env: { HOME: home } });
    deepStrictEqual(withoutNorc.stdout.trim(), '{"comments":[]}', 'the rc file silences ShellCheck when it is read');

    const seen: {
      folder: string;
      privateFolderMode: number;
      folderMode: number;
      entries: string[];
      fileMode: number;
    }[] = [];
    const inspecting: ProcessRunner = (request) => {
      for (const path of scriptFiles(request)) {
        seen.push({
          folder: dirname(path),
          privateFolderMode: statSync(dirname(dirname(path))).mode & 0o777,
          folderMode: statSync(dirname(path)).mode & 0o777,
          entries: readdirSync(dirname(path)),
          fileMode: statSync(path).mode & 0o777,
        });
      }
      ok(request.args.includes('--norc'), request.args.join(' '));
      return runProcess(request);
    };
    const previousTmpdir = process.env['TMPDIR'];
    process.env['TMPDIR'] = temporary;
    let outcomes: ShellcheckOutcome[];
    try {
      outcomes = await shellcheckDockerfiles(OWN_DOCKERFILES, {
        runProcess: inspecting,
        executable: SHELLCHECK,
        env: { PATH: '/usr/bin:/bin', HOME: home },
      });
    } finally {
      if (previousTmpdir === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previousTmpdir;
    }

    ok(outcomes.flatMap((outcome) => outcome.findings).length > 10, 'the rc files were not read');
    ok(seen.length > 5);
    for (const script of seen) {
      deepStrictEqual(script.entries, [script.entries[0]], 'alone in its folder');
      ok(/^[0-9a-f]{24}$/.test(basename(script.folder)) && /^[0-9a-f]{24}$/.test(script.entries[0] ?? ''));
      strictEqual(script.folderMode, 0o700);
      strictEqual(script.fileMode, 0o600);
      strictEqual(script.privateFolderMode, 0o700, 'inside a private folder');
      strictEqual(dirname(dirname(script.folder)), temporary);
    }
    strictEqual(new Set(seen.map((script) => script.folder)).size, seen.length);
    deepStrictEqual(readdirSync(temporary).sort(), ['.shellcheckrc', 'probe'], 'the private folder is removed');
  });

  describe('when ShellCheck fails on one script', () => {
    const CULPRIT = 'echo "culprit"';
    const dockerfiles: NamedDockerfile[] = [
      { path: 'a/Dockerfile', text: `FROM debian:12\nRUN echo $A\nRUN ${CULPRIT} $B\nRUN cd /x\n` },
      { path: 'b/Dockerfile', text: 'FROM debian:12\nRUN echo $C\n' },
    ];
    /** Real ShellCheck, except that any run given the culprit's script ends as `failure` says. */
    const failingOnCulprit =
      (failure: Partial<ProcessResult>): ProcessRunner =>
      (request) =>
        scriptFiles(request).some((path) => readFileSync(path, 'utf8').includes(CULPRIT))
          ? Promise.resolve(result(failure))
          : runProcess(request);

    for (const [name, failure, error] of [
      [
        'crashes',
        { exitCode: 2, stderr: 'shellcheck: internal error\n' },
        'shellcheck exited with 2: shellcheck: internal error (RUN at line 3)',
      ],
      [
        'times out',
        { exitCode: null, exitSignal: 'SIGTERM', failure: { kind: 'timeout', message: 'Did not finish within 30 s.' } },
        'shellcheck did not run: Did not finish within 30 s. (RUN at line 3)',
      ],
      [
        'prints something else',
        { exitCode: 1, stdout: 'Segmentation fault' },
        'shellcheck printed output that is not its JSON format; is it older than 0.7? (RUN at line 3)',
      ],
    ] as const) {
      it(`${name}: that RUN is named, every other RUN's findings are kept`, async () => {
        const { runner, scriptsPerRun } = countingRunner(failingOnCulprit(failure));
        const outcomes = await shellcheckDockerfiles(dockerfiles, {
          runProcess: runner,
          executable: SHELLCHECK,
          env: { PATH: '/usr/bin:/bin' },
        });
        const reference = await perRunReference(dockerfiles, DEFAULT_HADOLINT_CONFIG, work);
        const culpritLine = 3;
        deepStrictEqual(outcomes, [
          {
            findings: reference[0]?.findings.filter((finding) => finding.location.line !== culpritLine),
            error,
          },
          reference[1],
        ]);
        ok((reference[0]?.findings.length ?? 0) > 2);
        // The batch, a check that ShellCheck works at all, then each script alone.
        deepStrictEqual(scriptsPerRun, [4, 1, 1, 1, 1, 1]);
      });
    }

    it('fails on every script: each RUN says why, after two runs rather than one per RUN', async () => {
      const { runner, scriptsPerRun } = countingRunner(() =>
        Promise.resolve(result({ exitCode: 3, stderr: 'unrecognized option `--norc' })),
      );
      const outcomes = await shellcheckDockerfiles(dockerfiles, { runProcess: runner, executable: SHELLCHECK });
      const error = 'shellcheck exited with 3: unrecognized option `--norc';
      deepStrictEqual(outcomes, [
        { findings: [], error: `${error} (RUN at line 2)` },
        { findings: [], error: `${error} (RUN at line 2)` },
      ]);
      deepStrictEqual(scriptsPerRun, [4, 1]);
    });

    it('is missing: one run, and no retries', async () => {
      const { runner, scriptsPerRun } = countingRunner();
      const outcomes = await shellcheckDockerfiles(dockerfiles, {
        runProcess: runner,
        executable: join(work, 'no-shellcheck-here'),
      });
      deepStrictEqual(
        outcomes.map((outcome) => outcome.error),
        [2, 2].map(
          (line) =>
            `shellcheck did not run: ${join(work, 'no-shellcheck-here')} was not found. (RUN at line ${String(line)})`,
        ),
      );
      deepStrictEqual(scriptsPerRun, [4]);
    });

    it('reports a comment about a file it was not given as unreadable output, not as a finding', async () => {
      const runner: ProcessRunner = (request) =>
        Promise.resolve(
          result({
            exitCode: 1,
            stdout: JSON.stringify({
              comments: [
                { file: '/etc/passwd', line: 1, column: 1, level: 'error', code: 1000, message: 'x' },
                ...scriptFiles(request).map((file) => ({ file, line: 1, level: 'info', code: 2086, message: 'y' })),
              ],
            }),
          }),
        );
      const outcomes = await shellcheckDockerfiles(dockerfiles.slice(1), {
        runProcess: runner,
        executable: 'shellcheck',
      });
      deepStrictEqual(outcomes, [
        {
          findings: [],
          error: 'shellcheck printed output that is not its JSON format; is it older than 0.7? (RUN at line 2)',
        },
      ]);
    });
  });

  it('splits many scripts and large ones into several runs, each RUN still reported at its line', async () => {
    // 600 one-line RUNs (more than two runs hold by count), then 5 RUNs of 300,000 characters (more than one
    // run holds by size).
    const small = Array.from({ length: 12 }, (_, file) => ({
      path: `many/${String(file)}/Dockerfile`,
      text: `FROM debian:12\n${'RUN echo $z\n'.repeat(50)}`,
    }));
    const large = {
      path: 'large/Dockerfile',
      text: `FROM debian:12\n${`RUN <<EOF\n# ${'x'.repeat(300_000)}\necho $z\nEOF\n`.repeat(5)}`,
    };
    const { runner, scriptsPerRun } = countingRunner();
    const outcomes = await shellcheckDockerfiles([...small, large], {
      runProcess: runner,
      executable: SHELLCHECK,
      env: { PATH: '/usr/bin:/bin' },
    });
    deepStrictEqual(scriptsPerRun, [250, 250, 103, 2]);
    // Each RUN's SC2154 ($z is never assigned) at the RUN's own line.
    const runLines = (outcome: ShellcheckOutcome | undefined): number[] =>
      (outcome?.findings ?? [])
        .filter((finding) => finding.ruleId === 'SC2154')
        .map((finding) => finding.location.line);
    for (const outcome of outcomes.slice(0, 12)) {
      strictEqual(outcome.error, undefined);
      deepStrictEqual(
        runLines(outcome),
        Array.from({ length: 50 }, (_, run) => 2 + run),
      );
    }
    strictEqual(outcomes[12]?.error, undefined);
    deepStrictEqual(runLines(outcomes[12]), [2, 6, 10, 14, 18]);
  });
});
