import { appendAll } from '../append-all';
import type { DockerInstruction } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki, instructionRule } from '../rule';
import { argsNoFlags } from '../shell/shell-commands';
import { dropQuotes, stageChain } from './stage-helpers';

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
  '.zst',
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
  onbuild: true,
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
  fails: (instruction) => {
    if (instruction.keyword !== 'COPY' || instruction.heredocs.length > 0) return false;
    const words = copyWords(instruction);
    return words.length > 2 && !dropQuotes(words.at(-1) ?? '').endsWith('/');
  },
});

/** DL3022: COPY --from naming no earlier stage. */
export const DL3022: DockerfileRule = {
  code: 'DL3022',
  severity: 'warning',
  message: 'COPY --from should name a stage defined earlier with FROM … AS (or an image with a tag).',
  helpUri: hadolintWiki('DL3022'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const aliases = new Set<string>();
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword === 'FROM' && !instruction.onbuild) {
        const alias = dockerfile.stages[instruction.stageIndex]?.alias;
        if (alias !== undefined) aliases.add(alias);
        continue;
      }
      const from = instruction.keyword === 'COPY' ? fromFlag(instruction) : undefined;
      if (from === undefined) continue;
      const known =
        aliases.has(from) ||
        (/^\d+$/.test(from) && Number(from) < Math.max(instruction.stageIndex, 0) + 1) ||
        from.includes(':') ||
        from.includes('/') ||
        from.includes('$');
      if (!known) hits.push({ location: instruction.location });
    }
    return hits;
  },
};

/** DL3023: COPY --from naming its own stage. */
export const DL3023 = instructionRule({
  code: 'DL3023',
  severity: 'error',
  message: 'COPY --from cannot copy from the stage it is in.',
  fails: (instruction, { dockerfile }) => {
    const from = instruction.keyword === 'COPY' ? fromFlag(instruction) : undefined;
    return from !== undefined && from === dockerfile.stages[instruction.stageIndex]?.alias;
  },
});

/** DL3067: COPY --from=stage / / copies a whole filesystem. */
export const DL3067 = instructionRule({
  code: 'DL3067',
  severity: 'warning',
  message: 'Do not copy a whole filesystem (/) from another stage into /; copy only what the image needs.',
  fails: (instruction) => {
    if (instruction.keyword !== 'COPY' || fromFlag(instruction) === undefined) return false;
    const words = copyWords(instruction).map(dropQuotes);
    return words.length >= 2 && words.slice(0, -1).includes('/') && words.at(-1) === '/';
  },
});

function isAbsoluteDestination(destination: string): boolean {
  const clean = dropQuotes(destination);
  return clean.startsWith('/') || clean.startsWith('$') || /^[A-Za-z]:[\\/]/.test(clean);
}

/** DL3045: COPY to a relative path before any WORKDIR. */
export const DL3045: DockerfileRule = {
  code: 'DL3045',
  severity: 'warning',
  message:
    'COPY to a relative destination needs a WORKDIR first; otherwise the target folder is whatever the base image left.',
  helpUri: hadolintWiki('DL3045'),
  check: ({ dockerfile }) => {
    const hits: RuleHit[] = [];
    const workdirStages = new Set<number>();
    let onbuildWorkdir = false;
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword === 'WORKDIR') {
        if (instruction.onbuild) onbuildWorkdir = true;
        else workdirStages.add(instruction.stageIndex);
        continue;
      }
      if (instruction.keyword !== 'COPY' || instruction.heredocs.length > 0) continue;
      const destination = copyWords(instruction).at(-1);
      if (destination === undefined || isAbsoluteDestination(destination)) continue;
      const chain = stageChain(dockerfile.stages[instruction.stageIndex]).map((stage) => stage.index);
      const hasWorkdir = instruction.onbuild ? onbuildWorkdir : chain.some((index) => workdirStages.has(index));
      const noStageWorkdir = instruction.stageIndex === -1 && workdirStages.has(-1);
      if (!hasWorkdir && !noStageWorkdir) hits.push({ location: instruction.location });
    }
    return hits;
  },
};

const EXTRACTORS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

/** DL3010: COPY of an archive that a later RUN unpacks (ADD does that in one step). */
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
      if (instruction.keyword === 'FROM') archives = [];
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
              command.args.some(
                (a) =>
                  a === '--extract' || a === '--get' || (a.startsWith('-') && !a.startsWith('--') && a.includes('x')),
              )) ||
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
