import { parseImageReference } from '../dockerfile-model';
import type { DockerfileRule, RuleHit } from '../rule';
import { hadolintWiki } from '../rule';

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
      const isKnownAlias = aliases.has(image.text);
      if (untagged && image.text !== 'scratch' && !isKnownAlias && !image.text.includes('$')) {
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

/** True when `registry` is one of `trusted` (`*.example.com` matches its sub-domains). */
export function isTrustedRegistry(registry: string, trusted: readonly string[]): boolean {
  return trusted.some((entry) => entry === registry || (entry.startsWith('*.') && registry.endsWith(entry.slice(1))));
}

/** DL3026: FROM (or RUN --mount from=) an image outside `trustedRegistries`. */
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
      // No registry means Docker Hub: allowed when docker.io or hub.docker.com is trusted.
      return !(image.name === 'scratch' || trusted.includes('docker.io') || trusted.includes('hub.docker.com'));
    };
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword === 'FROM' && !instruction.onbuild) {
        const stage = dockerfile.stages[instruction.stageIndex];
        if (stage && untrusted(stage.image.text)) hits.push({ location: instruction.location });
        if (stage?.alias !== undefined) aliases.add(stage.alias);
      }
      if (instruction.keyword === 'RUN') {
        for (const flag of instruction.flags) {
          if (flag.name !== 'mount' || flag.value === null) continue;
          const from = /(?:^|,)from=([^,]+)/.exec(flag.value)?.[1];
          if (from !== undefined && untrusted(from)) hits.push({ location: instruction.location });
        }
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
      const key = stage.alias.toLowerCase();
      if (seen.has(key)) hits.push({ location: stage.from.location });
      seen.add(key);
    }
    return hits;
  },
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
