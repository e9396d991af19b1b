/*
 * toyscale's kernels for tfjs's wasm backend, built to WebAssembly SIMD: a strided batched matmul;
 * fused passes (causal softmax, GELU, LayerNorm, AdamW, cross-entropy) that each replace 4 to 14
 * tfjs kernels, every one a full pass over memory plus tfjs's per-kernel overhead; causal attention
 * fused per head; and token plus position embeddings as a row copy and a scatter.
 *
 * The matmul.
 *
 * Why by hand: tfjs-backend-wasm 4.22 sends a matmul to XNNPACK only when it is untransposed with
 * batch 1 (24-32 GFLOP/s on this CPU); every transposed or batched one falls to a naive loop about
 * 13x slower, so the model had to pay for explicit transposes and for attention as depthwise
 * convolutions. This kernel reads any operand through strides, so transposes, heads and batches
 * cost nothing, and its 4x8 register tile runs at about 40 GFLOP/s on the same core (about 47
 * with relaxed SIMD's fused multiply-add; bench/peak.ts measures the core's limits, 50 and 59).
 *
 * The loop nest is the usual one (Goto and van de Geijn 2008; BLIS): a KC x NC block of B is
 * packed into NR-wide panels, a KC x MR sliver of A into a panel, and a 4x8 microkernel keeps its
 * 32 sums in 8 registers (see "The register tile" for why not bigger).
 *
 * The module has no data and uses no stack: it imports tfjs's own memory and touches only the
 * operands, the outputs and the scratch block it is given (test/wasm-kernels checks the matmul;
 * build.sh refuses a build whose code reads or writes a global, such as the linker's stack
 * pointer, which points into tfjs's memory).
 * Sums run in a fixed order for a given shape, so results are bit-reproducible.
 *
 * Build: src/wasm-kernels/build.sh (clang 16, Debian 12's clang-16 and lld-16).
 */
#include <wasm_simd128.h>

/*
 * Two builds of this one source (build.sh): kernels.wasm with WebAssembly SIMD (simd128) only, and
 * kernels-relaxed.wasm with relaxed SIMD as well, where madd is f32x4.relaxed_madd, one fused
 * multiply-add (one rounding) instead of a multiply and an add (two roundings). Every use of madd
 * below therefore gives other bits in the two builds; each build is deterministic on its own.
 * In the simd128 build madd(a, b, c) is exactly the old add(c, mul(a, b)) (IEEE addition commutes),
 * so its results are bit for bit those of the build before relaxed SIMD.
 */
