import * as rules from '../../../src/scanners/builtin-dockerfile/rules/image-rules';
import { ruleTable, wholeReports } from './one-rule';

/**
 * The base-image and stage rules, read from hadolint's rule sources: each
 * matches a plain `From` (or `Copy`, `Run`) instruction, so ONBUILD triggers are
 * never checked.
 */

const DIGEST = 'sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb';
const TRUSTED = { trustedRegistries: ['registry.example.com'] };

describe('base image and stage rules', () => {
  // DL3006.hs: no tag and no digest, unless `scratch` or the alias of an earlier stage.
  ruleTable(
    rules.DL3006,
    `
    1 | FROM debian
    - | FROM debian:12
    - | FROM debian@${DIGEST}
    - | FROM scratch
    - | FROM debian:12 AS build | FROM build
    1 | FROM build | FROM debian:12 AS build
    `,
  );

  // DL3007.hs: the tag `latest`, unless a digest pins the image.
  ruleTable(
    rules.DL3007,
    `
    1 | FROM debian:latest
    - | FROM debian:12
    - | FROM debian
    - | FROM debian:latest@${DIGEST}
    `,
  );

  // DL3026.hs (hadolint 2.15): FROM, COPY --from and the from= of a cache or bind mount. No list trusts everything;
  // `scratch` and earlier aliases are always trusted; Docker Hub images are trusted when `docker.io` or
  // `hub.docker.com` is. RUN --mount: bind is the default type; a cache or bind mount without from= mounts from
  // scratch; other mount types take no image; each of several mounts is checked; a bare --mount names nothing.
  ruleTable(rules.DL3026, '- | FROM ghcr.io/org/app:1');
  ruleTable(
    rules.DL3026,
    `
    - | FROM registry.example.com/base:1
    1 | FROM ghcr.io/org/app:1
    # Equal, not a prefix: a look-alike host is another registry.
    1 | FROM registry.example.com.attacker.net/base:1
    1 | FROM alpine:3.20
    - | FROM scratch
    - | FROM registry.example.com/base:1 AS build | FROM build
    - | FROM registry.example.com/base:1 | COPY app.py /app/
    - | FROM registry.example.com/base:1 | COPY --chown=10001 app.py /app/
    2 | FROM registry.example.com/base:1 | COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/
    - | FROM registry.example.com/base:1 | ONBUILD COPY --from=ghcr.io/org/tool:1 /t /t
    2 | FROM registry.example.com/base:1 | RUN --mount=from=ghcr.io/org/src:1,target=/s make
    2 | FROM registry.example.com/base:1 | RUN --mount=type=bind,from=ghcr.io/org/src:1,target=/s make
    - | FROM registry.example.com/base:1 | RUN --mount=type=cache,target=/root/.cache make
    - | FROM registry.example.com/base:1 | RUN --mount=type=secret,id=token,from=ghcr.io/org/src:1 make
    2 | FROM registry.example.com/base:1 | RUN --mount=type=cache,target=/c --mount=type=bind,from=ghcr.io/o/s:1,target=/s make
    - | FROM registry.example.com/base:1 | RUN --network=none make
    - | FROM registry.example.com/base:1 | RUN --mount make
    `,
    TRUSTED,
  );
  // A pattern matches a registry when equal, `*`, `*suffix` or `prefix*`; an empty pattern matches none.
  ruleTable(rules.DL3026, '- | FROM mirror.example.com/base:1', { trustedRegistries: ['mirror.*'] });
  ruleTable(rules.DL3026, '1 | FROM malicious.example.com/base:1', { trustedRegistries: ['mirror.*'] });
  ruleTable(rules.DL3026, '- | FROM registry.example.com/base:1', { trustedRegistries: ['*.example.com'] });
  ruleTable(rules.DL3026, '1 | FROM registry.example.org/base:1', { trustedRegistries: ['*.example.com'] });
  ruleTable(rules.DL3026, '1 | FROM ghcr.io/org/app:1', { trustedRegistries: ['', 'registry.example.com'] });
  ruleTable(rules.DL3026, '- | FROM alpine:3.20', { trustedRegistries: ['docker.io'] });
  ruleTable(rules.DL3026, '- | FROM alpine:3.20', { trustedRegistries: ['hub.docker.com'] });

  // DL3029.hs: any --platform value, except BuildKit's $BUILDPLATFORM / $TARGETPLATFORM (and an empty one).
  ruleTable(
    rules.DL3029,
    `
    1 | FROM --platform=linux/amd64 debian:12
    - | FROM --platform=$BUILDPLATFORM debian:12
    - | FROM --platform=\${TARGETPLATFORM} debian:12
    - | FROM --platform= debian:12
    - | FROM --platform debian:12
    - | FROM debian:12
    `,
  );

  // DL3065.hs: --platform set to exactly $TARGETPLATFORM or ${TARGETPLATFORM}.
  ruleTable(
    rules.DL3065,
    `
    1 | FROM --platform=$TARGETPLATFORM debian:12
    - | FROM --platform=$BUILDPLATFORM debian:12
    - | FROM --platform=linux/amd64 debian:12
    `,
  );

  // DL3024.hs: an alias already used by an earlier stage; stages without an alias never clash.
  ruleTable(
    rules.DL3024,
    `
    2 | FROM debian:12 AS build | FROM debian:12 AS build
    - | FROM debian:12 AS build | FROM debian:12 AS test
    - | FROM debian:12 | FROM debian:12
    `,
  );

  // DL3063.hs: a stage named `scratch` or `context`.
  ruleTable(
    rules.DL3063,
    `
    1 | FROM debian:12 AS context
    - | FROM debian:12
    `,
  );

  // DL3061.hs: anything but FROM, ARG or a comment before the first FROM (an ONBUILD ARG is an ONBUILD).
  ruleTable(
    rules.DL3061,
    `
    1 | LABEL a=b | FROM debian:12
    - | # comment | ARG V=12 | FROM debian:$V | LABEL a=b
    1 | ONBUILD ARG V=12 | FROM debian:12
    `,
  );

  wholeReports(
    rules,
    `
    FROM debian
    DL3006 warning line 1 cwe 1357 https://github.com/hadolint/hadolint/wiki/DL3006 Tag the base image with an explicit version: without a tag every build can pull a different image.
    FROM debian:latest
    DL3007 warning line 1 cwe 1357 https://github.com/hadolint/hadolint/wiki/DL3007 Do not build on the "latest" tag: it moves when the image is updated. Pin a release tag or a digest.
    FROM --platform=linux/amd64 debian:12
    DL3029 warning line 1 cwe - https://github.com/hadolint/hadolint/wiki/DL3029 Do not hard-code --platform in FROM; let the builder choose, or use $BUILDPLATFORM/$TARGETPLATFORM.
    FROM --platform=$TARGETPLATFORM debian:12
    DL3065 warning line 1 cwe - https://github.com/hadolint/hadolint/wiki/DL3065 FROM --platform=$TARGETPLATFORM does nothing: that is already the default. Remove the flag.
    FROM debian:12 AS build | FROM debian:12 AS build
    DL3024 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3024 Stage names given with FROM … AS must be unique.
    FROM debian:12 AS scratch
    DL3063 warning line 1 cwe - https://github.com/hadolint/hadolint/wiki/DL3063 Do not name a stage "scratch" or "context": those names are reserved.
    LABEL a=b | FROM debian:12
    DL3061 error line 1 cwe - https://github.com/hadolint/hadolint/wiki/DL3061 A Dockerfile must start with FROM (ARG and comments may come before it).
    `,
  );
  wholeReports(
    rules,
    `
    FROM ghcr.io/org/app:1
    DL3026 error line 1 cwe 829 https://github.com/hadolint/hadolint/wiki/DL3026 Use base images only from the registries listed in trustedRegistries.
    `,
    TRUSTED,
  );
});
