/**
 * A reference sweep for one modern GPU on the webgpu backend (not trained in CI or on a CPU):
 * Kaplan's L(N) at fixed D with GPTs large enough that a step is bound by arithmetic, not by the
 * fixed cost of its dispatches. Five sizes planned from 0.4M to 6.2M non-embedding parameters
 * (head size 64, d_model / layers = 64 as in nanoGPT's GPT-2 small), context 256, batch 32 (8,192
 * tokens a step), each on D = 6M tokens of Brown (about one epoch, character level).
 *
 * Expected on webgpu (bench/spec-dispatches.ts counts the dispatches of one training step with
 * this checkout's op set; memory is src/plan/memory.ts's estimate): 111, 159, 159, 207 and 255
 * dispatches a step (2 to 5 layers) on an adapter with 16 storage buffers per shader stage, as
 * lavapipe has; at WebGPU's default 8, AdamW takes one dispatch per tensor instead of two tensors
 * per dispatch (about 50 more a step at 5 layers);
 * 231 MiB to 1.42 GiB of memory per run, so several runs fit side by side on one GPU (`--dry-run`
 * measures K per GPU). At tens of microseconds a dispatch, dispatching alone costs 3–15 ms of a
 * step; the largest model's 6·N·D ≈ 2.2e14 FLOPs take about a minute at 4 TFLOP/s, so the sweep
 * is meant to end in about 10 minutes on one GPU
 * (`toyscale sweep experiments/gpu-kaplan-n.ts --backend webgpu --dry-run` measures it there).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'gpu-kaplan-n',
  description: 'L(N) at fixed D on one GPU: five GPT sizes 0.4M–6.4M on Brown (char-level), context 256.',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 64, headDim: 64, tiedEmbedding: true },
  design: { kind: 'grid', n: [400_000, 800_000, 1_600_000, 3_200_000, 6_400_000], d: [6_000_000] },
  train: { batchSize: 32, contextLength: 256, learningRate: 1e-3, evalTokens: 65_536, evalPoints: 8 },
  seeds: [0],
});
