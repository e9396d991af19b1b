import { UserError } from '../base/user-error.ts';

/**
 * Bad data: a file that is missing, empty, binary or out of range, or a split larger than the data.
 * The message names the file (or task) and the problem. It is a UserError, so the CLI prints it as
 * one line without a stack trace.
 */
export class DataError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}
