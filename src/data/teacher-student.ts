/**
 * Teacher–student regression (Bahri et al. 2021; Sharma & Kaplan 2020): x ~ N(0, I),
 * y = teacher(x) + noiseStd·ε with ε ~ N(0, 1). The best possible held-out MSE is noiseStd², the
 * known irreducible loss E.
 *
 * Example i is a pure function of (teacherSeed, i): its input and its noise come from a PRNG seeded
 * with both. So a dataset of 10^6 or 10^9 examples costs no memory and no start-up time, a train
 * example keeps the same noisy label every epoch (finite D means something), and the split is by
 * index: train is examples [0, trainExamples), held-out is the next heldOutExamples.
 */
import seedrandom from 'seedrandom';
import { DataError } from './errors.ts';
import { fillGaussian } from './gaussian.ts';
import { Teacher } from './teacher.ts';
import type { RegressionBatch, RegressionData, Rng } from './types.ts';

export interface TeacherStudentParams {
  inputDim: number;
  teacherWidth: number;
  teacherDepth: number;
  noiseStd: number;
  teacherSeed: number;
  trainExamples: number;
  heldOutExamples: number;
}

export function makeTeacher(p: TeacherStudentParams): Teacher {
  return new Teacher({ inputDim: p.inputDim, width: p.teacherWidth, depth: p.teacherDepth, seed: p.teacherSeed });
}

/** Writes example `index` into x[row·inputDim ..] and y[row]; returns the noise added to y. */
export function writeExample(teacher: Teacher, p: TeacherStudentParams, index: number, x: Float32Array, y: Float32Array, row: number): number {
  const d = p.inputDim;
  const draws = new Float64Array(d + 1);
  fillGaussian(seedrandom.alea(`toyscale-ts-example:${p.teacherSeed}:${index}`), draws);
  for (let i = 0; i < d; i++) x[row * d + i] = draws[i];
  // The teacher sees the float32-rounded input the student sees, so the only gap is the noise.
  const noise = p.noiseStd * draws[d];
  y[row] = teacher.predict(x, row * d) + noise;
  return noise;
}

export function teacherStudentData(p: TeacherStudentParams): RegressionData {
  const teacher = makeTeacher(p);
  const name = `teacher-student-d${p.inputDim}-w${p.teacherWidth}x${p.teacherDepth}`;

  function batchOf(indices: ArrayLike<number>): RegressionBatch {
    const x = new Float32Array(indices.length * p.inputDim);
    const y = new Float32Array(indices.length);
    for (let row = 0; row < indices.length; row++) writeExample(teacher, p, indices[row], x, y, row);
    return { x, y };
  }

  return {
    kind: 'regression',
    name,
    inputDim: p.inputDim,
    outputDim: 1,
    trainExamples: p.trainExamples,
    heldOutExamples: p.heldOutExamples,
    noiseFloor: p.noiseStd ** 2,
    trainBatch(rng: Rng, batch: number): RegressionBatch {
      checkBatch(name, batch);
      return batchOf(Float64Array.from({ length: batch }, () => Math.floor(rng() * p.trainExamples)));
    },
    heldOutBatches(batch: number, maxExamples: number): RegressionBatch[] {
      checkBatch(name, batch);
      const nBatches = Math.floor(Math.min(p.heldOutExamples, maxExamples) / batch);
      if (nBatches < 1) {
        throw new DataError(`${name}: held-out has ${Math.min(p.heldOutExamples, maxExamples)} examples (of ${p.heldOutExamples}, max ${maxExamples}), fewer than one batch of ${batch}`);
      }
      const out: RegressionBatch[] = [];
      for (let k = 0; k < nBatches; k++) {
        out.push(batchOf(Float64Array.from({ length: batch }, (_, r) => p.trainExamples + k * batch + r)));
      }
      return out;
    },
  };
}

function checkBatch(name: string, batch: number): void {
  if (!Number.isInteger(batch) || batch < 1) throw new DataError(`${name}: batch must be a positive integer (got ${batch})`);
}
