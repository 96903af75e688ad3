// Least absolute deviations (L1) regression and the lasso.
//
// l1Loss: sum_i |A_i . w - b_i|, the robust-regression loss ||A w - b||_1 (theory.md §7b,
// "also useful"). At a point where some residuals vanish, LIKQ holds exactly when the active rows
// of A are linearly independent.
// lassoObjective: 0.5 ||A w - b||^2 + lambda ||w||_1 (Tibshirani 1996), nonsmooth where w_j = 0.
// A is row-major m x n with n = w.length; m is the number of observations.

export function l1Loss(w: Float64Array, A: Float64Array, b: Float64Array, m: number): number {
  const n = w.length;
  let loss = 0;
  for (let i = 0; i < m; i++) {
    let r = -b[i];
    for (let j = 0; j < n; j++) {
      r += A[i * n + j] * w[j];
    }
    loss += Math.abs(r);
  }
  return loss;
}

export function lassoObjective(
  w: Float64Array,
  A: Float64Array,
  b: Float64Array,
  m: number,
  lambda: number,
): number {
  const n = w.length;
  let fit = 0;
  for (let i = 0; i < m; i++) {
    let r = -b[i];
    for (let j = 0; j < n; j++) {
      r += A[i * n + j] * w[j];
    }
    fit += r * r;
  }
  let penalty = 0;
  for (let j = 0; j < n; j++) {
    penalty += Math.abs(w[j]);
  }
  return 0.5 * fit + lambda * penalty;
}
