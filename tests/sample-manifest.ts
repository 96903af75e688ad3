/**
 * The sample functions under `samples/` and how to call them: one entry per exported function.
 *
 * Tests iterate over SAMPLE_CASES to run every sample through the compiler, the IR interpreter
 * and the generated code, and compare against the plain TypeScript function. `makeArgs` draws a
 * random point (array lengths vary with the seed, so nothing may assume a fixed n); `kinkArgs`,
 * where given, is a point that lies exactly on one or more kinks (usually the known minimiser of
 * theory.md §7), with `kinkNote` saying which switches are active there.
 *
 * The first parameter is the differentiated one; the others are data.
 */
import type { Rng } from './util/rng.js';
import { mulberry32, uniform, randomArray } from './util/rng.js';

export interface SampleCase {
  /** path relative to the repo root, e.g. 'samples/l1-regression.ts' */
  file: string;
  /** exported function name */
  fn: string;
  /** argument values in parameter order (Float64Array for arrays, number for scalars) at a random point */
  makeArgs(rng: Rng): unknown[];
  /** parameter names in order (for JSON input objects) */
  params: string[];
  /** optional: a point exactly on kinks (e.g. the minimiser) */
  kinkArgs?: () => unknown[];
  /** what is special about kinkArgs (which switches are zero there) */
  kinkNote?: string;
}

/** An integer in [lo, hi], both inclusive. */
function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A random problem size n in [3, 12]. */
function randomSize(rng: Rng): number {
  return randomInt(rng, 3, 12);
}

/** Labels in {-1, +1}. */
function randomLabels(rng: Rng, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = rng() < 0.5 ? -1 : 1;
  return out;
}

/** A fixed generator for the data (not the point) of kink cases, so they are reproducible. */
function fixedRng(): Rng {
  return mulberry32(20240611);
}

function filled(length: number, value: number): Float64Array {
  return new Float64Array(length).fill(value);
}

/** Row-major product A w (used to build exact kink points; small dyadic data keep it exact). */
function matVec(A: Float64Array, w: Float64Array, m: number): Float64Array {
  const n = w.length;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * w[j];
    out[i] = s;
  }
  return out;
}

// A small regression problem with exact zero residuals on rows 0 and 1 (independent rows),
// nonzero residuals on rows 2 and 3. Entries are small integers and dyadic fractions, so the
// residuals the sample computes are exactly 0 in f64.
const KINK_W = new Float64Array([1, -1, 0.5]);
const KINK_A = new Float64Array([1, 2, 0, 0, 1, -2, 3, 1, 1, -1, 0, 2]);
function kinkB(): Float64Array {
  const b = matVec(KINK_A, KINK_W, 4);
  b[2] += 0.75;
  b[3] -= 1.25;
  return b;
}

/** For the one-variable kink examples E1-E6, E10, E11. */
function oneVar(rng: Rng): unknown[] {
  return [randomArray(rng, 1, -1, 1)];
}
/** For E7-E9. */
function twoVar(rng: Rng): unknown[] {
  return [randomArray(rng, 2, -1, 1)];
}

