// Nesterov's Chebyshev-Rosenbrock functions, the two nonsmooth variants studied by
// Gurbuzbalaban & Overton, Nonlinear Anal. 75 (2012) 1282-1289 (theory.md §7b):
//   ncrFirst:  f(x) = (1/4)(x_1 - 1)^2 + sum_{i=1}^{n-1} |x_{i+1} - 2 x_i^2 + 1|
//   ncrSecond: f(x) = (1/4)|x_1 - 1|   + sum_{i=1}^{n-1} |x_{i+1} - 2 |x_i| + 1|
// Both have the unique minimiser x = 1 with f* = 0 (LIKQ holds there). From the common start
// (-1, 1, ..., 1) the values are 1 and 0.5. The second has 2^(n-1) Clarke stationary points.

export function ncrFirst(x: Float64Array): number {
  const n = x.length;
  let f = 0.25 * (x[0] - 1) ** 2;
  for (let i = 0; i < n - 1; i++) {
    f += Math.abs(x[i + 1] - 2 * x[i] * x[i] + 1);
  }
  return f;
}

export function ncrSecond(x: Float64Array): number {
  const n = x.length;
  let f = 0.25 * Math.abs(x[0] - 1);
  for (let i = 0; i < n - 1; i++) {
    f += Math.abs(x[i + 1] - 2 * Math.abs(x[i]) + 1);
  }
  return f;
}
