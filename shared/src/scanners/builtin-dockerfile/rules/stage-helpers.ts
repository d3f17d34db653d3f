import type { BuildStage, DockerInstruction, ImageReference, ParsedDockerfile } from '../dockerfile-model';
import { parseImageReference } from '../dockerfile-model';
import { splitWords } from '../instruction-text';

/** The stage and its ancestors (`FROM base` chains), nearest first. */
export function stageChain(stage: BuildStage | undefined): BuildStage[] {
  const chain: BuildStage[] = [];
  for (let current = stage; current !== undefined && chain.length < 1000; current = current.parent) chain.push(current);
  return chain;
}

/**
 * The two passes hadolint makes for a rule written `rule <> onbuild rule`
 * (src/Hadolint/Rule.hs `onbuild`): one over the file's own instructions, one
 * over the instructions inside ONBUILD only, each with its own state.
 */
export function onbuildPasses(dockerfile: ParsedDockerfile): readonly (readonly DockerInstruction[])[] {
  let passes = passesByFile.get(dockerfile);
  if (passes === undefined) {
    const own: DockerInstruction[] = [];
    const triggers: DockerInstruction[] = [];
    for (const instruction of dockerfile.instructions) (instruction.onbuild ? triggers : own).push(instruction);
    passes = triggers.length === 0 ? [own] : [own, triggers];
    passesByFile.set(dockerfile, passes);
  }
  return passes;
}

/** Each file's two passes, split once: several rules walk them on every keystroke in the editor. */
const passesByFile = new WeakMap<ParsedDockerfile, readonly (readonly DockerInstruction[])[]>();

/**
 * hadolint's `hasCacheOrTmpfsMountWith` (src/Hadolint/Utils.hs): a RUN mounts a
 * cache or tmpfs whose target contains `fragment` anywhere.
 */
export function mountsCacheAt(instruction: DockerInstruction, fragment: string): boolean {
  return instruction.flags.some((flag) => {
    if (flag.name !== 'mount' || flag.value === null) return false;
    const options = mountOptions(flag.value);
    const type = options.get('type');
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '';
    return (type === 'cache' || type === 'tmpfs') && target.includes(fragment);
  });
}

/** The `key=value` options of a `--mount=` flag. */
export function mountOptions(value: string): Map<string, string> {
  return new Map(
    value.split(',').map((part) => {
      const eq = part.indexOf('=');
      return eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    }),
  );
}

/** hadolint's `dropQuotes`: every quote at either end removed. */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, '');
}

/** What a FROM says, as language-docker's `BaseImage`: image, tag, digest, alias, platform. */
export interface BaseImage {
  readonly image: ImageReference;
  readonly alias: string | undefined;
  readonly platform: string | undefined;
}

/** hadolint's stand-in for the stage before any FROM (`scratch`, nothing else set). */
export const SCRATCH: BaseImage = { image: parseImageReference('scratch'), alias: undefined, platform: undefined };

/** The BaseImage of a FROM instruction (also of one inside ONBUILD). */
export function baseImageOf(dockerfile: ParsedDockerfile, from: DockerInstruction): BaseImage {
  const platform = from.flags.find((flag) => flag.name === 'platform')?.value ?? undefined;
  const stage = from.onbuild ? undefined : dockerfile.stages[from.stageIndex];
  if (stage !== undefined) return { image: stage.image, alias: stage.alias, platform };
  const words = splitWords(from.args);
  const alias = words.length >= 3 && words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
  return { image: parseImageReference(words[0] ?? ''), alias, platform };
}

/** BaseImage equality (hadolint compares the whole record: `from == current`). */
export function sameBaseImage(a: BaseImage, b: BaseImage): boolean {
  return (
    a.image.registry === b.image.registry &&
    a.image.name === b.image.name &&
    a.image.tag === b.image.tag &&
    a.image.digest === b.image.digest &&
    a.alias === b.alias &&
    a.platform === b.platform
  );
}
