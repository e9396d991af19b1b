/**
 * Causal multi-head attention for q, k, v [B·T, d] with H heads of hd = d/H, heads read in place
 * from the rows (no split or transpose is materialised), one thread per (sequence b, head h, row i).
 *
 * Forward, one dispatch: scores s_j = (q_i·scale)·k_j for j ≤ i, p = softmax(s) (0 above the
 * diagonal, as exp of the −1e9 mask gives), out_i = Σ_j p_j·v_j; outputs out [B·T, d] and
 * p [B, H, T, T] for the backward pass.
 * Backward, two dispatches: per (b, h, i), dP_j = dout_i·v_j, dS_j = p_j·(dP_j − Σ_j dP_j·p_j) and
 * dq_i = scale·Σ_j dS_j·k_j; then per (b, h, j), dk_j = scale·Σ_{i≥j} dS_ij·q_i and
 * dv_j = Σ_{i≥j} p_ij·dout_i. Every sum runs in index order. tfjs's ops take about 15 dispatches
 * forward and 20 backward.
 */
import { webgpuInternals } from './backend-internals.ts';
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl, workgroupGrid } from './run-kernel.ts';
import { ENTRY, f32, groupsFor, inputs, outputs } from './wgsl.ts';

export const ATTENTION = 'ToyscaleWebGpuAttention';
export const ATTENTION_BACKWARD = 'ToyscaleWebGpuAttentionBackward';

interface Dims {
  batch: number;
  time: number;
  heads: number;
  d: number;
  scale: number;
}

/** Thread → (b, h, i): `row0` is the first row of sequence b, `col0` head h's first column, `pRow` p's row (b, h, i). */
function header({ batch, time, heads, d }: Dims, index: string): string {
  const hd = d / heads;
  return `${ENTRY}
  if (gid >= ${batch * heads * time}u) { return; }
  let ${index} = gid % ${time}u;
  let bh = gid / ${time}u;
  let h = bh % ${heads}u;
  let b = bh / ${heads}u;
  let row0 = b * ${time}u;
  let col0 = h * ${hd}u;
  let pBase = bh * ${time * time}u;`;
}

function forwardCode(dims: Dims): string {
  const { time: T, d, heads } = dims;
  const hd = d / heads;
  return `${outputs(['out', 'p'])}
${inputs(2, ['q', 'k', 'v'])}
${header(dims, 'i')}
  let qi = (row0 + i) * ${d}u + col0;
  let pRow = pBase + i * ${T}u;
  var top = -3.0e38f;
  for (var j = 0u; j <= i; j = j + 1u) {
    let kj = (row0 + j) * ${d}u + col0;
    var s = 0.0f;
    for (var c = 0u; c < ${hd}u; c = c + 1u) { s = s + (q[qi + c] * ${f32(dims.scale)}) * k[kj + c]; }
    p[pRow + j] = s;
    top = max(top, s);
  }
  var sum = 0.0f;
  for (var j = 0u; j <= i; j = j + 1u) { let e = exp(p[pRow + j] - top); p[pRow + j] = e; sum = sum + e; }
  for (var j = 0u; j <= i; j = j + 1u) { p[pRow + j] = p[pRow + j] / sum; }
  for (var j = i + 1u; j < ${T}u; j = j + 1u) { p[pRow + j] = 0.0f; }
  for (var c = 0u; c < ${hd}u; c = c + 1u) {
    var acc = 0.0f;
    for (var j = 0u; j <= i; j = j + 1u) { acc = acc + p[pRow + j] * v[(row0 + j) * ${d}u + col0 + c]; }
    out[qi + c] = acc;
  }
}`;
}

/** Per (b, h, i): dq and dS (dS in the layout of p). */
function backwardRowsCode(dims: Dims): string {
  const { time: T, d, heads } = dims;
  const hd = d / heads;
  return `${outputs(['dq', 'ds'])}
${inputs(2, ['dout', 'k', 'v', 'p'])}
${header(dims, 'i')}
  let oi = (row0 + i) * ${d}u + col0;
  let pRow = pBase + i * ${T}u;
  var dot = 0.0f;
  for (var j = 0u; j <= i; j = j + 1u) {
    let vj = (row0 + j) * ${d}u + col0;
    var dp = 0.0f;
    for (var c = 0u; c < ${hd}u; c = c + 1u) { dp = dp + dout[oi + c] * v[vj + c]; }
    ds[pRow + j] = dp;
    dot = dot + dp * p[pRow + j];
  }
  for (var j = 0u; j <= i; j = j + 1u) { ds[pRow + j] = p[pRow + j] * (ds[pRow + j] - dot); }
  for (var j = i + 1u; j < ${T}u; j = j + 1u) { ds[pRow + j] = 0.0f; }
  for (var c = 0u; c < ${hd}u; c = c + 1u) {
    var acc = 0.0f;
    for (var j = 0u; j <= i; j = j + 1u) { acc = acc + ds[pRow + j] * k[(row0 + j) * ${d}u + col0 + c]; }
    dq[oi + c] = acc * ${f32(dims.scale)};
  }
}`;
}

/** Per (b, h, j): dk and dv, summed over the rows i ≥ j that attend to j. */
function backwardColumnsCode(dims: Dims): string {
  const { time: T, d, heads } = dims;
  const hd = d / heads;
  return `${outputs(['dk', 'dv'])}
${inputs(2, ['dout', 'q', 'p', 'ds'])}
${header(dims, 'j')}
  let oj = (row0 + j) * ${d}u + col0;
  for (var c = 0u; c < ${hd}u; c = c + 1u) {
    var ak = 0.0f;
    var av = 0.0f;
    for (var i = j; i < ${T}u; i = i + 1u) {
      let at = pBase + i * ${T}u + j;
      let oi = (row0 + i) * ${d}u + col0 + c;
      ak = ak + ds[at] * (q[oi] * ${f32(dims.scale)});
      av = av + p[at] * dout[oi];
    }
    dk[oj + c] = ak;
    dv[oj + c] = av;
  }
}`;
}

function dimsOf(shape: number[], a: Record<string, number>): Dims {
  return { batch: a.batch, time: a.time, heads: a.heads, d: shape[1], scale: a.scale };
}

export const attentionKernelConfigs = [
  webgpuKernel(ATTENTION, ({ q, k, v }, a) => {
    const dims = dimsOf(q.shape, a);
    const threads = dims.batch * dims.heads * dims.time;
    return runWgsl({ name: ATTENTION, code: forwardCode(dims), workgroups: workgroupGrid(groupsFor(threads)) }, [q, k, v], [{ shape: q.shape }, { shape: [dims.batch, dims.heads, dims.time, dims.time] }]);
  }),
  webgpuKernel(ATTENTION_BACKWARD, ({ dout, q, k, v, p }, a) => {
    const dims = dimsOf(q.shape, a);
    const workgroups = workgroupGrid(groupsFor(dims.batch * dims.heads * dims.time));
    const [dq, ds] = runWgsl({ name: `${ATTENTION_BACKWARD}Rows`, code: backwardRowsCode(dims), workgroups }, [dout, k, v, p], [{ shape: q.shape }, { shape: p.shape }]);
    const [dk, dv] = runWgsl({ name: `${ATTENTION_BACKWARD}Columns`, code: backwardColumnsCode(dims), workgroups }, [dout, q, p, ds], [{ shape: q.shape }, { shape: q.shape }]);
    webgpuInternals().disposeData(ds.dataId); // freed once the queued dispatches are submitted
    return [dq, dk, dv];
  }),
];
