// The five hand-written functions written naturally in TensorFlow.js (vectorised tensor ops,
// gradient by tf.valueAndGrad), on the pure-JavaScript CPU backend (no native code, no network).
// TF.js computes in float32.
//
// make(fn, args) turns the data arguments into constant tensors once and returns
//   { f(x) => number, grad(x, gOut?) => number, dispose() }
// where grad does what a TF.js user must do per gradient call with a Float64Array x: convert it
// to float32 and make the input tensor (TF.js takes no Float64Array), run valueAndGrad, read value and gradient back into JavaScript (gOut). All of
// that is inside the timed call. Kinks follow TF.js's own conventions (e.g. its abs'(0) = -1 on
// the CPU backend, relu'(0) = 0), not absad's; the benchmark points are off the kinks.
import * as tf from '@tensorflow/tfjs';

export { tf };

let ready = false;

/**
 * Select the CPU backend (call once before make). Production mode (fewer debug checks, the
 * fastest setting a TF.js user can pick; it also silences the "install tfjs-node" banner).
 */
export async function initTfjs() {
  if (ready) return;
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  ready = true;
}

export const TFJS_VERSION = tf.version.tfjs;

/**
 * The loss of each function as a function of the differentiated tensor, with its data closed
 * over as constant tensors. Returns [loss, constants to dispose].
 * @type {Record<string, (args: unknown[]) => [(x: tf.Tensor1D) => tf.Scalar, tf.Tensor[]]>}
 */
const BUILDERS = {
  // sum_i |A_i . w - b_i|
  l1Loss([w, A, b, m]) {
    const n = w.length;
    const At = tf.tensor2d(Float32Array.from(A), [m, n]);
    const bt = tf.tensor1d(Float32Array.from(b));
    const loss = (wt) => tf.sum(tf.abs(tf.sub(tf.squeeze(tf.matMul(At, tf.reshape(wt, [n, 1])), [1]), bt)));
    return [loss, [At, bt]];
  },

  // mean_s 0.5 (W2 . relu(W1 x_s + b1) + b2 - t_s)^2, theta = [W1 (H x D), b1, W2, b2]
  mlpLoss([theta, X, t, D, H]) {
    const B = t.length;
    const Xt = tf.tensor2d(Float32Array.from(X), [B, D]);
    const tt = tf.tensor1d(Float32Array.from(t));
    const loss = (th) => {
      const W1 = tf.reshape(tf.slice(th, 0, H * D), [H, D]);
      const b1 = tf.slice(th, H * D, H);
      const W2 = tf.reshape(tf.slice(th, H * D + H, H), [H, 1]);
      const b2 = tf.slice(th, H * D + 2 * H, 1);
      const hidden = tf.relu(tf.add(tf.matMul(Xt, W1, false, true), b1)); // B x H
      const out = tf.add(tf.reshape(tf.matMul(hidden, W2), [B]), b2);
      return tf.mean(tf.mul(0.5, tf.square(tf.sub(out, tt))));
    };
    return [loss, [Xt, tt]];
  },

  // sum_i max(-a - b, -a - b + a^2 + b^2 - 1), a = x[0:n-1], b = x[1:n]
  chainedLQ([x]) {
    const n = x.length;
    const loss = (xt) => {
      const a = tf.slice(xt, 0, n - 1);
      const b = tf.slice(xt, 1, n - 1);
      const u = tf.sub(tf.neg(a), b);
      const v = tf.sub(tf.add(u, tf.add(tf.square(a), tf.square(b))), 1);
      return tf.sum(tf.maximum(u, v));
    };
    return [loss, []];
  },

  // (1/4)(x_0 - 1)^2 + sum |x[1:n] - 2 x[0:n-1]^2 + 1|
  ncrFirst([x]) {
    const n = x.length;
    const loss = (xt) => {
      const head = tf.mul(0.25, tf.sum(tf.square(tf.sub(tf.slice(xt, 0, 1), 1))));
      const a = tf.slice(xt, 0, n - 1);
      const b = tf.slice(xt, 1, n - 1);
      return tf.add(head, tf.sum(tf.abs(tf.add(tf.sub(b, tf.mul(2, tf.square(a))), 1))));
    };
    return [loss, []];
  },

  // (1/4)|x_0 - 1| + sum |x[1:n] - 2 |x[0:n-1]| + 1|
  ncrSecond([x]) {
    const n = x.length;
    const loss = (xt) => {
      const head = tf.mul(0.25, tf.sum(tf.abs(tf.sub(tf.slice(xt, 0, 1), 1))));
      const a = tf.slice(xt, 0, n - 1);
      const b = tf.slice(xt, 1, n - 1);
      return tf.add(head, tf.sum(tf.abs(tf.add(tf.sub(b, tf.mul(2, tf.abs(a))), 1))));
    };
    return [loss, []];
  },
};

/** The functions with a TF.js version. */
export const TFJS_FUNCTIONS = Object.keys(BUILDERS);

/**
 * @param {string} fn sample function name
 * @param {unknown[]} args its arguments (args[0] only fixes the size; data are captured)
 */
export function makeTfjs(fn, args) {
  const build = BUILDERS[fn];
  if (!build) throw new Error(`no TF.js version of ${fn}`);
  const [loss, consts] = build(args);
  const vg = tf.valueAndGrad(loss);
  return {
    /** @param {Float64Array} x */
    f(x) {
      return tf.tidy(() => loss(tf.tensor1d(Float32Array.from(x))).dataSync()[0]);
    },
    /** @param {Float64Array} x @param {Float64Array} [gOut] */
    grad(x, gOut) {
      const g = gOut ?? new Float64Array(x.length);
      return tf.tidy(() => {
        const { value, grad } = vg(tf.tensor1d(Float32Array.from(x)));
        g.set(grad.dataSync());
        return value.dataSync()[0];
      });
    },
    dispose() {
      for (const c of consts) c.dispose();
    },
  };
}
