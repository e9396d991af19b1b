/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient. tfjs's
 * own Adam has no decoupled decay, so this is written out; all of it runs inside one tidy per step.
 * As in nanoGPT, only matrices (rank ≥ 2) decay; biases and LayerNorm gains do not.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../models/init.ts';

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

  constructor(private readonly params: Params, private readonly settings: AdamWSettings) {
    for (const [name, p] of Object.entries(params)) {
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  /** Clips the gradients to a global norm, then applies one update at learning rate lr. Returns the pre-clip norm (a tensor; read it only when logging). */
  step(grads: tf.NamedTensorMap, lr: number): tf.Scalar {
    this.t++;
    const { beta1, beta2, weightDecay, gradClip } = this.settings;
    const eps = this.settings.epsilon ?? 1e-8;
    const correction1 = 1 - beta1 ** this.t;
    const correction2 = 1 - beta2 ** this.t;
    return tf.tidy(() => {
      const names = Object.keys(this.params);
      const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name]))))) as tf.Scalar;
      // Scale = clip / max(norm, clip): 1 below the threshold, no host sync needed.
      const scale = tf.div(gradClip, tf.maximum(norm, gradClip));
      for (const name of names) {
        const p = this.params[name];
        const g = tf.mul(grads[name], scale);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), eps));
        const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
      return norm;
    });
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
