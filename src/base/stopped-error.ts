/**
 * A command stopped by a signal (Ctrl-C, SIGTERM from a scheduler). The CLI prints its message as
 * one line and exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell
 * reports a process the signal ended.
 */
import { UserError } from './user-error.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export class StoppedError extends Error {
  constructor(
    readonly signal: StopSignal,
    message: string,
  ) {
    super(message);
    this.name = 'StoppedError';
  }
}

export function isStopSignal(signal: string | null | undefined): signal is StopSignal {
  return signal === 'SIGINT' || signal === 'SIGTERM' || signal === 'SIGHUP';
}

/** Runs stopped by `signal` end the command as a StoppedError; without one (a worker's own stop) as a UserError. */
export function stoppedOrUserError(signal: StopSignal | null, message: string): Error {
  return signal ? new StoppedError(signal, message) : new UserError(message);
}
