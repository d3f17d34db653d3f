import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';
import type { HostileRepository } from './hostile-repository';
import { hostileRepository, removeHostileCli } from './hostile-repository';

/** Files in the tree: one more than a scanner's discovery limit, which the source action once applied to everything. */
const FILES = 100_001;
const PER_FOLDER = 1000;

/*
 * Above 100,000 files the pipeline's source action threw, the run exited 2 and wrote
 * no reports, and its advice (add ignore globs) could not help since it did not read them. Now
 * it streams the tree, applies `ignore`, and fails alone (reports written) only past its own limit.
 */
describe('hostile repository: a tree of more than 100,000 files (CLI bundle)', function () {
  this.timeout(300_000);
  let repository: HostileRepository;
  let definition: string;

  before(async () => {
    repository = await hostileRepository({});
    for (let index = 0; index < FILES; index++) {
      const folder = join(repository.root, 'data', `part${String(Math.floor(index / PER_FOLDER))}`);
      if (index % PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${String(index)}.dat`), '');
    }
    // The source stage alone, from outside the repository: the user's own, explicit choice.
    definition = join(repository.outside, 'source-only.yml');
    writeFileSync(
      definition,
      'version: 1\nstages:\n  - name: source\n    actions:\n      - name: source\n        type: source\n',
    );
  });
  after(() => {
    repository.dispose();
    removeHostileCli();
  });

  function sourceAction(): { status: string; reason?: string } {
    const report = JSON.parse(
      readFileSync(join(repository.root, 'reports', 'pipeline-run.json'), 'utf8'),
    ) as PipelineRunReport;
    const action = report.stages[0]?.actions[0];
    return { status: action?.status ?? 'missing', ...(action?.reason === undefined ? {} : { reason: action.reason }) };
  }

  it('counts every file in the source action, and honours ignore globs', async () => {
    const counted = await repository.runCli(['pipeline', 'run', '.', '--definition', definition], {
      deadlineMs: 240_000,
    });
    strictEqual(counted.failure, undefined, counted.stderr);
    strictEqual(counted.exitCode, 0, counted.stderr);
    deepStrictEqual(sourceAction(), {
      status: 'succeeded',
      reason: `working tree ${repository.root}: 100,001 files, not a git checkout`,
    });

    writeFileSync(join(repository.root, '.devsecops.yml'), 'ignore:\n  - data/part1*/**\n');
    const ignored = await repository.runCli(['pipeline', 'run', '.', '--definition', definition], {
      deadlineMs: 240_000,
    });
    strictEqual(ignored.exitCode, 0, ignored.stderr);
    // part1 and part10…part19 (11 folders of 1,000) and part100 (1 file) are left out; .devsecops.yml is one more.
    deepStrictEqual(sourceAction(), {
      status: 'succeeded',
      reason: `working tree ${repository.root}: 89,001 files, not a git checkout`,
    });
  });
});
