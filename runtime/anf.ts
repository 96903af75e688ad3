/**
 * Abs-normal form, LIKQ and certified generalized gradients from an evaluation trace
 * (trace.ts). Formulas and names follow theory.md (GBRS naming: J on x, Y on |z|):
 *
 *   z = cz + Z dx + L |z|,   y = cy + J dx + Y |z|,   cz = z - L|z|,  cy = y - Y|z|
 *
 * anf(t)           the matrices, by the abs-cut construction: one reverse sweep per row, with
 *                  every |z_j| treated as an extra input (adjoints stop at abs nodes);
 *                  theory.md §1.2.
 * activeJacobian   J_alpha = [(I - L Sigma)^-1 Z]_alpha by k reverse sweeps whose adjoints are
 *                  blocked at active abs nodes (§3.2): never the full Z and L.
 * likq             row-normalized singular values of J_alpha with the tolerances of §3.2.
 * gradientFor      J + Y Sigma~ (I - L Sigma~)^-1 Z: one reverse sweep with |z_j|' = sigma~_j.
 * complete         the locked-signature completion of §5.6: PL tangent sweeps in a seeded
 *                  random direction, then unit directions, until every active switch has a
 *                  lexicographic sign.
 * certify          the gradient policy of §8: smooth, likq or completion.
 */
import { normalizeRows, singularValues } from './linalg.js';
import { mulberry32 } from './rng.js';
import type { Trace } from './trace.js';

/** What a switching variable depends on directly: inputs (the structure of its Z row) and earlier switches (of its L row). */
export interface SwitchDependencies {
  inputs: number[];
  switches: number[];
  /** Length of the longest chain of switches ending here (1 for a switch of inputs only). */
  depth: number;
}

export interface Anf {
  n: number;
  m: number;
  s: number;
  x: number[];
  y: number[];
  z: number[];
  sigma: number[];
  cz: number[];
  cy: number[];
  Z: number[][];
  L: number[][];
  J: number[][];
  Y: number[][];
  /** Per switch, structural dependencies and depth; the switching depth nu is their maximum. */
  deps: SwitchDependencies[];
  nu: number;
}

function absIndex(t: Trace): Map<number, number> {
  return new Map(t.switches.map((sw, i) => [sw.w, i]));
}

/**
 * One reverse sweep from `seed` (node -> adjoint). At abs node j the adjoint either stops
 * ('cut', recorded in the returned array) or continues to z_j times absDeriv(j).
 */
function sweep(t: Trace, seed: Map<number, number>, absDeriv: ((j: number) => number) | 'cut', absOf: Map<number, number>, reached?: boolean[]): number[] {
  const adj = new Array<number>(t.values.length).fill(0);
  let top = 0;
  for (const [node, a] of seed) {
    adj[node] += a;
    top = Math.max(top, node);
    if (reached) reached[node] = true;
  }
  for (let i = top; i >= t.n; i--) {
    const a = adj[i];
    if (reached && reached[i] && !(t.isAbs[i] && absDeriv === 'cut')) {
      // Structural reach: parents count even where a partial happens to be 0 at this point.
      for (let k = t.start[i]; k < t.start[i + 1]; k++) reached[t.parents[k]] = true;
    }
    if (a === 0) continue;
    if (t.isAbs[i]) {
      if (absDeriv === 'cut') continue;
      const j = absOf.get(i)!;
      const d = absDeriv(j);
      if (d !== 0) adj[t.parents[t.start[i]]] += a * d;
      continue;
    }
    for (let k = t.start[i]; k < t.start[i + 1]; k++) adj[t.parents[k]] += a * t.partials[k];
  }
  return adj;
}

/** sigma = sign(z): -1, 0 (active) or 1; NaN where z is NaN (it has no sign). */
export function signature(t: Trace): number[] {
  return t.switches.map((sw) => {
    const s = Math.sign(t.values[sw.z]);
    return s === 0 ? 0 : s; // -0 is 0
  });
}

export function anf(t: Trace): Anf {
  const absOf = absIndex(t);
  const s = t.switches.length;
  const z = t.switches.map((sw) => t.values[sw.z]);
  const absZ = z.map(Math.abs);
  const row = (node: number, reached?: boolean[]) => {
    const adj = sweep(t, new Map([[node, 1]]), 'cut', absOf, reached);
    return { x: adj.slice(0, t.n), w: t.switches.map((sw) => adj[sw.w]) };
  };
  const Z: number[][] = [];
  const L: number[][] = [];
  const deps: SwitchDependencies[] = [];
  for (const sw of t.switches) {
    const reached = new Array<boolean>(t.values.length).fill(false);
    const r = row(sw.z, reached);
    Z.push(r.x);
    L.push(r.w);
    const inputs = reached.slice(0, t.n).flatMap((hit, i) => (hit ? [i] : []));
    const switches = t.switches.flatMap((other, j) => (reached[other.w] ? [j] : []));
    deps.push({ inputs, switches, depth: 1 + Math.max(0, ...switches.map((j) => deps[j].depth)) });
  }
  const J: number[][] = [];
  const Y: number[][] = [];
  for (const o of t.outputs) {
    const r = o < t.n ? { x: t.values.slice(0, t.n).map((_, i) => (i === o ? 1 : 0)), w: new Array<number>(s).fill(0) } : row(o);
    J.push(r.x);
    Y.push(r.w);
  }
  const y = t.outputs.map((o) => t.values[o]);
  const dotAbs = (row: number[]) => row.reduce((acc, v, j) => acc + v * absZ[j], 0);
  return {
    n: t.n,
    m: t.outputs.length,
    s,
    x: t.values.slice(0, t.n),
    y,
    z,
    sigma: signature(t),
    cz: z.map((zi, i) => zi - dotAbs(L[i])),
    cy: y.map((yi, i) => yi - dotAbs(Y[i])),
    Z,
    L,
    J,
    Y,
    deps,
    nu: Math.max(0, ...deps.map((d) => d.depth)),
  };
}

