import { parseImageReference } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki } from '../rule';
import { mountOptions } from './stage-helpers';

/** DL3006: FROM without a tag (a previous stage's alias, `scratch` and digests are fine). */
export const DL3006: DockerfileRule = {
  code: 'DL3006',
  severity: 'warning',
  message: 'Tag the base image with an explicit version: without a tag every build can pull a different image.',
  helpUri: hadolintWiki('DL3006'),
  cwe: [1357],
  check: ({ dockerfile }) => {
    const aliases = new Set<string>();
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      const { image } = stage;
      const untagged = image.tag === undefined && image.digest === undefined;
      // A name that is a variable (`FROM $BASE`) is given at build time; `FROM repo/$NAME` is not exempt.
      if (untagged && image.name !== 'scratch' && !aliases.has(image.name) && !image.name.startsWith('$')) {
        hits.push({ location: stage.from.location });
      }
      if (stage.alias !== undefined) aliases.add(stage.alias);
    }
    return hits;
  },
};

/** DL3007: FROM …:latest (unless pinned by digest). */
export const DL3007: DockerfileRule = {
  code: 'DL3007',
  severity: 'warning',
  message: 'Do not build on the "latest" tag: it moves when the image is updated. Pin a release tag or a digest.',
  helpUri: hadolintWiki('DL3007'),
  cwe: [1357],
  check: ({ dockerfile }) =>
    dockerfile.stages
      .filter((stage) => stage.image.tag === 'latest' && stage.image.digest === undefined)
      .map((stage) => ({ location: stage.from.location })),
};

/**
 * True when `registry` matches one of the `trusted` patterns: the same name,
 * `*` (anything), `*.example.com` / `*example.com` (a suffix) or `registry.*`
 * (a prefix), as hadolint matches `trustedRegistries`.
 */
export function isTrustedRegistry(registry: string, trusted: readonly string[]): boolean {
  return trusted.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
    if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
    return pattern === registry;
  });
}

/**
 * DL3026: an image from outside `trustedRegistries`, wherever an image can be
 * named: FROM, COPY --from (hadolint 2.15) and RUN --mount's from (a cache or
 * bind mount without one mounts from scratch). Earlier stage names are fine;
 * an image without a registry comes from Docker Hub, trusted when `docker.io`
 * or `hub.docker.com` is.
 */
export const DL3026: DockerfileRule = {
  code: 'DL3026',
  severity: 'error',
  message: 'Use base images only from the registries listed in trustedRegistries.',
  helpUri: hadolintWiki('DL3026'),
  cwe: [829],
  check: ({ dockerfile, config }) => {
    const trusted = config.trustedRegistries;
    if (trusted.length === 0) return [];
    const hits: RuleHit[] = [];
    const aliases = new Set<string>();
    const untrusted = (imageText: string): boolean => {
      const image = parseImageReference(imageText);
      if (aliases.has(image.name)) return false;
      if (image.registry !== undefined) return !isTrustedRegistry(image.registry, trusted);
      return !(
        image.name === 'scratch' ||
        isTrustedRegistry('docker.io', trusted) ||
        isTrustedRegistry('hub.docker.com', trusted)
      );
    };
    for (const instruction of dockerfile.instructions) {
      if (instruction.onbuild) continue;
      if (instruction.keyword === 'FROM') {
        const stage = dockerfile.stages[instruction.stageIndex];
        if (stage && untrusted(stage.image.text)) hits.push({ location: instruction.location });
        if (stage?.alias !== undefined) aliases.add(stage.alias);
      } else if (instruction.keyword === 'COPY') {
        const from = instruction.flags.find((flag) => flag.name === 'from')?.value ?? undefined;
        if (from !== undefined && untrusted(from)) hits.push({ location: instruction.location });
      } else if (instruction.keyword === 'RUN') {
        const fromMount = instruction.flags.some((flag) => {
          if (flag.name !== 'mount' || flag.value === null) return false;
          const options = mountOptions(flag.value);
          const type = options.get('type') ?? 'bind';
          return (type === 'cache' || type === 'bind') && untrusted(options.get('from') ?? 'scratch');
        });
        if (fromMount) hits.push({ location: instruction.location });
      }
    }
    return hits;
  },
};

/** DL3029: FROM --platform with a fixed platform. */
export const DL3029: DockerfileRule = {
  code: 'DL3029',
  severity: 'warning',
  message: 'Do not hard-code --platform in FROM; let the builder choose, or use $BUILDPLATFORM/$TARGETPLATFORM.',
  helpUri: hadolintWiki('DL3029'),
  check: ({ dockerfile }) =>
    dockerfile.stages
      .filter((stage) =>
        stage.from.flags.some(
          (flag) =>
            flag.name === 'platform' &&
            flag.value !== null &&
            flag.value !== '' &&
            // BuildKit's own platform variables are what --platform is for.
            !flag.value.includes('BUILDPLATFORM') &&
            !flag.value.includes('TARGETPLATFORM'),
        ),
      )
      .map((stage) => ({ location: stage.from.location })),
};

/** DL3065: FROM --platform=$TARGETPLATFORM, which is already the default. */
export const DL3065: DockerfileRule = {
  code: 'DL3065',
  severity: 'warning',
  message: 'FROM --platform=$TARGETPLATFORM does nothing: that is already the default. Remove the flag.',
  helpUri: hadolintWiki('DL3065'),
  check: ({ dockerfile }) =>
    dockerfile.stages
      .filter((stage) =>
        stage.from.flags.some(
          (flag) =>
            flag.name === 'platform' && (flag.value === '$TARGETPLATFORM' || flag.value === '${TARGETPLATFORM}'),
        ),
      )
      .map((stage) => ({ location: stage.from.location })),
};

/** DL3024: two stages with the same alias. */
export const DL3024: DockerfileRule = {
  code: 'DL3024',
  severity: 'error',
  message: 'Stage names given with FROM … AS must be unique.',
  helpUri: hadolintWiki('DL3024'),
  check: ({ dockerfile }) => {
    const seen = new Set<string>();
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      if (stage.alias === undefined) continue;
      // Compared as written, as hadolint does (BuildKit itself ignores case here).
      if (seen.has(stage.alias)) hits.push({ location: stage.from.location });
      seen.add(stage.alias);
    }
    return hits;
  },
};

/** Stage names BuildKit reserves: `FROM … AS scratch` or `AS context` cannot be referred to as a stage. */
const RESERVED_STAGE_NAMES = ['scratch', 'context'];

/** DL3063: a stage named with a reserved word. */
export const DL3063: DockerfileRule = {
  code: 'DL3063',
  severity: 'warning',
  message: 'Do not name a stage "scratch" or "context": those names are reserved.',
  helpUri: hadolintWiki('DL3063'),
  check: ({ dockerfile }) =>
    dockerfile.stages
      .filter((stage) => stage.alias !== undefined && RESERVED_STAGE_NAMES.includes(stage.alias))
      .map((stage) => ({ location: stage.from.location })),
};

/** DL3061: something other than ARG (or comments) before the first FROM. */
export const DL3061: DockerfileRule = {
  code: 'DL3061',
  severity: 'error',
  message: 'A Dockerfile must start with FROM (ARG and comments may come before it).',
  helpUri: hadolintWiki('DL3061'),
  check: ({ dockerfile }) =>
    dockerfile.instructions
      .filter((instruction) => instruction.stageIndex === -1 && (instruction.keyword !== 'ARG' || instruction.onbuild))
      .map((instruction) => ({ location: instruction.location })),
};
