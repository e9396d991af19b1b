import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { markovData } from '../../src/data/markov-data.ts';
import { teacherStudentData } from '../../src/data/teacher-student.ts';
import { trainPipeline } from '../../src/data/tf-pipeline.ts';

describe('tf.data adapter', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('yields the same sequence batches as trainBatch with the same seed', async () => {
    const data = markovData({ vocabSize: 16, order: 1, branching: 3, zipfExponent: 1, chainSeed: 3, trainTokens: 5000, heldOutTokens: 500 });
    const it = await trainPipeline(data, seedrandom('p'), 4, 8).iterator();
    const rng = seedrandom('p');
    for (let k = 0; k < 3; k++) {
      const { value } = await it.next();
      const want = data.trainBatch(rng, 4, 8);
      expect(value.xs.shape).toEqual([4, 8]);
      expect(value.xs.dtype).toBe('int32');
      expect(Array.from(value.xs.dataSync())).toEqual(Array.from(want.x));
      expect(Array.from(value.ys.dataSync())).toEqual(Array.from(want.y));
      tf.dispose([value.xs, value.ys]);
    }
  });

  it('yields regression batches shaped [batch, inputDim] and [batch, 1]', async () => {
    const data = teacherStudentData({ inputDim: 4, teacherWidth: 8, teacherDepth: 1, noiseStd: 0.1, teacherSeed: 1, trainExamples: 100, heldOutExamples: 10 });
    const { value } = await (await trainPipeline(data, seedrandom('r'), 5).iterator()).next();
    expect(value.xs.shape).toEqual([5, 4]);
    expect(value.ys.shape).toEqual([5, 1]);
    tf.dispose([value.xs, value.ys]);
  });
});
