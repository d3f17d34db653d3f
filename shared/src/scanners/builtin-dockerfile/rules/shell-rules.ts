import type { DockerInstruction } from '../dockerfile-model';
import type { InstructionFlag } from '../instruction-text';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, runRule } from '../rule';
import { parseShell } from '../shell/parse-shell';
import { cmdHasArgs, flagValues, hasAnyFlag, hasFlag } from '../shell/shell-commands';
import { mountOptions } from './stage-helpers';

const INTERACTIVE_OR_SYSTEM_COMMANDS = new Set([
  'free',
  'kill',
  'mount',
  'ps',
  'service',
  'shutdown',
  'ssh',
  'top',
  'vim',
]);

/** DL3001: commands that make no sense while building an image. */
export const DL3001 = runRule({
  code: 'DL3001',
  severity: 'info',
  message: 'This command (ssh, vim, service, ps, top, kill, mount, shutdown…) has no use while building an image.',
  fails: (run) => run.shell().commands.some((command) => INTERACTIVE_OR_SYSTEM_COMMANDS.has(command.name)),
});

/** DL3003: `cd` inside RUN. */
export const DL3003 = runRule({
  code: 'DL3003',
  severity: 'warning',
  message: 'Use WORKDIR to change directory instead of cd in RUN.',
  onbuild: false,
  fails: (run) => run.shell().commands.some((command) => command.name === 'cd'),
});

/** DL3004: sudo inside RUN. */
export const DL3004 = runRule({
  code: 'DL3004',
  severity: 'error',
  message: 'Do not use sudo in RUN: builds already run as the current USER. Use gosu or su-exec to drop privileges.',
  cwe: [250],
  fails: (run) => run.shell().commands.some((command) => command.name === 'sudo'),
});

/** DL3027: `apt` (meant for people) instead of `apt-get`. */
export const DL3027 = runRule({
  code: 'DL3027',
  severity: 'warning',
  message: 'Use apt-get or apt-cache in scripts: apt is meant for interactive use and its interface may change.',
  fails: (run) => run.shell().commands.some((command) => command.name === 'apt'),
});

/**
 * DL3046: useradd with a large UID and no -l, which bloats the image. As in
 * hadolint, the UID is the word after `-u` and "large" means longer than five
 * characters (`-u ${APP_UID}` counts); `--uid N` is not read.
 */
export const DL3046 = runRule({
  code: 'DL3046',
  severity: 'warning',
  message: 'useradd with a high UID needs -l (--no-log-init), or the lastlog file makes the image huge.',
  fails: (run) =>
    run
      .shell()
      .commands.some(
        (command) =>
          command.name === 'useradd' &&
          !hasAnyFlag(command, ['l', 'no-log-init']) &&
          hasAnyFlag(command, ['u', 'uid']) &&
          flagValues(command, 'u').some((uid) => uid.length > 5),
      ),
});

/** DL3047: wget without a progress setting floods build logs. */
export const DL3047 = runRule({
  code: 'DL3047',
  severity: 'info',
  message: 'Give wget --progress=dot:giga (or -q / -nv): its default progress bar floods build logs.',
  fails: (run) =>
    run
      .shell()
      .commands.some(
        (command) =>
          command.name === 'wget' &&
          !hasFlag(command, 'progress') &&
          !hasAnyFlag(command, ['q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose']) &&
          !cmdHasArgs(command, 'wget', ['-nv']),
      ),
});

/** DL4005: replacing /bin/sh with ln. */
export const DL4005 = runRule({
  code: 'DL4005',
  severity: 'warning',
  message: 'Use the SHELL instruction to change the default shell instead of linking over /bin/sh.',
  fails: (run) => run.shell().commands.some((command) => command.name === 'ln' && command.args.includes('/bin/sh')),
});

/** DL4001: both wget and curl in one stage. */
export const DL4001: DockerfileRule = {
  code: 'DL4001',
  severity: 'warning',
  message: 'Use either wget or curl, not both: one download tool keeps the image smaller.',
  helpUri: hadolintWiki('DL4001'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const scan = (instructions: readonly DockerInstruction[]): void => {
      let seen = new Set<string>();
      for (const instruction of instructions) {
        if (instruction.keyword === 'FROM') seen = new Set();
        if (instruction.keyword !== 'RUN') continue;
        const used = instruction.shell().commands.filter((c) => c.name === 'wget' || c.name === 'curl');
        used.forEach((command) => seen.add(command.name));
        if (used.length > 0 && seen.size === 2) hits.push({ location: instruction.location });
      }
    };
    scan(dockerfile.instructions.filter((instruction) => !instruction.onbuild));
    scan(dockerfile.instructions.filter((instruction) => instruction.onbuild));
    return hits;
  },
};

