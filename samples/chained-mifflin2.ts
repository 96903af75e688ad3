// Chained Mifflin 2 (nonconvex), problem 8 of Haarala, Miettinen & Makela, OMS 19(6), 2004
// (theory.md §7b):
//   f(x) = sum_{i=1}^{n-1} ( -x_i + 2 (x_i^2 + x_{i+1}^2 - 1) + 1.75 |x_i^2 + x_{i+1}^2 - 1| ).
// Start x_i = -1 (f = 4.75 (n - 1)). One switch per term, where x_i^2 + x_{i+1}^2 = 1.

export function chainedMifflin2(x: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    const d = a * a + b * b - 1;
    f += -a + 2 * d + 1.75 * Math.abs(d);
  }
  return f;
}
