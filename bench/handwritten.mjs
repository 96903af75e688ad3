// Hand-written adjoints (value + reverse-mode gradient w.r.t. the first parameter), written for
// speed: one pass where the structure allows it, no allocation per call when gOut is given
// (mlpLossGrad keeps two module-level scratch buffers). Same signatures as absad's generated
// `f_grad(...args, gOut?)`. The value is computed exactly as the sample computes it (same
// operations in the same order), so it equals the sample's value bit for bit.
//
// Kinks follow absad's convention: abs'(0) = 0; max/min split ties 1/2-1/2; hence
// relu'(0) = 1/2 (relu(t) = max(t, 0) = (t + |t|) / 2).
//
// Signs are computed without branches, sign(r) = (r > 0) - (r < 0): at random points the sign
// is unpredictable, and a branch per element costs about 5 ns in mispredictions (4x the loop).

/**
 * samples/l1-regression.ts l1Loss: sum_i |A_i . w - b_i|; gradient sum_i sign(r_i) A_i.
 * @param {Float64Array} w
 * @param {Float64Array} A row-major m x n
 * @param {Float64Array} b
 * @param {number} m
 * @param {Float64Array} [gOut]
 */
export function l1LossGrad(w, A, b, m, gOut) {
  const n = w.length;
  const g = gOut ?? new Float64Array(n);
  g.fill(0);
  let loss = 0;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let r = -b[i];
    for (let j = 0; j < n; j++) r += A[row + j] * w[j];
    loss += Math.abs(r);
    if (r > 0) {
      for (let j = 0; j < n; j++) g[j] += A[row + j];
    } else if (r < 0) {
      for (let j = 0; j < n; j++) g[j] -= A[row + j];
    }
  }
  return loss;
}

let mlpPre = new Float64Array(64);
let mlpHid = new Float64Array(64);

/**
 * samples/relu-mlp.ts mlpLoss: (1/B) sum_s 0.5 (yhat(x_s) - t_s)^2, gradient w.r.t. theta =
 * [W1 (H x D), b1 (H), W2 (H), b2].
 * @param {Float64Array} theta
 * @param {Float64Array} X row-major B x D
 * @param {Float64Array} t
 * @param {number} D
 * @param {number} H
 * @param {Float64Array} [gOut]
 */
export function mlpLossGrad(theta, X, t, D, H, gOut) {
  const B = t.length;
  const offB1 = H * D;
  const offW2 = offB1 + H;
  const offB2 = offW2 + H;
  const g = gOut ?? new Float64Array(theta.length);
  g.fill(0);
  if (mlpPre.length < H) {
    mlpPre = new Float64Array(H);
    mlpHid = new Float64Array(H);
  }
  const pre = mlpPre;
  const hid = mlpHid;
  let loss = 0;
  let gB2 = 0;
  for (let s = 0; s < B; s++) {
    const xo = s * D;
    for (let h = 0; h < H; h++) {
      const wo = h * D;
      let p = theta[offB1 + h];
      for (let k = 0; k < D; k++) p += theta[wo + k] * X[xo + k];
      pre[h] = p;
      hid[h] = Math.max(p, 0);
    }
    let out = theta[offB2];
    for (let h = 0; h < H; h++) out += theta[offW2 + h] * hid[h];
    const err = out - t[s];
    loss += 0.5 * err * err;
    // Reverse sweep for this sample.
    const dOut = err / B;
    gB2 += dOut;
    for (let h = 0; h < H; h++) {
      g[offW2 + h] += dOut * hid[h];
      const p = pre[h];
      if (p < 0) continue;
      const dPre = p > 0 ? dOut * theta[offW2 + h] : 0.5 * dOut * theta[offW2 + h];
      g[offB1 + h] += dPre;
      const wo = h * D;
      for (let k = 0; k < D; k++) g[wo + k] += dPre * X[xo + k];
    }
  }
  g[offB2] = gB2;
  return loss / B;
}

/**
 * samples/chained-lq.ts chainedLQ: sum_i max(u_i, v_i), u = -a - b, v = u + a^2 + b^2 - 1,
 * (a, b) = (x_i, x_{i+1}). One pass; each g entry written once.
 * @param {Float64Array} x
 * @param {Float64Array} [gOut]
 */
export function chainedLQGrad(x, gOut) {
  const n = x.length;
  const g = gOut ?? new Float64Array(n);
  if (n === 0) return 0;
  let f = 0;
  let carry = 0; // the previous term's derivative w.r.t. x_i
  for (let i = 0; i < n - 1; i++) {
    const a = x[i];
    const b = x[i + 1];
    const u = -a - b;
    const v = u + a * a + b * b - 1;
    f += Math.max(u, v);
    // 2 * (weight of the quadratic piece v): 2, 0, or 1 at a tie
    const s = (v > u) + (v >= u);
    g[i] = carry - 1 + s * a;
    carry = -1 + s * b;
  }
  g[n - 1] = carry;
  return f;
}

/**
 * samples/nesterov-chebyshev-rosenbrock.ts ncrFirst:
 * (1/4)(x_1 - 1)^2 + sum |x_{i+1} - 2 x_i^2 + 1|.
 * @param {Float64Array} x
 * @param {Float64Array} [gOut]
 */
export function ncrFirstGrad(x, gOut) {
  const n = x.length;
  const g = gOut ?? new Float64Array(n);
  const x0 = x[0];
  let f = 0.25 * (x0 - 1) ** 2;
  let carry = 0.5 * (x0 - 1);
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const r = x[i + 1] - 2 * xi * xi + 1;
    f += Math.abs(r);
    const s = (r > 0) - (r < 0);
    g[i] = carry - 4 * xi * s;
    carry = s;
  }
  g[n - 1] = carry;
  return f;
}

/**
 * samples/nesterov-chebyshev-rosenbrock.ts ncrSecond:
 * (1/4)|x_1 - 1| + sum |x_{i+1} - 2 |x_i| + 1|.
 * @param {Float64Array} x
 * @param {Float64Array} [gOut]
 */
export function ncrSecondGrad(x, gOut) {
  const n = x.length;
  const g = gOut ?? new Float64Array(n);
  const d0 = x[0] - 1;
  let f = 0.25 * Math.abs(d0);
  let carry = 0.25 * ((d0 > 0) - (d0 < 0));
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const r = x[i + 1] - 2 * Math.abs(xi) + 1;
    f += Math.abs(r);
    const s = (r > 0) - (r < 0);
    const sx = (xi > 0) - (xi < 0);
    g[i] = carry - 2 * sx * s;
    carry = s;
  }
  g[n - 1] = carry;
  return f;
}

/** Function name in the samples -> hand-written adjoint. */
export const HANDWRITTEN = {
  l1Loss: l1LossGrad,
  mlpLoss: mlpLossGrad,
  chainedLQ: chainedLQGrad,
  ncrFirst: ncrFirstGrad,
  ncrSecond: ncrSecondGrad,
};
