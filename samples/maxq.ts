// MAXQ (convex), problem 1 of Haarala, Miettinen & Makela, OMS 19(6), 2004 (theory.md §7b):
//   f(x) = max_{1 <= i <= n} x_i^2.
// Start x_i = i for i <= n/2 and -i otherwise (f = n^2); minimiser 0, f* = 0, where all n - 1
// switches are active with zero rows (LIKQ fails, but f is differentiable there).

export function maxq(x: Float64Array): number {
  let f = x[0] ** 2;
  for (let i = 1; i < x.length; i++) {
    f = Math.max(f, x[i] ** 2);
  }
  return f;
}
