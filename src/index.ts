/**
 * What a spec file imports: `import { defineSweep } from 'toyscale'`. A spec can then live
 * anywhere (the CLI resolves 'toyscale' to this checkout, and an installed package exports it).
 */
export { defineSweep } from './spec/spec.ts';
export type { SweepSpec, SweepSpecInput, TaskSpec, FamilySpec, DesignSpec, TrainSettings, TrainSettingsInput } from './spec/spec.ts';
