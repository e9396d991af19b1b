/** tensorflow: libtensorflow on the CPU through tfjs-node, which uses every core for one run. */
import os from 'node:os';
import { tfjsOps } from '../../ops/tfjs-ops.ts';
import { cpuModel, oneAtATime, type BackendRecord } from '../record.ts';

const PACKAGE = '@tensorflow/tfjs-node';

export const tensorflow: BackendRecord<'tensorflow'> = {
  name: 'tensorflow',
  package: PACKAGE,
  tfjsName: 'tensorflow',
  importPackage: () => import(PACKAGE),
  place: () => ({ device: `${cpuModel()} (libtensorflow, ${os.cpus().length} threads)`, parallelRuns: 'one' }),
  ops: () => tfjsOps,
  workers: oneAtATime,
};
