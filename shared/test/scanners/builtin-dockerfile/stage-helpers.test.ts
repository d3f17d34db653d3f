import { deepStrictEqual, equal, strictEqual } from 'node:assert/strict';
import type { BuildStage, DockerInstruction } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import { parseDockerfile } from '../../../src/scanners/builtin-dockerfile/dockerfile-model';
import {
  SCRATCH,
  baseImageOf,
  dropQuotes,
  mountOptions,
  mountsCacheAt,
  onbuildPasses,
  sameBaseImage,
  stageChain,
} from '../../../src/scanners/builtin-dockerfile/rules/stage-helpers';

/**
 * The helpers the Dockerfile rules share. Expected values follow Docker's
 * documented syntax (`FROM [--platform=…] image[:tag][@digest] [AS name]`,
 * `RUN --mount=type=cache|tmpfs,target=…`, where `dst` and `destination` name
 * the target too and a mount without `type` is a bind) and hadolint's
 * helpers of the same name, not this engine's output.
 */

function onlyInstruction(text: string, keyword: string): DockerInstruction {
  const found = parseDockerfile(text).instructions.filter((instruction) => instruction.keyword === keyword);
  strictEqual(found.length, 1, `one ${keyword} in ${JSON.stringify(text)}`);
  return found[0] as DockerInstruction;
}

function lastStage(text: string): BuildStage | undefined {
  return parseDockerfile(text).stages.at(-1);
}