const NON_POSIX_SHELLS = ['pwsh', 'powershell', 'cmd'];

/** The base name of a shell path: `/usr/local/bin/zsh` → `zsh`. */
function shellBasename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when a SHELL instruction's command line is a non-POSIX shell (PowerShell, cmd). */
export function isNonPosixShell(shellLine: string): boolean {
  const first = shellLine.trim().split(/\s+/)[0] ?? '';
  const base = first.slice(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1).toLowerCase();
  return NON_POSIX_SHELLS.some((name) => base.startsWith(name) || shellLine.trim().startsWith(name));
}

/** DL4006: a RUN with a pipe while the shell does not have pipefail set. */
export const DL4006: DockerfileRule = {
  code: 'DL4006',
  severity: 'warning',
  message:
    'Set the shell option -o pipefail (SHELL ["/bin/bash", "-o", "pipefail", "-c"]) before a RUN with a pipe, so a failing first command fails the build.',
  helpUri: hadolintWiki('DL4006'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    let pipefail = false;
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') pipefail = false;
      else if (instruction.keyword === 'SHELL') {
        const line = instruction.exec?.join(' ') ?? instruction.args;
        pipefail = isNonPosixShell(line) || hasPipefail(line);
      } else if (instruction.keyword === 'RUN' && !pipefail && instruction.shell().hasPipes) {
        hits.push({ location: instruction.location });
      }
    }
    return hits;
  },
};

function hasPipefail(shellLine: string): boolean {
  return parseShell(shellLine).commands.some(
    (command) =>
      ['bash', 'zsh', 'ash'].includes(shellBasename(command.name)) &&
      hasFlag(command, 'o') &&
      command.args.includes('pipefail'),
  );
}

/** One name for each mount option: `dst`/`dest`/`destination` are `target`, `src` is `source`, `readonly` is `ro`. */
const MOUNT_OPTION_NAMES = new Map([
  ['dst', 'target'],
  ['dest', 'target'],
  ['destination', 'target'],
  ['src', 'source'],
  ['readonly', 'ro'],
  ['readwrite', 'rw'],
]);

/** One `--mount` as its parsed record: options by canonical name, in name order, `type` defaulting to bind. */
function mountKey(value: string): string {
  const options = new Map<string, string>([['type', 'bind']]);
  for (const [name, optionValue] of mountOptions(value)) options.set(MOUNT_OPTION_NAMES.get(name) ?? name, optionValue);
  return [...options]
    .map(([name, optionValue]) => `${name}=${optionValue}`)
    .sort()
    .join(',');
}

/**
 * A RUN's flags as hadolint compares them (language-docker's RunFlags record): the mounts as a set of
 * parsed mounts, so neither the order of the flags nor that of a mount's options makes two RUNs differ.
 */
function runFlagsKey(flags: readonly InstructionFlag[]): string {
  const keys = flags.map((flag) =>
    flag.name === 'mount' && flag.value !== null ? `mount:${mountKey(flag.value)}` : `${flag.name}=${flag.value ?? ''}`,
  );
  return JSON.stringify([...new Set(keys)].sort());
}

/** DL3059: consecutive RUNs that could be one layer. */
export const DL3059: DockerfileRule = {
  code: 'DL3059',
  severity: 'info',
  message: 'Several RUN instructions in a row each make a layer: consider joining them with &&.',
  helpUri: hadolintWiki('DL3059'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    let previous: { flags: string; count: number } | undefined;
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN' || instruction.onbuild) {
        previous = undefined;
        continue;
      }
      const flags = runFlagsKey(instruction.flags);
      const count = instruction.shell().commands.length;
      if (previous === undefined || previous.flags !== flags || count > 1 || previous.count > 1) {
        previous = { flags, count };
      } else {
        hits.push({ location: instruction.location });
      }
    }
    return hits;
  },
};
