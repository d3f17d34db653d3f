import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';

// Placeholder so the program wires; the owning change replaces it with the real command.
export function registerDbCommand(program: Command): void {
  program
    .command('db')
    .description('(not yet available)')
    .action(() => {
      throw new DevsecopsError('USAGE', '`devsecops db` is not available in this build yet.');
    });
}
