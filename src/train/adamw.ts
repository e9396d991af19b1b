/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient. tfjs's
 * own Adam has no decoupled decay, so this is written out; the update itself runs on the
 * backend's op set (ops/adamw-update.ts). As in nanoGPT, only matrices (rank ≥ 2) decay;
 * biases and LayerNorm gains do not.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../models/init.ts';
import type { Ops } from '../ops/ops.ts';

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

  constructor(private readonly params: Params, private readonly settings: AdamWSettings, private readonly ops: Ops) {
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
    const slots = Object.entries(this.params).map(([name, p]) => ({
      p,
      g: grads[name],
      m: this.m.get(name)!,
      v: this.v.get(name)!,
      decay: this.decayFactor(p, lr),
    }));
    return this.ops.adamwUpdate(slots, { beta1, beta2, gradClip, stepSize, epsHat: eps * rootC2 });
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
