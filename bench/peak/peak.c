/*
 * This core's peak 128-bit WebAssembly SIMD float throughput: CHAINS = 13 independent accumulators, each
 * updated acc = acc * m + c, every one kept in a register (13 of them plus m and c fill V8's 15 usable xmm
 * registers). 2 FLOP per lane per update, 4 lanes. An FMA has about 4 cycles of latency and 2 issue
 * per cycle on Zen 4, so 8 chains already reach the issue rate (measured: 8 to 14 chains, the same).
 * A multiply then an add has about 6 cycles of latency for 2 multiplies and 2 adds a cycle, so it
 * needs 12 or more chains in flight; 13 fit, 14 spill (measured: 8 chains 37 GFLOP/s, 12 47, 13
 * 50, 14 47, against 59 for FMA). So without FMA the register file, not the vector units, limits
 * 128-bit wasm code on this core.
 * Built twice by build.sh: peak-simd128.wasm (mul then add) and peak-relaxed.wasm (relaxed_madd).
 */
#include <wasm_simd128.h>

#define CHAINS 13

#ifdef __wasm_relaxed_simd__
typedef float f32x4_native __attribute__((vector_size(16)));
static inline v128_t step(v128_t acc, v128_t m, v128_t c) {
  return (v128_t)__builtin_wasm_relaxed_madd_f32x4((f32x4_native)acc, (f32x4_native)m, (f32x4_native)c);
}
#else
static inline v128_t step(v128_t acc, v128_t m, v128_t c) { return wasm_f32x4_add(wasm_f32x4_mul(acc, m), c); }
#endif

/* FLOPs done: iterations * 4 (unrolled) * CHAINS * 8. Returns a sum so nothing is optimised away. */
__attribute__((export_name("flops_per_iteration"))) int flops_per_iteration(void) { return 4 * CHAINS * 8; }

__attribute__((export_name("run"))) float run(int iterations, float seed) {
  v128_t m = wasm_f32x4_splat(0.9999f), c = wasm_f32x4_splat(1e-4f);
  v128_t acc[CHAINS];
  for (int i = 0; i < CHAINS; i++) acc[i] = wasm_f32x4_splat(seed + (float)i);
  for (int it = 0; it < iterations; it++) {
    for (int u = 0; u < 4; u++)
      for (int i = 0; i < CHAINS; i++) acc[i] = step(acc[i], m, c);
  }
  v128_t sum = acc[0];
  for (int i = 1; i < CHAINS; i++) sum = wasm_f32x4_add(sum, acc[i]);
  return wasm_f32x4_extract_lane(sum, 0);
}
