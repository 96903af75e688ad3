// MXHILB (convex), problem 2 of Haarala, Miettinen & Makela, OMS 19(6), 2004 (theory.md §7b):
//   f(x) = max_{1 <= i <= n} | sum_{j=1}^n x_j / (i + j - 1) |,
// the infinity norm of H x for the n x n Hilbert matrix H (0-based: H[i][j] = 1 / (i + j + 1)).
// Start x_i = 1 (f = sum_j 1/j, 2.92897 for n = 10); minimiser 0, f* = 0, where all 2n - 1
// switches are active (LIKQ fails).

export function mxhilb(x: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += x[j] / (i + j + 1);
    }
    if (i === 0) {
      f = Math.abs(s);
    } else {
      f = Math.max(f, Math.abs(s));
    }
  }
  return f;
}