#ifdef __wasm_relaxed_simd__
typedef float f32x4_native __attribute__((vector_size(16)));
static inline v128_t madd(v128_t a, v128_t b, v128_t c) {
  return (v128_t)__builtin_wasm_relaxed_madd_f32x4((f32x4_native)a, (f32x4_native)b, (f32x4_native)c);
}
/* c - a b */
static inline v128_t nmadd(v128_t a, v128_t b, v128_t c) {
  return (v128_t)__builtin_wasm_relaxed_nmadd_f32x4((f32x4_native)a, (f32x4_native)b, (f32x4_native)c);
}
#else
static inline v128_t madd(v128_t a, v128_t b, v128_t c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
static inline v128_t nmadd(v128_t a, v128_t b, v128_t c) { return wasm_f32x4_sub(c, wasm_f32x4_mul(a, b)); }
#endif

/*
 * The register tile, MR x NR: MR * NR / 4 accumulators. V8's optimising compiler has 15 xmm
 * registers for wasm code and hoists every load of a k step (the NR / 4 vectors of B and the MR
 * splats of A) above that step's multiply-adds, so a tile fits only when accumulators + NR / 4 + MR
 * <= 15, with or without FMA (relaxed_madd needs no temporary, but the hoisted splats take the
 * registers it frees). Measured on gpt-b's products with FMA (Node 20, bench/peak-style best of 9):
 * 4x8, 2x16 and 3x12 (14 and 15 registers) about 47 GFLOP/s; 5x8, 6x8 and 4x12 (17 to 20) spill and
 * run at 15 to 28. Without FMA: 4x8 40, 3x12 24. So both builds keep 4x8; -DMR=... -DNR=... (NR a
 * multiple of 4) override it, for tuning.
 */
#ifndef MR
#define MR 4
#endif
#ifndef NR
#define NR 8
#endif
#define NV (NR / 4) /* B vectors across a tile */
#define KC 256
#define NC (512 / NR * NR) /* a whole number of panels */

/* Scratch layout, in floats: B block (KC x NC), A panel (KC x MR), one edge tile (MR x NR). */
#define SCRATCH_FLOATS (KC * NC + KC * MR + MR * NR)

__attribute__((export_name("scratch_floats"))) int scratch_floats(void) { return SCRATCH_FLOATS; }

/* Packs rows k0..k0+kc and columns j0..j0+nc of B into NR-wide panels [kc][NR], zero past N. */
static void pack_b(const float* b, int b_row, int b_col, int kc, int nc, int n_valid, float* bp) {
  for (int jp = 0; jp < nc; jp += NR) {
    int cols = n_valid - jp < NR ? n_valid - jp : NR;
    const float* src = b + jp * b_col;
    if (b_col == 1 && cols == NR) {
      for (int k = 0; k < kc; k++, bp += NR)
        for (int v = 0; v < NV; v++) wasm_v128_store(bp + 4 * v, wasm_v128_load(src + k * b_row + 4 * v));
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
    /* A read transposed: each k's MR values are adjacent, copied as 4-float vectors (and a tail). */
    for (int k = 0; k < kc; k++) {
      const float* src = a + k * a_col;
      float* dst = ap + k * MR;
      int t = 0;
      for (; t + 4 <= MR; t += 4) wasm_v128_store(dst + t, wasm_v128_load(src + t));
      for (; t < MR; t++) dst[t] = src[t];
    }
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
 * One MR x NR tile: acc = A sliver . B panel, A's element (i, k) at ap[i * a_i + k * a_k] (a packed
 * panel: a_i = 1, a_k = MR; rows read in place: a_i = A's row stride, a_k = 1), then C = acc
 * (+ bias) on the first K block, C += acc on later ones. Edge tiles go through `edge` and only
 * their valid part is written. The loops over i have constant bounds: clang unrolls them and keeps
 * acc in 2 MR registers.
 */
static void tile_mr_x_nr(int kc, const float* ap, int a_i, int a_k, const float* bp, float* c, int c_row, int rows, int cols,
                       const float* bias, int first, float* edge) {
  v128_t acc[MR][NV];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < kc; k++, ap += a_k, bp += NR) {
    v128_t b[NV];
    for (int v = 0; v < NV; v++) b[v] = wasm_v128_load(bp + 4 * v);
    for (int i = 0; i < MR; i++) {
      v128_t ai = wasm_v128_load32_splat(ap + i * a_i);
      for (int v = 0; v < NV; v++) acc[i][v] = madd(ai, b[v], acc[i][v]);
    }
  }
  if (rows == MR && cols == NR) {
    if (first) {
      if (bias) {
        for (int v = 0; v < NV; v++) {
          v128_t z = wasm_v128_load(bias + 4 * v);
          for (int i = 0; i < MR; i++) acc[i][v] = wasm_f32x4_add(acc[i][v], z);
        }
      }
    } else {
      for (int i = 0; i < MR; i++)
        for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_add(acc[i][v], wasm_v128_load(c + i * c_row + 4 * v));
    }
    for (int i = 0; i < MR; i++)
      for (int v = 0; v < NV; v++) wasm_v128_store(c + i * c_row + 4 * v, acc[i][v]);
    return;
  }
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) wasm_v128_store(edge + i * NR + 4 * v, acc[i][v]);
  for (int i = 0; i < rows; i++) {
    for (int j = 0; j < cols; j++) {
      float v = edge[i * NR + j];
      float* out = c + i * c_row + j;
      *out = first ? (bias ? v + bias[j] : v) : *out + v;
    }
  }
}

/*
 * Causal structure the product may skip (attention under a causal mask, where half of every T x T
 * matrix is zero or unused): CAUSAL_OUTPUT is for products whose entries above the diagonal are
 * never used: tiles wholly above it are written as 0 and tiles the diagonal crosses are computed in
 * full. CAUSAL_A_LOWER is for A with A[i, k] = 0 for k > i, CAUSAL_A_UPPER for A[i, k] = 0 for k < i:
 * the parts of K that are zero for a whole MR-row sliver are skipped; the slivers the diagonal
 * crosses sum their zeros like any other value, so A must really be zero there.
 */
#define CAUSAL_NONE 0
#define CAUSAL_OUTPUT 1
#define CAUSAL_A_LOWER 2
#define CAUSAL_A_UPPER 3

/* C[m, n] = sum_k A[m, k] B[k, n] (+ bias[n]) for one matrix of the batch. */
static void gemm_one(int M, int N, int K, const float* a, int a_row, int a_col, const float* b, int b_row, int b_col,
                     float* c, int c_row, const float* bias, int causal, float* scratch) {
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
        /* This row block's share [ks, ke) of the K block; an empty share still writes its tile
           (zeros, or the bias) on the first K block, so every output element is written. */
        int ks = 0, ke = kc;
        if (causal == CAUSAL_A_LOWER && i0 + rows - k0 < ke) ke = i0 + rows - k0;
        if (causal == CAUSAL_A_UPPER && i0 - k0 > ks) ks = i0 - k0;
        if (ke < ks) ke = ks;
        /* A whole sliver of rows that are contiguous in k is read in place: packing it would cost a
           scalar copy of every element, a quarter of the multiply-adds' time when N is 64. */
        const float* a_sliver = a + i0 * a_row + (k0 + ks) * a_col;
        int in_place = a_col == 1 && rows == MR;
        if (!in_place) pack_a(a_sliver, a_row, a_col, ke - ks, rows, ap);
        for (int jp = 0; jp < nc; jp += NR) {
          int cols = nc - jp < NR ? nc - jp : NR;
          int above_diagonal = causal == CAUSAL_OUTPUT && j0 + jp > i0 + rows - 1;
          tile_mr_x_nr(above_diagonal ? 0 : ke - ks, in_place ? a_sliver : ap, in_place ? a_row : 1, in_place ? 1 : MR,
                     bp + jp * kc + ks * NR, c + i0 * c_row + j0 + jp, c_row, rows, cols, bias ? bias + j0 + jp : 0, k0 == 0, tile);
        }
      }
    }
  }
}

