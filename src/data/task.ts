/**
 * The task a run trains on: where its tokens (or examples) come from. The sweep spec embeds this
 * schema (src/spec/spec.ts); each kind is loaded by load.ts, and a run's config.json holds the
 * parsed value.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Where the tokens (or examples) come from. Each kind is loaded by load.ts. */
export const taskSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('brown'),
    tokenizer: z.enum(['char', 'byte']).default('char'),
    heldOutFraction: z.number().gt(0).lt(0.5).default(0.05),
  }),
  z.strictObject({
    kind: z.literal('text'),
    path: z.string().min(1),
    tokenizer: z.enum(['char', 'byte']).default('char'),
    heldOutFraction: z.number().gt(0).lt(0.5).default(0.05),
  }),
  z.strictObject({
    kind: z.literal('nanogpt-bin'),
    /** Folder with train.bin and val.bin (little-endian uint16 token ids). */
    dir: z.string().min(1),
    vocabSize: positiveInt,
  }),
  z.strictObject({
    kind: z.literal('markov'),
    vocabSize: positiveInt.max(1024).default(32),
    order: positiveInt.max(4).default(2),
    /** Successors per context: the chain is sparse so its entropy stays well below log(vocab). */
    branching: positiveInt.default(4),
    zipfExponent: z.number().positive().default(1.2),
    /** Seed of the chain itself (not of training). */
    chainSeed: z.number().int().default(1234),
    trainTokens: positiveInt.default(2_000_000),
    heldOutTokens: positiveInt.default(100_000),
  }),
  z.strictObject({
    kind: z.literal('teacher-student'),
    inputDim: positiveInt.default(16),
    teacherWidth: positiveInt.default(64),
    teacherDepth: positiveInt.default(2),
    noiseStd: z.number().nonnegative().default(0.1),
    teacherSeed: z.number().int().default(1234),
    trainExamples: positiveInt.default(1_000_000),
    heldOutExamples: positiveInt.default(8192),
  }),
  z.strictObject({
    /** Multitask sparse parity (Michaud et al. 2023); see src/data/sparse-parity.ts. */
    kind: z.literal('sparse-parity'),
    tasks: positiveInt.default(500),
    bits: positiveInt.default(100),
    k: positiveInt.default(3),
    /** Subtask frequencies ∝ rank^-zipfExponent; the theory predicts L(N) ∝ N^-(zipfExponent-1). */
    zipfExponent: z.number().gt(1).default(1.4),
    taskSeed: z.number().int().default(1234),
    trainExamples: positiveInt.default(1_000_000),
    heldOutExamples: positiveInt.default(8192),
  }),
]);

export type Task = z.output<typeof taskSchema>;
