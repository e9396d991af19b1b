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
import { fillGaussian } from './gaussian.ts';
import { indexedRegressionData } from './indexed-regression.ts';
import { Teacher } from './teacher.ts';
import type { RegressionData } from './types.ts';

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
  return indexedRegressionData({
    name: `teacher-student-d${p.inputDim}-w${p.teacherWidth}x${p.teacherDepth}`,
    inputDim: p.inputDim,
    trainExamples: p.trainExamples,
    heldOutExamples: p.heldOutExamples,
    noiseFloor: p.noiseStd ** 2,
    writeExample: (index, x, y, row) => writeExample(teacher, p, index, x, y, row),
  });
}
