// Chained LQ (convex), problem 3 of Haarala, Miettinen & Makela, "New limited memory bundle
// method for large-scale nonsmooth optimization", OMS 19(6), 2004 (theory.md §7b):
//   f(x) = sum_{i=1}^{n-1} max{ -x_i - x_{i+1}, -x_i - x_{i+1} + x_i^2 + x_{i+1}^2 - 1 }.
// Start x_i = -0.5 (f = n - 1); minimiser x_i = 1/sqrt(2), f* = -(n - 1) sqrt(2), LIKQ holds.

export function chainedLQ(x: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    f += Math.max(-a - b, -a - b + a * a + b * b - 1);
  }
  return f;
}
