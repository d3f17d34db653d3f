import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { filterSdkNodeVersionWarning } from '../aws/sdk-warning-filter';
import { isDevsecopsError } from '../errors/devsecops-error';
import { registerDbCommand } from './commands/db';
import { registerPipelineCommand } from './commands/pipeline';
import { registerRulesCommand } from './commands/rules';
import { registerScanCommand } from './commands/scan';
import { EXIT_USAGE_OR_TOOL_ERROR } from './exit-codes';

/** Wires the `devsecops` commands; each command lives in its own file under `commands/`. */
export function createProgram(): Command {
  const program = new Command('devsecops')
    .description('Security scanning for Python services shipped as Docker images: SAST, SCA and Dockerfile checks.')
    .version(version, '-V, --version', 'print the version of devsecops')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScanCommand(program);
  registerRulesCommand(program);
  registerDbCommand(program);
  registerPipelineCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE_OR_TOOL_ERROR;
    }
    if (isDevsecopsError(error)) {
      process.stderr.write(`devsecops: ${error.message}\n`);
      if (error.detail) process.stderr.write(`${error.detail}\n`);
    } else {
      process.stderr.write(
        `devsecops: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return EXIT_USAGE_OR_TOOL_ERROR;
  }
}

/**
 * Runs the CLI on this process's arguments and exits with its code: what the `devsecops` executable does (bin.ts,
 * which loads this bundle with its code cache), and this file does when Node runs it directly.
 */
export function runCli(): void {
  // This process is ours: the AWS SDK's Node-version advice is not for a devsecops user.
  filterSdkNodeVersionWarning();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Every command has finished its work when `main` returns: exit as soon as what was written to stdout and
    // stderr has been handed over, instead of waiting for the event loop to drain (a tool process that was
    // stopped, say) and tearing the whole heap down, which costs a re-scan tens of milliseconds.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}

if (require.main === module) runCli();
