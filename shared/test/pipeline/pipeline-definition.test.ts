import { rejects } from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { loadPipelineDefinition } from '../../src/pipeline/pipeline-definition';

/** Anchors that each repeat the previous one nine times: 9^5 values once expanded. */
const ALIAS_BOMB = [
  'version: 1',
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

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
    await writeFile(path, ALIAS_BOMB);
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