export const SAMPLE_CASES: SampleCase[] = [
  // --- l1-regression.ts ---------------------------------------------------------------------
  {
    file: 'samples/l1-regression.ts',
    fn: 'l1Loss',
    params: ['w', 'A', 'b', 'm'],
    makeArgs(rng) {
      const n = randomSize(rng);
      const m = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, m * n), randomArray(rng, m), m];
    },
    kinkArgs: () => [KINK_W.slice(), KINK_A.slice(), kinkB(), 4],
    kinkNote: 'residuals 0 and 1 are exactly zero, rows independent: LIKQ holds',
  },
  {
    file: 'samples/l1-regression.ts',
    fn: 'lassoObjective',
    params: ['w', 'A', 'b', 'm', 'lambda'],
    makeArgs(rng) {
      const n = randomSize(rng);
      const m = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, m * n), randomArray(rng, m), m, uniform(rng, 0.05, 1)];
    },
    kinkArgs: () => {
      const data = fixedRng();
      return [new Float64Array([0.5, 0, -0.25, 0]), randomArray(data, 5 * 4), randomArray(data, 5), 5, 0.3];
    },
    kinkNote: 'w_1 = w_3 = 0: two |w_j| switches active',
  },

  // --- svm-hinge.ts -------------------------------------------------------------------------
  {
    file: 'samples/svm-hinge.ts',
    fn: 'svmObjective',
    params: ['theta', 'X', 'labels', 'lambda'],
    makeArgs(rng) {
      const d = randomSize(rng);
      const m = randomSize(rng);
      return [randomArray(rng, d + 1), randomArray(rng, m * d), randomLabels(rng, m), uniform(rng, 0.01, 1)];
    },
    kinkArgs: () => {
      // w = 0, bias = 1, all labels +1: every margin is exactly 1.
      const d = 3;
      const m = 6;
      const theta = new Float64Array(d + 1);
      theta[d] = 1;
      return [theta, randomArray(fixedRng(), m * d), filled(m, 1), 0.1];
    },
    kinkNote: 'w = 0, bias = 1, labels +1: all 6 hinge switches active, 6 rows in R^4 (LIKQ fails)',
  },

  // --- relu-mlp.ts --------------------------------------------------------------------------
  {
    file: 'samples/relu-mlp.ts',
    fn: 'mlpLoss',
    params: ['theta', 'X', 't', 'D', 'H'],
    makeArgs(rng) {
      const D = randomInt(rng, 2, 5);
      const H = randomInt(rng, 2, 6);
      const B = randomInt(rng, 2, 5);
      return [randomArray(rng, H * D + 2 * H + 1), randomArray(rng, B * D), randomArray(rng, B), D, H];
    },
    kinkArgs: () => {
      // theta = 0: every preactivation of every sample is exactly 0.
      const D = 2;
      const H = 3;
      const B = 4;
      const data = fixedRng();
      return [new Float64Array(H * D + 2 * H + 1), randomArray(data, B * D), randomArray(data, B), D, H];
    },
    kinkNote: 'theta = 0: all B * H relu switches active; each unit is active for B = 4 > D + 1 samples (LIKQ fails)',
  },
  {
    file: 'samples/relu-mlp.ts',
    fn: 'mlpLossSingle',
    params: ['theta', 'x', 'target', 'H'],
    makeArgs(rng) {
      const D = randomInt(rng, 2, 6);
      const H = randomInt(rng, 2, 8);
      return [randomArray(rng, H * D + 2 * H + 1), randomArray(rng, D), uniform(rng, -1, 1), H];
    },
    kinkArgs: () => {
      // Hidden unit h has weights row h of W1 and bias b1[h] = -W1[h] . x, so all preactivations
      // are exactly 0 (dyadic data keep the products exact).
      const D = 2;
      const H = 3;
      const x = new Float64Array([0.5, -1]);
      const theta = new Float64Array(H * D + 2 * H + 1);
      const W1 = [1, 2, -0.5, 0.25, 2, 1];
      for (let k = 0; k < H * D; k++) theta[k] = W1[k];
      for (let h = 0; h < H; h++) theta[H * D + h] = -(W1[h * D] * x[0] + W1[h * D + 1] * x[1]);
      theta[H * D + H] = 1;
      theta[H * D + H + 1] = -0.5;
      theta[H * D + H + 2] = 0.75;
      theta[H * D + 2 * H] = 0.125;
      return [theta, x, 0.5, H];
    },
    kinkNote: 'b1 = -W1 x: all H relu switches active, B = 1 with biases: LIKQ holds',
  },

  // --- huber.ts -----------------------------------------------------------------------------
  {
    file: 'samples/huber.ts',
    fn: 'huberLoss',
    params: ['x', 'A', 'b', 'delta'],
    makeArgs(rng) {
      const n = randomSize(rng);
      const m = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, m * n), randomArray(rng, m), uniform(rng, 0.1, 1)];
    },
    kinkArgs: () => {
      // Residuals (0, 0, +delta, -delta) with delta = 0.5.
      const b = matVec(KINK_A, KINK_W, 4);
      b[2] -= 0.5;
      b[3] += 0.5;
      return [KINK_W.slice(), KINK_A.slice(), b, 0.5];
    },
    kinkNote: 'residuals 0, 0 (abs switches) and +delta, -delta (min switches) exactly',
  },
  {
    file: 'samples/huber.ts',
    fn: 'huberTV',
    params: ['x', 'y', 'mu', 'delta'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, n), uniform(rng, 0.1, 2), uniform(rng, 0.1, 1)];
    },
    kinkArgs: () => [new Float64Array([0, 0, 0.5, 0.5, 0]), new Float64Array([0.25, -0.25, 0.5, 1, 0]), 1, 0.5],
    kinkNote: 'differences (0, 0.5, 0, -0.5): abs switches at 0, min switches at |d| = delta',
  },

  // --- soft-threshold.ts --------------------------------------------------------------------
  {
    file: 'samples/soft-threshold.ts',
    fn: 'shrinkClampLoss',
    params: ['x', 'y', 'lambda', 'lo', 'hi'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n, -2, 2), randomArray(rng, n), uniform(rng, 0.05, 0.5), uniform(rng, -1, -0.2), uniform(rng, 0.2, 1)];
    },
    kinkArgs: () => [new Float64Array([0.25, -0.25, 1.25, -1.25, 0]), new Float64Array([0, 0.5, 1, -1, 0.25]), 0.25, -1, 1],
    kinkNote: 'lambda = 0.25, box [-1, 1]: x = +-lambda (soft-threshold kinks), x = +-1.25 (clamp kinks); x = 0 is inside the dead zone (no kink)',
  },
  {
    file: 'samples/soft-threshold.ts',
    fn: 'shrinkLossAbsForm',
    params: ['x', 'y', 'lambda'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n, -2, 2), randomArray(rng, n), uniform(rng, 0.05, 0.5)];
    },
    kinkArgs: () => [new Float64Array([0.25, -0.25, 1]), new Float64Array([0, 0.5, -0.5]), 0.25],
    kinkNote: 'x = +-lambda: one abs switch active in each',
  },
  {
    file: 'samples/soft-threshold.ts',
    fn: 'boxPenalty',
    params: ['x', 'c', 'lo', 'hi', 'rho'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n, -2, 2), randomArray(rng, n), randomArray(rng, n, -1, -0.1), randomArray(rng, n, 0.1, 1), uniform(rng, 0.5, 3)];
    },
    kinkArgs: () => [
      new Float64Array([-1, 1, 0, 2]),
      new Float64Array([-2, 2, 0, 0.5]),
      new Float64Array([-1, -0.5, -0.5, -1]),
      new Float64Array([0.5, 1, 0.5, 1]),
      2,
    ],
    kinkNote: 'x_0 = lo_0 and x_1 = hi_1: one penalty switch active each',
  },
  {
    file: 'samples/soft-threshold.ts',
    fn: 'elasticNet',
    params: ['x', 'y', 'lambda1', 'lambda2'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, n), uniform(rng, 0.05, 1), uniform(rng, 0.05, 1)];
    },
    kinkArgs: () => [new Float64Array([0, 0.5, 0, -0.5]), new Float64Array([0.1, 0.9, -0.2, -0.6]), 0.3, 0.1],
    kinkNote: 'x_0 = x_2 = 0 (the minimiser: |y_i| <= lambda1 there)',
  },

  // --- max-of-quadratics.ts (x has the fixed length 3 of the constant matrices) -------------
  {
    file: 'samples/max-of-quadratics.ts',
    fn: 'maxOfQuadratics',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, 3)],
    kinkArgs: () => [new Float64Array(3)],
    kinkNote: 'x = 0: pieces 0 and 1 tie at value 0',
  },
  {
    file: 'samples/max-of-quadratics.ts',
    fn: 'maxOfThreeQuadratics',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, 3)],
    kinkArgs: () => [new Float64Array(3)],
    kinkNote: 'x = 0: pieces 0 and 1 tie at value 0',
  },

  // --- the chained test problems of theory.md §7b -------------------------------------------
  {
    file: 'samples/chained-lq.ts',
    fn: 'chainedLQ',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [filled(5, Math.SQRT1_2)],
    kinkNote: 'minimiser x_i = 1/sqrt(2), f* = -(n-1) sqrt(2); all n-1 switches active (z ~ 1e-16 in f64)',
  },
  {
    file: 'samples/chained-cb3.ts',
    fn: 'chainedCB3I',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [filled(5, 1)],
    kinkNote: 'minimiser x = 1, f* = 2(n-1); all three pieces tie in every term',
  },
  {
    file: 'samples/chained-cb3.ts',
    fn: 'chainedCB3II',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [filled(5, 1)],
    kinkNote: 'minimiser x = 1, f* = 2(n-1); the three sums tie (2 switches, LIKQ holds)',
  },
  {
    file: 'samples/chained-crescent.ts',
    fn: 'chainedCrescentI',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array(6)],
    kinkNote: 'minimiser 0, f* = 0; the single switch is active (LIKQ holds)',
  },
  {
    file: 'samples/chained-crescent.ts',
    fn: 'chainedCrescentII',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array(6)],
    kinkNote: 'minimiser 0, f* = 0; all n-1 switches active (LIKQ holds)',
  },
  {
    file: 'samples/nesterov-chebyshev-rosenbrock.ts',
    fn: 'ncrFirst',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [filled(5, 1)],
    kinkNote: 'minimiser x = 1, f* = 0; n-1 switches active (LIKQ holds)',
  },
  {
    file: 'samples/nesterov-chebyshev-rosenbrock.ts',
    fn: 'ncrSecond',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [filled(5, 1)],
    kinkNote: 'minimiser x = 1, f* = 0; n switches active (LIKQ holds)',
  },
  {
    file: 'samples/maxq.ts',
    fn: 'maxq',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array(6)],
    kinkNote: 'minimiser 0, f* = 0; all n-1 switches active with zero rows (LIKQ fails)',
  },
  {
    file: 'samples/mxhilb.ts',
    fn: 'mxhilb',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array(6)],
    kinkNote: 'minimiser 0, f* = 0; all 2n-1 switches active (LIKQ fails)',
  },
  {
    file: 'samples/chained-mifflin2.ts',
    fn: 'chainedMifflin2',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array([1, 0, 1, 0, 1, 0])],
    kinkNote: 'x_i^2 + x_{i+1}^2 = 1 for every term: all n-1 switches active',
  },
  {
    file: 'samples/active-faces.ts',
    fn: 'activeFaces',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array(6)],
    kinkNote: 'minimiser 0, f* = 0; all 2n+1 switches active (LIKQ fails)',
  },

  // --- kinks.ts: E1-E11 of theory.md §7a, all at x = 0 --------------------------------------
  ...(
    [
      ['e1', 1],
      ['e2', 1],
      ['e3', 1],
      ['e4', 1],
      ['e5', 1],
      ['e6', 1],
      ['e7', 2],
      ['e8', 2],
      ['e9', 2],
      ['e10', 1],
      ['e11', 1],
    ] as const
  ).map(
    ([fn, n]): SampleCase => ({
      file: 'samples/kinks.ts',
      fn,
      params: ['x'],
      makeArgs: n === 1 ? oneVar : twoVar,
      kinkArgs: () => [new Float64Array(n)],
      kinkNote: `${fn.toUpperCase()} at x = 0 (theory.md §7a)`,
    }),
  ),

  // --- ternary-patterns.ts ------------------------------------------------------------------
  {
    file: 'samples/ternary-patterns.ts',
    fn: 'ternaryLoss',
    params: ['x', 'y'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, n)];
    },
    kinkArgs: () => [new Float64Array([0.5, 0.5, 0.25, -0.25]), new Float64Array([0.5, 0.5, 0.25, -0.25])],
    kinkNote: 'x = y (every abs/relu switch active) with ties in the running max',
  },
  {
    file: 'samples/ternary-patterns.ts',
    fn: 'ternaryVariants',
    params: ['x', 'y'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n), randomArray(rng, n)];
    },
    kinkArgs: () => [new Float64Array([0.5, 0.5, 0.25, -0.25]), new Float64Array([0.5, 0.5, 0.25, -0.25])],
    kinkNote: 'x = y (every abs/relu/max/min switch of the second loop active) with ties in the running max',
  },

  // --- piecewise-linear.ts ------------------------------------------------------------------
  {
    file: 'samples/piecewise-linear.ts',
    fn: 'plSum',
    params: ['x'],
    makeArgs: (rng) => [randomArray(rng, randomSize(rng), -2, 2)],
    kinkArgs: () => [new Float64Array([-1, -0.25, 0.5, 1.5])],
    kinkNote: 'x_k = t_k: one knot switch active per entry',
  },
  {
    file: 'samples/piecewise-linear.ts',
    fn: 'plCalibrationLoss',
    params: ['x', 'y'],
    makeArgs(rng) {
      const n = randomSize(rng);
      return [randomArray(rng, n, -2, 2), randomArray(rng, n)];
    },
    kinkArgs: () => [new Float64Array([-1, 0, 0.5]), new Float64Array([0.5, 0, -1])],
    kinkNote: 'x_0 = t_0 and x_2 = t_2: one knot switch active each',
  },
];
