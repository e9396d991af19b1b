/** The model's loss is exactly mean next-token cross-entropy, checked against a plain reference. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createGpt, gptLogits, gptLoss } from '../../src/models/gpt.ts';
import { opsFor } from '../../src/backend/registry.ts';
import type { GptShape } from '../../src/models/shapes.ts';
import { useBackend } from '../helpers/backend.ts';

const shape: GptShape = { family: 'gpt', vocabSize: 11, contextLength: 8, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: false };

for (const name of ['wasm', 'cpu'] as const) {
  describe(`gpt loss on ${name}`, () => {
    it('equals -mean log softmax(logits)[target], computed in plain JS', async () => {
      const backend = await useBackend(name);
      const model = createGpt(shape, 3, opsFor(backend.name));
      let seed = 10;
      for (const v of Object.values(model.params)) v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', seed++));
      const xs = Array.from({ length: 3 * 8 }, (_, i) => (i * 5 + 1) % 11);
      const ys = Array.from({ length: 3 * 8 }, (_, i) => (i * 3 + 2) % 11);
      const x = tf.tensor2d(xs, [3, 8], 'int32');
      const y = tf.tensor2d(ys, [3, 8], 'int32');
      const logits = gptLogits(model, x).arraySync() as number[][];
      let total = 0;
      logits.forEach((row, i) => {
        const max = Math.max(...row);
        const logSum = max + Math.log(row.reduce((s, l) => s + Math.exp(l - max), 0));
        total += logSum - row[ys[i]];
      });
      const loss = gptLoss(model, x, y);
      expect(loss.dataSync()[0]).toBeCloseTo(total / logits.length, 4);
      tf.dispose([x, y, loss, ...Object.values(model.params)]);
    });
  });
}