/*
 * A batch of outer x inner products. Every stride is in elements; a batch member (o, i) starts at
 * o * x_outer + i * x_inner. A's element (m, k) is at m * a_row + k * a_col, B's (k, n) at
 * k * b_row + n * b_col, C's (m, n) at m * c_row + n. bias (length N) may be 0 (none); causal is
 * one of the CAUSAL_ modes.
 */
__attribute__((export_name("gemm")))
void gemm(int outer, int inner, int M, int N, int K,
          const float* a, int a_outer, int a_inner, int a_row, int a_col,
          const float* b, int b_outer, int b_inner, int b_row, int b_col,
          float* c, int c_outer, int c_inner, int c_row,
          const float* bias, int causal, float* scratch) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < inner; i++)
      gemm_one(M, N, K, a + o * a_outer + i * a_inner, a_row, a_col, b + o * b_outer + i * b_inner, b_row, b_col,
               c + o * c_outer + i * c_inner, c_row, bias, causal, scratch);
}

/* ---------------------------------------------------------------------------------------------- */
/* Elementwise kernels. n counts floats; every pointer is a byte address in tfjs's memory.          */

static inline v128_t splat(float x) { return wasm_f32x4_splat(x); }

/*
 * The constants of exp4 and GELU, read from a table in memory rather than written as v128.const.
 * V8 13 (Node 24) rematerialises a v128 constant at each use inside a loop once the 15 vector
 * registers run out, which made exp4 2.7 times slower there than on Node 20 and 22 (0.94 against
 * 0.35 ms for 512k floats). Loaded values it must keep, spilling them at worst; Node 20 and 22 lose
 * about 5% this way. init_constants writes the table once (module.ts); kernels that use it take its
 * address and load it into locals before their loops (load_constants).
 */
enum {
  K_EXP_LO, K_EXP_HI, K_LOG2E, K_MAGIC, K_LN2_HI, K_LN2_LO,
  K_P0, K_P1, K_P2, K_P3, K_P4, K_P5, K_ONE, K_EXP_BIAS, K_GELU_A, K_GELU_B, K_COUNT
};
#define GELU_A 1.5957691216057308f
#define GELU_B 0.07135481627159723f

typedef struct { v128_t v[K_COUNT]; } constants;

__attribute__((export_name("constants_floats"))) int constants_floats(void) { return K_COUNT; }

__attribute__((export_name("init_constants")))
void init_constants(float* table) {
  table[K_EXP_LO] = -87.336544f;
  table[K_EXP_HI] = 88.376262f;
  table[K_LOG2E] = 1.44269504088896341f;
  table[K_MAGIC] = 12582912.0f; /* 1.5 * 2^23 */
  table[K_LN2_HI] = 0.693359375f;
  table[K_LN2_LO] = -2.12194440e-4f;
  table[K_P0] = 1.9875691500e-4f;
  table[K_P1] = 1.3981999507e-3f;
  table[K_P2] = 8.3334519073e-3f;
  table[K_P3] = 4.1665795894e-2f;
  table[K_P4] = 1.6666665459e-1f;
  table[K_P5] = 5.0000001201e-1f;
  table[K_ONE] = 1.0f;
  ((int*)table)[K_EXP_BIAS] = 127;
  table[K_GELU_A] = GELU_A;
  table[K_GELU_B] = GELU_B;
}

static inline void load_constants(const float* table, constants* k) {
  for (int i = 0; i < K_COUNT; i++) k->v[i] = wasm_v128_load32_splat(table + i);
}

