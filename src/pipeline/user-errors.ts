/**
 * A stage's own errors said to the user in one line: a plan that cannot be trained, a tune stage
 * that cannot be fitted, a backend that cannot be probed. Anything else is a bug and keeps its
 * stack.
 */
import { UserError } from '../base/user-error.ts';
import { TuneError } from '../fit/lr-tune.ts';
import { PlanError } from '../plan/plan.ts';

/** A plan, refusing one that cannot be trained (too few steps, more memory than this machine has). */
export function planOrUserError<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof PlanError) throw new UserError(error.message);
    throw error;
  }
}

/** A tune stage whose runs failed or cannot be fitted. */
export async function tuneOrUserError<T>(tune: () => Promise<T>): Promise<T> {
  try {
    return await tune();
  } catch (error) {
    if (error instanceof TuneError) throw new UserError(error.message);
    throw error;
  }
}

/** The standby worker's backend probe: a backend that cannot load is the user's to fix. */
export async function probeOrUserError<T>(probe: Promise<T>): Promise<T> {
  return probe.catch((error: unknown) => {
    throw new UserError(error instanceof Error ? error.message : String(error));
  });
}
