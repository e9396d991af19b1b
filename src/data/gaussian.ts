/** Standard normal draws from uniform ones (Box–Muller), filling an array. */
export function fillGaussian(rng: () => number, out: Float64Array | Float32Array, offset = 0, count = out.length - offset): void {
  for (let i = 0; i < count; i += 2) {
    const u = 1 - rng(); // in (0, 1], so log(u) is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * rng();
    out[offset + i] = r * Math.cos(theta);
    if (i + 1 < count) out[offset + i + 1] = r * Math.sin(theta);
  }
}
