/** plan.json's reader and writer live with the sweep folder's other files (src/io/sweep-files.ts); execute's callers import them here. */
export { readPlanFile, writePlanFile } from '../io/sweep-files.ts';
