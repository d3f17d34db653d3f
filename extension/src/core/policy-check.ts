import { policyBufferProblems, policyFileProblems } from '@devsecops/shared/config';
import type { PolicyFileProblems, PolicyProblem, PolicyProblemOptions } from '@devsecops/shared/config';
import type { EditorSettings } from '../model/editor-settings';
import { EDITOR_WHERE_TO_SET, editorExecution } from './editor-execution';

/** What the editor knows of the folder a policy file belongs to. */
export interface PolicyFolder {
  /** The folder's absolute path (where its policy file is). */
  readonly root: string;
  readonly settings: EditorSettings;
  readonly trusted: boolean;
}

/**
 * The warnings about execution keys name the editor's own settings, and weigh a repository's time limit against
 * the user's machine-scoped settings, as a scan of the folder would.
 */
function editorWording(folder: PolicyFolder): PolicyProblemOptions {
  return {
    execution: editorExecution(folder.settings, folder.trusted, folder.root),
    whereToSet: EDITOR_WHERE_TO_SET,
  };
}

/**
 * Validates an open policy file's buffer (unsaved edits included) and what keeps the file from being read. It
 * reads and checks and runs nothing, so it is the same in Restricted Mode.
 */
export function policyProblemsOfBuffer(folder: PolicyFolder, name: string, text: string): PolicyProblem[] {
  return policyBufferProblems(folder.root, name, text, editorWording(folder));
}

/** The folder's policy files on disk, read as a scan reads them, and their problems by file name. */
export function policyProblemsOnDisk(folder: PolicyFolder): Promise<PolicyFileProblems[]> {
  return policyFileProblems(folder.root, editorWording(folder));
}