/*
 * e^x for four lanes, Cephes' expf: x = n ln2 + r with |r| <= ln2/2, a degree-6 polynomial for
 * e^r (relative error about 1e-7), and 2^n built in the exponent bits. Clamped to [-87.3, 88.3],
 * where e^x is a normal float; below it the result is e^-87.3, not 0 (callers multiply it away).
 * n is rounded by adding 1.5 * 2^23, which leaves it in the low mantissa bits: V8 lowers f32x4.nearest
 * and i32x4.trunc_sat_f32x4 to long sequences (GELU ran at 2.8 ns an element with them).
 */
static inline v128_t exp4(v128_t x, const constants* k) {
  const v128_t* c = k->v;
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, c[K_EXP_LO]), c[K_EXP_HI]);
  v128_t t = madd(x, c[K_LOG2E], c[K_MAGIC]);
  v128_t n = wasm_f32x4_sub(t, c[K_MAGIC]);
  v128_t r = nmadd(n, c[K_LN2_HI], x);
  r = nmadd(n, c[K_LN2_LO], r);
  v128_t y = c[K_P0];
  y = madd(y, r, c[K_P1]);
  y = madd(y, r, c[K_P2]);
  y = madd(y, r, c[K_P3]);
  y = madd(y, r, c[K_P4]);
  y = madd(y, r, c[K_P5]);
  y = wasm_f32x4_add(madd(wasm_f32x4_mul(y, r), r, r), c[K_ONE]);
  /* t's bits are those of magic plus n: subtracting them and adding the bias 127 gives n's exponent field. */
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(t, c[K_MAGIC]), c[K_EXP_BIAS]), 23);
  return wasm_f32x4_mul(y, scale);
}

static inline float exp1(float x, const constants* k) { return wasm_f32x4_extract_lane(exp4(splat(x), k), 0); }

static inline float hsum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) + (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

static inline float hmax(v128_t v) {
  float a = wasm_f32x4_extract_lane(v, 0), b = wasm_f32x4_extract_lane(v, 1);
  float c = wasm_f32x4_extract_lane(v, 2), d = wasm_f32x4_extract_lane(v, 3);
  a = a > b ? a : b;
  c = c > d ? c : d;
  return a > c ? a : c;
}

/*
 * Causal softmax over rows of length T, for scores [.., T, T]: row r is query t = r mod T, keys
 * s <= t are normalised and keys s > t set to 0 (what softmax of the scores plus a -inf mask gives).
 */
/* Softmax of x[0, len) into out (which may be x); gives the row's maximum and returns its sum of exps. */
__attribute__((always_inline)) static inline float softmax_row(const float* x, float* out, int len, const constants* k, float* max) {
  int vec = len & ~3;
  v128_t mv = splat(x[0]);
  for (int s = 0; s < vec; s += 4) mv = wasm_f32x4_pmax(mv, wasm_v128_load(x + s));
  float m = hmax(mv);
  for (int s = vec; s < len; s++) m = x[s] > m ? x[s] : m;
  v128_t sv = splat(0.0f);
  for (int s = 0; s < vec; s += 4) {
    v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(x + s), splat(m)), k);
    wasm_v128_store(out + s, e);
    sv = wasm_f32x4_add(sv, e);
  }
  float sum = hsum(sv);
  for (int s = vec; s < len; s++) {
    out[s] = exp1(x[s] - m, k);
    sum += out[s];
  }
  v128_t inv = splat(1.0f / sum);
  for (int s = 0; s < vec; s += 4) wasm_v128_store(out + s, wasm_f32x4_mul(wasm_v128_load(out + s), inv));
  for (int s = vec; s < len; s++) out[s] *= 1.0f / sum;
  *max = m;
  return sum;
}

__attribute__((export_name("softmax_causal")))
void softmax_causal(const float* x, float* out, int rows, int T, const float* table) {
  constants k;
  load_constants(table, &k);
  float m;
  for (int r = 0; r < rows; r++, x += T, out += T) {
    int len = r % T + 1;
    softmax_row(x, out, len, &k, &m);
    for (int s = len; s < T; s++) out[s] = 0.0f;
  }
}

/* Softmax backward per row of length T: dx = p * (dp - sum(dp * p)); p is 0 past the diagonal. */
__attribute__((export_name("softmax_backward")))
void softmax_backward(const float* p, const float* dp, float* dx, int rows, int T) {
  int vec = T & ~3;
  for (int r = 0; r < rows; r++, p += T, dp += T, dx += T) {
    v128_t dv = splat(0.0f);
    for (int s = 0; s < vec; s += 4) dv = madd(wasm_v128_load(p + s), wasm_v128_load(dp + s), dv);
    float dot = hsum(dv);
    for (int s = vec; s < T; s++) dot += p[s] * dp[s];
    for (int s = 0; s < vec; s += 4)
      wasm_v128_store(dx + s, wasm_f32x4_mul(wasm_v128_load(p + s), wasm_f32x4_sub(wasm_v128_load(dp + s), splat(dot))));
    for (int s = vec; s < T; s++) dx[s] = p[s] * (dp[s] - dot);
  }
}

