/**
 * The causal mask holds: the logits at position t depend only on tokens 0..t. A leak would let a
 * model read the answer and report losses far below the data's entropy, so this is checked
 * directly, on both kernel choices (toyscale's wasm kernels, whose attention skips the masked half
 * of every product, and tfjs's own) and with random (non-initial) weights, where a leak would be
 * visible.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createGpt, gptLogits } from '../../src/models/gpt.ts';
import { opsFor } from '../../src/backend/registry.ts';
import type { GptShape } from '../../src/models/shapes.ts';
import { useBackend } from '../helpers/backend.ts';

const shape: GptShape = { family: 'gpt', vocabSize: 20, contextLength: 12, nLayer: 2, dModel: 32, nHead: 4, tiedEmbedding: true };

function randomize(params: Record<string, tf.Variable>): void {
  // Initial LayerNorm gains and zero biases can hide a leak; random weights everywhere cannot.
  let seed = 1;
  for (const v of Object.values(params)) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', seed++));
}

for (const name of ['wasm', 'cpu'] as const) {
  describe(`causal mask on ${name}`, () => {
    it('changing future tokens leaves every earlier position\'s logits unchanged', async () => {
      const backend = await useBackend(name);
      const model = createGpt(shape, 0, opsFor(backend.name));
      randomize(model.params);
      const T = shape.contextLength;
      const base = Array.from({ length: 2 * T }, (_, i) => (i * 7 + 3) % shape.vocabSize);
      const logitsOf = (tokens: number[]) => tf.tidy(() => gptLogits(model, tf.tensor2d(tokens, [2, T], 'int32')).arraySync() as number[][]);
      const before = logitsOf(base);
      for (const cut of [1, 5, T - 1]) {
        const changed = base.map((tok, i) => (i % T >= cut ? (tok + 5) % shape.vocabSize : tok));
        const after = logitsOf(changed);
        for (let row = 0; row < 2; row++) {
          for (let t = 0; t < cut; t++) {
            const i = row * T + t;
            for (let v = 0; v < shape.vocabSize; v++) expect(Math.abs(after[i][v] - before[i][v])).toBeLessThan(1e-4);
          }
          // ...and the change is visible from the cut on, so the test can fail.
          const i = row * T + cut;
          expect(Math.max(...after[i].map((x, v) => Math.abs(x - before[i][v])))).toBeGreaterThan(1e-3);
        }
      }
      tf.dispose(Object.values(model.params));
    });
  });
}
