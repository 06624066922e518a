/**
 * Error taxonomy. A `UserError` is caused by input (a query, rule, flag, file, date) and is shown to the
 * user without a stack trace, exit code 2. Anything else is an internal error (a bug, exit 1).
 */
export class UserError extends Error {
  /** Stable machine-readable code, e.g. `EQL_SYNTAX`, `RULE_INVALID`; tests assert on it, not on the message. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    // the last guard for text from input that reached the message unescaped (a file name, a server's reason)
    super(visibleLines(message), options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** C0 controls, DEL and C1 controls: characters a terminal acts on (ESC sequences, BEL, CR) rather than shows. */
/* eslint-disable no-control-regex -- these find the control characters */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

function escapeControl(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * Text from input (an event, a rule, a mapping, a query) as a message may quote it: every control character shown
 * as a visible escape (`\x1b`, `\x07`, `\t`, `\n`, `\r`), so that an input can neither drive the terminal nor
 * forge lines of the message. Each escape is plain ASCII, one column per character.
 */
export function visibleText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, escapeControl) : text;
}

/** A whole message: like `visibleText`, but the message's own newlines stay. */
export function visibleLines(message: string): string {
  return CONTROL.test(message) ? message.replace(CONTROLS_BUT_NEWLINE, escapeControl) : message;
}
