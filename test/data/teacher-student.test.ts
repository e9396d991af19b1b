import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import { type TeacherStudentParams, makeTeacher, teacherStudentData, writeExample } from '../../src/data/teacher-student.ts';
import type { RegressionData } from '../../src/data/types.ts';
import { taskSchema } from '../../src/data/task.ts';

const params = taskSchema.parse({ kind: 'teacher-student' }) as TeacherStudentParams & { kind: 'teacher-student' };

function heldOutMse(data: RegressionData, p: TeacherStudentParams): { mse: number; meanSquare: number } {
  const teacher = makeTeacher(p);
  let se = 0;
  let sq = 0;
  let n = 0;
  for (const { x, y } of data.heldOutBatches(256, 8192)) {
    for (let r = 0; r < y.length; r++) {
      se += (y[r] - teacher.predict(x, r * p.inputDim)) ** 2;
      sq += y[r] ** 2;
      n++;
    }
  }
  return { mse: se / n, meanSquare: sq / n };
}

describe('teacher–student regression', () => {
  it('the teacher itself scores the noise floor noiseStd² on held-out noisy labels', async () => {
    const data = (await loadDataset(params)) as RegressionData;
    expect(data.noiseFloor).toBeCloseTo(0.01, 12);
    const { mse, meanSquare } = heldOutMse(data, params);
    // 8192 examples: the mean of σ²·ε² has a relative standard error of sqrt(2/8192) ≈ 1.6%.
    expect(Math.abs(mse / 0.01 - 1)).toBeLessThan(0.05);
    // The teacher's output is scaled to unit variance, so E[y²] ≈ 1 + σ².
    expect(Math.abs(meanSquare - 1.01)).toBeLessThan(0.1);
  });

  it('has no noise floor to speak of when noiseStd is 0', () => {
    const p = { ...params, noiseStd: 0 };
    expect(heldOutMse(teacherStudentData(p), p).mse).toBeLessThan(1e-10);
  });

  it('is deterministic: the same seed gives the same batches, an example keeps its noisy label', () => {
    const a = teacherStudentData(params);
    const b = teacherStudentData(params);
    expect(b.trainBatch(seedrandom('9'), 32)).toEqual(a.trainBatch(seedrandom('9'), 32));
    expect(b.heldOutBatches(64, 256)).toEqual(a.heldOutBatches(64, 256));
    const teacher = makeTeacher(params);
    const [x1, y1, x2, y2] = [new Float32Array(16), new Float32Array(1), new Float32Array(16), new Float32Array(1)];
    writeExample(teacher, params, 42, x1, y1, 0);
    writeExample(teacher, params, 42, x2, y2, 0);
    expect([x2, y2]).toEqual([x1, y1]);
    const other = teacherStudentData({ ...params, teacherSeed: 5 });
    expect(other.heldOutBatches(64, 64)[0].y).not.toEqual(a.heldOutBatches(64, 64)[0].y);
  });

  it('train and held-out examples are disjoint', () => {
    const p = { ...params, trainExamples: 500, heldOutExamples: 256 };
    const data = teacherStudentData(p);
    const rows = (x: Float32Array) => Array.from({ length: x.length / 16 }, (_, r) => x.subarray(r * 16, r * 16 + 16).join());
    const train = new Set<string>();
    const rng = seedrandom('d');
    for (let k = 0; k < 100; k++) for (const row of rows(data.trainBatch(rng, 50).x)) train.add(row);
    expect(train.size).toBe(500); // 5000 draws cover all 500 train examples
    for (const { x } of data.heldOutBatches(64, 256)) for (const row of rows(x)) expect(train.has(row)).toBe(false);
  });

  it('a held-out request larger than the held-out set is a DataError', () => {
    const data = teacherStudentData({ ...params, heldOutExamples: 100 });
    expect(() => data.heldOutBatches(128, 8192)).toThrow(/held-out has 100 examples.*fewer than one batch of 128/);
  });
});
