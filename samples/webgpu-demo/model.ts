// The model the WebGPU demo trains (samples/webgpu-demo/): a ReLU network with two hidden layers
// of width H on 2-D points, and the hinge loss of one labelled point. Compiled with
//   absad compile samples/webgpu-demo/model.ts --target wgsl --batch data --out-dir ...
// every data row (x, label) is one batch element and theta is shared, so one kernel call gives
// the batch loss and its gradient with respect to theta (the differentiated first parameter).
//
// theta packs the parameters in this order (D = 2 inputs, H hidden units per layer):
//   W1 (H x 2, row-major), b1 (H), W2 (H x H, row-major), b2 (H), w3 (H), b3 (1),
// so theta.length = 2H + H + H*H + H + H + 1 = H * H + 5 * H + 1.
// Everything here is piecewise linear in theta: max(t, 0) in the hidden layers and the hinge
// max(0, 1 - label * score) are the only nonsmooth operations.

/** Hidden units per layer. */
export const H = 8;

function relu(t: number): number {
  return Math.max(t, 0);
}

/** The network's output at the point (x[0], x[1]); its sign is the predicted class. */
export function score(theta: Float64Array, x: Float64Array): number {
  const offB1 = 2 * H;
  const offW2 = offB1 + H;
  const offB2 = offW2 + H * H;
  const offW3 = offB2 + H;
  const offB3 = offW3 + H;
  const h1 = new Float64Array(H);
  for (let i = 0; i < H; i++) {
    h1[i] = relu(theta[offB1 + i] + theta[2 * i] * x[0] + theta[2 * i + 1] * x[1]);
  }
  let out = theta[offB3];
  for (let i = 0; i < H; i++) {
    let pre = theta[offB2 + i];
    for (let j = 0; j < H; j++) {
      pre += theta[offW2 + i * H + j] * h1[j];
    }
    out += theta[offW3 + i] * relu(pre);
  }
  return out;
}

/** The hinge loss of one point with label +1 or -1: zero once the margin label * score reaches 1. */
export function hingeLoss(theta: Float64Array, x: Float64Array, label: number): number {
  return Math.max(0, 1 - label * score(theta, x));
}
