import { GetFileCommand } from '@aws-sdk/client-codecommit';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG, parseConfig } from '@devsecops/shared/config';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { ConfigReader } from '../ports';
import { awsCallError } from './aws-errors';
import { GET_FILE_TOO_LARGE, isFileTooLarge } from './file-too-large';

function isMissingFile(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'FileDoesNotExistException' || error.name === 'PathDoesNotExistException')
  );
}

/**
 * `.devsecops.yml` from CodeCommit (GetFile), or the defaults when the repository has none.
 * The bot reads it at the DESTINATION commit: a pull request must not be able to lower its own
 * gate (`failOn: none`) and so earn the bot's approval.
 */
export function codeCommitConfigReader(client: CodeCommitClient, repositoryName: string): ConfigReader {
  const readAt = async (commit: string, filePath: string): Promise<string | undefined> => {
    try {
      const output = await client.send(new GetFileCommand({ repositoryName, commitSpecifier: commit, filePath }));
      if (output.fileMode === 'SYMLINK') {
        // GetFile returns the link's target path, which is not the policy the CLI reads through the link.
        throw new DevsecopsError(
          'CONFIG_INVALID',
          `${filePath} at ${commit.slice(0, 12)} is a symbolic link: the bot reads .devsecops.yml only as a regular file; commit the file itself.`,
        );
      }
      return output.fileContent === undefined ? '' : Buffer.from(output.fileContent).toString('utf8');
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      if (error instanceof DevsecopsError) throw error;
      if (isFileTooLarge(error)) {
        throw new DevsecopsError(
          'CONFIG_INVALID',
          `${filePath} at ${commit.slice(0, 12)} is ${GET_FILE_TOO_LARGE}: the bot cannot read this policy; keep the file small.`,
          { cause: error },
        );
      }
      throw awsCallError(
        {
          service: 'CodeCommit',
          action: `read ${filePath} of ${repositoryName} at ${commit.slice(0, 12)}`,
          permission: 'codecommit:GetFile',
        },
        error,
      );
    }
  };
  return async (commit) => {
    const found: { filePath: string; text: string }[] = [];
    for (const filePath of CONFIG_FILE_NAMES) {
      const text = await readAt(commit, filePath);
      if (text !== undefined) found.push({ filePath, text });
    }
    const [first, second] = found;
    if (first === undefined) return DEFAULT_CONFIG;
    if (second !== undefined) {
      // The CLI refuses the pair (loadConfig): reading one of them would judge by a policy nothing else uses.
      throw new DevsecopsError(
        'CONFIG_INVALID',
        `Both ${first.filePath} and ${second.filePath} exist at ${commit.slice(0, 12)}: keep one of them (the CLI, the extension and the bot read the same file).`,
      );
    }
    return parseConfig(first.text, `${first.filePath} at ${commit.slice(0, 12)}`);
  };
}