describe('stage helpers', () => {
  describe('stageChain', () => {
    it('is empty without a stage', () => {
      deepStrictEqual(stageChain(undefined), []);
    });

    it('follows FROM <stage> back to the first image, nearest first', () => {
      const chain = stageChain(lastStage('FROM alpine AS a\nFROM a AS b\nFROM debian AS other\nFROM b AS c\n'));
      deepStrictEqual(
        chain.map((stage) => stage.alias),
        ['c', 'b', 'a'],
      );
    });

    it('stops at a stage built from an image, not from another stage', () => {
      deepStrictEqual(
        stageChain(lastStage('FROM alpine AS a\nFROM alpine AS b\n')).map((stage) => stage.index),
        [1],
      );
    });

    it('stops after 1,000 stages even when the parents loop', () => {
      const looping = { index: 0, alias: 'loop' } as { index: number; alias: string; parent?: unknown };
      looping.parent = looping;
      strictEqual(stageChain(looping as unknown as BuildStage).length, 1000);
    });
  });

  describe('onbuildPasses', () => {
    const keywords = (passes: readonly (readonly DockerInstruction[])[]): string[][] =>
      passes.map((pass) => pass.map((instruction) => instruction.keyword));

    it('makes one pass over a file without ONBUILD', () => {
      deepStrictEqual(keywords(onbuildPasses(parseDockerfile('FROM alpine\nRUN true\nUSER 1\n'))), [
        ['FROM', 'RUN', 'USER'],
      ]);
    });

    it('makes one pass over an empty file', () => {
      deepStrictEqual(keywords(onbuildPasses(parseDockerfile(''))), [[]]);
    });

    it('puts the ONBUILD triggers in a second pass of their own, in file order', () => {
      const dockerfile = parseDockerfile('FROM alpine\nONBUILD RUN a\nUSER 1\nONBUILD COPY . /src\n');
      deepStrictEqual(keywords(onbuildPasses(dockerfile)), [
        ['FROM', 'USER'],
        ['RUN', 'COPY'],
      ]);
    });

    it('splits a file once, however many rules ask', () => {
      const dockerfile = parseDockerfile('FROM alpine\nONBUILD RUN a\n');
      strictEqual(onbuildPasses(dockerfile), onbuildPasses(dockerfile));
    });
  });

  describe('mountOptions', () => {
    it('reads comma-separated key=value options', () => {
      deepStrictEqual(
        mountOptions('type=cache,target=/root/.cache,sharing=locked'),
        new Map([
          ['type', 'cache'],
          ['target', '/root/.cache'],
          ['sharing', 'locked'],
        ]),
      );
    });

    it('gives a bare option an empty value and keeps later = signs in the value', () => {
      deepStrictEqual(
        mountOptions('type=secret,id=a=b,required'),
        new Map([
          ['type', 'secret'],
          ['id', 'a=b'],
          ['required', ''],
        ]),
      );
    });
  });

  describe('mountsCacheAt', () => {
    // [RUN, fragment, whether a cache or tmpfs mount's target contains the fragment]
    const cases: readonly (readonly [string, string, boolean])[] = [
      ['RUN --mount=type=cache,target=/var/cache/apt apt-get update', '/var/cache/apt', true],
      ['RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update', '/var/lib/apt', true],
      ['RUN --mount=type=cache,target=/root/.cache/pip pip install x', '.cache', true],
      // dst and destination name the target too.
      ['RUN --mount=type=cache,dst=/var/cache/apk apk add x', '/var/cache/apk', true],
      ['RUN --mount=type=cache,destination=/var/cache/apk apk add x', '/var/cache/apk', true],
      // Every mount of the RUN counts.
      [
        'RUN --mount=type=bind,target=/src --mount=type=cache,target=/var/cache/apt apt-get update',
        '/var/cache/apt',
        true,
      ],
      ['RUN --mount=type=cache,target=/root/.npm npm ci', '/var/cache/apt', false],
      ['RUN --mount=type=cache apt-get update', '/var/cache/apt', false],
      // Other types; without type a mount is a bind.
      ['RUN --mount=type=bind,target=/var/cache/apt apt-get update', '/var/cache/apt', false],
      ['RUN --mount=type=secret,target=/var/cache/apt apt-get update', '/var/cache/apt', false],
      ['RUN --mount=target=/var/cache/apt apt-get update', '/var/cache/apt', false],
      // A bare --mount, a flag other than --mount, no flag at all.
      ['RUN --mount apt-get update', '/var/cache/apt', false],
      ['RUN --network=type=cache,target=/var/cache/apt apt-get update', '/var/cache/apt', false],
      ['RUN apt-get update', '', false],
    ];
    for (const [run, fragment, expected] of cases) {
      it(`is ${expected} for ${JSON.stringify(fragment)} in ${run}`, () => {
        equal(mountsCacheAt(onlyInstruction(run, 'RUN'), fragment), expected);
      });
    }
  });

  describe('dropQuotes', () => {
    it('removes every quote at either end and none inside', () => {
      strictEqual(dropQuotes('"abc"'), 'abc');
      strictEqual(dropQuotes("'abc'"), 'abc');
      strictEqual(dropQuotes(`"'abc'"`), 'abc');
      strictEqual(dropQuotes('""abc'), 'abc');
      strictEqual(dropQuotes("abc''"), 'abc');
      strictEqual(dropQuotes(`a"b'c`), `a"b'c`);
      strictEqual(dropQuotes('"'), '');
      strictEqual(dropQuotes('abc'), 'abc');
    });
  });

  describe('baseImageOf', () => {
    const fromOf = (text: string) => {
      const dockerfile = parseDockerfile(text);
      const froms = dockerfile.instructions.filter((instruction) => instruction.keyword === 'FROM');
      return baseImageOf(dockerfile, froms.at(-1) as DockerInstruction);
    };

    it('reads image, tag, alias and platform of a FROM', () => {
      deepStrictEqual(fromOf('FROM --platform=linux/amd64 python:3.12-slim AS build\n'), {
        image: { text: 'python:3.12-slim', registry: undefined, name: 'python', tag: '3.12-slim', digest: undefined },
        alias: 'build',
        platform: 'linux/amd64',
      });
    });

    it('reads registry and digest, and leaves alias and platform unset when not given', () => {
      deepStrictEqual(fromOf('FROM ghcr.io/org/app:1.2@sha256:abc\n'), {
        image: {
          text: 'ghcr.io/org/app:1.2@sha256:abc',
          registry: 'ghcr.io',
          name: 'org/app',
          tag: '1.2',
          digest: 'sha256:abc',
        },
        alias: undefined,
        platform: undefined,
      });
    });

    it('reads the FROM of the right stage', () => {
      deepStrictEqual(fromOf('FROM alpine:3.20 AS a\nRUN true\nFROM debian:12 AS b\n').alias, 'b');
    });

    it('gives a bare --platform no platform', () => {
      strictEqual(fromOf('FROM --platform alpine\n').platform, undefined);
    });

    it('reads a FROM inside ONBUILD from its own words, AS in any case', () => {
      deepStrictEqual(fromOf('FROM alpine\nONBUILD FROM node:20 as web\n'), {
        image: { text: 'node:20', registry: undefined, name: 'node', tag: '20', digest: undefined },
        alias: 'web',
        platform: undefined,
      });
      deepStrictEqual(
        fromOf('FROM alpine\nONBUILD FROM --platform=linux/arm64 node:20 AS web\n').platform,
        'linux/arm64',
      );
    });

    it('takes no alias from an ONBUILD FROM without `AS name`', () => {
      strictEqual(fromOf('FROM alpine\nONBUILD FROM node:20 AS\n').alias, undefined);
      strictEqual(fromOf('FROM alpine\nONBUILD FROM node:20 TO web\n').alias, undefined);
      strictEqual(fromOf('FROM alpine\nONBUILD FROM node:20\n').alias, undefined);
    });
  });

  describe('SCRATCH', () => {
    it('is the image scratch with nothing else set', () => {
      deepStrictEqual(SCRATCH, {
        image: { text: 'scratch', registry: undefined, name: 'scratch', tag: undefined, digest: undefined },
        alias: undefined,
        platform: undefined,
      });
    });
  });

  describe('sameBaseImage', () => {
    const image = (from: string) => {
      const dockerfile = parseDockerfile(`${from}\n`);
      return baseImageOf(dockerfile, dockerfile.instructions[0] as DockerInstruction);
    };
    const base = 'FROM --platform=linux/amd64 registry.example/team/app:1@sha256:abc AS build';

    it('is true for the same FROM written twice', () => {
      equal(sameBaseImage(image(base), image(base)), true);
      equal(sameBaseImage(image('FROM scratch'), SCRATCH), true);
    });

    it('is false when any one part differs', () => {
      const variants = [
        'FROM --platform=linux/amd64 registry.other/team/app:1@sha256:abc AS build',
        'FROM --platform=linux/amd64 registry.example/team/web:1@sha256:abc AS build',
        'FROM --platform=linux/amd64 registry.example/team/app:2@sha256:abc AS build',
        'FROM --platform=linux/amd64 registry.example/team/app:1@sha256:def AS build',
        'FROM --platform=linux/amd64 registry.example/team/app:1@sha256:abc AS test',
        'FROM --platform=linux/arm64 registry.example/team/app:1@sha256:abc AS build',
      ];
      deepStrictEqual(
        variants.map((variant) => sameBaseImage(image(base), image(variant))),
        variants.map(() => false),
      );
    });
  });
});
