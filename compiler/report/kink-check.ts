/**
 * What `absad report --sample` decides at one point that lies on a kink: takes the evaluation
 * trace there (runtime/trace.ts), the signature sigma to use (exact zeros, plus the sampled
 * switch when it was only reached to within rounding) and plain AD's gradient (the generated
 * f_grad, or null where plain AD saw no kink); returns
 *
 *   active     the switches with sigma_i = 0 (0-based indices into trace.switches);
 *   likq       runtime likq(): rank of the row-normalized active Jacobian J_alpha (theory.md §3.2);
 *   involved   when LIKQ fails, the active switches whose rows take part in a linear dependency
 *              (a zero row, or a row in the span of the others): the switches to blame;
 *   ad         plain AD against the Clarke set, with the verdicts below.
 *
 * Plain AD verdicts (theory.md §1.7, §3.3, §5.6), from cheapest to most expensive:
 *   clarke-by-likq    LIKQ holds, so plain AD is a Clarke element for any abs'(0) (Theorem A).
 *   equals-certified  LIKQ fails; plain AD equals runtime certify()'s completion gradient (a
 *                     Bouligand element), to a relative 1e-9.
 *   in-sampled-hull   it lies in the convex hull of limiting gradients: the completion from
 *                     `pairs` pairs of opposite random first directions (each a Bouligand
 *                     element), so it is a Clarke element.
 *   wrong             outside that hull, and every active switch depends on the same single
 *                     input x_j: then the pieces at the point are the two sides of x_j, both
 *                     sampled by each pair of opposite directions, so the hull IS the Clarke
 *                     set and plain AD is not in it.
 *   undecided         outside the sampled hull in more dimensions, where the hull may miss
 *                     pieces (enumerating the Clarke set is NP-hard in general, §6).
 */
import { activeJacobian, certify, complete, CERTIFY_TOL, gradientFor, likq, type LikqResult } from '../../runtime/anf.js';
import { normalizeRows, singularValues } from '../../runtime/linalg.js';
import type { Trace } from '../../runtime/trace.js';

export type AdVerdict = 'clarke-by-likq' | 'equals-certified' | 'in-sampled-hull' | 'wrong' | 'undecided';

export interface AdCheck {
  gradient: number[];
  /** runtime certify()'s gradient at the point and its certificate. */
  certified: number[];
  certificate: string;
  verdict: AdVerdict;
}

export interface KinkCheck {
  active: number[];
  likq: LikqResult;
  involved: number[];
  ad: AdCheck | null;
}

/** Pairs of opposite first directions the completion is run from, at most (stops once inside). */
export const DIRECTION_PAIRS = 4;

/** Above this many active rows the dependency attribution (k rank tests) blames them all. */
const ATTRIBUTION_LIMIT = 24;

/**
 * `support(i)` gives the inputs switch i depends on, directly or through earlier switches
 * (sample.ts computes it once per switch).
 */
export function checkKink(t: Trace, sigma: number[], gAd: number[] | null, support: (i: number) => number[], absKink = 0): KinkCheck {
  const active = sigma.flatMap((sg, i) => (sg === 0 ? [i] : []));
  const result = likq(t, sigma);
  const involved = result.holds ? [] : dependentRows(t, sigma, active);
  if (gAd === null) return { active, likq: result, involved, ad: null };
  const cert = certify(t, absKink, 1);
  const ad = (verdict: AdVerdict): AdCheck => ({ gradient: gAd, certified: cert.gradient, certificate: cert.certificate, verdict });
  if (result.holds) return { active, likq: result, involved, ad: ad('clarke-by-likq') };
  if (close(gAd, cert.gradient)) return { active, likq: result, involved, ad: ad('equals-certified') };
  const limiting = [cert.gradient];
  const mirror = mirrored(t);
  for (let p = 0; p < DIRECTION_PAIRS; p++) {
    const seed = 2 + p;
    limiting.push(gradientFor(t, complete(t, sigma, seed).sigmaTilde));
    limiting.push(gradientFor(mirror, complete(mirror, sigma, seed).sigmaTilde).map((v) => -v));
    if (inHull(limiting, gAd)) return { active, likq: result, involved, ad: ad('in-sampled-hull') };
  }
  const inputs = new Set(active.flatMap((i) => support(i)));
  return { active, likq: result, involved, ad: ad(inputs.size === 1 ? 'wrong' : 'undecided') };
}

