// Clamp and soft-threshold, the two building blocks of proximal methods (ISTA/FISTA, LISTA
// unrolled networks, box-constrained penalties), written without Math.sign (theory.md §2):
//   clamp(u, lo, hi) = min(max(u, lo), hi)                      (lo <= hi)
//   soft(u, lambda)  = max(u - lambda, 0) - max(-u - lambda, 0)  (lambda >= 0)
//                    = u - (|u + lambda| - |u - lambda|) / 2     (the abs form)
//
// shrinkClampLoss: one LISTA-style layer, sum_i (clamp(soft(x_i, lambda), lo, hi) - y_i)^2.
// shrinkLossAbsForm: sum_i (soft(x_i, lambda) - y_i)^2 with soft in its abs form.
// boxPenalty: exact L1 penalty for box constraints lo_i <= x_i <= hi_i around a quadratic,
//   sum_i 0.5 (x_i - c_i)^2 + rho (max(lo_i - x_i, 0) + max(x_i - hi_i, 0)).
//   (The same penalty written rho |x_i - clamp(x_i, lo_i, hi_i)| has a switch that is zero on
//   the whole inside of the box, so random points would sit on it; this form has none there.)
// elasticNet: 0.5 ||x - y||^2 + lambda1 ||x||_1 + 0.5 lambda2 ||x||^2 (Zou & Hastie 2005).

function clamp(u: number, lo: number, hi: number): number {
  return Math.min(Math.max(u, lo), hi);
}

function softThreshold(u: number, lambda: number): number {
  return Math.max(u - lambda, 0) - Math.max(-u - lambda, 0);
}

function softThresholdAbs(u: number, lambda: number): number {
  return u - 0.5 * (Math.abs(u + lambda) - Math.abs(u - lambda));
}

export function shrinkClampLoss(x: Float64Array, y: Float64Array, lambda: number, lo: number, hi: number): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = clamp(softThreshold(x[i], lambda), lo, hi);
    loss += (v - y[i]) ** 2;
  }
  return loss;
}

export function shrinkLossAbsForm(x: Float64Array, y: Float64Array, lambda: number): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const e = softThresholdAbs(x[i], lambda) - y[i];
    loss += e * e;
  }
  return loss;
}

export function boxPenalty(
  x: Float64Array,
  c: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  rho: number,
): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const d = xi - c[i];
    f += 0.5 * d * d + rho * (Math.max(lo[i] - xi, 0) + Math.max(xi - hi[i], 0));
  }
  return f;
}

export function elasticNet(x: Float64Array, y: Float64Array, lambda1: number, lambda2: number): number {
  let fit = 0;
  let l1 = 0;
  let l2 = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    fit += (xi - y[i]) ** 2;
    l1 += Math.abs(xi);
    l2 += xi * xi;
  }
  return 0.5 * fit + lambda1 * l1 + 0.5 * lambda2 * l2;
}
