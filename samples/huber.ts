// Huber's robust loss (Huber 1964) with threshold delta > 0, written the abs-smooth way of
// theory.md §2: huber(r) = q (|r| - q/2) with q = min(|r|, delta). It is r^2/2 for |r| <= delta
// and delta (|r| - delta/2) beyond; C^1 in r, but abs and min give two switches per residual.
//
// huberLoss: sum_i huber(A_i . x - b_i), A row-major m x n, m = b.length, n = x.length.
// huberTV: Huber total-variation denoising of a 1-D signal y,
//   0.5 ||x - y||^2 + mu sum_i huber(x_{i+1} - x_i).

function huber(r: number, delta: number): number {
  const a = Math.abs(r);
  const q = Math.min(a, delta);
  return q * (a - 0.5 * q);
}

export function huberLoss(x: Float64Array, A: Float64Array, b: Float64Array, delta: number): number {
  const n = x.length;
  const m = b.length;
  let loss = 0;
  for (let i = 0; i < m; i++) {
    let r = -b[i];
    for (let j = 0; j < n; j++) {
      r += A[i * n + j] * x[j];
    }
    loss += huber(r, delta);
  }
  return loss;
}

export function huberTV(x: Float64Array, y: Float64Array, mu: number, delta: number): number {
  const n = x.length;
  let fit = 0;
  let tv = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - y[i];
    fit += d * d;
    if (i < n - 1) {
      tv += huber(x[i + 1] - x[i], delta);
    }
  }
  return 0.5 * fit + mu * tv;
}
