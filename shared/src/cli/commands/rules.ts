import type { Command } from 'commander';
import { DevsecopsError } from '../../errors/devsecops-error';

// Placeholder so the program wires; the owning change replaces it with the real command.
export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('(not yet available)')
    .action(() => {
      throw new DevsecopsError('USAGE', '`devsecops rules` is not available in this build yet.');
    });
}
