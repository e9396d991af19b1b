/**
 * What a spec file imports: `import { defineSweep } from 'toyscale'`. A spec can then live
 * anywhere (the CLI resolves 'toyscale' to this checkout, and an installed package exports it).
 */
export { defineSweep } from './spec/spec.ts';
export type { SweepSpec, SweepSpecInput, DesignSpec } from './spec/spec.ts';
export type { FamilySpec } from './models/family-registry.ts';
export type { Task as TaskSpec } from './data/task.ts';
export type { TrainSettings, TrainSettingsInput } from './train/settings.ts';
