/*
 * A strided, batched single-precision matmul for tfjs's wasm backend, built to WebAssembly SIMD.
 *
 * Why by hand: tfjs-backend-wasm 4.22 sends a matmul to XNNPACK only when it is untransposed with
 * batch 1 (24-32 GFLOP/s on this CPU); every transposed or batched one falls to a naive loop about
 * 13x slower, so the model had to pay for explicit transposes and for attention as depthwise
 * convolutions. This kernel reads any operand through strides, so transposes, heads and batches
 * cost nothing, and its 4x8 register tile runs at about 40 GFLOP/s on the same core.
 *
 * The loop nest is the usual one (Goto and van de Geijn 2008; BLIS): a KC x NC block of B is
 * packed into NR-wide panels, a KC x MR sliver of A into a panel, and a 4x8 microkernel keeps its
 * 32 sums in 8 registers. Bigger tiles spill on V8's 16 xmm registers (measured: 6x8 ran at 26).
 *
 * The module has no data, no globals and no stack: it imports tfjs's own memory and touches only
 * the operands, the output and the scratch block it is given (checked by test/wasm-kernels).
 * Sums run in a fixed order for a given shape, so results are bit-reproducible.
 *
 * Build: src/wasm-kernels/build.sh (clang 14, Debian's clang-14 and lld-14).
 */
#include <wasm_simd128.h>

#define MR 4
#define NR 8
#define KC 256
#define NC 512

/* Scratch layout, in floats: B block (KC x NC), A panel (KC x MR), one edge tile (MR x NR). */
#define SCRATCH_FLOATS (KC * NC + KC * MR + MR * NR)

__attribute__((export_name("scratch_floats"))) int scratch_floats(void) { return SCRATCH_FLOATS; }

/* Packs rows k0..k0+kc and columns j0..j0+nc of B into NR-wide panels [kc][NR], zero past N. */
static void pack_b(const float* b, int b_row, int b_col, int kc, int nc, int n_valid, float* bp) {
  for (int jp = 0; jp < nc; jp += NR) {
    int cols = n_valid - jp < NR ? n_valid - jp : NR;
    const float* src = b + jp * b_col;
    if (b_col == 1 && cols == NR) {
      for (int k = 0; k < kc; k++, bp += NR) {
        wasm_v128_store(bp, wasm_v128_load(src + k * b_row));
        wasm_v128_store(bp + 4, wasm_v128_load(src + k * b_row + 4));
      }
    } else {
      for (int k = 0; k < kc; k++, bp += NR) {
        for (int t = 0; t < NR; t++) bp[t] = t < cols ? src[k * b_row + t * b_col] : 0.0f;
      }
    }
  }
}

/* Packs rows i0..i0+MR of A over k0..k0+kc into [kc][MR], zero past M. */
static void pack_a(const float* a, int a_row, int a_col, int kc, int rows, float* ap) {
  if (a_row == 1 && rows == MR) {
    for (int k = 0; k < kc; k++) wasm_v128_store(ap + k * MR, wasm_v128_load(a + k * a_col));
    return;
  }
  for (int i = 0; i < MR; i++) {
    const float* src = a + i * a_row;
    if (i >= rows) {
      for (int k = 0; k < kc; k++) ap[k * MR + i] = 0.0f;
    } else if (a_col == 1) {
      for (int k = 0; k < kc; k++) ap[k * MR + i] = src[k];
    } else {
      for (int k = 0; k < kc; k++) ap[k * MR + i] = src[k * a_col];
    }
  }
}

/*
 * One MR x NR tile: acc = A panel . B panel, then C = acc (+ bias) on the first K block, C += acc
 * on later ones. Edge tiles go through `tile` and only their valid part is written.
 */