/** Evaluates the piecewise-linear model at the increment dx (forward substitution, §1.3). */
export function evaluateModel(a: Anf, dx: number[]): { z: number[]; y: number[] } {
  const z: number[] = [];
  for (let i = 0; i < a.s; i++) {
    let v = a.cz[i];
    for (let j = 0; j < a.n; j++) v += a.Z[i][j] * dx[j];
    for (let j = 0; j < i; j++) v += a.L[i][j] * Math.abs(z[j]);
    z.push(v);
  }
  const y = a.cy.map((c, k) => {
    let v = c;
    for (let j = 0; j < a.n; j++) v += a.J[k][j] * dx[j];
    for (let j = 0; j < a.s; j++) v += a.Y[k][j] * Math.abs(z[j]);
    return v;
  });
  return { z, y };
}

/** Rows of J_alpha for the active switches, by reverse sweeps blocked at active abs nodes. */
export function activeJacobian(t: Trace, sigma: number[], active: number[]): number[][] {
  const absOf = absIndex(t);
  return active.map((i) => sweep(t, new Map([[t.switches[i].z, 1]]), (j) => sigma[j], absOf).slice(0, t.n));
}

export interface LikqResult {
  holds: boolean;
  rank: number;
  activeCount: number;
  /** The certificate threshold on sigma_min / sigma_max (sqrt(eps)). */
  tolerance: number;
  condition: number;
  /** Why it failed, when it did. */
  reason?: string;
}

export const CERTIFY_TOL = Math.sqrt(2 ** -52);

export function likq(t: Trace, sigma = signature(t)): LikqResult {
  const active = sigma.map((sg, i) => (sg === 0 ? i : -1)).filter((i) => i >= 0);
  const k = active.length;
  const base = { activeCount: k, tolerance: CERTIFY_TOL };
  if (k === 0) return { holds: true, rank: 0, condition: 1, ...base };
  if (k > t.n) return { holds: false, rank: Math.min(k, t.n), condition: Infinity, reason: `${k} active switches but only ${t.n} variables`, ...base };
  const rows = activeJacobian(t, sigma, active);
  if (rows.some((r) => r.every((v) => v === 0))) {
    const sv = singularValues(normalizeRows(rows));
    return { holds: false, rank: sv.filter((v) => v > Math.max(k, t.n) * 2 ** -52 * (sv[0] || 1)).length, condition: Infinity, reason: 'an active switch has a zero row', ...base };
  }
  const sv = singularValues(normalizeRows(rows));
  const max = sv[0];
  const min = sv[sv.length - 1];
  const rank = sv.filter((v) => v > Math.max(k, t.n) * 2 ** -52 * max).length;
  const holds = min > CERTIFY_TOL * max;
  return { holds, rank, condition: min === 0 ? Infinity : max / min, ...(holds ? {} : { reason: 'the active rows are (nearly) linearly dependent' }), ...base };
}

/** J + Y Sigma~ (I - L Sigma~)^-1 Z for output `o`: the reverse sweep with |z_j|' = sigmaTilde_j. */
export function gradientFor(t: Trace, sigmaTilde: number[], o = 0): number[] {
  const absOf = absIndex(t);
  const out = t.outputs[o];
  if (out < t.n) return t.values.slice(0, t.n).map((_, i) => (i === out ? 1 : 0));
  return sweep(t, new Map([[out, 1]]), (j) => sigmaTilde[j], absOf).slice(0, t.n);
}

/** A deterministic pseudo-random unit vector (mulberry32), for the first completion direction. */
export function seededDirection(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  const d = Array.from({ length: n }, () => next() * 2 - 1);
  const norm = Math.sqrt(d.reduce((s, v) => s + v * v, 0)) || 1;
  return d.map((v) => v / norm);
}

export interface Completion {
  /** The completed signature: sigma off the active set, lexicographic signs on it. */
  sigmaTilde: number[];
  /** Directions used (1 in the common case). */
  directions: number;
}

/**
 * §5.6: PL tangent sweeps, one direction at a time, until every active switch's tangent has
 * a first nonzero entry; its sign completes the signature. Numerically zero tangents are those
 * below gamma times a magnitude proxy carried along the sweep.
 */