/*
 * GELU, tanh approximation, as x * sigma(u) with u = x (A + B x^2), A = 2 sqrt(2/pi), B = A 0.044715
 * (0.5 (1 + tanh z) = sigma(2z)). Forward writes y and keeps s = sigma(u) for the backward pass.
 */
static inline v128_t sigmoid_of_gelu_arg(v128_t x, const constants* k) {
  v128_t u = wasm_f32x4_mul(x, madd(wasm_f32x4_mul(x, x), k->v[K_GELU_B], k->v[K_GELU_A]));
  return wasm_f32x4_div(k->v[K_ONE], wasm_f32x4_add(k->v[K_ONE], exp4(wasm_f32x4_neg(u), k)));
}

__attribute__((export_name("gelu_forward")))
void gelu_forward(const float* x, float* y, float* s, int n, const float* table) {
  constants k;
  load_constants(table, &k);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t xv = wasm_v128_load(x + i);
    v128_t sv = sigmoid_of_gelu_arg(xv, &k);
    wasm_v128_store(s + i, sv);
    wasm_v128_store(y + i, wasm_f32x4_mul(xv, sv));
  }
  for (; i < n; i++) {
    float sv = wasm_f32x4_extract_lane(sigmoid_of_gelu_arg(splat(x[i]), &k), 0);
    s[i] = sv;
    y[i] = x[i] * sv;
  }
}

/* dx = dy (s + x s (1 - s) (A + 3 B x^2)), the derivative of x sigma(u). */
__attribute__((export_name("gelu_backward")))
void gelu_backward(const float* x, const float* s, const float* dy, float* dx, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t xv = wasm_v128_load(x + i), sv = wasm_v128_load(s + i);
    v128_t du = madd(wasm_f32x4_mul(xv, xv), splat(3.0f * GELU_B), splat(GELU_A));
    v128_t slope = wasm_f32x4_mul(wasm_f32x4_mul(xv, wasm_f32x4_sub(sv, wasm_f32x4_mul(sv, sv))), du);
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), wasm_f32x4_add(sv, slope)));
  }
  for (; i < n; i++) {
    float du = x[i] * x[i] * (3.0f * GELU_B) + GELU_A;
    dx[i] = dy[i] * (s[i] + x[i] * (s[i] - s[i] * s[i]) * du);
  }
}

/*
 * LayerNorm over rows of length d (a multiple of 4): y = xhat * gain + bias with
 * xhat = (x - mean) * rstd, rstd = 1 / sqrt(var + eps). Keeps xhat and rstd for the backward pass.
 */
__attribute__((export_name("layer_norm_forward")))
void layer_norm_forward(const float* x, const float* gain, const float* bias, float* y, float* xhat, float* rstd,
                        int rows, int d, float eps) {
  for (int r = 0; r < rows; r++, x += d, y += d, xhat += d) {
    v128_t acc = splat(0.0f);
    for (int j = 0; j < d; j += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(x + j));
    v128_t mean = splat(hsum(acc) / (float)d);
    acc = splat(0.0f);
    for (int j = 0; j < d; j += 4) {
      v128_t c = wasm_f32x4_sub(wasm_v128_load(x + j), mean);
      acc = madd(c, c, acc);
    }
    float rs = 1.0f / wasm_f32x4_extract_lane(wasm_f32x4_sqrt(splat(hsum(acc) / (float)d + eps)), 0);
    rstd[r] = rs;
    v128_t rv = splat(rs);
    for (int j = 0; j < d; j += 4) {
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + j), mean), rv);
      wasm_v128_store(xhat + j, h);
      wasm_v128_store(y + j, madd(h, wasm_v128_load(gain + j), wasm_v128_load(bias + j)));
    }
  }
}

/*
 * LayerNorm backward: with g = dy * gain per row, dx = rstd (g - mean(g) - xhat mean(g xhat));
 * dgain = sum over rows of dy xhat and dbias = sum over rows of dy, accumulated row by row in order.
 */
