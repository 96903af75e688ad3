/**
 * Gradient checks at random smooth points (theory.md §8; JAX's check_grads):
 *
 *   gradient  each entry of the generated gradient (f_grad, or f_vjp of yBar . f) equals a
 *             central finite difference along that coordinate (up to 4 coordinates);
 *   vjp       the dot-product test: g . d equals the finite difference along a random unit d;
 *             for vector functions also linearity of f_vjp in yBar.
 *
 * A point is smooth when no switching variable that depends on x is zero there (the
 * interpreter's trace), it is used when its values stay below 1e12 (common.ts wellScaled), and
 * a stencil is used only if every switching variable keeps its sign at all of its points. The difference is the fourth-order one,
 *   D(h) = (phi(-2h) - 8 phi(-h) + 8 phi(h) - phi(2h)) / 12h,
 * at the finest step h where it has settled (D(h) and D(h/4) agree to 1e-6 and rounding, from
 * numeric.ts roundingScale, is below 1e-7; no comparison if no step does), and the tolerance is
 * relative 1e-6 plus ten times |D(h) - D(h/4)| plus that rounding.
 */
import type { Rng } from '../../util/rng.js';
import { type Ctx, fail, gradientAt, maxAbs, type Outcome, pass, pointRng, randomPoint, randomUnit, scalarValue, show, skip, traceOf, wellScaled } from './common.js';
import { signature } from '../../../compiler/api.js';
import { roundingScale } from './numeric.js';

const H_REL = 1e-3;

export interface Smooth {
  x: Float64Array;
  sig: string;
  /** The scale of phi's rounding errors (numeric.ts roundingScale). */
  magnitude: number;
}

/** x as a smooth, well-scaled point, or null. */
export function smoothAt(ctx: Ctx, x: Float64Array): Smooth | null {
  const t = traceOf(ctx, x);
  const sig = signature(t);
  if (sig.includes(0) || !wellScaled(t)) return null;
  return { x, sig: sig.join(','), magnitude: Math.max(1, roundingScale(t, ctx.yBar ? Array.from(ctx.yBar) : [1])) };
}

function smoothPoints(ctx: Ctx, rng: Rng, want: number, tries: number): Smooth[] {
  const out: Smooth[] = [];
  for (let k = 0; k < tries && out.length < want; k++) {
    const p = smoothAt(ctx, randomPoint(rng, ctx.n));
    if (p) out.push(p);
  }
  return out;
}

const moved = (x: Float64Array, d: Float64Array, t: number) => x.map((v, i) => v + t * d[i]);

type Compared = { kind: 'ok' } | { kind: 'skip' } | { kind: 'fail'; message: string };

/** Steps h0 / 4^k, k = 0 .. LEVELS - 1, from h0 = 1e-3 max(1, |x|) down to about 6e-11 max(1, |x|). */
const LEVELS = 13;

/**
 * The generated directional derivative `expected` against finite differences along d. The
 * difference is taken at several steps and the finest two neighbouring steps that agree are
 * used (a function with large higher derivatives needs a small step; rounding forbids too
 * small a one), provided every switching variable keeps its sign on both stencils.
 */
