/**
 * Thrown when the data cannot support the requested fit (duplicated or non-positive points, NaN,
 * too few points for the law). src/fit has no notion of files or exit codes; the CLI turns this
 * into a one-line UserError that names the file.
 */
export class FitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitInputError';
  }
}
