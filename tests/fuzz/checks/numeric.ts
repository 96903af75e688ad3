/**
 * Numerical yardsticks the checks need so that their tolerances come from the program at
 * hand rather than from a constant that is too tight for one program and too loose for another:
 *
 *   roundingScale(t, w)  sum over trace nodes of |d(w . y)/dv| |v|: first-order rounding of
 *                        w . y is at most about eps times this (each node is rounded once,
 *                        relative eps, and the error travels to the output with that weight);
 *   gradientScale(t, w)  per input, the size of the terms its gradient entry sums (before
 *                        cancellation): the scale of that entry's rounding;
 *   usefulSwitches(t)    switching variables whose |z| reaches an output at all (a switch that
 *                        only feeds an array nobody reads is in the trace but not in f);
 *   hullGap(P, g)        distance from g to the convex hull of the points P, relative to their
 *                        scale: the least of three upper bounds (nearest sample, NNLS of
 *                        tests/util/hull.ts, Frank-Wolfe), accurate when g is (near) a vertex.
 */
import type { Trace } from '../../../runtime/trace.js';
import { hullDistance } from '../../util/hull.js';

export function roundingScale(t: Trace, weights: number[]): number {
  const adj = new Float64Array(t.values.length);
  t.outputs.forEach((o, k) => (adj[o] += Math.abs(weights[k] ?? 0)));
  let scale = 0;
  for (let i = t.values.length - 1; i >= 0; i--) {
    const a = adj[i];
    if (a === 0) continue;
    scale += a * Math.abs(t.values[i]);
    for (let k = t.start[i]; k < t.start[i + 1]; k++) {
      // An abs node's parent is its z, passed on with |sign| <= 1.
      adj[t.parents[k]] += a * (t.isAbs[i] ? 1 : Math.abs(t.partials[k]));
    }
  }
  return scale;
}

/** The rounding scale of one node: roundingScale with that node as the only output. */
export function nodeRoundingScale(t: Trace, node: number): number {
  return roundingScale({ ...t, outputs: [node] }, [1]);
}

/**
 * Per input, the sum over the trace's paths of |products of partials| to the weighted outputs
 * (abs nodes pass |sign| <= 1): the magnitude a gradient entry is summed from before any
 * cancellation, so its rounding is about eps times this.
 */
export function gradientScale(t: Trace, weights: number[]): number[] {
  const adj = new Float64Array(t.values.length);
  t.outputs.forEach((o, k) => (adj[o] += Math.abs(weights[k] ?? 0)));
  for (let i = t.values.length - 1; i >= t.n; i--) {
    const a = adj[i];
    if (a === 0) continue;
    for (let k = t.start[i]; k < t.start[i + 1]; k++) adj[t.parents[k]] += a * (t.isAbs[i] ? 1 : Math.abs(t.partials[k]));
  }
  return Array.from(adj.subarray(0, t.n));
}

export function usefulSwitches(t: Trace): boolean[] {
  const reached = new Uint8Array(t.values.length);
  for (const o of t.outputs) reached[o] = 1;
  for (let i = t.values.length - 1; i >= 0; i--) {
    if (!reached[i]) continue;
    for (let k = t.start[i]; k < t.start[i + 1]; k++) reached[t.parents[k]] = 1;
  }
  return t.switches.map((sw) => reached[sw.w] === 1);
}

const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * Frank-Wolfe with exact line search for the point of least norm in the convex hull of q:
 * every iterate is a convex combination, so its norm bounds the distance from above.
 */
function leastNorm(q: number[][], iterations: number): number {
  const dot = (a: number[], b: number[]) => a.reduce((acc, v, i) => acc + v * b[i], 0);
  let p = q.reduce((best, v) => (dot(v, v) < dot(best, best) ? v : best), q[0]);
  for (let it = 0; it < iterations; it++) {
    const s = q.reduce((best, v) => (dot(p, v) < dot(p, best) ? v : best), q[0]);
    const d = s.map((v, i) => v - p[i]);
    const dd = dot(d, d);
    if (dd === 0 || dot(p, d) >= 0) break;
    const t = Math.min(1, -dot(p, d) / dd);
    p = p.map((v, i) => v + t * d[i]);
  }
  return Math.sqrt(dot(p, p));
}

export function hullGap(points: number[][], g: number[]): number {
  const scale = Math.max(1, maxAbs(g), ...points.map(maxAbs));
  // Translate so g is the origin: a sample equal to g is then exactly 0.
  const q = points.map((p) => p.map((v, i) => v - g[i]));
  // Three upper bounds on the distance (a sample is in the hull; so are the NNLS and
  // Frank-Wolfe combinations); NNLS alone can stall when g is a vertex or near one.
  const nearest = Math.min(...q.map((v) => Math.hypot(...v)));
  if (nearest <= 1e-9 * scale) return nearest / scale;
  // Scale the translated points to unit size, which keeps the NNLS well conditioned.
  const s = Math.max(...q.map(maxAbs));
  const nnls =
    hullDistance(
      q.map((p) => p.map((v) => v / s)),
      g.map(() => 0),
    ) * s;
  return Math.min(nearest, nnls, leastNorm(q, 2000)) / scale;
}