export function compareWithDifferences(ctx: Ctx, p: Smooth, d: Float64Array, expected: number): Compared {
  const h0 = H_REL * Math.max(1, maxAbs(p.x));
  const phi = (t: number) => scalarValue(ctx, moved(p.x, d, t));
  const D = (s: number) => (phi(-2 * s) - 8 * phi(-s) + 8 * phi(s) - phi(2 * s)) / (12 * s);
  const hs = Array.from({ length: LEVELS }, (_, k) => h0 / 4 ** k);
  const ds = hs.map(D);
  // The finest pair of neighbouring steps that agree to 1e-6 (relative, floored at 1) where
  // rounding (3 eps roundingScale / h, below 1e-7 of the size) cannot fake that agreement (at
  // tiny steps f's quantized values give identical, wrong differences); coarser pairs may agree
  // on an average over oscillations the derivative does not see (atanh(0.9 cos(s)) with
  // s ~ 1e7 varies on a scale of 1e-8).
  const rounding = (h: number) => (1e-15 * p.magnitude) / h;
  const size = (j: number) => Math.max(1, Math.abs(ds[j]), Math.abs(ds[j + 1]));
  const agree = (j: number) => rounding(hs[j + 1]) <= 1e-7 * size(j) && Math.abs(ds[j] - ds[j + 1]) <= 1e-6 * size(j);
  let k = LEVELS - 2;
  while (k >= 0 && !agree(k)) k--;
  if (k < 0) return { kind: 'skip' };
  for (const h of [hs[k], hs[k + 1]]) {
    for (const t of [-2 * h, -h, h, 2 * h]) {
      if (signature(traceOf(ctx, moved(p.x, d, t))).join(',') !== p.sig) return { kind: 'skip' };
    }
  }
  const [coarse, fine] = [ds[k], ds[k + 1]];
  const tol = 1e-6 * Math.max(1, Math.abs(expected), Math.abs(fine)) + 10 * Math.abs(coarse - fine) + rounding(hs[k + 1]);
  if (Math.abs(expected - fine) <= tol) return { kind: 'ok' };
  return { kind: 'fail', message: `generated ${show(expected)}, finite differences ${show(fine)} (h ${show(hs[k + 1])}) and ${show(coarse)} (h ${show(hs[k])}), tolerance ${show(tol)}` };
}

export function checkGradient(ctx: Ctx): Outcome {
  const rng = pointRng(ctx, 'gradient');
  const points = smoothPoints(ctx, rng, 2, 10);
  if (points.length === 0) return skip('no smooth, well-scaled point among 10 random points');
  let compared = 0;
  for (const p of points) {
    const { g } = gradientAt(ctx, p.x);
    const coords = Array.from({ length: ctx.n }, (_, j) => j);
    while (coords.length > 4) coords.splice(Math.floor(rng() * coords.length), 1);
    for (const j of coords) {
      const e = new Float64Array(ctx.n);
      e[j] = 1;
      const r = compareWithDifferences(ctx, p, e, g[j]);
      if (r.kind === 'fail') return fail(`d/dx[${j}] at x = ${show(p.x)}: ${r.message}`);
      if (r.kind === 'ok') compared++;
    }
  }
  return compared > 0 ? pass : skip('every finite-difference stencil crossed a kink or never settled');
}

export function checkVjp(ctx: Ctx): Outcome {
  const rng = pointRng(ctx, 'vjp');
  const points = smoothPoints(ctx, rng, 2, 10);
  if (points.length === 0) return skip('no smooth, well-scaled point among 10 random points');
  let compared = 0;
  for (const p of points) {
    const { g } = gradientAt(ctx, p.x);
    const d = randomUnit(rng, ctx.n);
    const gd = g.reduce((s, gi, i) => s + gi * d[i], 0);
    const r = compareWithDifferences(ctx, p, d, gd);
    if (r.kind === 'fail') return fail(`g . d at x = ${show(p.x)}, d = ${show(d)}: ${r.message}`);
    if (r.kind === 'ok') compared++;
    if (ctx.yBar) {
      // yBar -> yBar^T J is linear: vjp(a) + vjp(b) = vjp(a + b), to rounding.
      const a = ctx.yBar.map(() => rng() * 2 - 1);
      const b = ctx.yBar.map(() => rng() * 2 - 1);
      const ga = gradientAt(ctx, p.x, a).g;
      const gb = gradientAt(ctx, p.x, b).g;
      const gab = gradientAt(ctx, p.x, a.map((v, i) => v + b[i])).g;
      const scale = Math.max(1, maxAbs(ga), maxAbs(gb));
      for (let i = 0; i < ctx.n; i++) {
        if (Math.abs(ga[i] + gb[i] - gab[i]) > 1e-12 * scale * p.magnitude) return fail(`f_vjp is not linear in yBar at x = ${show(p.x)}: entry ${i}: ${show(ga[i])} + ${show(gb[i])} vs ${show(gab[i])}`);
      }
    }
  }
  return compared > 0 ? pass : skip('every finite-difference stencil crossed a kink or never settled');
}
