/** The gate passed (or nothing to gate). */
export const EXIT_GATE_PASSED = 0;
/** At least one unsuppressed finding at or above the gate's severity. */
export const EXIT_GATE_FAILED = 1;
/** Bad usage, bad configuration, or a tool error that left the result incomplete. */
export const EXIT_USAGE_OR_TOOL_ERROR = 2;
