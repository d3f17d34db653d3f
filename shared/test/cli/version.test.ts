import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/process/process-runner';
import { cliBundle, removeCliBundle, runCli } from './cli-bundle';

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

  it("runs as a program, the way npm's bin link starts it: a build leaves cli.js executable", async () => {
    const result = await runProcess({ command: await cliBundle(), args: ['--version'] });
    deepStrictEqual([result.failure?.message, result.exitCode, result.stderr], [undefined, 0, '']);
  });
});
