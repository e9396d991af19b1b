/**
 * WGSL pieces shared by toyscale's kernels: binding declarations in run-kernel.ts's order and a
 * workgroup sum in a fixed order (a tree over the workgroup's threads), so every reduction gives the
 * same bits on every run whatever the GPU schedules.
 */

/** Threads per workgroup of every kernel here: within WebGPU's default limit of 256. */
export const WORKGROUP = 256;

/** `f32` literal: WGSL reads `1` as an integer and `1e-5` needs a decimal form that keeps all bits. */
export function f32(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite f32: ${x}`);
  const s = Math.fround(x).toPrecision(9);
  return s.includes('.') || s.includes('e') ? `${s}f` : `${s}.0f`;
}

export function outputs(names: string[], type = 'f32'): string {
  return names.map((name, i) => `@group(0) @binding(${i}) var<storage, read_write> ${name}: array<${type}>;`).join('\n');
}

/** Read-only inputs after `first` outputs; each name may carry its element type as `name:i32`. */
export function inputs(first: number, names: string[]): string {
  return names
    .map((spec, i) => {
      const [name, type = 'f32'] = spec.split(':');
      return `@group(0) @binding(${first + i}) var<storage, read> ${name}: array<${type}>;`;
    })
    .join('\n');
}

/** A uniform struct of f32 fields at binding `at`, named `u`. */
export function uniforms(at: number, fields: string[]): string {
  return `struct Uniforms { ${fields.map((f) => `${f}: f32,`).join(' ')} };\n@group(0) @binding(${at}) var<uniform> u: Uniforms;`;
}

/** The entry point's header for workgroups of `size` threads: `wg` is the linear workgroup index, `lid` the thread in it, `gid` the global linear index. */
export function entry(size = WORKGROUP): string {
  return `@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wg = wid.x + wid.y * nwg.x;
  let gid = wg * ${size}u + lid;`;
}

export const ENTRY = entry();

/**
 * `reduceSum(x, lid)`: the sum of x over a workgroup of `size` threads (a power of 2), the same
 * value returned to every thread, added in a fixed tree order. Every thread of the workgroup must
 * call it (uniform control flow).
 */
export function reduceSum(size = WORKGROUP): string {
  return `var<workgroup> partial: array<f32, ${size}>;
fn reduceSum(x: f32, lid: u32) -> f32 {
  partial[lid] = x;
  workgroupBarrier();
  for (var stride = ${size / 2}u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}`;
}

export const REDUCE_SUM = reduceSum();

/** Workgroups for `n` items, one thread each. */
export function groupsFor(n: number): number {
  return Math.ceil(n / WORKGROUP);
}
