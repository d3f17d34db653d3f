// What names hadolint's configuration, without reading it (`builtin-dockerfile/hadolint-config.ts` reads it):
// the real hadolint's scanner and report parser need no YAML parser. Beside the severity table, which speaks
// hadolint's severity words: both Dockerfile engines use these names.

/** hadolint's severity words; `ignore` drops a rule's findings. */
export type HadolintSeverity = 'error' | 'warning' | 'info' | 'style' | 'ignore';

export const HADOLINT_SEVERITIES: readonly HadolintSeverity[] = ['error', 'warning', 'info', 'style', 'ignore'];

/** A `.hadolint.yaml` larger than this is refused unread; real ones are a few hundred bytes. */
export const MAX_HADOLINT_CONFIG_BYTES = 1024 * 1024;

export { HADOLINT_CONFIG_FILES } from '../../files/scanner-config-files';
