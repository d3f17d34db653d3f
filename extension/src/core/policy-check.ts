import { policyFileProblems, policyProblems } from '@devsecops/shared/config';
import type { PolicyFileProblems, PolicyProblem } from '@devsecops/shared/config';
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
 * Validates a policy file's text (an open buffer, unsaved edits included): reads and checks, runs nothing, so it
 * is the same in Restricted Mode. The warnings about execution keys name the editor's own settings, and weigh a
 * repository's time limit against the user's machine-scoped ones, as a scan of the folder would.
 */
export function policyBufferProblems(text: string, name: string, folder: PolicyFolder): PolicyProblem[] {
  return policyProblems(text, name, {
    execution: editorExecution(folder.settings, folder.trusted, folder.root),
    whereToSet: EDITOR_WHERE_TO_SET,
  });
}

/** The folder's policy files on disk, read as a scan reads them, and their problems by file name. */
export function policyFolderProblems(folder: PolicyFolder): Promise<PolicyFileProblems[]> {
  return policyFileProblems(folder.root, {
    execution: editorExecution(folder.settings, folder.trusted, folder.root),
    whereToSet: EDITOR_WHERE_TO_SET,
  });
}
