/** Argument parsing shared by the subcommands: node's parseArgs, with errors as one line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../base/user-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${command}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see toyscale ${command} --help)`);
  }
}

export function positiveInt(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${command}: --${name} must be a positive integer, got "${value}"`);
  return n;
}
