/** The exit codes every command ends with. */
export const EXIT_OK = 0;
/** A budget is violated (gate; trace --budget-ms). */
export const EXIT_VIOLATION = 1;
/** Bad input or usage: one line on stderr. */
export const EXIT_BAD_INPUT = 2;
/** A bug: one line on stderr (a stack trace only with --debug). */
export const EXIT_INTERNAL = 3;