/**
 * The trace of x -> f(-x) at -x: input partials change sign. complete() draws its first
 * direction d from a seed; on this trace the same seed explores -d, and gradients come back
 * with their sign flipped.
 */
function mirrored(t: Trace): Trace {
  const partials = t.partials.map((p, k) => (t.parents[k] < t.n ? -p : p));
  const values = t.values.map((v, i) => (i < t.n ? -v : v));
  return { ...t, partials, values };
}

/** Numerical rank at the certificate tolerance, as likq() decides (rows normalized). */
function rank(rows: number[][]): number {
  if (rows.length === 0) return 0;
  const sv = singularValues(normalizeRows(rows));
  return sv[0] === 0 ? 0 : sv.filter((v) => v > CERTIFY_TOL * sv[0]).length;
}

/** Active switches whose J_alpha row is zero or lies in the span of the other active rows. */
function dependentRows(t: Trace, sigma: number[], active: number[]): number[] {
  if (active.length > ATTRIBUTION_LIMIT) return active;
  const rows = activeJacobian(t, sigma, active);
  const full = rank(rows);
  const blamed = active.filter((_, r) => rows[r].every((v) => v === 0) || rank(rows.filter((_, q) => q !== r)) === full);
  return blamed.length > 0 ? blamed : active;
}

function scaleOf(vectors: number[][]): number {
  let m = 1;
  for (const v of vectors) for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

function close(a: number[], b: number[]): boolean {
  const tol = 1e-9 * scaleOf([a, b]);
  return a.every((v, i) => Math.abs(v - b[i]) <= tol);
}

/**
 * Is g in the convex hull of the points? By Carathéodory it is iff it lies in the simplex of
 * some affinely independent subset; the points are few (at most 1 + 2 * DIRECTION_PAIRS, and
 * fewer once duplicates are dropped), so every subset is tried: project g onto the subset's
 * affine hull and accept barycentric weights >= 0 with a residual at rounding level.
 */
export function inHull(points: number[][], g: number[]): boolean {
  const tol = 1e-9 * scaleOf([...points, g]);
  const distinct: number[][] = [];
  for (const p of points) if (!distinct.some((q) => close(p, q))) distinct.push(p);
  const m = distinct.length;
  for (let mask = 1; mask < 1 << m; mask++) {
    const subset = distinct.filter((_, j) => (mask >> j) & 1);
    const lambda = barycentric(subset, g);
    if (lambda === null || lambda.some((l) => l < -1e-9)) continue;
    const r = g.map((gi, i) => gi - subset.reduce((s, p, j) => s + lambda[j] * p[i], 0));
    if (r.every((v) => Math.abs(v) <= tol)) return true;
  }
  return false;
}

/**
 * Weights lambda (summing to 1) of the point of aff(P) nearest to g, by the normal equations
 * in the differences p_k - p_0; null when P is affinely dependent (numerically).
 */
function barycentric(P: number[][], g: number[]): number[] | null {
  const r = P.length - 1;
  if (r === 0) return [1];
  const q = P.slice(1).map((p) => p.map((v, i) => v - P[0][i]));
  const rhs0 = g.map((v, i) => v - P[0][i]);
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const A = q.map((a) => q.map((b) => dot(a, b)));
  const rhs = q.map((a) => dot(a, rhs0));
  const diagMax = Math.max(...A.map((row, i) => row[i]));
  // Gaussian elimination with partial pivoting; a tiny pivot means affinely dependent points.
  for (let c = 0; c < r; c++) {
    let p = c;
    for (let k = c + 1; k < r; k++) if (Math.abs(A[k][c]) > Math.abs(A[p][c])) p = k;
    if (Math.abs(A[p][c]) <= 1e-12 * diagMax) return null;
    [A[c], A[p]] = [A[p], A[c]];
    [rhs[c], rhs[p]] = [rhs[p], rhs[c]];
    for (let k = c + 1; k < r; k++) {
      const f = A[k][c] / A[c][c];
      for (let j = c; j < r; j++) A[k][j] -= f * A[c][j];
      rhs[k] -= f * rhs[c];
    }
  }
  const mu = new Array<number>(r).fill(0);
  for (let c = r - 1; c >= 0; c--) {
    let acc = rhs[c];
    for (let j = c + 1; j < r; j++) acc -= A[c][j] * mu[j];
    mu[c] = acc / A[c][c];
  }
  return [1 - mu.reduce((s, v) => s + v, 0), ...mu];
}
