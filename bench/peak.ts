/**
 * This core's peak 128-bit WebAssembly SIMD float throughput, the yardstick for the kernels: a loop
 * of 12 independent register-resident multiply-add chains (bench/peak/peak.c), once as a multiply
 * then an add (every runtime) and once as a relaxed-SIMD fused multiply-add (where the runtime
 * validates it; Node 20 needs --experimental-wasm-relaxed-simd). Either way 4 lanes of 2 FLOPs an
 * update; the peak is the best of REPS timed calls after the code has tiered up to V8's optimising
 * compiler (a shared machine only ever makes a call slower).
 *
 * Run: node --experimental-wasm-relaxed-simd --import tsx bench/peak.ts [--json]   (Node 20; no flag on 22+)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Peak {
  /** GFLOP/s of f32x4.mul then f32x4.add. */
  mulAdd: number;
  /** GFLOP/s of f32x4.relaxed_madd; null where the runtime does not validate relaxed SIMD. */
  fma: number | null;
}

const REPS = 15;
const ITERATIONS = 200_000;

interface PeakExports {
  run(iterations: number, seed: number): number;
  flops_per_iteration(): number;
}

function load(variant: 'simd128' | 'relaxed'): PeakExports | null {
  const bytes = new Uint8Array(readFileSync(new URL(`./peak/peak-${variant}.wasm`, import.meta.url)));
  if (!WebAssembly.validate(bytes)) return null;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as PeakExports;
}

function gflops(probe: PeakExports): number {
  // Small calls first: V8 compiles wasm with its baseline compiler and tiers a function up after it
  // has run a while; a call already running keeps its code, so time only later calls.
  for (let i = 0; i < 200; i++) probe.run(2_000, i);
  let best = 0;
  for (let i = 0; i < REPS; i++) {
    const start = performance.now();
    probe.run(ITERATIONS, i);
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, (ITERATIONS * probe.flops_per_iteration()) / seconds / 1e9);
  }
  return best;
}

export function measurePeak(): Peak {
  const plain = load('simd128');
  if (!plain) throw new Error('this runtime does not validate WebAssembly SIMD');
  const relaxed = load('relaxed');
  return { mulAdd: gflops(plain), fma: relaxed ? gflops(relaxed) : null };
}

/** The larger of the two: what a kernel on this core could reach at best. */
export function bestPeak(peak: Peak): number {
  return Math.max(peak.mulAdd, peak.fma ?? 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const peak = measurePeak();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(peak));
    process.exit(0);
  }
  console.log(`128-bit wasm SIMD peak on one core (Node ${process.version}, best of ${REPS}):`);
  console.log(`  mul + add:          ${peak.mulAdd.toFixed(1)} GFLOP/s`);
  console.log(`  relaxed_madd (FMA): ${peak.fma === null ? 'not available (Node 20: --experimental-wasm-relaxed-simd)' : `${peak.fma.toFixed(1)} GFLOP/s`}`);
}
