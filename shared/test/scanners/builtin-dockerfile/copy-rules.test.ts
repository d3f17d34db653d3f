import * as rules from '../../../src/scanners/builtin-dockerfile/rules/copy-rules';
import { ruleTable, wholeReports } from './one-rule';

/**
 * The COPY and ADD rules. hadolint matches these rules on `Copy`/`Add`
 * instructions only, so an ONBUILD trigger (`OnBuild (Copy …)`) is never
 * checked, and an ADD never counts as a COPY. DS005 is this engine's own rule,
 * read from Docker's ADD reference (`--checksum` verifies a remote source).
 */

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('COPY and ADD rules', () => {
  // DL3020.hs: every source of ADD must be an archive (by extension, quotes dropped) or start with http(s)://; one
  // plain file among the sources is enough, wherever it stands; the destination is not a source.
  ruleTable(
    rules.DL3020,
    `
    2 | FROM alpine:3.20 | ADD app.py /app/
    - | FROM alpine:3.20 | ADD app.tar.gz /app/
    - | FROM alpine:3.20 | ADD ["app.tar.xz", "/app/"]
    2 | FROM alpine:3.20 | ADD ["app.py", "/app/"]
    - | FROM alpine:3.20 | ADD https://example.com/tool /usr/local/bin/tool
    - | FROM alpine:3.20 | ADD http://example.com/tool /usr/local/bin/tool
    # A prefix, not anywhere in the path.
    2 | FROM alpine:3.20 | ADD mirror/http://example.com/tool /usr/local/bin/tool
    2 | FROM alpine:3.20 | ADD app.tar.gz app.py /app/
    2 | FROM alpine:3.20 | ADD app.py app.tar.gz /app/
    - | FROM alpine:3.20 | ADD app.tar.gz /app
    - | FROM alpine:3.20 | COPY app.py /app/
    - | FROM alpine:3.20 | ONBUILD ADD app.py /app/
    `,
  );

  // DL3021.hs: more than one source needs a destination ending with / (quotes dropped).
  ruleTable(
    rules.DL3021,
    `
    2 | FROM alpine:3.20 | COPY a.py b.py /app
    - | FROM alpine:3.20 | COPY a.py b.py /app/
    - | FROM alpine:3.20 | COPY a.py b.py "/app/"
    - | FROM alpine:3.20 | COPY a.py /app/a.py
    - | FROM alpine:3.20 | COPY ["a.py", "b.py", "/app/"]
    2 | FROM alpine:3.20 | COPY ["a.py", "b.py", "/app"]
    - | FROM alpine:3.20 | ADD a.py b.py /app
    - | FROM alpine:3.20 | ONBUILD COPY a.py b.py /app
    `,
  );

  // DL3022.hs: an alias of an earlier FROM, an index below the FROMs so far (its leading digits, Read.decimal: `10` is
  // stage ten, `stage1` is a name), or a reference with a `:` (an image with a tag). Only COPY has --from.
  ruleTable(
    rules.DL3022,
    `
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build /a /a
    2 | FROM alpine:3.20 | COPY --from=build /a /a
    - | FROM alpine:3.20 | FROM alpine:3.20 | COPY --from=1 /a /a
    3 | FROM alpine:3.20 | FROM alpine:3.20 | COPY --from=2 /a /a
    3 | FROM alpine:3.20 | FROM alpine:3.20 | COPY --from=10 /a /a
    3 | FROM alpine:3.20 | FROM alpine:3.20 | COPY --from=stage1 /a /a
    - | FROM alpine:3.20 | COPY --from="ghcr.io/astral-sh/uv:0.4.0" /uv /bin/
    - | FROM alpine:3.20 | COPY --chown=10001 app.py /app/
    - | FROM alpine:3.20 | ADD --from=nowhere /a /a
    - | FROM alpine:3.20 | ONBUILD COPY --from=nowhere /a /a
    `,
  );

  // DL3023.hs: --from naming the alias of the stage the COPY is in.
  ruleTable(
    rules.DL3023,
    `
    2 | FROM alpine:3.20 AS app | COPY --from=app /a /b
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 AS app | COPY --from=build /a /b
    - | FROM alpine:3.20 | COPY app.py /app/
    - | FROM alpine:3.20 AS app | ADD --from=app /a /b
    - | FROM alpine:3.20 AS app | ONBUILD COPY --from=app /a /b
    `,
  );

  // Docker's ADD: an http(s) source is fetched at build time; --checksum=<digest> verifies it, a bare or empty one
  // verifies nothing. Any one remote source among local ones counts. A git URL pinned to a full commit hash is fixed
  // by that hash; a short hash is a prefix a later commit may share, and a one-character ref is no commit at all.
  ruleTable(
    rules.DS005,
    `
    2 | FROM alpine:3.20 | ADD https://example.com/tool.tar.gz /opt/
    2 | FROM alpine:3.20 | ADD http://example.com/tool.tar.gz /opt/
    - | FROM alpine:3.20 | ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48 https://example.com/t /opt/
    2 | FROM alpine:3.20 | ADD --checksum https://example.com/tool.tar.gz /opt/
    2 | FROM alpine:3.20 | ADD --checksum= https://example.com/tool.tar.gz /opt/
    2 | FROM alpine:3.20 | ADD --chown=10001 https://example.com/tool.tar.gz /opt/
    2 | FROM alpine:3.20 | ADD checksums.txt https://example.com/tool.tar.gz /opt/
    2 | FROM alpine:3.20 | ADD ["https://example.com/tool.tar.gz", "/opt/"]
    - | FROM alpine:3.20 | ADD tool.tar.gz /opt/
    - | FROM alpine:3.20 | ADD tool.tar.gz http://example.com/
    - | FROM alpine:3.20 | COPY https://example.com/tool.tar.gz /opt/
    - | FROM alpine:3.20 | ADD https://github.com/moby/buildkit.git#${COMMIT} /src
    - | FROM alpine:3.20 | ADD https://github.com/moby/buildkit.git#${COMMIT}:docs /src
    2 | FROM alpine:3.20 | ADD https://github.com/moby/buildkit.git#v0.12.0 /src
    2 | FROM alpine:3.20 | ADD https://github.com/moby/buildkit.git#0123456 /src
    2 | FROM alpine:3.20 | ADD https://github.com/moby/buildkit.git#f /src
    `,
  );

  // DL3067.hs: a COPY --from (any stage or image) with `/` among its sources and `/` as its destination.
  ruleTable(
    rules.DL3067,
    `
    3 | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build / /
    3 | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build "/" "/"
    3 | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build /etc / /
    3 | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build / /etc /
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build / /app
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build /app /
    - | FROM alpine:3.20 | COPY / /
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 | ADD --from=build / /
    - | FROM alpine:3.20 AS build | FROM alpine:3.20 | ONBUILD COPY --from=build / /
    `,
  );

  // DL3045.hs: a relative COPY destination (the last word) needs a WORKDIR in this stage, or in the stage it is built
  // FROM, looked up by name (alias, else image); a WORKDIR before the first FROM does not carry into it. Absolute:
  // /…, $…, or a drive and its root (`C:\`, `C:/`); `C:app` is relative to the drive's current folder.
  ruleTable(
    rules.DL3045,
    `
    2 | FROM alpine:3.20 | COPY app.py app/
    - | FROM alpine:3.20 | WORKDIR /srv | COPY app.py app/
    - | FROM alpine:3.20 | COPY app.py /app/
    - | FROM alpine:3.20 | COPY app.py $APP_HOME
    - | FROM alpine:3.20 | COPY app.py "/app/"
    - | FROM alpine:3.20 | COPY app.py C:\\app
    - | FROM alpine:3.20 | COPY app.py c:/app
    2 | FROM alpine:3.20 | COPY app.py C:app
    - | FROM alpine:3.20 | COPY a.py b.py /app/
    - | FROM alpine:3.20 AS base | WORKDIR /app | FROM base AS test | COPY a.py b/
    4 | FROM alpine:3.20 AS base | WORKDIR /app | FROM debian:12 AS test | COPY a.py b/
    3 | WORKDIR /app | FROM alpine:3.20 | COPY a.py b/
    `,
  );

  // DL3010.hs: an archive COPYed (not --from) in this stage, then extracted by tar -x/--extract/--get or an unpacking
  // command naming the same file (basename, quotes dropped); reported at the COPY, once. Its "-x" test is any word
  // starting with "-" that holds an "x" (so `--exclude=…` too), and each FROM resets its state, findings included:
  // only the last stage's are reported.
  ruleTable(
    rules.DL3010,
    `
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar --extract -f /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar --get -f /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -czf /tmp/app.tar.gz /src
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar --exclude=x -cf /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar --create -f /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN cat /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/other.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -czf /tmp/app.tar.gz /srv/box
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN cp -x /tmp/app.tar.gz /srv/
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | CMD tar -xzf /tmp/app.tar.gz
    # .zip is not among hadolint's archive extensions.
    - | FROM alpine:3.20 | COPY app.zip /tmp/ | RUN unzip /tmp/app.zip
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN unzip /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN gunzip /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN bunzip2 /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN unlzma /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN unxz /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN zgz /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN uncompress /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN zcat /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN gzcat /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz && gunzip -k /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY app.py app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz
    2 | FROM alpine:3.20 | COPY build/app.tar.gz /tmp/app.tgz | RUN tar -xzf /tmp/app.tgz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | ONBUILD RUN tar -xzf /tmp/app.tar.gz
    - | FROM alpine:3.20 | ONBUILD COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz
    - | FROM alpine:3.20 AS build | COPY --from=build app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | FROM alpine:3.20 | RUN tar -xzf /tmp/app.tar.gz
    - | FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz | FROM alpine:3.20
    5 | FROM alpine:3.20 | COPY a.tar /tmp/ | RUN tar -xf /tmp/a.tar | FROM alpine:3.20 | COPY b.tar /tmp/ | RUN tar -xf /tmp/b.tar
    `,
  );

  wholeReports(
    rules,
    `
    FROM alpine:3.20 | ADD app.py /app/
    DL3020 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3020 Use COPY for local files and folders; ADD is only worth it for unpacking local archives.
    FROM alpine:3.20 | COPY a.py b.py /app
    DL3021 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3021 When COPY has more than one source, the destination must be a folder ending with /.
    FROM alpine:3.20 | COPY --from=build /a /a
    DL3022 warning line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3022 COPY --from should name a stage defined earlier with FROM … AS (or an image with a tag).
    FROM alpine:3.20 AS app | COPY --from=app /a /b
    DL3023 error line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3023 COPY --from cannot copy from the stage it is in.
    FROM alpine:3.20 | ADD https://example.com/tool.tar.gz /opt/
    DS005 warning line 2 cwe 494 https://docs.docker.com/reference/dockerfile/#add---checksum ADD downloads a URL without --checksum, so the image gets whatever the server sends: add --checksum=sha256:… (or download and verify in RUN).
    FROM alpine:3.20 AS build | FROM alpine:3.20 | COPY --from=build / /
    DL3067 warning line 3 cwe - https://github.com/hadolint/hadolint/wiki/DL3067 Do not copy a whole filesystem (/) from another stage into /; copy only what the image needs.
    FROM alpine:3.20 | COPY app.py app/
    DL3045 warning line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3045 COPY to a relative destination needs a WORKDIR first; otherwise the target folder is whatever the base image left.
    FROM alpine:3.20 | COPY app.tar.gz /tmp/ | RUN tar -xzf /tmp/app.tar.gz
    DL3010 info line 2 cwe - https://github.com/hadolint/hadolint/wiki/DL3010 This archive is copied and then unpacked with RUN: ADD unpacks local archives in one layer.
    `,
  );
});
