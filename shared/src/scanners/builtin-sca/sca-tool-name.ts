/** The tool name on every finding of the built-in SCA engine; its own file, so naming the engine loads none of it. */
export const SCA_TOOL_NAME = 'devsecops-sca';