export function complete(t: Trace, sigma = signature(t), seed = 1): Completion {
  const absOf = absIndex(t);
  const active = sigma.map((sg, i) => (sg === 0 ? i : -1)).filter((i) => i >= 0);
  const lex = new Array<number>(t.switches.length).fill(0);
  const nodes = t.values.length;
  const gamma = 64 * 2 ** -52;
  // Column r of every tangent depends only on directions 1..r and on the signs fixed by
  // earlier columns (theory.md §5.2), so one column is kept at a time.
  const col = new Float64Array(nodes);
  const mu = new Float64Array(nodes);
  const d1 = seededDirection(t.n, seed);
  let r = 0;
  for (; r < Math.max(1, t.n); r++) {
    for (let i = 0; i < t.n; i++) {
      col[i] = r === 0 ? d1[i] : i === r - 1 ? 1 : 0;
      mu[i] = Math.abs(col[i]);
    }
    for (let i = t.n; i < nodes; i++) {
      if (t.isAbs[i]) {
        const p = t.parents[t.start[i]];
        const j = absOf.get(i)!;
        let s = sigma[j];
        if (s === 0) {
          // The first numerically nonzero tangent entry decides the lexicographic sign.
          if (lex[j] === 0 && Math.abs(col[p]) > gamma * mu[p]) lex[j] = Math.sign(col[p]);
          s = lex[j];
        }
        col[i] = s * col[p];
        mu[i] = mu[p];
        continue;
      }
      let v = 0;
      let m = 0;
      for (let k = t.start[i]; k < t.start[i + 1]; k++) {
        v += t.partials[k] * col[t.parents[k]];
        m += Math.abs(t.partials[k]) * mu[t.parents[k]];
      }
      col[i] = v;
      mu[i] = m;
    }
    if (active.every((j) => lex[j] !== 0)) {
      r++;
      break;
    }
  }
  const sigmaTilde = sigma.map((sg, j) => (sg !== 0 ? sg : lex[j]));
  return { sigmaTilde, directions: r };
}

function unit(n: number, j: number): number[] {
  const e = new Array<number>(n).fill(0);
  e[j] = 1;
  return e;
}

export type CertificateKind = 'smooth' | 'likq' | 'completion';

export interface CertifiedGradient {
  value: number;
  gradient: number[];
  certificate: CertificateKind;
  active: number[];
  likq: LikqResult;
  /** Tangent directions the completion used (0 when it was not needed). */
  directions: number;
}

/**
 * The gradient policy of theory.md §8: no active switch -> the classical gradient; LIKQ holds
 * -> plain AD with abs'(0) = absKink (a Clarke element, Theorem A); otherwise the §5.6
 * completion (a Bouligand, hence Clarke, element).
 */
/** Above this many active switches the LIKQ test (k sweeps and an O(k^2 n) QR) costs more than the completion. */
export const LIKQ_TEST_LIMIT = 8;

export function certify(t: Trace, absKink = 0, seed = 1): CertifiedGradient {
  const c = certifyBySigns(t, absKink, seed);
  // A NaN switching variable has no sign, so there is no generalized gradient at the point: the
  // gradient is NaN in every entry, as the generated f_grad writes it (docs/numerics.md).
  if (signature(t).some((sg) => Number.isNaN(sg))) c.gradient = c.gradient.map(() => NaN);
  return c;
}

/**
 * The gradient to report where f_grad computed `plain` and the point has active (or NaN)
 * switching variables: the certified one where plain AD is not a Clarke element (LIKQ fails:
 * the completion) or where there is none (a NaN switching variable: NaN throughout), else
 * `plain`, which the certificate vouches for. `absad grad` and the WebGPU host path both use it.
 */
export function reportedGradient(c: CertifiedGradient, plain: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  return c.certificate === 'completion' || c.gradient.some(Number.isNaN) ? Float64Array.from(c.gradient) : plain;
}

function certifyBySigns(t: Trace, absKink: number, seed: number): CertifiedGradient {
  const sigma = signature(t);
  const active = sigma.map((sg, i) => (sg === 0 ? i : -1)).filter((i) => i >= 0);
  const value = t.values[t.outputs[0]];
  // theory.md §5.6 step 3: the LIKQ test is worth it only for few active switches; otherwise
  // the completion (about one tangent and one reverse sweep) certifies directly.
  const result: LikqResult =
    active.length <= LIKQ_TEST_LIMIT
      ? likq(t, sigma)
      : { holds: false, rank: -1, activeCount: active.length, tolerance: CERTIFY_TOL, condition: NaN, reason: `not tested: more than ${LIKQ_TEST_LIMIT} active switches, the completion is cheaper` };
  if (active.length === 0) return { value, gradient: gradientFor(t, sigma), certificate: 'smooth', active, likq: result, directions: 0 };
  if (result.holds) {
    const tilde = sigma.map((sg) => (sg === 0 ? absKink : sg));
    return { value, gradient: gradientFor(t, tilde), certificate: 'likq', active, likq: result, directions: 0 };
  }
  const c = complete(t, sigma, seed);
  return { value, gradient: gradientFor(t, c.sigmaTilde), certificate: 'completion', active, likq: result, directions: c.directions };
}
