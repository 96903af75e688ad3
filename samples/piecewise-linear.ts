// Fixed-breakpoint piecewise-linear (PL) interpolation, the form of theory.md §2:
//   pl(u) = A0 + A1 u + sum_k c_k |u - t_k|,
// a continuous PL function whose slope jumps by 2 c_k at each knot t_k (a "hinge basis", as in
// MARS or 1-D PL calibration curves). Knots and coefficients are module constants.
//
// plSum: sum over the entries v of x of pl(v) (a separable PL penalty), using for..of.
// plCalibrationLoss: sum_i (pl(x_i) - y_i)^2, fitting targets through the PL curve.

const KNOTS = new Float64Array([-1, -0.25, 0.5, 1.5]);
const JUMPS = [0.8, -0.6, 1.2, 0.4];
const A0 = 0.3;
const A1 = -0.5;

function pl(u: number): number {
  let s = A0 + A1 * u;
  for (let k = 0; k < KNOTS.length; k++) {
    s += JUMPS[k] * Math.abs(u - KNOTS[k]);
  }
  return s;
}

export function plSum(x: Float64Array): number {
  let f = 0;
  for (const v of x) {
    f += pl(v);
  }
  return f;
}

export function plCalibrationLoss(x: Float64Array, y: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const e = pl(x[i]) - y[i];
    loss += e * e;
  }
  return loss;
}