static void tile_4x8(int kc, const float* ap, const float* bp, float* c, int c_row, int rows, int cols,
                     const float* bias, int first, float* tile) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++, ap += MR, bp += NR) {
    v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    v128_t a0 = wasm_v128_load32_splat(ap);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    v128_t a1 = wasm_v128_load32_splat(ap + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    v128_t a2 = wasm_v128_load32_splat(ap + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    v128_t a3 = wasm_v128_load32_splat(ap + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  if (rows == MR && cols == NR) {
    if (first) {
      if (bias) {
        v128_t z0 = wasm_v128_load(bias), z1 = wasm_v128_load(bias + 4);
        c00 = wasm_f32x4_add(c00, z0); c01 = wasm_f32x4_add(c01, z1);
        c10 = wasm_f32x4_add(c10, z0); c11 = wasm_f32x4_add(c11, z1);
        c20 = wasm_f32x4_add(c20, z0); c21 = wasm_f32x4_add(c21, z1);
        c30 = wasm_f32x4_add(c30, z0); c31 = wasm_f32x4_add(c31, z1);
      }
    } else {
      c00 = wasm_f32x4_add(c00, wasm_v128_load(c)); c01 = wasm_f32x4_add(c01, wasm_v128_load(c + 4));
      c10 = wasm_f32x4_add(c10, wasm_v128_load(c + c_row)); c11 = wasm_f32x4_add(c11, wasm_v128_load(c + c_row + 4));
      c20 = wasm_f32x4_add(c20, wasm_v128_load(c + 2 * c_row)); c21 = wasm_f32x4_add(c21, wasm_v128_load(c + 2 * c_row + 4));
      c30 = wasm_f32x4_add(c30, wasm_v128_load(c + 3 * c_row)); c31 = wasm_f32x4_add(c31, wasm_v128_load(c + 3 * c_row + 4));
    }
    wasm_v128_store(c, c00); wasm_v128_store(c + 4, c01);
    wasm_v128_store(c + c_row, c10); wasm_v128_store(c + c_row + 4, c11);
    wasm_v128_store(c + 2 * c_row, c20); wasm_v128_store(c + 2 * c_row + 4, c21);
    wasm_v128_store(c + 3 * c_row, c30); wasm_v128_store(c + 3 * c_row + 4, c31);
    return;
  }
  wasm_v128_store(tile, c00); wasm_v128_store(tile + 4, c01);
  wasm_v128_store(tile + 8, c10); wasm_v128_store(tile + 12, c11);
  wasm_v128_store(tile + 16, c20); wasm_v128_store(tile + 20, c21);
  wasm_v128_store(tile + 24, c30); wasm_v128_store(tile + 28, c31);
  for (int i = 0; i < rows; i++) {
    for (int j = 0; j < cols; j++) {
      float v = tile[i * NR + j];
      float* out = c + i * c_row + j;
      *out = first ? (bias ? v + bias[j] : v) : *out + v;
    }
  }
}

/* C[m, n] = sum_k A[m, k] B[k, n] (+ bias[n]) for one matrix of the batch. */
static void gemm_one(int M, int N, int K, const float* a, int a_row, int a_col, const float* b, int b_row, int b_col,
                     float* c, int c_row, const float* bias, float* scratch) {
  float* bp = scratch;
  float* ap = scratch + KC * NC;
  float* tile = ap + KC * MR;
  if (K == 0) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) c[i * c_row + j] = bias ? bias[j] : 0.0f;
    return;
  }
  for (int j0 = 0; j0 < N; j0 += NC) {
    int nc = N - j0 < NC ? N - j0 : NC;
    int nc_padded = (nc + NR - 1) / NR * NR;
    for (int k0 = 0; k0 < K; k0 += KC) {
      int kc = K - k0 < KC ? K - k0 : KC;
      pack_b(b + k0 * b_row + j0 * b_col, b_row, b_col, kc, nc_padded, nc, bp);
      for (int i0 = 0; i0 < M; i0 += MR) {
        int rows = M - i0 < MR ? M - i0 : MR;
        pack_a(a + i0 * a_row + k0 * a_col, a_row, a_col, kc, rows, ap);
        for (int jp = 0; jp < nc; jp += NR) {
          int cols = nc - jp < NR ? nc - jp : NR;
          tile_4x8(kc, ap, bp + jp * kc, c + i0 * c_row + j0 + jp, c_row, rows, cols, bias ? bias + j0 + jp : 0, k0 == 0, tile);
        }
      }
    }
  }
}

/*
 * A batch of outer x inner products. Every stride is in elements; a batch member (o, i) starts at
 * o * x_outer + i * x_inner. A's element (m, k) is at m * a_row + k * a_col, B's (k, n) at
 * k * b_row + n * b_col, C's (m, n) at m * c_row + n. bias (length N) may be 0 (none).
 */
__attribute__((export_name("gemm")))
void gemm(int outer, int inner, int M, int N, int K,
          const float* a, int a_outer, int a_inner, int a_row, int a_col,
          const float* b, int b_outer, int b_inner, int b_row, int b_col,
          float* c, int c_outer, int c_inner, int c_row,
          const float* bias, float* scratch) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < inner; i++)
      gemm_one(M, N, K, a + o * a_outer + i * a_inner, a_row, a_col, b + o * b_outer + i * b_inner, b_row, b_col,
               c + o * c_outer + i * c_inner, c_row, bias, scratch);
}
