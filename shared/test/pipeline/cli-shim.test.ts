import { deepStrictEqual, rejects } from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCliShim } from '../../src/pipeline/cli-shim';
import { runProcess } from '../../src/process/process-runner';
import { useTemporaryDirectory } from '../temporary-directory';

describe('createCliShim', () => {
  const dir = useTemporaryDirectory("devsecops shim 'quoted' ");

  it('launches the CLI with its arguments intact, as Node even under Electron', async () => {
    const cli = join(dir(), 'dist', 'cli.js');
    mkdirSync(join(dir(), 'dist'));
    writeFileSync(
      cli,
      'console.log(JSON.stringify({ args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE }));',
    );
    const shim = await createCliShim(cli);
    try {
      const result = await runProcess({
        command: join(shim.binDir, 'devsecops'),
        args: ['scan', "it's $HOME", '--only', 'sca'],
        env: { PATH: process.env['PATH'] ?? '' },
      });
      deepStrictEqual(JSON.parse(result.stdout), { args: ['scan', "it's $HOME", '--only', 'sca'], electron: '1' });
    } finally {
      await shim.dispose();
    }
  });

  it('says how to build the CLI when it is missing', async () => {
    await rejects(createCliShim(join(dir(), 'dist', 'missing.js')), { code: 'TOOL_NOT_FOUND' });
  });
});
