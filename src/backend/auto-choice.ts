/**
 * `auto` on a machine with a hardware GPU: the GPU backend loads first, but a toy model on a GPU is
 * bound by the fixed cost of its dispatches, and wasm on every core can train a sweep faster. So
 * `sweep --dry-run` (or a sweep's start, when no dry run measured it) times the sweep's median run
 * both ways, as the sweep would train it (wasm: one run per core at once; the GPU: K runs per GPU,
 * as measured for runs-per-gpu.json), and keeps the faster. Both figures and the reason go to
 * <sweepDir>/backend-choice.json and the sweep's header line. A software adapter is never a
 * candidate: auto does not load one (webgpu.ts).
 */
import fs from 'node:fs';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import type { BackendName } from './names.ts';

export interface MeasuredBackend {
  backend: BackendName;
  device: string;
  /** The sweep's tokens/s with `runsAtOnce` runs training together. */
  tokensPerSecond: number;
  runsAtOnce: number;
}

export interface BackendChoice {
  /** The run timed: the sweep's median by FLOPs per step. */
  runId: string;
  gpu: MeasuredBackend;
  wasm: MeasuredBackend;
  chosen: BackendName;
  /** One line: both figures and which won. */
  reason: string;
}

function figure(m: MeasuredBackend): string {
  const how = m.backend === 'wasm' ? `${m.runsAtOnce} run(s) at once, one per core` : `${m.runsAtOnce} run(s) at once on ${m.device}`;
  return `${m.backend} ${Math.round(m.tokensPerSecond).toLocaleString('en-US')} tokens/s (${how})`;
}

/** The faster of the two; the GPU on a tie (it leaves the CPU free). */
export function chooseByMeasurement(runId: string, gpu: MeasuredBackend, wasm: MeasuredBackend): BackendChoice {
  const gpuWins = gpu.tokensPerSecond >= wasm.tokensPerSecond;
  const [winner, loser] = gpuWins ? [gpu, wasm] : [wasm, gpu];
  const ratio = loser.tokensPerSecond > 0 ? `${(winner.tokensPerSecond / loser.tokensPerSecond).toFixed(2)}× faster` : 'the only one that trained';
  return {
    runId,
    gpu,
    wasm,
    chosen: winner.backend,
    reason: `auto: ${figure(winner)} against ${figure(loser)} on ${runId}: ${winner.backend} is ${ratio}`,
  };
}

export function writeBackendChoice(sweepDir: string, choice: BackendChoice): void {
  writeJsonAtomic(sweepPaths(sweepDir).backendChoice, choice);
}

/** The choice measured here for this GPU backend and device, if any. */
export function readBackendChoice(sweepDir: string, gpuBackend: BackendName, gpuDevice: string): BackendChoice | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(sweepPaths(sweepDir).backendChoice, 'utf8')) as BackendChoice;
    const valid = (value.chosen === 'wasm' || value.chosen === gpuBackend) && typeof value.reason === 'string';
    return valid && value.gpu?.backend === gpuBackend && value.gpu.device === gpuDevice ? value : undefined;
  } catch {
    return undefined;
  }
}
