import type { BuildStage, DockerInstruction, ParsedDockerfile } from '../dockerfile-model';

/** Instructions grouped by stage index (-1 holds those before the first FROM). */
export function instructionsByStage(dockerfile: ParsedDockerfile): Map<number, DockerInstruction[]> {
  const groups = new Map<number, DockerInstruction[]>();
  for (const instruction of dockerfile.instructions) {
    const group = groups.get(instruction.stageIndex);
    if (group) group.push(instruction);
    else groups.set(instruction.stageIndex, [instruction]);
  }
  return groups;
}

/** The stage and its ancestors (`FROM base` chains), nearest first. */
export function stageChain(stage: BuildStage | undefined): BuildStage[] {
  const chain: BuildStage[] = [];
  for (let current = stage; current !== undefined && chain.length < 1000; current = current.parent) chain.push(current);
  return chain;
}

/** True when a RUN mounts a cache or tmpfs at a path starting with one of `paths`. */
export function mountsCacheAt(instruction: DockerInstruction, paths: readonly string[]): boolean {
  return instruction.flags.some((flag) => {
    if (flag.name !== 'mount' || flag.value === null) return false;
    const options = new Map(
      flag.value.split(',').map((part) => {
        const eq = part.indexOf('=');
        return eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
      }),
    );
    const type = options.get('type');
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '';
    return (type === 'cache' || type === 'tmpfs') && paths.some((path) => target.startsWith(path));
  });
}

/** Removes one pair of surrounding quotes. */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, '');
}

/** Each file's ARG and ENV instructions, found once (RUN rules ask for them per RUN). */
const definitions = new WeakMap<ParsedDockerfile, DockerInstruction[]>();

/** Variables (ARG and ENV) defined up to `instruction`: ARGs file-wide, ENVs in the stage and its ancestors. */
export function knownVariables(dockerfile: ParsedDockerfile, instruction: DockerInstruction): Map<string, string> {
  let candidates = definitions.get(dockerfile);
  if (candidates === undefined) {
    candidates = dockerfile.instructions.filter((c) => c.keyword === 'ARG' || c.keyword === 'ENV');
    definitions.set(dockerfile, candidates);
  }
  const variables = new Map<string, string>();
  const chain = new Set(stageChain(dockerfile.stages[instruction.stageIndex]).map((stage) => stage.index));
  for (const candidate of candidates) {
    if (candidate.location.line >= instruction.location.line) break;
    const inScope = candidate.keyword === 'ARG' || chain.has(candidate.stageIndex) || candidate.stageIndex === -1;
    if (!inScope) continue;
    for (const pair of candidate.pairs) if (pair.value !== null) variables.set(pair.key, pair.value);
  }
  return variables;
}

/** Replaces `$NAME` and `${NAME}` with known values; unknown names stay as written. */
export function substituteVariables(text: string, variables: ReadonlyMap<string, string>): string {
  if (variables.size === 0 || !text.includes('$')) return text;
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, bare?: string) => {
      const value = variables.get(braced ?? bare ?? '');
      return value ?? whole;
    },
  );
}
