// Pointwise maximum of K fixed quadratics in R^3, the textbook convex nonsmooth function
// (e.g. the "MAXQUAD"-type problems of Lemarechal's collection, here with small made-up data):
//   f(x) = max_k ( x^T Q_k x + g_k . x + c_k ),  k = 0..K-1.
// The Q_k are stored row-major, one row of QS per quadratic (3 x 3 = 9 entries), as module
// constants. x must have length DIM = 3. At x = 0 the first two pieces tie (c_0 = c_1 = 0).
//
// maxOfQuadratics: loop over k with a running Math.max (K - 1 switches).
// maxOfThreeQuadratics: the same first three pieces, combined by one n-ary Math.max.

const DIM = 3;

const QS = [
  [2, 0.5, 0, 0.5, 1, 0, 0, 0, 3],
  [1, 0, 0.25, 0, 2, -0.5, 0.25, -0.5, 1],
  [3, -1, 0, -1, 2, 0, 0, 0, 0.5],
  [0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5],
];

const G = [
  [1, 0, -1],
  [-1, 2, 0],
  [0, -1, 1],
  [0.5, 0.5, 0.5],
];

const C = [0, 0, -0.5, -1];

export function maxOfQuadratics(x: Float64Array): number {
  let best = 0;
  for (let k = 0; k < QS.length; k++) {
    let q = C[k];
    for (let i = 0; i < DIM; i++) {
      q += G[k][i] * x[i];
      for (let j = 0; j < DIM; j++) {
        q += QS[k][i * DIM + j] * x[i] * x[j];
      }
    }
    if (k === 0) {
      best = q;
    } else {
      best = Math.max(best, q);
    }
  }
  return best;
}

export function maxOfThreeQuadratics(x: Float64Array): number {
  const q = new Float64Array(3);
  for (let k = 0; k < 3; k++) {
    let v = C[k];
    for (let i = 0; i < DIM; i++) {
      v += G[k][i] * x[i];
      for (let j = 0; j < DIM; j++) {
        v += QS[k][i * DIM + j] * x[i] * x[j];
      }
    }
    q[k] = v;
  }
  return Math.max(q[0], q[1], q[2]);
}
