import { parseRequirementsFile } from './requirements-file';

/**
 * True when the requirement whose name starts on `line` (1-based, in the editor's lines) of a requirements file
 * carries `--hash` options as pip reads them: on its own line or on the lines its backslashes join to it, in any
 * spelling optparse takes (`--hash=…`, `--hash …`, an abbreviation such as `--has=…`, quoted), and not in a
 * comment or after `--`. pip checks every download against those hashes, so a new version needs the file
 * generated again with its hashes rather than an edit of the version.
 */
export function isHashPinnedRequirement(text: string, line: number): boolean {
  return parseRequirementsFile(text, 'requirements.txt').requirements.some(
    (requirement) => requirement.location.line === line && (requirement.hashes?.length ?? 0) > 0,
  );
}
