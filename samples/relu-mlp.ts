// A one-hidden-layer ReLU network (multilayer perceptron) with biases and one output, trained
// with the squared error: the "dense ReLU network loss" family of theory.md §7b.
//
// theta packs the parameters in this order:
//   W1 (H x D, row-major), b1 (H), W2 (H, the single output row), b2 (1),
// so theta.length = H * D + 2 * H + 1, where D is the number of inputs and H the hidden width.
// mlpLoss: (1/B) sum_s 0.5 (yhat(x_s) - t_s)^2 over a batch; X is row-major B x D, B = t.length.
// mlpLossSingle: the same loss for one sample x (D = x.length) with target `target`.

function relu(t: number): number {
  return Math.max(t, 0);
}

export function mlpLoss(theta: Float64Array, X: Float64Array, t: Float64Array, D: number, H: number): number {
  const B = t.length;
  const offB1 = H * D;
  const offW2 = offB1 + H;
  const offB2 = offW2 + H;
  const hidden = new Float64Array(H);
  let loss = 0;
  for (let s = 0; s < B; s++) {
    for (let h = 0; h < H; h++) {
      let pre = theta[offB1 + h];
      for (let k = 0; k < D; k++) {
        pre += theta[h * D + k] * X[s * D + k];
      }
      hidden[h] = relu(pre);
    }
    let out = theta[offB2];
    for (let h = 0; h < H; h++) {
      out += theta[offW2 + h] * hidden[h];
    }
    const err = out - t[s];
    loss += 0.5 * err * err;
  }
  return loss / B;
}

export function mlpLossSingle(theta: Float64Array, x: Float64Array, target: number, H: number): number {
  const D = x.length;
  const offB1 = H * D;
  const offW2 = offB1 + H;
  const offB2 = offW2 + H;
  const hidden = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let pre = theta[offB1 + h];
    for (let k = 0; k < D; k++) {
      pre += theta[h * D + k] * x[k];
    }
    hidden[h] = relu(pre);
  }
  let out = theta[offB2];
  for (let h = 0; h < H; h++) {
    out += theta[offW2 + h] * hidden[h];
  }
  const err = out - target;
  return 0.5 * err * err;
}
