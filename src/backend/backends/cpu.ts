/** cpu: tfjs's plain-JavaScript kernels, one thread; the backend that always loads. */
import { tfjsOps } from '../../ops/tfjs-ops.ts';
import { cpuModel, onePerCore, type BackendRecord } from '../record.ts';

export const cpu: BackendRecord<'cpu'> = {
  name: 'cpu',
  package: '@tensorflow/tfjs-backend-cpu',
  tfjsName: 'cpu',
  importPackage: () => import('@tensorflow/tfjs-backend-cpu'),
  place: () => ({ device: `${cpuModel()} (plain JS, 1 thread)`, parallelRuns: 'per-core' }),
  ops: () => tfjsOps,
  workers: onePerCore,
};
