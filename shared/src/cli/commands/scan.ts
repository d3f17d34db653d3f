import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';

// Placeholder so the program wires; the owning change replaces it with the real command.
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('(not yet available)')
    .action(() => {
      throw new DevsecopsError('USAGE', '`devsecops scan` is not available in this build yet.');
    });
}
