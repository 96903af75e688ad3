// Number of active faces (nonconvex), problem 6 of Haarala, Miettinen & Makela, OMS 19(6), 2004
// (theory.md §7b), an extra sample beyond the required list:
//   f(x) = max{ g(-sum_{i=1}^n x_i), g(x_1), ..., g(x_n) },  g(y) = ln(|y| + 1).
// Start x_i = 1 (f = ln(n + 1)); minimiser 0, f* = 0, where all 2n + 1 switches are active.

function g(y: number): number {
  return Math.log(Math.abs(y) + 1);
}

export function activeFaces(x: Float64Array): number {
  let sum = 0;
  for (const v of x) {
    sum += v;
  }
  let f = g(-sum);
  for (let i = 0; i < x.length; i++) {
    f = Math.max(f, g(x[i]));
  }
  return f;
}
