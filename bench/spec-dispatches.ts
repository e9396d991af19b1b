/**
 * What a sweep's runs cost on webgpu before any is trained: per planned run, its size, the
 * dispatches of one training step with this checkout's op set (counted on whatever webgpu adapter
 * is here, at batch 1: the count depends on the model's layers, not on its batch) and the training
 * memory src/plan/memory.ts estimates at the planned batch.
 *   node --import tsx bench/spec-dispatches.ts experiments/gpu-kaplan-n.ts [--json]
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/select.ts';
import { textTable } from '../src/base/format.ts';
import { loadDataset } from '../src/data/load.ts';
import { dataShapeOf } from '../src/plan/describe-data.ts';
import { formatBytes, trainingBytes } from '../src/plan/memory.ts';
import { planSweep } from '../src/plan/plan.ts';
import { loadSpec } from '../src/spec/load-spec.ts';
import { storageBufferLimit } from '../src/webgpu-kernels/adamw.ts';
import { stepDispatches } from './step-dispatches.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
const specFile = positionals[0] ?? 'experiments/gpu-kaplan-n.ts';
const spec = await loadSpec(specFile);
const data = await loadDataset(spec.task);
const runs = planSweep(spec, dataShapeOf(data));
const backend = await selectBackend('webgpu');
const rows = [];
for (const run of runs) {
  const small = { ...run, train: { ...run.train, batchSize: 1 } };
  const { dispatches } = await stepDispatches(small, data, backend);
  rows.push({ run: run.runId, n_nonembed: run.counts.nNonembed, n_params: run.counts.nParams, dispatches_per_step: dispatches, memory_bytes: trainingBytes(run), tokens: run.tokens });
}
const limit = storageBufferLimit();
if (values.json) console.log(JSON.stringify({ spec: spec.name, adapter: backend.device, storage_buffers_per_stage: limit, runs: rows }));
else {
  console.log(`${spec.name} on ${backend.device} (${limit} storage buffers per shader stage)`);
  console.log(textTable(['run', 'N (non-embedding)', 'parameters', 'dispatches/step', 'memory', 'tokens'], rows.map((r) => [r.run, String(r.n_nonembed), String(r.n_params), String(r.dispatches_per_step), formatBytes(r.memory_bytes), String(r.tokens)])));
}
process.exit(0);
