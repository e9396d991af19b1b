/**
 * Binds a run's model to its data: one interface for the trainer whether the run is a GPT on
 * tokens or an MLP on regression examples, so train-run.ts has a single loop. Each family's
 * binding lives with its model (src/models/gpt.ts, mlp.ts); this is its one list.
 */
import { opsFor } from '../backend/registry.ts';
import type { ActiveBackend } from '../backend/select.ts';
import type { Dataset } from '../data/types.ts';
import type { Trainable } from '../models/family.ts';
import { gptTrainable } from '../models/gpt.ts';
import { mlpTrainable } from '../models/mlp.ts';
import type { RunConfig } from './run-config.ts';

export function createTrainable(config: RunConfig, data: Dataset, backend: ActiveBackend): Trainable {
  const { model, seed, train } = config;
  const ops = opsFor(backend.name);
  switch (model.family) {
    case 'gpt':
      return gptTrainable(model, seed, ops, data, train);
    case 'mlp':
      return mlpTrainable(model, seed, ops, data, train);
  }
}
