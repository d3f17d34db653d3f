import type { Instruction } from 'dockerfile-ast';
import { Copy, DockerfileParser, From, Onbuild, Run } from 'dockerfile-ast';
import type { ParsedShell } from './shell/parse-shell';
import { parseShell } from './shell/parse-shell';

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

/** A `--name=value` option before an instruction's arguments. */
export interface InstructionFlag {
  /** Flag name without dashes (`from`, `platform`, `mount`). */
  readonly name: string;
  /** The value after `=`, or null for a bare `--flag`. */
  readonly value: string | null;
}

/** A `key=value` pair of ENV, LABEL or ARG (value unquoted; null when absent, as in `ARG NAME`). */
export interface KeyValue {
  readonly key: string;
  readonly value: string | null;
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

/** Keywords that need at least one argument. */
const NEEDS_ARGUMENTS = new Set([...KNOWN_KEYWORDS].filter((keyword) => keyword !== 'HEALTHCHECK'));

/** Parses Dockerfile text into the rules' model. Never throws. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const document = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const covered = new Uint8Array(lines.length + 1);
  const instructions: DockerInstruction[] = [];
  const problems: DockerfileProblem[] = [];
  const stages: BuildStage[] = [];
  const stagesByAlias = new Map<string, BuildStage>();

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
    let inner: Instruction = node;
    let onbuild = false;
    if (node instanceof Onbuild) {
      const trigger = node.getTriggerInstruction();
      if (trigger === null) {
        problems.push({ location, message: 'ONBUILD needs an instruction to trigger.' });
        continue;
      }
      const triggerKeyword = trigger.getKeyword().toUpperCase();
      if (!KNOWN_KEYWORDS.has(triggerKeyword)) {
        problems.push({
          location,
          message: `Unknown instruction "${truncate(trigger.getInstruction())}" after ONBUILD.`,
        });
        continue;
      }
      inner = trigger;
      onbuild = true;
    }
    const innerKeyword = inner.getKeyword().toUpperCase();
    const args = inner.getArgumentsContent() ?? '';
    if (NEEDS_ARGUMENTS.has(innerKeyword) && args.trim() === '') {
      problems.push({ location, message: `${innerKeyword} needs arguments.` });
      continue;
    }
    const heredocs = heredocBodies(inner, lines, problems, location);
    const startsStage = innerKeyword === 'FROM' && !onbuild;
    const stageIndex = startsStage ? stages.length : stages.length - 1;
    const instruction = makeInstruction(inner, innerKeyword, args, onbuild, location, stageIndex, heredocs);
    if (startsStage && inner instanceof From) {
      const words = inner.getArguments().map((argument) => argument.getValue());
      const imageText = words[0] ?? '';
      const alias = words.length >= 3 && words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      const image = parseImageReference(imageText);
      const stage: BuildStage = {
        index: stages.length,
        from: instruction,
        image,
        alias,
        parent: stagesByAlias.get(imageText),
      };
      stages.push(stage);
      if (alias !== undefined) stagesByAlias.set(alias, stage);
      instructions.push(instruction);
      continue;
    }
    instructions.push(instruction);
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
  node: Instruction,
  keyword: string,
  args: string,
  onbuild: boolean,
  location: InstructionLocation,
  stageIndex: number,
  heredocs: readonly string[],
): DockerInstruction {
  let parsed: ParsedShell | undefined;
  const exec = parseExecForm(args);
  const instruction: DockerInstruction = {
    keyword,
    args,
    flags: flagsOf(node),
    exec,
    heredocs,
    pairs: pairsOf(node, keyword),
    onbuild,
    location,
    stageIndex,
    shell: () => {
      parsed ??= parseShell(shellScriptOf(args, exec, heredocs));
      return parsed;
    },
  };
  return instruction;
}

function shellScriptOf(args: string, exec: readonly string[] | undefined, heredocs: readonly string[]): string {
  if (exec !== undefined) return exec.join(' ');
  if (heredocs.length > 0 && args.trimStart().startsWith('<<')) return heredocs.join('\n');
  return args;
}

function flagsOf(node: Instruction): InstructionFlag[] {
  const withFlags = node as Partial<{ getFlags: () => { getName: () => string; getValue: () => string | null }[] }>;
  if (typeof withFlags.getFlags !== 'function') return [];
  return withFlags.getFlags().map((flag) => ({ name: flag.getName(), value: flag.getValue() }));
}

function pairsOf(node: Instruction, keyword: string): KeyValue[] {
  if (keyword !== 'ENV' && keyword !== 'LABEL' && keyword !== 'ARG') return [];
  const withProperties = node as Partial<{
    getProperties: () => { getName: () => string; getValue: () => string | null }[];
  }>;
  if (typeof withProperties.getProperties !== 'function') return [];
  return withProperties.getProperties().map((property) => ({
    key: property.getName(),
    value: property.getValue(),
  }));
}

function heredocBodies(
  node: Instruction,
  lines: readonly string[],
  problems: DockerfileProblem[],
  location: InstructionLocation,
): string[] {
  if (!(node instanceof Run) && !(node instanceof Copy)) return [];
  // getHeredocs() re-reads the instruction text; skip it when no `<<` appears.
  if (!(node.getRawArgumentsContent() ?? '').includes('<<')) return [];
  return node.getHeredocs().map((heredoc) => {
    if (heredoc.getDelimiterRange() === null) {
      problems.push({
        location,
        message: `The heredoc <<${heredoc.getName()} is never closed: add a line with just ${heredoc.getName()}.`,
      });
    }
    const range = heredoc.getContentRange();
    return range === null ? '' : lines.slice(range.start.line, range.end.line + 1).join('\n');
  });
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
