import * as rules from '../../../src/scanners/builtin-dockerfile/rules/instruction-rules';
import { ruleTable, wholeReports } from './one-rule';

/**
 * The rules about single instructions (WORKDIR, EXPOSE, CMD, ENV, …), read
 * from hadolint's rule sources. Each matches a plain instruction, so an
 * ONBUILD trigger is not checked, except by DL3043, which is about triggers.
 */
describe('instruction rules', () => {
  // DL3000.hs: absolute is /…, $…, or a letter and a colon (quotes dropped).
  ruleTable(
    rules.DL3000,
    `
    2 | FROM debian:12 | WORKDIR app
    - | FROM debian:12 | WORKDIR /app
    - | FROM debian:12 | WORKDIR "/app"
    - | FROM debian:12 | WORKDIR $HOME/app
    - | FROM debian:12 | WORKDIR C:\\app
    2 | FROM debian:12 | WORKDIR app:v2
    - | FROM debian:12 | ONBUILD WORKDIR app
    `,
  );

  // DL3011.hs: a port, or either end of a range, above 65535; a protocol suffix does not count; variables are not
  // ports until build time.
  ruleTable(
    rules.DL3011,
    `
    2 | FROM debian:12 | EXPOSE 65536
    - | FROM debian:12 | EXPOSE 65535
    - | FROM debian:12 | EXPOSE 0
    2 | FROM debian:12 | EXPOSE 80/tcp 70000/udp
    2 | FROM debian:12 | EXPOSE 70000/TCP
    2 | FROM debian:12 | EXPOSE 8000-70000
    - | FROM debian:12 | EXPOSE 80 443
    - | FROM debian:12 | EXPOSE $PORT
    - | FROM debian:12 | USER 100000
    - | FROM debian:12 | ONBUILD EXPOSE 70000
    `,
  );

  // DL3012.hs, DL4003.hs, DL4004.hs: the second and later HEALTHCHECK / CMD / ENTRYPOINT of a stage.
  ruleTable(
    rules.DL3012,
    `
    3 | FROM debian:12 | HEALTHCHECK NONE | HEALTHCHECK CMD true
    - | FROM debian:12 | HEALTHCHECK NONE | FROM debian:12 | HEALTHCHECK NONE
    `,
  );
  ruleTable(
    rules.DL4003,
    `
    4,5 | FROM debian:12 | CMD ["a"] | RUN b | CMD ["c"] | CMD ["d"]
    - | FROM debian:12 | RUN a | RUN b | ENTRYPOINT ["c"] | ENTRYPOINT ["d"]
    - | FROM debian:12 | ONBUILD CMD ["a"] | CMD ["b"]
    `,
  );
  ruleTable(
    rules.DL4004,
    `
    3 | FROM debian:12 | ENTRYPOINT ["a"] | ENTRYPOINT ["b"]
    - | FROM debian:12 | CMD ["a"] | CMD ["b"]
    `,
  );

  // DL3025.hs: CMD, ENTRYPOINT and HEALTHCHECK CMD in the shell form (not a JSON array of strings).
  ruleTable(
    rules.DL3025,
    `
    2 | FROM debian:12 | CMD serve --port 80
    2 | FROM debian:12 | ENTRYPOINT serve --port 80
    - | FROM debian:12 | CMD ["serve", "--port", "80"]
    - | FROM debian:12 | ENTRYPOINT ["serve", "--port", "80"]
    2 | FROM debian:12 | HEALTHCHECK --interval=30s CMD curl -f http://localhost/
    - | FROM debian:12 | HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]
    - | FROM debian:12 | HEALTHCHECK NONE
    - | FROM debian:12 | ENV CMD serve
    - | FROM debian:12 | RUN serve --port 80
    - | FROM debian:12 | ONBUILD CMD serve
    `,
  );

  // DL3043.hs: ONBUILD ONBUILD, ONBUILD FROM, ONBUILD MAINTAINER.
  ruleTable(
    rules.DL3043,
    `
    2 | FROM debian:12 | ONBUILD ONBUILD RUN make
    2 | FROM debian:12 | ONBUILD FROM debian:12
    2 | FROM debian:12 | ONBUILD MAINTAINER someone
    - | FROM debian:12 | ONBUILD RUN make
    - | FROM debian:12 | MAINTAINER someone
    `,
  );

  // DL3044.hs: a pair's value refers to another pair of the same ENV ($NAME or ${NAME}, not $NAMEsuffix), and no
  // earlier ENV or ARG defined it. Only ENV.
  ruleTable(
    rules.DL3044,
    `
    2 | FROM debian:12 | ENV A=1 B=$A/bin
    2 | FROM debian:12 | ENV A=1 B=\${A}
    - | FROM debian:12 | ENV A=1 B=$AB/bin
    2 | FROM debian:12 | ENV A=1 B="$AB:$A/bin"
    - | FROM debian:12 | ENV A=$A:1
    - | FROM debian:12 | ENV A=0 | ENV A=1 B=$A/bin
    - | FROM debian:12 | ARG A | ENV A=1 B=$A/bin
    - | FROM debian:12 | LABEL a=1 b=$a/bin
    - | FROM debian:12 | ONBUILD ENV A=1 B=$A/bin
    `,
  );

  // DL4000.hs: MAINTAINER.
  ruleTable(
    rules.DL4000,
    `
    2 | FROM debian:12 | MAINTAINER someone
    - | FROM debian:12 | ONBUILD MAINTAINER someone
    `,
  );

  // DL3057.hs (with recurseGood): stages without a HEALTHCHECK. A HEALTHCHECK also clears every stage (of that name)
  // its stage is built from, and a stage built from a good one is good.
  ruleTable(
    rules.DL3057,
    `
    1 | FROM debian:12
    1 | FROM debian:12 | RUN make | EXPOSE 80
    1 | FROM debian:12 | ONBUILD HEALTHCHECK NONE
    2 | HEALTHCHECK NONE | FROM debian:12
    - | FROM debian:12 AS a | HEALTHCHECK NONE | FROM a AS b | HEALTHCHECK NONE
    - | FROM debian:12 | FROM debian:12 | FROM debian:12 AS app | HEALTHCHECK NONE
    `,
  );

  // DL1001.hs: every inline ignore pragma, at its comment's line.
  ruleTable(
    rules.DL1001,
    `
    2 | FROM debian:12 | # hadolint ignore=DL3008 | RUN apt-get install -y curl
    - | FROM debian:12 | # hadolint shell=bash | RUN true
    `,
  );

  wholeReports(
    rules,
    `
    FROM debian:12 | WORKDIR app
    DL3000 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3000 Use an absolute path in WORKDIR; a relative one depends on the previous WORKDIR.
    FROM debian:12 | EXPOSE 65536
    DL3011 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3011 EXPOSE a valid port: UNIX ports range from 0 to 65535.
    FROM debian:12 | HEALTHCHECK NONE | HEALTHCHECK NONE
    DL3012 error line 3 cwe - https://github.com/hadolint/hadolint/wiki/DL3012 Only one HEALTHCHECK per stage takes effect: keep one.
    FROM debian:12 | CMD ["a"] | CMD ["b"]
    DL4003 warning line 3 cwe - https://github.com/hadolint/hadolint/wiki/DL4003 Only the last CMD in a stage takes effect: keep one.
    FROM debian:12 | ENTRYPOINT ["a"] | ENTRYPOINT ["b"]
    DL4004 error line 3 cwe - https://github.com/hadolint/hadolint/wiki/DL4004 Only the last ENTRYPOINT in a stage takes effect: keep one.
    FROM debian:12 | CMD serve
    DL3025 warning line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3025 Write CMD and ENTRYPOINT in JSON (exec) form, ["program", "arg"], so signals reach the process.
    FROM debian:12 | ONBUILD FROM debian:12
    DL3043 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3043 ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.
    FROM debian:12 | ENV A=1 B=$A/bin
    DL3044 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3044 Do not use a variable in the same ENV instruction that defines it: Docker expands it to the old value.
    FROM debian:12 | MAINTAINER someone
    DL4000 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL4000 MAINTAINER is deprecated: use LABEL maintainer="name <email>" instead.
    FROM debian:12
    DL3057 ignore line 1 cwe - https://github.com/hadolint/hadolint/wiki/DL3057 The image defines no HEALTHCHECK: add one so orchestrators can tell when it is unhealthy.
    FROM debian:12 | # hadolint ignore=DL3008 | RUN apt-get install -y curl
    DL1001 ignore line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL1001 Avoid inline "# hadolint ignore=" pragmas; configure exceptions in .hadolint.yaml instead.
    `,
  );
});
