import { ok, rejects, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { loadPipelineDefinition } from '../../src/pipeline/pipeline-definition';
import { runProcess } from '../../src/process/process-runner';
import { yamlAliasBomb } from './yaml-alias-bomb';

/*
 * A definition comes from the repository, so it is hostile: `buildspec: ../../../../etc/shadow` was once read and echoed line by line in the error.
 * Buildspecs are read only inside the definition's folder, and a parse error quotes a bounded excerpt.
 */
describe('loadPipelineDefinition on hostile definitions', () => {
  let base: string;
  let folder: string;
  const secret = 'CANARY-shadow-line';

  const definition = (buildspec: string): string =>
    `version: 1\nstages:\n  - name: checks\n    actions:\n      - name: sca\n        buildspec: ${buildspec}\n`;

  /** The error's message and detail together: everything a user (or a log) would see. */
  async function failure(path: string): Promise<{ code: string; text: string }> {
    try {
      await loadPipelineDefinition(path);
    } catch (error) {
      if (!isDevsecopsError(error)) throw error;
      return { code: error.code, text: `${error.message}\n${error.detail ?? ''}` };
    }
    throw new Error('expected the definition to be refused');
  }

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'pipeline-definition-'));
    folder = join(base, 'repo', 'pipeline');
    mkdirSync(folder, { recursive: true });
    mkdirSync(join(base, 'etc'));
    // Valid YAML on purpose: were it read, the buildspec checker would quote its keys.
    writeFileSync(join(base, 'etc', 'shadow'), `${secret}: x\n`.repeat(50));
  });
  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('refuses a buildspec path that leaves the definition folder, without reading or quoting it', async () => {
    writeFileSync(join(folder, 'pipeline.yml'), definition('../../etc/shadow'));
    const { code, text } = await failure(join(folder, 'pipeline.yml'));
    strictEqual(code, 'FILE_UNREADABLE');
    strictEqual(
      text,
      `${join(folder, 'pipeline.yml')}: stages[0].actions[0] (sca): its buildspec ../../etc/shadow is outside the pipeline definition's folder (${folder}): not read. Keep it inside the pipeline definition's folder (${folder}).\n`,
    );
  });

  it('refuses a buildspec that is a link out of the folder or a FIFO', async () => {
    mkdirSync(join(folder, 'buildspecs'));
    symlinkSync('../../../etc/shadow', join(folder, 'buildspecs', 'sca.yml'));
    writeFileSync(join(folder, 'pipeline.yml'), definition('buildspecs/sca.yml'));
    const linked = await failure(join(folder, 'pipeline.yml'));
    ok(linked.text.includes('its buildspec buildspecs/sca.yml is a symbolic link (or lies behind one) to outside'));
    ok(!linked.text.includes('CANARY'));
    rmSync(join(folder, 'buildspecs', 'sca.yml'));
    const fifo = await runProcess({
      command: 'mkfifo',
      args: [join(folder, 'buildspecs', 'sca.yml')],
      timeoutMs: 10_000,
    });
    strictEqual(fifo.exitCode, 0, fifo.stderr);
    const piped = await failure(join(folder, 'pipeline.yml'));
    ok(piped.text.includes('its buildspec buildspecs/sca.yml is a named pipe (FIFO), not a regular file: not read.'));
  });

  it('quotes at most a bounded excerpt of a definition that is not YAML', async () => {
    writeFileSync(join(folder, 'pipeline.yml'), `version: 1\n${`"${secret} unterminated\n: [\n`.repeat(2000)}`);
    const { code, text } = await failure(join(folder, 'pipeline.yml'));
    strictEqual(code, 'PIPELINE_INVALID');
    ok(text.length < 1500, `the error is ${String(text.length)} characters long`);
  });
});

describe('loadPipelineDefinition with hostile files', () => {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pipeline-definition-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses a deeply nested definition with PIPELINE_INVALID before the YAML library overflows (fuzz)', async () => {
    const path = join(folder, 'pipeline.yml');
    await writeFile(path, `version: 1\nstages: ${'['.repeat(20_000)}`);
    for (let attempt = 0; attempt < 2; attempt++) {
      await rejects(
        loadPipelineDefinition(path),
        (error: unknown) =>
          isDevsecopsError(error) &&
          error.code === 'PIPELINE_INVALID' &&
          error.message === `${path}:2: lists and mappings nest more than 64 levels deep here; flatten the file.`,
      );
    }
  });

  it('refuses a repeated key with PIPELINE_INVALID naming its line', async () => {
    const path = join(folder, 'pipeline.yml');
    await writeFile(path, 'version: 1\nstages: []\nversion: 1\n');
    await rejects(
      loadPipelineDefinition(path),
      (error: unknown) =>
        isDevsecopsError(error) &&
        error.code === 'PIPELINE_INVALID' &&
        error.detail === 'Map keys must be unique at line 3, column 1',
    );
  });

  it("refuses an alias bomb with PIPELINE_INVALID instead of the YAML library's ReferenceError (fuzz)", async () => {
    const path = join(folder, 'pipeline.yml');
    await writeFile(path, yamlAliasBomb('version: 1'));
    await rejects(
      loadPipelineDefinition(path),
      (error: unknown) =>
        isDevsecopsError(error) &&
        error.code === 'PIPELINE_INVALID' &&
        error.message ===
          `${path} repeats YAML aliases (*name) more often than can be expanded safely: write the values out.`,
    );
  });
});
