/**
 * An error caused by the user's input (bad spec, missing file, unknown backend, bad CSV).
 * The CLI prints its message as one line and exits non-zero, without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
