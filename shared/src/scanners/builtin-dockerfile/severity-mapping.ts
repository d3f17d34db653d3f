/**
 * The tool name on findings of the built-in engine. Rule ids stay hadolint's
 * (`DL3007`), so users see the same codes whether the real hadolint or this
 * engine ran; the tool name tells the two apart in reports.
 */
export const BUILTIN_DOCKERFILE_TOOL = 'devsecops-dockerfile';
