// The configuration files the scanners read by name from a repository. They are facts about file names, kept
// apart from the engines, so the bot can use them without loading any engine. It needs them because a pull
// request that edits one of these files changes how its own scan runs.

/** Bandit's INI configuration, which it reads in each folder it scans. */
export const BANDIT_CONFIG_FILE = '.bandit';

/** The config file names hadolint looks for in a project root, in order. */
export const HADOLINT_CONFIG_FILES = ['.hadolint.yaml', '.hadolint.yml'] as const;
