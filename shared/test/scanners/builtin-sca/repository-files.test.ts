import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../../src/process/process-runner';
import { MAX_REQUIREMENTS_FILE_BYTES } from '../../../src/scanners/builtin-sca/builtin-sca-scanner';
import { MAX_REQUIREMENT_LINES } from '../../../src/scanners/builtin-sca/requirements-file';
import { useScaRepository } from './sca-repository';
import type { ScannerOutcome } from '../../../src/scanners/scanner';

/** Each finding as [file, line, column, the version the file pins]. */
function pinsFound(outcome: ScannerOutcome): unknown[][] {
  return outcome.findings.map((finding) => [
    finding.location.path,
    finding.location.line,
    finding.location.column,
    finding.properties?.['installedVersion'],
  ]);
}

/*
 * A cloned repository is hostile: requirements files and their -r/-c includes are read only inside the repository.
 * An include through a linked folder (`-r ../sysetc/passwd`) or into /proc once echoed every
 * line of the outside file into the notes; now it is refused with one line naming the include,
 * and the manifest is listed as unscanned. So is a manifest that is a FIFO, a link out, or too large.
 */
describe('built-in SCA scanner on files it must not read', function () {
  this.timeout(30_000);
  const ignoreHint = 'or add it to `ignore` in .devsecops.yml to leave it out on purpose.';
  const repository = useScaRepository({
    prefix: 'sca-files-',
    advisories: [{ id: 'PYSEC-1', package: 'web-kit', events: [[{ introduced: '0' }, { fixed: '2.0' }]] }],
    besides: ['etc'],
  });
  beforeEach(() => {
    // Lines that would each become a note ("not a requirement") if the file were ever parsed.
    writeFileSync(
      join(repository().beside('etc'), 'passwd'),
      'CANARY-root:x:0:0:root:/root:/bin/bash\nCANARY-daemon:x:1:1\n',
    );
  });

  it('refuses an include through a linked folder or into /proc in one line, and lists the manifest as unscanned', async () => {
    symlinkSync('../etc', join(repository().root, 'sysetc'));
    symlinkSync('/proc/self', join(repository().root, 'proc'));
    repository().write(
      'app/requirements.txt',
      'web-kit==1.3\n-r ../sysetc/passwd\n-c ../proc/environ\n-r /proc/self/environ\n',
    );

    const outcome = await repository().scan();

    strictEqual(JSON.stringify(outcome).includes('CANARY'), false, 'nothing of the outside file appears');
    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.location.line, finding.ruleId]),
      [['app/requirements.txt', 1, 'PYSEC-1']],
      'what could be read is still checked',
    );
    const outsideLink = (name: string): string =>
      `${name} is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it.`;
    const tool = outcome.tools[0];
    deepStrictEqual(tool?.notes, [
      `app/requirements.txt:2:1: ../sysetc/passwd (included here) was not read: ${outsideLink('sysetc/passwd')}`,
      `app/requirements.txt:3:1: ../proc/environ (included here) was not read: ${outsideLink('proc/environ')}`,
      'app/requirements.txt:4:1: /proc/self/environ is an absolute path, outside the repository; not read.',
    ]);
    deepStrictEqual(tool.unscanned, [
      {
        path: 'app/requirements.txt',
        reason: `Not every file it includes was read, so their requirements are not checked. app/requirements.txt:2: ../sysetc/passwd (included here) was not read: ${outsideLink('sysetc/passwd')} 2 more includes were not read either. Fix the include, or add app/requirements.txt to \`ignore\` in .devsecops.yml to leave it out on purpose.`,
      },
    ]);
  });

  it('reads a requirements file and its includes written as UTF-16 with a byte order mark, as pip and uv do', async () => {
    // What Windows PowerShell 5 writes for `pip freeze > requirements.txt`; read as UTF-8 it was all NULs and notes.
    const utf16be = (text: string): Buffer => Buffer.from(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16());
    writeFileSync(
      join(repository().root, 'requirements.txt'),
      Buffer.from('\uFEFFflask==2.0\r\nweb-kit==1.3\r\n-r base.txt\r\n', 'utf16le'),
    );
    writeFileSync(join(repository().root, 'base.txt'), utf16be('# base\nweb-kit==1.4\n'));

    const outcome = await repository().scan();

    deepStrictEqual(pinsFound(outcome), [
      ['base.txt', 2, 1, '1.4'],
      ['requirements.txt', 2, 1, '1.3'],
    ]);
    deepStrictEqual(outcome.tools[0]?.notes, undefined);
  });

  it('reads a requirements file written as UTF-32 big-endian with a byte order mark, as pip does (attack: a pin hidden from the scan)', async () => {
    // pip's auto_decode tries the UTF-16 marks first, then UTF-32's: 00 00 FE FF is UTF-32-BE, and pip installs
    // what it says. A file that starts FF FE 00 00 (UTF-32-LE) is read by pip as UTF-16-LE, NULs and all.
    const utf32be = (text: string): Buffer => {
      const units: Buffer[] = [];
      for (const char of `\uFEFF${text}`) {
        const unit = Buffer.alloc(4);
        unit.writeUInt32BE(char.codePointAt(0) ?? 0);
        units.push(unit);
      }
      return Buffer.concat(units);
    };
    writeFileSync(join(repository().root, 'requirements.txt'), utf32be('flask==2.0\nweb-kit==1.3\n'));

    const outcome = await repository().scan();

    deepStrictEqual(pinsFound(outcome), [['requirements.txt', 2, 1, '1.3']]);
    deepStrictEqual(outcome.tools[0]?.notes, undefined);
  });

  it('reads a requirements file in the encoding its first lines declare, as pip does, and refuses one it cannot read so', async () => {
    // ISO-8859-1: byte 0x85 is NEL, a line break to Python's splitlines, so pip installs both pins.
    writeFileSync(
      join(repository().root, 'requirements.txt'),
      Buffer.from('# -*- coding: latin-1 -*-\nweb-kit==1.3\u0085web-kit==1.4\n', 'latin1'),
    );
    // UTF-8 declared (the usual case) reads as without a declaration; so does a declaration on line 3, which pip ignores.
    repository().write('requirements-dev.txt', '#!/usr/bin/env pip\n# vim: set fileencoding=utf-8 :\nweb-kit==1.5\n');
    repository().write('requirements-ci.txt', '\n\n# coding: utf-7\nweb-kit==1.6\n');
    // UTF-7: pip reads "+AHc-eb-kit==1.7" as web-kit==1.7; read as UTF-8 it is no requirement at all.
    repository().write('requirements-prod.txt', '# coding: utf-7\n+AHc-eb-kit==1.7\n');

    const outcome = await repository().scan();

    deepStrictEqual(pinsFound(outcome), [
      ['requirements-ci.txt', 4, 1, '1.6'],
      ['requirements-dev.txt', 3, 1, '1.5'],
      // Both on the editor's line 2: editors do not break a line at NEL, pip does (its line 3).
      ['requirements.txt', 2, 1, '1.3'],
      ['requirements.txt', 2, 14, '1.4'],
    ]);
    deepStrictEqual(outcome.tools[0]?.unscanned, [
      {
        path: 'requirements-prod.txt',
        reason: `requirements-prod.txt declares the encoding "utf-7" on its first lines: pip reads it in that encoding, which this scanner does not: not read. Save it as UTF-8 and remove the declaration, ${ignoreHint}`,
      },
    ]);
  });

  it('lists a requirements file longer than the line cap as not fully scanned, saying where reading stopped', async () => {
    repository().write('requirements.txt', `web-kit==1.3\n${'?\n'.repeat(MAX_REQUIREMENT_LINES)}`);

    const outcome = await repository().scan();

    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.location.line]),
      [['requirements.txt', 1]],
    );
    const tool = outcome.tools[0];
    deepStrictEqual(tool?.unscanned, [
      {
        path: 'requirements.txt',
        // The filler lines are not requirements pip reads either: both are said, the refusal first.
        reason: `pip refuses to install from it, so its requirements are checked as written, not as installed. requirements.txt:2: pip refuses this file: "?" is not a requirement pip accepts; fix the line. Until then pip installs nothing from it. 249998 more lines are refused too. Not all of it was read either: requirements.txt:250001: More than 250000 requirement lines are read in one scan (of a file and what it includes), to bound memory; this line and the rest of the file are not checked. Split the file. To leave it out on purpose, add requirements.txt to \`ignore\` in .devsecops.yml.`,
      },
    ]);
  });

  it('lists a manifest that links to /dev/zero or outside, is a FIFO, or is over the size limit as unscanned, without reading it', async () => {
    symlinkSync('/dev/zero', join(repository().root, 'requirements.txt'));
    symlinkSync('../etc/passwd', join(repository().root, 'requirements-prod.txt'));
    const fifo = await runProcess({
      command: 'mkfifo',
      args: [join(repository().root, 'requirements-dev.txt')],
      timeoutMs: 10_000,
    });
    strictEqual(fifo.exitCode, 0, fifo.stderr);
    // Sparse: the size says 32 MB + 1 without writing it, and the reader refuses it by its size alone.
    repository().write('requirements/huge.txt', 'web-kit==1.3\n');
    truncateSync(join(repository().root, 'requirements', 'huge.txt'), MAX_REQUIREMENTS_FILE_BYTES + 1);
    repository().write('requirements/base.txt', 'web-kit==1.4\n');
    symlinkSync('base.txt', join(repository().root, 'requirements', 'linked.txt'));

    const started = Date.now();
    const outcome = await repository().scan();

    strictEqual(Date.now() - started < 20_000, true, 'nothing blocked');
    strictEqual(JSON.stringify(outcome).includes('CANARY'), false);
    deepStrictEqual(
      outcome.findings.map((finding) => [finding.location.path, finding.ruleId]),
      [
        ['requirements/base.txt', 'PYSEC-1'],
        ['requirements/linked.txt', 'PYSEC-1'],
      ],
    );
    const outside = (name: string): string =>
      `${name} is a symbolic link (or lies behind one) to outside the repository: not read. Keep the file itself inside the repository rather than a link to it, ${ignoreHint}`;
    deepStrictEqual(outcome.tools[0]?.unscanned, [
      {
        path: 'requirements-dev.txt',
        reason: `requirements-dev.txt is a named pipe (FIFO), not a regular file: not read. Replace it with a regular file, ${ignoreHint}`,
      },
      { path: 'requirements-prod.txt', reason: outside('requirements-prod.txt') },
      { path: 'requirements.txt', reason: outside('requirements.txt') },
      {
        path: 'requirements/huge.txt',
        reason: `requirements/huge.txt is larger than 32 MB (33,554,433 bytes): not read. Make it smaller, ${ignoreHint}`,
      },
    ]);
    strictEqual(outcome.tools[0].status, 'ok');
  });
});
