import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeCliBundle, runCli } from './cli-bundle';

describe('devsecops --version', function () {
  this.timeout(120_000);
  after(removeCliBundle);

  it("prints the package's version, and nothing else, with -V and --version", async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      deepStrictEqual([result.exitCode, result.stdout, result.stderr], [0, `${version}\n`, '']);
    }
  });
});
