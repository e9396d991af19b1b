/** Closed-form least squares for the straight lines and parabolas several laws reduce to. */

export interface Line {
  intercept: number;
  slope: number;
}

/** y = intercept + slope·x by ordinary least squares; null when x does not vary. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): Line | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 1e-300)) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** y = c0 + c1·x + c2·x² by least squares (x centred for conditioning); null if singular. */
export function fitParabola(x: ArrayLike<number>, y: ArrayLike<number>): [number, number, number] | null {
  const n = x.length;
  if (n < 3) return null;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  // Normal equations in u = x − m.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i] - m;
    const u2 = u * u;
    s0 += 1;
    s1 += u;
    s2 += u2;
    s3 += u2 * u;
    s4 += u2 * u2;
    t0 += y[i];
    t1 += u * y[i];
    t2 += u2 * y[i];
  }
  const sol = solve3(
    [
      [s0, s1, s2],
      [s1, s2, s3],
      [s2, s3, s4],
    ],
    [t0, t1, t2],
  );
  if (!sol) return null;
  const [b0, b1, b2] = sol;
  // Back to powers of x: b0 + b1(x−m) + b2(x−m)².
  return [b0 - b1 * m + b2 * m * m, b1 - 2 * b2 * m, b2];
}

function solve3(A: number[][], b: number[]): [number, number, number] | null {
  const det = (M: number[][]) =>
    M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
    M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
    M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  const d = det(A);
  const scale = Math.abs(A[0][0] * A[1][1] * A[2][2]);
  if (!(Math.abs(d) > 1e-12 * scale)) return null;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    const M = A.map((row, r) => row.map((v, k) => (k === c ? b[r] : v)));
    out.push(det(M) / d);
  }
  return [out[0], out[1], out[2]];
}
