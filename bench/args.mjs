// Benchmark arguments: every sample function of tests/sample-manifest.ts at realistic sizes,
// drawn with the seeded mulberry32 of runtime/rng.ts (from dist/: `npm run bench` builds first),
// as the tests draw theirs. The first argument is the differentiated one.
import { mulberry32 } from '../dist/runtime/rng.js';

export { mulberry32 };

/** Uniform in [lo, hi). */
export function uniform(rng, lo, hi) {
  return lo + (hi - lo) * rng();
}

export function randomArray(rng, length, lo = -1, hi = 1) {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = uniform(rng, lo, hi);
  return out;
}

function randomLabels(rng, length) {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = rng() < 0.5 ? -1 : 1;
  return out;
}

/** A stable 32-bit seed from a case name (FNV-1a), so each case has its own reproducible point. */
export function seedOf(name) {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Realistic sizes.
export const REG = { m: 200, n: 50 }; // L1 / lasso / Huber regression: A is m x n
export const SVM = { m: 200, d: 50 };
export const MLP = { B: 64, D: 10, H: 32 };
/** Elementwise losses over a vector. */
export const VEC_N = 10_000;
/** The chained (O(n)) test problems. */
export const CHAINED_NS = [1e3, 1e5, 1e6];
/** mxhilb is O(n^2). */
export const MXHILB_NS = [100, 1000];

/**
 * @typedef {object} BenchCase
 * @property {string} file   sample path relative to the repo root
 * @property {string} fn     exported function name
 * @property {string} size   a short size label for the table
 * @property {number} n      length of the differentiated argument
 * @property {(rng: () => number) => unknown[]} makeArgs
 */

/** @returns {BenchCase} */
function c(file, fn, size, n, makeArgs) {
  return { file: `samples/${file}.ts`, fn, size, n, makeArgs };
}

const regression = (withLambda) => (rng) => {
  const { m, n } = REG;
  const args = [randomArray(rng, n), randomArray(rng, m * n), randomArray(rng, m), m];
  if (withLambda) args.push(uniform(rng, 0.05, 1));
  return args;
};

const vecXY = (lo = -1, hi = 1) => (rng) => [randomArray(rng, VEC_N, lo, hi), randomArray(rng, VEC_N)];

const CHAINED = [
  ['chained-lq', 'chainedLQ'],
  ['chained-cb3', 'chainedCB3I'],
  ['chained-cb3', 'chainedCB3II'],
  ['chained-crescent', 'chainedCrescentI'],
  ['chained-crescent', 'chainedCrescentII'],
  ['nesterov-chebyshev-rosenbrock', 'ncrFirst'],
  ['nesterov-chebyshev-rosenbrock', 'ncrSecond'],
  ['maxq', 'maxq'],
  ['chained-mifflin2', 'chainedMifflin2'],
  ['active-faces', 'activeFaces'],
];

const KINKS = [
  ['e1', 1], ['e2', 1], ['e3', 1], ['e4', 1], ['e5', 1], ['e6', 1],
  ['e7', 2], ['e8', 2], ['e9', 2], ['e10', 1], ['e11', 1],
];

/** Every function of tests/sample-manifest.ts, in its order, at benchmark sizes. */
export const BENCH_CASES = [
  c('l1-regression', 'l1Loss', `${REG.m}x${REG.n}`, REG.n, regression(false)),
  c('l1-regression', 'lassoObjective', `${REG.m}x${REG.n}`, REG.n, regression(true)),
  c('svm-hinge', 'svmObjective', `${SVM.m}x${SVM.d}`, SVM.d + 1, (rng) => {
    const { m, d } = SVM;
    return [randomArray(rng, d + 1), randomArray(rng, m * d), randomLabels(rng, m), uniform(rng, 0.01, 1)];
  }),
  c('relu-mlp', 'mlpLoss', `B${MLP.B} D${MLP.D} H${MLP.H}`, MLP.H * MLP.D + 2 * MLP.H + 1, (rng) => {
    const { B, D, H } = MLP;
    return [randomArray(rng, H * D + 2 * H + 1), randomArray(rng, B * D), randomArray(rng, B), D, H];
  }),
  c('relu-mlp', 'mlpLossSingle', `D${MLP.D} H${MLP.H}`, MLP.H * MLP.D + 2 * MLP.H + 1, (rng) => {
    const { D, H } = MLP;
    return [randomArray(rng, H * D + 2 * H + 1), randomArray(rng, D), uniform(rng, -1, 1), H];
  }),
  c('huber', 'huberLoss', `${REG.m}x${REG.n}`, REG.n, (rng) => {
    const { m, n } = REG;
    return [randomArray(rng, n), randomArray(rng, m * n), randomArray(rng, m), uniform(rng, 0.1, 1)];
  }),
  c('huber', 'huberTV', String(VEC_N), VEC_N, (rng) => [...vecXY()(rng), uniform(rng, 0.1, 2), uniform(rng, 0.1, 1)]),
  c('soft-threshold', 'shrinkClampLoss', String(VEC_N), VEC_N, (rng) => [
    ...vecXY(-2, 2)(rng),
    uniform(rng, 0.05, 0.5),
    uniform(rng, -1, -0.2),
    uniform(rng, 0.2, 1),
  ]),
  c('soft-threshold', 'shrinkLossAbsForm', String(VEC_N), VEC_N, (rng) => [...vecXY(-2, 2)(rng), uniform(rng, 0.05, 0.5)]),
  c('soft-threshold', 'boxPenalty', String(VEC_N), VEC_N, (rng) => [
    randomArray(rng, VEC_N, -2, 2),
    randomArray(rng, VEC_N),
    randomArray(rng, VEC_N, -1, -0.1),
    randomArray(rng, VEC_N, 0.1, 1),
    uniform(rng, 0.5, 3),
  ]),
  c('soft-threshold', 'elasticNet', String(VEC_N), VEC_N, (rng) => [...vecXY()(rng), uniform(rng, 0.05, 1), uniform(rng, 0.05, 1)]),
  c('max-of-quadratics', 'maxOfQuadratics', '3', 3, (rng) => [randomArray(rng, 3)]),
  c('max-of-quadratics', 'maxOfThreeQuadratics', '3', 3, (rng) => [randomArray(rng, 3)]),
  ...CHAINED.flatMap(([file, fn]) => CHAINED_NS.map((n) => c(file, fn, expLabel(n), n, (rng) => [randomArray(rng, n, -2, 2)]))),
  ...MXHILB_NS.map((n) => c('mxhilb', 'mxhilb', expLabel(n), n, (rng) => [randomArray(rng, n, -2, 2)])),
  ...KINKS.map(([fn, n]) => c('kinks', fn, String(n), n, (rng) => [randomArray(rng, n, -1, 1)])),
  c('ternary-patterns', 'ternaryLoss', String(VEC_N), VEC_N, vecXY()),
  c('ternary-patterns', 'ternaryVariants', String(VEC_N), VEC_N, vecXY()),
  c('piecewise-linear', 'plSum', String(VEC_N), VEC_N, (rng) => [randomArray(rng, VEC_N, -2, 2)]),
  c('piecewise-linear', 'plCalibrationLoss', String(VEC_N), VEC_N, vecXY(-2, 2)),
];

/** 1000 -> '1e3', 100000 -> '1e5', other -> String(n). */
function expLabel(n) {
  const e = Math.log10(n);
  return Number.isInteger(e) && e >= 3 ? `1e${e}` : String(n);
}

/** The point of a case: reproducible, seeded by file, function and size. */
export function benchArgs(bc) {
  return bc.makeArgs(mulberry32(seedOf(`${bc.file}#${bc.fn}#${bc.size}`)));
}

// --- small points and kink points for bench/verify.mjs (the five hand-written functions) -------

/** Points for finite-difference checks: [label, args] per function, at several sizes. */
export function verifyPoints(fn, seed) {
  const rng = mulberry32(seed);
  switch (fn) {
    case 'l1Loss': {
      const small = [randomArray(rng, 7), randomArray(rng, 9 * 7), randomArray(rng, 9), 9];
      return [['9x7', small], [`${REG.m}x${REG.n}`, regression(false)(rng)]];
    }
    case 'mlpLoss': {
      const small = [randomArray(rng, 4 * 3 + 2 * 4 + 1), randomArray(rng, 5 * 3), randomArray(rng, 5), 3, 4];
      const { B, D, H } = MLP;
      const big = [randomArray(rng, H * D + 2 * H + 1), randomArray(rng, B * D), randomArray(rng, B), D, H];
      return [['B5 D3 H4', small], [`B${B} D${D} H${H}`, big]];
    }
    default:
      return [5, 100, 1000].map((n) => [String(n), [randomArray(rng, n, -2, 2)]]);
  }
}

/**
 * Points exactly on kinks (from tests/sample-manifest.ts) for the five hand-written functions,
 * with the generalized gradient absad's convention gives there (abs'(0) = 0, max ties 1/2-1/2,
 * relu'(0) = 1/2) where it is easy to state; used to check the hand-written adjoints.
 */
export function kinkPoints() {
  const w = new Float64Array([1, -1, 0.5]);
  const A = new Float64Array([1, 2, 0, 0, 1, -2, 3, 1, 1, -1, 0, 2]);
  const b = new Float64Array(4);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) b[i] += A[i * 3 + j] * w[j];
  b[2] += 0.75;
  b[3] -= 1.25;
  // Rows 0, 1 have zero residual (no contribution); row 2: r = -0.75 (sign -1); row 3: r = +1.25.
  const l1Expected = new Float64Array(3);
  for (let j = 0; j < 3; j++) l1Expected[j] = -A[2 * 3 + j] + A[3 * 3 + j];

  // mlpLoss at theta = 0: all preactivations 0, hidden = 0, out = 0, err = -t_s.
  // d/dW2 = 0 (hidden 0), d/db2 = mean(-t); d/dW1 = d/db1 = 0 because W2 = 0.
  const D = 2;
  const H = 3;
  const B = 4;
  const data = mulberry32(20240611);
  const X = randomArray(data, B * D);
  const t = randomArray(data, B);
  const theta = new Float64Array(H * D + 2 * H + 1);
  const mlpExpected = new Float64Array(theta.length);
  let s = 0;
  for (let i = 0; i < B; i++) s += -t[i];
  mlpExpected[H * D + 2 * H] = s / B;

  // mlpLoss with one sample and b1 = -W1 x (dyadic data): every preactivation exactly 0 with
  // W2 != 0, so relu'(0) = 1/2 shows: hidden = 0, out = b2, err = b2 - t, dPre_h = err W2_h / 2.
  const x1 = new Float64Array([0.5, -1]);
  const W1 = [1, 2, -0.5, 0.25, 2, 1];
  const W2 = [1, -0.5, 0.75];
  const theta1 = new Float64Array(H * D + 2 * H + 1);
  const exp1 = new Float64Array(theta1.length);
  const err = 0.125 - 0.5;
  for (let h = 0; h < H; h++) {
    theta1[h * D] = W1[h * D];
    theta1[h * D + 1] = W1[h * D + 1];
    theta1[H * D + h] = -(W1[h * D] * x1[0] + W1[h * D + 1] * x1[1]);
    theta1[H * D + H + h] = W2[h];
    const dPre = 0.5 * err * W2[h];
    exp1[h * D] = dPre * x1[0];
    exp1[h * D + 1] = dPre * x1[1];
    exp1[H * D + h] = dPre;
  }
  theta1[H * D + 2 * H] = 0.125;
  exp1[H * D + 2 * H] = err;

  // ncrFirst / ncrSecond at x = 1: every |.| argument is exactly 0, so the gradient is 0.
  const ones = new Float64Array(5).fill(1);
  return [
    { fn: 'l1Loss', note: 'residuals 0, 1 exactly zero', args: [w, A, b, 4], expected: l1Expected },
    { fn: 'mlpLoss', note: 'theta = 0: all relu switches at 0', args: [theta, X, t, D, H], expected: mlpExpected },
    { fn: 'mlpLoss', note: 'B = 1, b1 = -W1 x: relu\'(0) = 1/2 with W2 != 0', args: [theta1, x1, new Float64Array([0.5]), D, H], expected: exp1 },
    // chainedLQ at 1/sqrt(2): the tie is only up to rounding (z ~ 1e-16), no exact expectation.
    { fn: 'chainedLQ', note: 'x = 1/sqrt(2) (ties up to rounding)', args: [new Float64Array(5).fill(Math.SQRT1_2)] },
    // An exact tie for chainedLQ: a = 1, b = 0 gives a^2 + b^2 - 1 = 0 (both pieces equal).
    { fn: 'chainedLQ', note: 'x = (1, 0): exact tie, gradient (-1 + 1, -1 + 0)', args: [new Float64Array([1, 0])], expected: new Float64Array([0, -1]) },
    { fn: 'ncrFirst', note: 'x = 1: all abs switches at 0', args: [ones.slice()], expected: new Float64Array(5) },
    { fn: 'ncrSecond', note: 'x = 1: all abs switches at 0', args: [ones.slice()], expected: new Float64Array(5) },
    // x = (0, -1, 1): |x_0| and both outer |.| at 0; only (1/4)|x_0 - 1| is smooth there.
    { fn: 'ncrSecond', note: 'x = (0, -1, 1): |x_0| and both terms at 0', args: [new Float64Array([0, -1, 1])], expected: new Float64Array([-0.25, 0, 0]) },
  ];
}
