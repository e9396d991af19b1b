/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient. tfjs's
 * own Adam has no decoupled decay, so this is written out; all of it runs inside one tidy per step.
 * As in nanoGPT, only matrices (rank ≥ 2) decay; biases and LayerNorm gains do not.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../models/init.ts';
import type { KernelChoice } from '../models/op-choices.ts';
import { runWasmKernel } from '../models/ops/wasm-kernels.ts';
import { ADAMW, GLOBAL_NORM } from '../wasm-kernels/fused.ts';

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  weightDecay: number;
  gradClip: number;
  epsilon?: number;
}

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;

  /** kernels 'wasm': the norm and each tensor's update are one fused wasm kernel each (src/wasm-kernels). */
  constructor(private readonly params: Params, private readonly settings: AdamWSettings, private readonly kernels: KernelChoice = 'tfjs') {
    for (const [name, p] of Object.entries(params)) {
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  /** Clips the gradients to a global norm, then applies one update at learning rate lr. Returns the pre-clip norm (a tensor; read it only when logging). */
  step(grads: tf.NamedTensorMap, lr: number): tf.Scalar {
    this.t++;
    const { beta1, beta2, gradClip } = this.settings;
    const eps = this.settings.epsilon ?? 1e-8;
    // Bias corrections folded into the step size and epsilon, as PyTorch does:
    // (m/c1) / (sqrt(v/c2) + eps) = (sqrt(c2)/c1) · m / (sqrt(v) + eps·sqrt(c2)).
    const rootC2 = Math.sqrt(1 - beta2 ** this.t);
    const stepSize = (lr * rootC2) / (1 - beta1 ** this.t);
    const epsHat = eps * rootC2;
    if (this.kernels === 'wasm') return this.fusedStep(grads, lr, stepSize, epsHat);
    return tf.tidy(() => {
      const names = Object.keys(this.params);
      const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name]))))) as tf.Scalar;
      // Clip scale = clip / max(norm, clip), 1 below the threshold, computed without a host sync
      // and folded into the moments' coefficients: 13 kernels per parameter instead of 16.
      const scale = tf.div(gradClip, tf.maximum(norm, gradClip));
      const gain1 = tf.mul(scale, 1 - beta1);
      const gain2 = tf.mul(tf.square(scale), 1 - beta2);
      for (const name of names) {
        const p = this.params[name];
        const g = grads[name];
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, gain1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), gain2)));
        const update = tf.div(m, tf.add(tf.sqrt(v), epsHat));
        const decay = this.decayFactor(p, lr);
        p.assign(tf.sub(decay === 1 ? p : tf.mul(p, decay), tf.mul(update, stepSize)));
      }
      return norm;
    });
  }

  /** The same update, as one kernel for the global norm and one per tensor. */
  private fusedStep(grads: tf.NamedTensorMap, lr: number, step: number, epsHat: number): tf.Scalar {
    const { beta1, beta2, gradClip } = this.settings;
    return tf.tidy(() => {
      const names = Object.keys(this.params);
      const [norm] = runWasmKernel(GLOBAL_NORM, Object.fromEntries(names.map((name, i) => [`g${i}`, grads[name]])));
      for (const name of names) {
        const p = this.params[name];
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const attrs = { clip: gradClip, beta1, beta2, step, epsHat, decay: this.decayFactor(p, lr) };
        const [pNext, mNext, vNext] = runWasmKernel(ADAMW, { p, g: grads[name], m, v, norm }, attrs);
        p.assign(pNext);
        m.assign(mNext);
        v.assign(vNext);
      }
      return norm as tf.Scalar;
    });
  }

  /** Decoupled weight decay multiplies a parameter by this each step: matrices only, as in nanoGPT. */
  private decayFactor(p: tf.Variable, lr: number): number {
    const { weightDecay } = this.settings;
    return p.rank >= 2 && weightDecay > 0 ? 1 - lr * weightDecay : 1;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