__attribute__((export_name("layer_norm_backward")))
void layer_norm_backward(const float* dy, const float* xhat, const float* rstd, const float* gain, float* dx,
                         float* dgain, float* dbias, int rows, int d) {
  for (int j = 0; j < d; j += 4) {
    wasm_v128_store(dgain + j, splat(0.0f));
    wasm_v128_store(dbias + j, splat(0.0f));
  }
  for (int r = 0; r < rows; r++, dy += d, xhat += d, dx += d) {
    v128_t sg = splat(0.0f), sgx = splat(0.0f);
    for (int j = 0; j < d; j += 4) {
      v128_t dyv = wasm_v128_load(dy + j), h = wasm_v128_load(xhat + j);
      v128_t g = wasm_f32x4_mul(dyv, wasm_v128_load(gain + j));
      sg = wasm_f32x4_add(sg, g);
      sgx = madd(g, h, sgx);
      wasm_v128_store(dgain + j, madd(dyv, h, wasm_v128_load(dgain + j)));
      wasm_v128_store(dbias + j, wasm_f32x4_add(wasm_v128_load(dbias + j), dyv));
    }
    v128_t mg = splat(hsum(sg) / (float)d), mgx = splat(hsum(sgx) / (float)d), rv = splat(rstd[r]);
    for (int j = 0; j < d; j += 4) {
      v128_t g = wasm_f32x4_mul(wasm_v128_load(dy + j), wasm_v128_load(gain + j));
      v128_t t = nmadd(wasm_v128_load(xhat + j), mgx, wasm_f32x4_sub(g, mg));
      wasm_v128_store(dx + j, wasm_f32x4_mul(t, rv));
    }
  }
}

/* Sum of squares of n floats, added to *acc: the gradients' global norm, one tensor at a time. */
__attribute__((export_name("sum_squares")))
void sum_squares(const float* x, int n, float* acc) {
  v128_t a = splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    a = madd(v, v, a);
  }
  float sum = hsum(a);
  for (; i < n; i++) sum += x[i] * x[i];
  *acc += sum;
}

/*
 * One AdamW step for one tensor of n floats, written to fresh outputs (tfjs tensors are
 * immutable): m' = b1 m + (1 - b1) c g, v' = b2 v + (1 - b2) c^2 g^2, p' = decay p - step m' / (sqrt(v') + eps_hat),
 * with c = clip / max(norm, clip) the global-norm clip scale, read from *norm.
 */
__attribute__((export_name("adamw")))
void adamw(const float* p, const float* g, const float* m, const float* v, float* p_out, float* m_out, float* v_out, int n,
           const float* norm, float clip, float beta1, float beta2, float step, float eps_hat, float decay) {
  float c = clip / (*norm > clip ? *norm : clip);
  v128_t g1 = splat((1.0f - beta1) * c), g2 = splat((1.0f - beta2) * c * c);
  v128_t b1 = splat(beta1), b2 = splat(beta2), st = splat(step), eh = splat(eps_hat), dc = splat(decay);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gv = wasm_v128_load(g + i);
    v128_t mv = madd(wasm_v128_load(m + i), b1, wasm_f32x4_mul(gv, g1));
    v128_t vv = madd(wasm_v128_load(v + i), b2, wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), g2));
    v128_t update = wasm_f32x4_div(mv, wasm_f32x4_add(wasm_f32x4_sqrt(vv), eh));
    wasm_v128_store(m_out + i, mv);
    wasm_v128_store(v_out + i, vv);
    wasm_v128_store(p_out + i, nmadd(update, st, wasm_f32x4_mul(wasm_v128_load(p + i), dc)));
  }
  for (; i < n; i++) {
    float mi = m[i] * beta1 + g[i] * ((1.0f - beta1) * c);
    float vi = v[i] * beta2 + g[i] * g[i] * ((1.0f - beta2) * c * c);
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] * decay - mi / (__builtin_sqrtf(vi) + eps_hat) * step;
  }
}

/* Sums over rows, [rows, cols] -> [cols], row by row in order (cols a multiple of 4): a bias's gradient. */
__attribute__((export_name("column_sum")))
void column_sum(const float* x, float* out, int rows, int cols) {
  for (int j = 0; j < cols; j += 4) wasm_v128_store(out + j, splat(0.0f));
  for (int r = 0; r < rows; r++, x += cols)
    for (int j = 0; j < cols; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(x + j)));
}

/* ---------------------------------------------------------------------------------------------- */
/*
 * Causal attention, fused per head. Unfused, each step of attention was a tfjs kernel over all
 * B x H heads at once: q times its scale, q.k^T into [B, H, T, T] scores, the causal softmax into
 * probabilities, then p.v; and six more for the backward pass. Every [B, H, T, T] tensor (2 MB for
 * gpt-a) went out to memory and back between kernels. Here one call does a head's whole chain while
 * its T x T block is still in cache, with the same gemm_one and softmax calls in the same order on
 * the same values, so the results are bit for bit those of the unfused kernels (test/wasm-kernels).
 *
 * q, k, v, out and their gradients are [B * T, d] with d = H * hd; head h of sequence b is the
 * [T, hd] block at row b * T, column h * hd. probs is [B, H, T, T], zero above each diagonal.
 * work holds T * hd floats (a head of q times scale) and, for the backward pass, T * T more.
 */
