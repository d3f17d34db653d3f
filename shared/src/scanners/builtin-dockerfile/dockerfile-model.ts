import type * as DockerfileAst from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { loadedOnFirstUse } from '../../modules/loaded-on-first-use';
import { joinContinuations, parsePairs, splitFlags, splitWords } from './instruction-text';
import type { InstructionFlag, KeyValue } from './instruction-text';
import type { ParsedShell } from './shell/parse-shell';
import { parseShell } from './shell/parse-shell';

/** The Dockerfile parser (and the language-server types it brings), evaluated only when a Dockerfile is parsed. */
const dockerfileAst = loadedOnFirstUse(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require the bundler keeps lazy
  (): typeof DockerfileAst => require('dockerfile-ast') as typeof DockerfileAst,
);

/** Where an instruction sits. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface InstructionLocation {
  /** First line of the instruction, 1-based (multi-line instructions report here). */
  readonly line: number;
  /** Column of the keyword, 1-based. */
  readonly column: number;
  /** Last line of the instruction (continuations and heredoc bodies included), 1-based. */
  readonly endLine: number;
  /** Column just past the instruction's last character, 1-based. */
  readonly endColumn: number;
}

/** A container image reference as written after FROM (or in `--mount from=`). */
export interface ImageReference {
  /** The text as written: `docker.io/library/python:3.11@sha256:…`. */
  readonly text: string;
  /** Registry host when the first path part names one (`ghcr.io`, `localhost:5000`). */
  readonly registry: string | undefined;
  /** Repository path without registry, tag or digest (`library/python`). */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface BuildStage {
  /** 0-based position among the file's FROMs. */
  readonly index: number;
  /** The FROM that starts it. */
  readonly from: DockerInstruction;
  readonly image: ImageReference;
  /** The `AS name`, when given. */
  readonly alias: string | undefined;
  /** The earlier stage this one builds on (`FROM base`), when there is one. */
  readonly parent: BuildStage | undefined;
}

/** One instruction, normalised for the rules (ONBUILD triggers appear as their inner instruction). */
export interface DockerInstruction {
  /** Upper-case keyword (`RUN`); for `ONBUILD RUN x`, `RUN` with `onbuild` set. */
  readonly keyword: string;
  /** Arguments after the flags, continuation lines joined; '' when there are none. */
  readonly args: string;
  readonly flags: readonly InstructionFlag[];
  /** The exec form's strings when the arguments are a JSON array (`["a","b"]`). */
  readonly exec: readonly string[] | undefined;
  /** Bodies of heredocs (`RUN <<EOF … EOF`), in order. */
  readonly heredocs: readonly string[];
  /** ENV/LABEL/ARG pairs. */
  readonly pairs: readonly KeyValue[];
  /** True when this is the trigger of an ONBUILD. */
  readonly onbuild: boolean;
  readonly location: InstructionLocation;
  /** Index into `ParsedDockerfile.stages`, or -1 before the first FROM. */
  readonly stageIndex: number;
  /** The shell script of a RUN (shell form, heredoc or exec form joined), parsed on first use. */
  shell(): ParsedShell;
}

/** A comment line outside instructions (pragmas live here). */
export interface DockerComment {
  /** Line, 1-based. */
  readonly line: number;
  /** Text after the `#`. */
  readonly text: string;
}

/** Something that is not a valid Dockerfile instruction; reported as DL1000. */
export interface DockerfileProblem {
  readonly location: InstructionLocation;
  /** What is wrong, in a sentence a person can act on. */
  readonly message: string;
}

export interface ParsedDockerfile {
  readonly instructions: readonly DockerInstruction[];
  readonly comments: readonly DockerComment[];
  readonly stages: readonly BuildStage[];
  readonly problems: readonly DockerfileProblem[];
}

const KNOWN_KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Keywords whose arguments may start with `--flag` options. */
const KEYWORDS_WITH_FLAGS = new Set(['FROM', 'COPY', 'ADD', 'RUN', 'HEALTHCHECK']);

/** Keywords that need at least one argument. */
const NEEDS_ARGUMENTS = new Set([...KNOWN_KEYWORDS].filter((keyword) => keyword !== 'HEALTHCHECK'));

/** Parses Dockerfile text into the rules' model. Never throws. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const document = dockerfileAst().DockerfileParser.parse(text);
  const lines = text.split('\n');
  const covered = new Uint8Array(lines.length + 1);
  const instructions: DockerInstruction[] = [];
  const problems: DockerfileProblem[] = [];
  const stages: BuildStage[] = [];
  const stagesByAlias = new Map<string, BuildStage>();

  const escape = document.getEscapeCharacter();

  for (const node of document.getInstructions()) {
    const range = node.getRange();
    for (let line = range.start.line; line <= range.end.line; line++) covered[line] = 1;
    const location: InstructionLocation = {
      line: range.start.line + 1,
      column: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.character + 1,
    };
    const keyword = node.getKeyword().toUpperCase();
    if (!KNOWN_KEYWORDS.has(keyword)) {
      problems.push({ location, message: `Unknown instruction "${truncate(node.getInstruction())}".` });
      continue;
    }
    const heredocs = heredocsOf(node, lines, problems, location);
    const lastArgumentLine = heredocs.firstHeredocLine === undefined ? range.end.line : heredocs.firstHeredocLine - 1;
    const keywordEnd = node.getInstructionRange().end;
    const physical = lines.slice(keywordEnd.line, lastArgumentLine + 1);
    if (lastArgumentLine === range.end.line && physical.length > 0) {
      physical[physical.length - 1] = (physical[physical.length - 1] ?? '').slice(0, range.end.character);
    }
    physical[0] = (physical[0] ?? '').slice(keywordEnd.character);
    let args = joinContinuations(physical, escape);
    let innerKeyword = keyword;
    let onbuild = false;
    if (keyword === 'ONBUILD') {
      const trigger = /^(\S+)\s*([\s\S]*)$/.exec(args);
      if (trigger === null) {
        problems.push({ location, message: 'ONBUILD needs an instruction to trigger.' });
        continue;
      }
      innerKeyword = (trigger[1] ?? '').toUpperCase();
      if (!KNOWN_KEYWORDS.has(innerKeyword)) {
        problems.push({ location, message: `Unknown instruction "${truncate(trigger[1] ?? '')}" after ONBUILD.` });
        continue;
      }
      args = trigger[2] ?? '';
      onbuild = true;
    }
    let flags: InstructionFlag[] = [];
    if (KEYWORDS_WITH_FLAGS.has(innerKeyword)) {
      const split = splitFlags(args, escape);
      flags = split.flags;
      args = split.rest;
    }
    if (NEEDS_ARGUMENTS.has(innerKeyword) && args === '' && heredocs.bodies.length === 0) {
      problems.push({ location, message: `${innerKeyword} needs arguments.` });
      continue;
    }
    const startsStage = innerKeyword === 'FROM' && !onbuild;
    const stageIndex = startsStage ? stages.length : stages.length - 1;
    const instruction = makeInstruction(
      innerKeyword,
      args,
      flags,
      onbuild,
      location,
      stageIndex,
      heredocs.bodies,
      escape,
    );
    instructions.push(instruction);
    if (startsStage) {
      const words = splitWords(args);
      const imageText = words[0] ?? '';
      const alias = words.length >= 3 && words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      const stage: BuildStage = {
        index: stages.length,
        from: instruction,
        image: parseImageReference(imageText),
        alias,
        parent: stagesByAlias.get(imageText),
      };
      stages.push(stage);
      if (alias !== undefined) stagesByAlias.set(alias, stage);
    }
  }

  const comments: DockerComment[] = [];
  lines.forEach((lineText, index) => {
    if (covered[index] === 1) return;
    const trimmed = lineText.trimStart();
    if (trimmed.startsWith('#')) comments.push({ line: index + 1, text: trimmed.slice(1).replace(/\r$/, '') });
  });
  return { instructions, comments, stages, problems };
}

function makeInstruction(
  keyword: string,
  args: string,
  flags: readonly InstructionFlag[],
  onbuild: boolean,
  location: InstructionLocation,
  stageIndex: number,
  heredocs: readonly string[],
  escape: string,
): DockerInstruction {
  let parsed: ParsedShell | undefined;
  const exec = parseExecForm(args);
  return {
    keyword,
    args,
    flags,
    exec,
    heredocs,
    pairs: keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG' ? parsePairs(keyword, args, escape) : [],
    onbuild,
    location,
    stageIndex,
    shell: () => {
      parsed ??= parseShell(shellScriptOf(args, exec, heredocs));
      return parsed;
    },
  };
}

function shellScriptOf(args: string, exec: readonly string[] | undefined, heredocs: readonly string[]): string {
  if (exec !== undefined) return exec.join(' ');
  if (heredocs.length > 0 && args.trimStart().startsWith('<<')) return heredocs.join('\n');
  return args;
}

/**
 * Heredoc bodies of RUN/COPY, and the first line (0-based) below the arguments: where the first body starts,
 * or, for an empty heredoc, its closing line.
 */
function heredocsOf(
  node: Instruction,
  lines: readonly string[],
  problems: DockerfileProblem[],
  location: InstructionLocation,
): { bodies: string[]; firstHeredocLine: number | undefined } {
  const { Copy, Run } = dockerfileAst();
  if (!(node instanceof Run) && !(node instanceof Copy)) return { bodies: [], firstHeredocLine: undefined };
  // getHeredocs() re-reads the instruction; only ask when its first line has `<<`.
  if (!(lines[location.line - 1] ?? '').includes('<<')) return { bodies: [], firstHeredocLine: undefined };
  let firstHeredocLine: number | undefined;
  const bodies = node.getHeredocs().map((heredoc) => {
    if (heredoc.getDelimiterRange() === null) {
      problems.push({
        location,
        message: `The heredoc <<${heredoc.getName()} is never closed: add a line with just ${heredoc.getName()}.`,
      });
    }
    const range = heredoc.getContentRange();
    if (range === null) {
      // No body: the closing line follows the arguments, and is none of them.
      firstHeredocLine ??= heredoc.getDelimiterRange()?.start.line;
      return '';
    }
    firstHeredocLine ??= range.start.line;
    return lines.slice(range.start.line, range.end.line + 1).join('\n');
  });
  return { bodies, firstHeredocLine };
}

/** The exec form's strings when `args` is a JSON array of strings; undefined for the shell form. */
export function parseExecForm(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  } catch {
    // Not JSON: Docker runs it in a shell.
  }
  return undefined;
}

/** Splits `registry/name:tag@digest` the way Docker reads an image reference. */
export function parseImageReference(text: string): ImageReference {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { text, registry, name: rest, tag, digest };
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
