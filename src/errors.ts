/**
 * Error taxonomy. A `UserError` is caused by input (a query, rule, flag, file, date) and is shown to the
 * user without a stack trace, exit code 2. Anything else is an internal error (a bug, exit 1).
 */
export class UserError extends Error {
  /** Stable machine-readable code, e.g. `EQL_SYNTAX`, `RULE_INVALID`; tests assert on it, not on the message. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
