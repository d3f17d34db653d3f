import { appendAll } from '../append-all';
import type { DockerInstruction } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';
import { argsNoFlags } from '../shell/shell-commands';
import { baseImageOf, dropQuotes } from './stage-helpers';

/** The words of COPY/ADD (exec form or shell form): sources then destination. */
function copyWords(instruction: DockerInstruction): string[] {
  if (instruction.exec !== undefined) return [...instruction.exec];
  return instruction.args.split(/\s+/).filter((word) => word !== '');
}

const fromFlag = (instruction: DockerInstruction): string | undefined =>
  instruction.flags.find((flag) => flag.name === 'from')?.value ?? undefined;

/** Extensions Docker's ADD unpacks (hadolint's list). */
const ARCHIVE_EXTENSIONS = [
  '.tar',
  '.Z',
  '.bz2',
  '.gz',
  '.lz',
  '.lzma',
  '.tZ',
  '.tb2',
  '.tbz',
  '.tbz2',
  '.tgz',
  '.tlz',
  '.tpz',
  '.txz',
  '.xz',
];

const isArchive = (path: string): boolean => ARCHIVE_EXTENSIONS.some((ext) => dropQuotes(path).endsWith(ext));
const isUrl = (path: string): boolean => /^https?:\/\//.test(dropQuotes(path));
const basename = (path: string): string => {
  const clean = dropQuotes(path);
  return clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
};

/** DL3020: ADD for plain local files. */
export const DL3020 = instructionRule({
  code: 'DL3020',
  severity: 'error',
  message: 'Use COPY for local files and folders; ADD is only worth it for unpacking local archives.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword !== 'ADD' || instruction.heredocs.length > 0) return false;
    const sources = copyWords(instruction).slice(0, -1);
    return sources.some((source) => !isUrl(source) && !isArchive(source));
  },
});

/** DL3021: COPY of several sources to a destination that is not a folder. */
export const DL3021 = instructionRule({
  code: 'DL3021',
  severity: 'error',
  message: 'When COPY has more than one source, the destination must be a folder ending with /.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword !== 'COPY' || instruction.heredocs.length > 0) return false;
    const words = copyWords(instruction);
    return words.length > 2 && !dropQuotes(words.at(-1) ?? '').endsWith('/');
  },
});

/**
 * DL3022: COPY --from naming no earlier stage. hadolint accepts an alias
 * defined by an earlier FROM, a stage index below the number of FROMs so far
 * (its leading digits), or an image reference with a tag (`image:tag`, it has
 * a `:`). Anything else, `--from=$IMAGE` and `--from=registry/image` included,
 * is reported.
 */
export const DL3022: DockerfileRule = {
  code: 'DL3022',
  severity: 'warning',
  message: 'COPY --from should name a stage defined earlier with FROM … AS (or an image with a tag).',
  helpUri: hadolintWiki('DL3022'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const aliases = new Set<string>();
    let froms = 0;
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') {
        froms++;
        const alias = baseImageOf(dockerfile, instruction).alias;
        if (alias !== undefined) aliases.add(alias);
        continue;
      }
      const from = instruction.keyword === 'COPY' ? fromFlag(instruction) : undefined;
      if (from === undefined) continue;
      const index = /^\d+/.exec(from)?.[0];
      const known =
        aliases.has(from) || dropQuotes(from).includes(':') || (index !== undefined && Number(index) < froms);
      if (!known) hits.push({ location: instruction.location });
    }
    return hits;
  },
};

/** DL3023: COPY --from naming the stage it is in (by its alias). */
export const DL3023 = instructionRule({
  code: 'DL3023',
  severity: 'error',
  message: 'COPY --from cannot copy from the stage it is in.',
  onbuild: false,
  fails: (instruction, { dockerfile }) => {
    const from = instruction.keyword === 'COPY' ? fromFlag(instruction) : undefined;
    return from !== undefined && from === dockerfile.stages[instruction.stageIndex]?.alias;
  },
});

/** A git source pinned to a commit (`https://host/repo.git#<40 hex>`): its content is fixed by the hash. */
const isCommitPinnedGitUrl = (source: string): boolean => /\.git#[0-9a-f]{40}(?::|$)/i.test(dropQuotes(source));

/**
 * DS005: ADD of an http(s) URL without `--checksum`: the build takes whatever
 * the server sends, and nothing checks it before it lands in the image.
 */
