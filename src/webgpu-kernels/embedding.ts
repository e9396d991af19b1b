/**
 * Token plus position embeddings for ids [B·T] (int32), wte [V, d], wpe [P ≥ T, d].
 * Forward, one dispatch: out[r] = wte[ids[r]] + wpe[r mod T], one thread per element.
 * Backward, one dispatch, no atomics (so the same bits on every run): a thread per element of
 * dwte sums dy over the rows whose id is its token, in row order; a thread per element of dwpe
 * sums dy over the B sequences (rows T … P−1 of dwpe are 0). It scans all B·T ids per element of
 * dwte, so the op set uses it for small vocabularies only (webgpu-ops.ts).
 */
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl, workgroupGrid } from './run-kernel.ts';
import { ENTRY, groupsFor, inputs, outputs } from './wgsl.ts';

export const EMBED = 'ToyscaleWebGpuEmbed';
export const EMBED_BACKWARD = 'ToyscaleWebGpuEmbedBackward';

function forwardCode(rows: number, d: number, time: number): string {
  return `${outputs(['out'])}
${inputs(1, ['ids:i32', 'wte', 'wpe'])}
${ENTRY}
  if (gid >= ${rows * d}u) { return; }
  let r = gid / ${d}u;
  let c = gid - r * ${d}u;
  out[gid] = wte[u32(ids[r]) * ${d}u + c] + wpe[(r % ${time}u) * ${d}u + c];
}`;
}

function backwardCode(rows: number, d: number, time: number, vocab: number, positions: number): string {
  return `${outputs(['dwte', 'dwpe'])}
${inputs(2, ['ids:i32', 'dy'])}
${ENTRY}
  if (gid < ${vocab * d}u) {
    let token = i32(gid / ${d}u);
    let c = gid % ${d}u;
    var acc = 0.0f;
    for (var r = 0u; r < ${rows}u; r = r + 1u) {
      if (ids[r] == token) { acc = acc + dy[r * ${d}u + c]; }
    }
    dwte[gid] = acc;
    return;
  }
  let at = gid - ${vocab * d}u;
  if (at >= ${positions * d}u) { return; }
  let t = at / ${d}u;
  let c = at % ${d}u;
  var acc = 0.0f;
  if (t < ${time}u) {
    for (var r = t; r < ${rows}u; r = r + ${time}u) { acc = acc + dy[r * ${d}u + c]; }
  }
  dwpe[at] = acc;
}`;
}

export const embeddingKernelConfigs = [
  webgpuKernel(EMBED, ({ ids, wte, wpe }, { time }) => {
    const [rows] = ids.shape;
    const d = wte.shape[1];
    return runWgsl({ name: EMBED, code: forwardCode(rows, d, time), workgroups: workgroupGrid(groupsFor(rows * d)) }, [ids, wte, wpe], [{ shape: [rows, d] }]);
  }),
  webgpuKernel(EMBED_BACKWARD, ({ ids, dy }, { time, vocab, positions }) => {
    const [rows, d] = dy.shape;
    const code = backwardCode(rows, d, time, vocab, positions);
    return runWgsl({ name: EMBED_BACKWARD, code, workgroups: workgroupGrid(groupsFor((vocab + positions) * d)) }, [ids, dy], [{ shape: [vocab, d] }, { shape: [positions, d] }]);
  }),
];
