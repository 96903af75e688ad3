/**
 * The abs-normal form (runtime/anf.ts over the interpreter's trace) at a random point and at
 * x = 0 (where constructed kinks are likely), theory.md §8 checks 3-5:
 *   - y of the ANF is the interpreter's value, bit for bit;
 *   - L is strictly lower triangular;
 *   - the model at dx = 0 reproduces z and y (to rounding of cz = z - L|z|);
 *   - the generated f_trace gives the same ANF as the interpreter's trace (values, signs and
 *     structure exactly, matrices to rounding);
 *   - |f(x + h d) - model(h d)| / h^2 settles as h goes 1e-1 ... 1e-7: it must not grow more
 *     than threefold at both of the last two steps (an O(h) error, from a wrong entry, makes it
 *     grow tenfold per step) with an error at h = 1e-7 beyond ten times f's own second
 *     difference there, up to rounding (numeric.ts's roundingScale of f plus the size of the
 *     model's terms); where it does, at a smooth point, f may just vary too fast (chaotic
 *     iterations): finite differences along d (gradient.ts) then decide the model's slope;
 *   - where no switch is zero, J + Y Sigma (I - L Sigma)^-1 Z (weighted by yBar) is the
 *     generated gradient.
 */
import { anf, type Anf, evaluateModel } from '../../../compiler/api.js';
import { argumentsAt } from '../program.js';
import { type Ctx, fail, gradientAt, interpretAt, maxAbs, type Outcome, pass, pointRng, randomPoint, randomUnit, scalarValue, show, skip, traceOf, wellScaled } from './common.js';
import { compareWithDifferences, smoothAt } from './gradient.js';
import { gradientScale, roundingScale } from './numeric.js';
import type { Trace } from '../../../runtime/trace.js';

const EPS = 2 ** -52;

const EXACT: (keyof Anf)[] = ['n', 'm', 's', 'x', 'y', 'z', 'sigma', 'deps', 'nu'];
const NUMERIC = ['cz', 'cy', 'Z', 'L', 'J', 'Y'] as const;

/** A vector field as one row, a matrix field as its rows. */
const rowsOf = (v: number[] | number[][]): number[][] => (v.length > 0 && Array.isArray(v[0]) ? (v as number[][]) : [v as number[]]);

/**
 * The first field where two ANFs differ, or null. Values, signs and structure must agree
 * exactly; the matrices to rounding (1e-9 of their row's largest entry): f_trace spells some
 * partials differently from the interpreter's op table (x ** 3 as 3 * x * x, not 3 * x ** 2).
 */
function firstDifference(a: Anf, b: Anf): string | null {
  for (const key of EXACT) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return `${key}: ${JSON.stringify(a[key]).slice(0, 200)} vs ${JSON.stringify(b[key]).slice(0, 200)}`;
  }
  for (const key of NUMERIC) {
    const rowsA = rowsOf(a[key]);
    const rowsB = rowsOf(b[key]);
    if (rowsA.length !== rowsB.length) return `${key}: ${rowsA.length} rows vs ${rowsB.length}`;
    for (let i = 0; i < rowsA.length; i++) {
      const ra = rowsA[i];
      const rb = rowsB[i];
      if (ra.length !== rb.length) return `${key}[${i}]: ${ra.length} entries vs ${rb.length}`;
      const tol = 1e-9 * Math.max(1, maxAbs(ra), maxAbs(rb));
      for (let j = 0; j < ra.length; j++) if (!(Math.abs(ra[j] - rb[j]) <= tol)) return `${key}[${i}][${j}]: ${show(ra[j])} vs ${show(rb[j])}`;
    }
  }
  return null;
}

/** yBar-weighted J + Y Sigma (I - L Sigma)^-1 Z, and the same recursion on absolute values (its rounding scale). */
function anfGradient(a: Anf, weights: number[]): { g: number[]; scale: number[] } {
  const Jw = a.J[0].map((_, col) => a.J.reduce((s, row, k) => s + weights[k] * row[col], 0));
  const Yw = Array.from({ length: a.s }, (_, i) => a.Y.reduce((s, row, k) => s + weights[k] * row[i], 0));
  const u = new Array<number>(a.s).fill(0);
  const ua = new Array<number>(a.s).fill(0);
  for (let i = a.s - 1; i >= 0; i--) {
    let acc = Yw[i];
    let abs = Math.abs(Yw[i]);
    for (let k = i + 1; k < a.s; k++) {
      acc += a.L[k][i] * u[k];
      abs += Math.abs(a.L[k][i]) * ua[k];
    }
    u[i] = a.sigma[i] * acc;
    ua[i] = abs;
  }
  const g = Jw.map((jv, col) => jv + a.Z.reduce((s, row, i) => s + row[col] * u[i], 0));
  const scale = Jw.map((jv, col) => Math.abs(jv) + a.Z.reduce((s, row, i) => s + Math.abs(row[col]) * ua[i], 0));
  return { g, scale };
}

