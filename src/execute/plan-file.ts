/** plan.json in a sweep folder (format: src/io/formats/plan-file.ts): written before training, read by collect. */
import path from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import { planFileSchema, type PlanFile } from '../io/formats/plan-file.ts';
import { readJsonFile, type FileRead } from '../io/formats/read-json.ts';

export function planFilePath(sweepDir: string): string {
  return path.join(sweepDir, 'plan.json');
}

export function writePlanFile(sweepDir: string, plan: PlanFile): void {
  writeJsonAtomic(planFilePath(sweepDir), plan);
}

export function readPlanFile(sweepDir: string): FileRead<PlanFile> {
  return readJsonFile(planFilePath(sweepDir), planFileSchema);
}
