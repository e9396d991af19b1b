/**
 * The fixed random teacher of the teacher–student task: an MLP inputDim → width (×depth, tanh) → 1
 * with Gaussian weights scaled by 1/sqrt(fan-in). Its output is then centred and scaled to unit
 * variance over inputs x ~ N(0, I) (measured on a fixed sample), so noiseStd reads directly as a
 * noise-to-signal ratio and the noise floor noiseStd² is comparable across teacher sizes.
 * Plain Float64 arithmetic, no tfjs: the data must not depend on the backend.
 */
import seedrandom from 'seedrandom';
import { fillGaussian } from './gaussian.ts';

export interface TeacherParams {
  inputDim: number;
  width: number;
  depth: number;
  seed: number;
}

/** Inputs used to measure the output's mean and variance: enough for ~1% accuracy on the scale. */
const CALIBRATION_SAMPLES = 8192;

export class Teacher {
  readonly inputDim: number;
  private readonly layers: { w: Float64Array; b: Float64Array; fanIn: number; fanOut: number }[] = [];
  private shift = 0;
  private scale = 1;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;

  constructor(params: TeacherParams) {
    const { inputDim, width, depth, seed } = params;
    this.inputDim = inputDim;
    const rng = seedrandom.alea(`toyscale-teacher-weights:${seed}`);
    const sizes = [inputDim, ...Array<number>(depth).fill(width), 1];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const w = new Float64Array(fanIn * fanOut);
      fillGaussian(rng, w);
      const std = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < w.length; i++) w[i] *= std;
      const b = new Float64Array(fanOut);
      fillGaussian(rng, b);
      for (let i = 0; i < b.length; i++) b[i] *= 0.1; // small biases: keeps tanh units off saturation
      this.layers.push({ w, b, fanIn, fanOut });
    }
    const widest = Math.max(...sizes);
    this.bufA = new Float64Array(widest);
    this.bufB = new Float64Array(widest);
    this.calibrate(seedrandom.alea(`toyscale-teacher-calibration:${seed}`));
  }

  /** f(x) for one input (x read from x[offset .. offset+inputDim)). */
  predict(x: ArrayLike<number>, offset = 0): number {
    let a = this.bufA;
    let b = this.bufB;
    for (let i = 0; i < this.inputDim; i++) a[i] = x[offset + i];
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const { w, b: bias, fanIn, fanOut } = this.layers[l];
      for (let o = 0, row = 0; o < fanOut; o++, row += fanIn) {
        let s = bias[o];
        for (let i = 0; i < fanIn; i++) s += w[row + i] * a[i];
        b[o] = l === last ? s : Math.tanh(s);
      }
      const t = a;
      a = b;
      b = t;
    }
    return (a[0] - this.shift) * this.scale;
  }

  private calibrate(rng: () => number): void {
    const x = new Float64Array(this.inputDim);
    let sum = 0;
    let sumSq = 0;
    for (let n = 0; n < CALIBRATION_SAMPLES; n++) {
      fillGaussian(rng, x);
      const y = this.predict(x);
      sum += y;
      sumSq += y * y;
    }
    const mean = sum / CALIBRATION_SAMPLES;
    const variance = sumSq / CALIBRATION_SAMPLES - mean * mean;
    this.shift = mean;
    this.scale = variance > 0 ? 1 / Math.sqrt(variance) : 1;
  }
}
