/**
 * Everything toyscale knows about one backend, in one record: its package, how to load and check
 * it, where it runs, its op set, how many runs it trains at once, and what `doctor` says about it.
 * The registry (registry.ts) lists the records; selecting, probing, the trainer's op set, the
 * worker pool and `doctor` read them and never branch on a backend's name.
 */
import os from 'node:os';
import type { Ops } from '../ops/ops.ts';
import type { AdapterDescription } from './webgpu.ts';

/** Where a selected backend runs: recorded in each run, and sizing the worker pool. */
export interface Placement {
  /** The hardware it runs on, as recorded in each run. */
  device: string;
  /**
   * How many runs to train at once: one per core on single-threaded backends, K per GPU on GPU
   * backends (several small runs fill a big GPU), one where the backend uses every core itself.
   */
  parallelRuns: 'per-core' | 'per-gpu' | 'one';
  /** webgpu: the adapter, with the limits that bound a model's size there. */
  adapter?: AdapterDescription;
}

export interface WorkerPlan {
  workers: number;
  /** CUDA_VISIBLE_DEVICES per worker slot, on GPUs: slot i takes gpuIds[i mod length]. */
  gpuIds?: string[];
}

export interface BackendRecord<Name extends string = string> {
  /** As a user names it: `--backend <name>`. */
  name: Name;
  /** The npm package that provides it. */
  package: string;
  /** The name tfjs registers it under. */
  tfjsName: string;
  /**
   * Imports the package, which registers it with tfjs. A pure-JS package is imported by a literal
   * specifier, so a bundler sees and inlines it; an optional native one by `package`, so it stays
   * dynamic and may be absent.
   */
  importPackage(): Promise<unknown>;
  /** Before the import: why it cannot be used here, if it cannot. `hardwareOnly` is auto's choice. */
  checkBefore?(options: { hardwareOnly: boolean }): Promise<string | undefined>;
  /** After the import, before tfjs initialises it. */
  afterImport?(): Promise<void>;
  /** Once it is tfjs's backend: why it cannot be used after all, if it cannot. */
  checkAfter?(): string | undefined;
  /** A failed import this backend explains itself; undefined leaves it to the general message. */
  explainImportFailure?(message: string): string | undefined;
  /** Where it runs, once selected. */
  place(): Placement;
  /** Its op set: built once per process by the trainer (registering its kernels, if any). */
  ops(): Ops;
  /** How many workers a sweep starts on it, given its placement and K runs per GPU. */
  workers(placement: Placement, runsPerGpu: number): WorkerPlan;
  /** `doctor`, when auto picks no GPU backend: how to make this one usable (GPU backends only). */
  enableHint?: string;
}

/** This machine's processor, as the device strings of the CPU backends name it. */
export function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown CPU';
}

/** Single-threaded backends: one run per core. */
export const onePerCore = (): WorkerPlan => ({ workers: os.availableParallelism() });

/** Backends that spread one run over every core themselves. */
export const oneAtATime = (): WorkerPlan => ({ workers: 1 });
