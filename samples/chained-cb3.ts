// Chained CB3 I and II (convex), problems 4 and 5 of Haarala, Miettinen & Makela, OMS 19(6),
// 2004 (theory.md §7b). With the three pieces
//   p_i = x_i^4 + x_{i+1}^2,  q_i = (2 - x_i)^2 + (2 - x_{i+1})^2,  r_i = 2 exp(-x_i + x_{i+1}):
// chainedCB3I:  f(x) = sum_{i=1}^{n-1} max{p_i, q_i, r_i}
// chainedCB3II: f(x) = max{ sum_i p_i, sum_i q_i, sum_i r_i }
// Start x_i = 2 (f = 20 (n - 1)); minimiser x = 1 where all three pieces tie, f* = 2 (n - 1).

export function chainedCB3I(x: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    f += Math.max(a ** 4 + b ** 2, (2 - a) ** 2 + (2 - b) ** 2, 2 * Math.exp(-a + b));
  }
  return f;
}

export function chainedCB3II(x: Float64Array): number {
  const n = x.length;
  let p = 0;
  let q = 0;
  let r = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    p += a ** 4 + b ** 2;
    q += (2 - a) ** 2 + (2 - b) ** 2;
    r += 2 * Math.exp(-a + b);
  }
  return Math.max(p, q, r);
}