function checkAt(ctx: Ctx, x: Float64Array, d: Float64Array): Outcome {
  const at = `at x = ${show(x)}`;
  const t: Trace = traceOf(ctx, x);
  if (!wellScaled(t)) return skip('values beyond 1e12');
  const a = anf(t);
  const ir = interpretAt(ctx, x);
  const ys = typeof ir === 'number' ? [ir] : Array.from(ir as ArrayLike<number>);
  if (a.y.length !== ys.length || !a.y.every((v, k) => Object.is(v, ys[k]))) return fail(`ANF y = ${show(a.y)}, interpreter ${show(ys)} ${at}`);
  for (let i = 0; i < a.s; i++) for (let j = i; j < a.s; j++) if (a.L[i][j] !== 0) return fail(`L[${i}][${j}] = ${a.L[i][j]} is on or above the diagonal ${at}`);
  // Forward substitution rounds each z_i relative to S_i = |z_i| + |cz_i| + sum_j |L_ij| S_j,
  // the size of what it adds up (earlier rows' rounding included).
  const m0 = evaluateModel(a, new Array<number>(a.n).fill(0));
  const S: number[] = [];
  for (let i = 0; i < a.s; i++) {
    S.push(Math.abs(a.z[i]) + Math.abs(a.cz[i]) + a.L[i].reduce((acc, l, j) => acc + (j < i ? Math.abs(l) * S[j] : 0), 0));
    if (!(Math.abs(m0.z[i] - a.z[i]) <= 1e-9 * S[i])) return fail(`model at dx = 0: z[${i}] = ${show(m0.z[i])}, trace ${show(a.z[i])} ${at}`);
  }
  for (let k = 0; k < a.m; k++) {
    const scale = Math.abs(a.y[k]) + Math.abs(a.cy[k]) + a.Y[k].reduce((acc, l, j) => acc + Math.abs(l) * S[j], 0);
    if (!(Math.abs(m0.y[k] - a.y[k]) <= 1e-9 * scale)) return fail(`model at dx = 0: y[${k}] = ${show(m0.y[k])}, trace ${show(a.y[k])} ${at}`);
  }
  const generated = anf(ctx.L.js.f_trace(...argumentsAt(ctx.c, x)) as Trace);
  const diff = firstDifference(generated, a);
  if (diff) return fail(`f_trace and the interpreter's trace give different ANFs ${at}: ${diff}`);
  // Second order: the error ratio must not grow as h shrinks.
  const weights = ctx.yBar ? Array.from(ctx.yBar) : [1];
  const f0 = scalarValue(ctx, x);
  // The error at step h, and the size of what its two sides add up (their rounding scale):
  // f's rounding at x, |f| and the model's terms at x + h d (at x = 0 all of them are O(h)).
  const fScale = roundingScale(t, weights) + Math.abs(f0);
  const errorAt = (h: number) => {
    const fx = scalarValue(ctx, x.map((v, i) => v + h * d[i]));
    const m = evaluateModel(a, Array.from(d, (v) => h * v));
    const model = m.y.reduce((acc, v, k) => acc + weights[k] * v, 0);
    const terms = weights.reduce((acc, w, k) => acc + Math.abs(w) * (Math.abs(a.cy[k]) + a.Y[k].reduce((s, y, j) => s + Math.abs(y * m.z[j]), 0) + a.J[k].reduce((s, v, j) => s + Math.abs(v * h * d[j]), 0)), 0);
    return { error: Math.abs(fx - model), rounding: 64 * EPS * (fScale + Math.abs(fx) + Math.abs(model) + terms) };
  };
  const hs = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7];
  const errors = hs.map(errorAt);
  const rs = errors.map((e, i) => e.error / hs[i] ** 2);
  const rounding = errors[errors.length - 1].rounding;
  const grows = (i: number) => rs[i + 1] > 3 * rs[i] + errors[i + 1].rounding / hs[i + 1] ** 2;
  // O(h) error makes the ratio grow tenfold per step once h is small; a smooth but fast
  // varying f (atan(2e5 x)) makes it grow until h is below its scale, where it settles. Where
  // it is still growing at h = 1e-7, the error must also exceed f's own second difference
  // there: a chaotic iteration (derivatives of 1e14) has model errors as large as that, a
  // wrong model entry has errors far larger.
  const h = hs[hs.length - 1];
  const along = (s: number) => scalarValue(ctx, x.map((v, i) => v + s * h * d[i]));
  const secondDifference = Math.abs(along(2) - 2 * along(1) + f0);
  const unexplained = rs[rs.length - 1] * h * h > 10 * secondDifference + rounding;
  if (grows(hs.length - 3) && grows(hs.length - 2) && unexplained) {
    // Or f varies too fast for these steps (a chaotic iteration is linear only below 1e-11):
    // at a smooth point, finite differences decide whether the model's slope along d is f's.
    const p = smoothAt(ctx, x);
    const r = p ? compareWithDifferences(ctx, p, d, anfGradient(a, weights).g.reduce((acc, v, i) => acc + v * d[i], 0)) : null;
    if (r?.kind === 'skip') return skip('f varies too fast along d for the model check');
    if (r?.kind !== 'ok') return fail(`model error / h^2 grows: ${hs.map((h, i) => `${show(rs[i])} (h ${h})`).join(', ')}, d = ${show(d)} ${at}`);
  }
  if (a.sigma.every((s) => s !== 0)) {
    const { g: fromAnf, scale } = anfGradient(a, weights);
    const paths = gradientScale(t, weights);
    const { g } = gradientAt(ctx, x);
    for (let i = 0; i < ctx.n; i++) {
      if (!(Math.abs(fromAnf[i] - g[i]) <= 1e-9 * Math.max(scale[i], paths[i]) + 1e-300)) return fail(`J + Y Sigma (I - L Sigma)^-1 Z = ${show(fromAnf[i])}, generated gradient ${show(g[i])} in entry ${i} ${at}`);
    }
  }
  return pass;
}

export function checkAnf(ctx: Ctx): Outcome {
  const rng = pointRng(ctx, 'anf');
  let passed = 0;
  for (const x of [randomPoint(rng, ctx.n), new Float64Array(ctx.n)]) {
    const r = checkAt(ctx, x, randomUnit(rng, ctx.n));
    if (r.status === 'fail') return r;
    if (r.status === 'pass') passed++;
  }
  return passed > 0 ? pass : skip('values beyond 1e12 at every point');
}