export const DS005: DockerfileRule = {
  code: 'DS005',
  severity: 'warning',
  message:
    'ADD downloads a URL without --checksum, so the image gets whatever the server sends: add --checksum=sha256:… (or download and verify in RUN).',
  helpUri: 'https://docs.docker.com/reference/dockerfile/#add---checksum',
  cwe: [494],
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter(
        (instruction) =>
          instruction.keyword === 'ADD' &&
          instruction.heredocs.length === 0 &&
          !instruction.flags.some((flag) => flag.name === 'checksum' && flag.value !== null && flag.value !== '') &&
          copyWords(instruction)
            .slice(0, -1)
            .some((source) => isUrl(source) && !isCommitPinnedGitUrl(source)),
      )
      .map((instruction) => ({ location: instruction.location })),
};

/** DL3067: COPY --from=stage / / copies a whole filesystem. */
export const DL3067 = instructionRule({
  code: 'DL3067',
  severity: 'warning',
  message: 'Do not copy a whole filesystem (/) from another stage into /; copy only what the image needs.',
  onbuild: false,
  fails: (instruction) => {
    if (instruction.keyword !== 'COPY' || fromFlag(instruction) === undefined) return false;
    const words = copyWords(instruction).map(dropQuotes);
    return words.length >= 2 && words.slice(0, -1).includes('/') && words.at(-1) === '/';
  },
});

/** `/…`, `$…` (set at build time) or a Windows drive's root (`C:\…`, `C:/…`; `C:app` is relative to the drive's folder). */
function isAbsoluteDestination(destination: string): boolean {
  const clean = dropQuotes(destination);
  return clean.startsWith('/') || clean.startsWith('$') || /^[A-Za-z]:[\\/]/.test(clean);
}

/**
 * DL3045: COPY to a relative path before any WORKDIR, as hadolint's fold: a
 * WORKDIR counts for the rest of its stage and for stages built `FROM` it;
 * stages are keyed by name (alias, else image), so a later stage with the same
 * name as one that set a WORKDIR counts as having one. ONBUILD instructions are
 * not looked at.
 */
export const DL3045: DockerfileRule = {
  code: 'DL3045',
  severity: 'warning',
  message:
    'COPY to a relative destination needs a WORKDIR first; otherwise the target folder is whatever the base image left.',
  helpUri: hadolintWiki('DL3045'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const workdirSet = new Map<string | null, boolean>();
    let current: string | null | undefined;
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') {
        const { image, alias } = baseImageOf(dockerfile, instruction);
        const name = alias ?? image.name;
        if (current !== undefined) workdirSet.set(name, workdirSet.get(image.name) ?? false);
        current = name;
      } else if (instruction.keyword === 'WORKDIR') {
        current ??= null;
        workdirSet.set(current, true);
      } else if (instruction.keyword === 'COPY' && instruction.heredocs.length === 0) {
        const destination = copyWords(instruction).at(-1);
        if (destination === undefined || isAbsoluteDestination(destination)) continue;
        if (current !== undefined && workdirSet.get(current) === true) continue;
        hits.push({ location: instruction.location });
      }
    }
    return hits;
  },
};

const EXTRACTORS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

/**
 * DL3010: COPY of an archive that a later RUN unpacks (ADD does that in one step). As in hadolint's DL3010.hs,
 * every FROM starts over, dropping what earlier stages found (only the last stage is reported), and any word
 * of `tar` that starts with `-` and holds an `x` counts as extracting, `--exclude=…` included.
 */
export const DL3010: DockerfileRule = {
  code: 'DL3010',
  severity: 'info',
  message: 'This archive is copied and then unpacked with RUN: ADD unpacks local archives in one layer.',
  helpUri: hadolintWiki('DL3010'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    let archives: { location: DockerInstruction['location']; name: string }[] = [];
    const reported = new Set<DockerInstruction['location']>();
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') {
        archives = [];
        hits.length = 0;
        reported.clear();
      }
      if (instruction.keyword === 'COPY' && fromFlag(instruction) === undefined) {
        const words = copyWords(instruction);
        const target = words.at(-1) ?? '';
        const names = isArchive(target) ? [basename(target)] : words.slice(0, -1).filter(isArchive).map(basename);
        appendAll(
          archives,
          names.map((name) => ({ location: instruction.location, name })),
        );
      }
      if (instruction.keyword === 'RUN') {
        for (const command of instruction.shell().commands) {
          const extracts =
            (command.name === 'tar' &&
              command.args.some((a) => a === '--extract' || a === '--get' || (a.startsWith('-') && a.includes('x')))) ||
            EXTRACTORS.has(command.name);
          if (!extracts) continue;
          const args = argsNoFlags(command).map(basename);
          for (const archive of archives) {
            if (args.includes(archive.name) && !reported.has(archive.location)) {
              reported.add(archive.location);
              hits.push({ location: archive.location });
            }
          }
        }
      }
    }
    return hits;
  },
};