static void scaled_head(const float* x, int T, int hd, int d, float scale, float* out) {
  for (int t = 0; t < T; t++)
    for (int i = 0; i < hd; i++) out[t * hd + i] = x[t * d + i] * scale;
}

__attribute__((export_name("attention_forward")))
void attention_forward(int B, int H, int T, int hd, const float* q, const float* k, const float* v, float scale,
                       float* out, float* probs, float* work, float* scratch, const float* table) {
  int d = H * hd;
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      int at = b * T * d + h * hd;
      float* p = probs + (b * H + h) * T * T;
      scaled_head(q + at, T, hd, d, scale, work);
      /* scores = (q scale) k^T: k's head read transposed (row stride 1, column stride d). */
      gemm_one(T, T, hd, work, hd, 1, k + at, 1, d, p, T, 0, CAUSAL_OUTPUT, scratch);
      softmax_causal(p, p, T, T, table);
      gemm_one(T, hd, T, p, T, 1, v + at, d, 1, out + at, d, 0, CAUSAL_A_LOWER, scratch);
    }
  }
}

/* dP = dout v^T, dS = softmax_backward(P, dP), dq = dS k scale, dk = dS^T (q scale), dv = P^T dout. */
__attribute__((export_name("attention_backward")))
void attention_backward(int B, int H, int T, int hd, const float* dout, const float* q, const float* k, const float* v,
                        const float* probs, float scale, float* dq, float* dk, float* dv, float* work, float* scratch) {
  int d = H * hd;
  float* qs = work;
  float* ds = work + T * hd;
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      int at = b * T * d + h * hd;
      const float* p = probs + (b * H + h) * T * T;
      scaled_head(q + at, T, hd, d, scale, qs);
      gemm_one(T, T, hd, dout + at, d, 1, v + at, 1, d, ds, T, 0, CAUSAL_OUTPUT, scratch);
      softmax_backward(p, ds, ds, T, T);
      gemm_one(T, hd, T, ds, T, 1, k + at, d, 1, dq + at, d, 0, CAUSAL_A_LOWER, scratch);
      for (int t = 0; t < T; t++)
        for (int i = 0; i < hd; i++) dq[at + t * d + i] *= scale;
      gemm_one(T, hd, T, ds, 1, T, qs, hd, 1, dk + at, d, 0, CAUSAL_A_UPPER, scratch);
      gemm_one(T, hd, T, p, 1, T, dout + at, d, 1, dv + at, d, 0, CAUSAL_A_UPPER, scratch);
    }
  }
}

/* ---------------------------------------------------------------------------------------------- */
/*
 * Token plus position embeddings. They ran as a one-hot matmul (wasm has no gradient kernel for
 * gather) and a broadcast add, and backward as onehot^T.dy and a sum over the batch: about 1 ms
 * of a 45 ms GPT a step for what is a copy and a scatter. These give the same bits as that path
 * for finite values: the one-hot product of a row is (w + 0) (every other term adds a zero, and a
 * sum that starts at +0 can never be -0), and its gradient sums each token's dy rows in row order
 * within blocks of KC rows, adding each block's sum to the total, as gemm does.
 *
 * ids [rows] (int32; an id outside [0, V) embeds as zeros and gets no gradient, as a one-hot row
 * would), wte [V, d], wpe [>= T, d]; row r is position r mod T.
 */
__attribute__((export_name("embed_forward")))
void embed_forward(const int* ids, const float* wte, const float* wpe, float* out, int rows, int T, int V, int d) {
  for (int r = 0; r < rows; r++, out += d) {
    int id = ids[r];
    const float* p = wpe + (r % T) * d;
    if (id < 0 || id >= V) {
      for (int j = 0; j < d; j++) out[j] = 0.0f + p[j];
      continue;
    }
    const float* w = wte + id * d;
    int j = 0;
    for (; j + 4 <= d; j += 4)
      wasm_v128_store(out + j, wasm_f32x4_add(wasm_f32x4_add(wasm_v128_load(w + j), splat(0.0f)), wasm_v128_load(p + j)));
    for (; j < d; j++) out[j] = (w[j] + 0.0f) + p[j];
  }
}

/* dst[j] = a[j] + b[j] over d floats (dst may be a or b). */
static void add_rows(float* dst, const float* a, const float* b, int d) {
  int j = 0;
  for (; j + 4 <= d; j += 4) wasm_v128_store(dst + j, wasm_f32x4_add(wasm_v128_load(a + j), wasm_v128_load(b + j)));
  for (; j < d; j++) dst[j] = a[j] + b[j];
}

