/**
 * Binds a run's model to its data through its family's record (src/models/family.ts): one
 * interface for the trainer whether the run is a GPT on tokens or an MLP on regression examples,
 * so train-run.ts has a single loop.
 */
import { opsFor } from '../backend/registry.ts';
import type { ActiveBackend } from '../backend/select.ts';
import type { Dataset } from '../data/types.ts';
import type { Trainable } from '../models/family.ts';
import { familyOf } from '../models/family-registry.ts';
import type { RunConfig } from './run-config.ts';

export function createTrainable(config: RunConfig, data: Dataset, backend: ActiveBackend): Trainable {
  return familyOf(config.model.family).trainable(config.model, config.seed, opsFor(backend.name), data, config.train);
}
