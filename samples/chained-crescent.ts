// Chained Crescent I and II (nonconvex), problems 9 and 10 of Haarala, Miettinen & Makela,
// OMS 19(6), 2004 (theory.md §7b). With
//   u_i = x_i^2 + (x_{i+1} - 1)^2 + x_{i+1} - 1,  v_i = -x_i^2 - (x_{i+1} - 1)^2 + x_{i+1} + 1:
// chainedCrescentI:  f(x) = max{ sum_{i=1}^{n-1} u_i, sum_{i=1}^{n-1} v_i }   (1 switch)
// chainedCrescentII: f(x) = sum_{i=1}^{n-1} max{u_i, v_i}                     (n - 1 switches)
// Start x_i = -1.5 (odd i), 2 (even i), f = 52.25 for n = 10; unique minimiser 0, f* = 0.

export function chainedCrescentI(x: Float64Array): number {
  const n = x.length;
  let u = 0;
  let v = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    u += a * a + (b - 1) ** 2 + b - 1;
    v += -a * a - (b - 1) ** 2 + b + 1;
  }
  return Math.max(u, v);
}

export function chainedCrescentII(x: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    f += Math.max(a * a + (b - 1) ** 2 + b - 1, -a * a - (b - 1) ** 2 + b + 1);
  }
  return f;
}