/*
 * dwte [V, d] and dwpe [Tp, d] (Tp >= T; rows past T get 0) from dy [rows, d]. slot holds V ints,
 * block KC * d floats (KC is block_rows()): a block's distinct tokens get a slot each, where their
 * rows are summed.
 */
__attribute__((export_name("block_rows"))) int block_rows(void) { return KC; }

__attribute__((export_name("embed_backward")))
void embed_backward(const int* ids, const float* dy, float* dwte, float* dwpe, int rows, int T, int Tp, int V, int d,
                    int* slot, float* block) {
  for (int i = 0; i < V * d; i++) dwte[i] = 0.0f;
  for (int v = 0; v < V; v++) slot[v] = -1;
  for (int k0 = 0; k0 < rows; k0 += KC) {
    int k1 = rows - k0 < KC ? rows : k0 + KC;
    int used = 0;
    for (int r = k0; r < k1; r++) {
      int id = ids[r];
      if (id < 0 || id >= V) continue;
      if (slot[id] < 0) {
        slot[id] = used++;
        for (int j = 0; j < d; j++) block[slot[id] * d + j] = 0.0f;
      }
      add_rows(block + slot[id] * d, block + slot[id] * d, dy + r * d, d);
    }
    for (int r = k0; r < k1; r++) {
      int id = ids[r];
      if (id < 0 || id >= V || slot[id] < 0) continue;
      add_rows(dwte + id * d, block + slot[id] * d, dwte + id * d, d);
      slot[id] = -1;
    }
  }
  /* Positions: the sum over sequences, in sequence order from +0 (what tfjs's Sum over the batch axis does). */
  for (int i = 0; i < Tp * d; i++) dwpe[i] = 0.0f;
  for (int r = 0; r < rows; r++) add_rows(dwpe + (r % T) * d, dwpe + (r % T) * d, dy + r * d, d);
}

/* ---------------------------------------------------------------------------------------------- */
/*
 * Mean cross-entropy of logits against integer targets, and its gradient. Unfused it was 11 tfjs
 * kernels forward (softmax, one-hot, two maxima, log, ...) and 3 backward, about 1.3 ms of a GPT a
 * step with tfjs's dispatch. Row r: m = max z, s = sum exp(z - m), loss = log s + m - z[target];
 * the mean is summed in double. A target outside [0, V) contributes no z (as a one-hot row of zeros).
 */

/* Natural log of a positive normal float, Cephes' logf (relative error about 1e-7). */
static float log1(float x) {
  union { float f; int i; } u = { x };
  int e = ((u.i >> 23) & 0xff) - 127;
  u.i = (u.i & 0x007fffff) | 0x3f800000; /* the mantissa m, in [1, 2) */
  float m = u.f;
  if (m > 1.41421356f) {
    m *= 0.5f;
    e += 1;
  }
  float f = m - 1.0f, z = f * f;
  float y = 7.0376836292e-2f;
  y = y * f - 1.1514610310e-1f;
  y = y * f + 1.1676998740e-1f;
  y = y * f - 1.2420140846e-1f;
  y = y * f + 1.4249322787e-1f;
  y = y * f - 1.6668057665e-1f;
  y = y * f + 2.0000714765e-1f;
  y = y * f - 2.4999993993e-1f;
  y = y * f + 3.3333331174e-1f;
  y = y * f * z;
  y += -2.12194440e-4f * (float)e;
  y += -0.5f * z;
  return (f + y) + 0.693359375f * (float)e;
}

/* p [rows, V] = softmax(z); *loss = mean over rows. */
__attribute__((export_name("cross_entropy_forward")))
void cross_entropy_forward(const float* z, const int* targets, float* p, float* loss, int rows, int V, const float* table) {
  constants k;
  load_constants(table, &k);
  double total = 0.0;
  for (int r = 0; r < rows; r++, z += V, p += V) {
    float m;
    float sum = softmax_row(z, p, V, &k, &m);
    int t = targets[r];
    total += (double)log1(sum) + (double)m - (t >= 0 && t < V ? (double)z[t] : 0.0);
  }
  *loss = (float)(total / rows);
}

/* dz = (p - onehot(targets)) * (*dloss / rows). */
__attribute__((export_name("cross_entropy_backward")))
void cross_entropy_backward(const float* p, const int* targets, const float* dloss, float* dz, int rows, int V) {
  float g = *dloss / (float)rows;
  int n = rows * V, i = 0;
  v128_t gv = splat(g);
  for (; i + 4 <= n; i += 4) wasm_v128_store(dz + i, wasm_f32x4_mul(wasm_v128_load(p + i), gv));
  for (; i < n; i++) dz[i] = p[i] * g;
  for (int r = 0; r < rows; r++) {
    int t = targets[r];
    if (t >= 0 && t < V) dz[r * V + t] = (p[r * V + t] - 1.0f) * g;
  }
}
