/**
 * Gradients at constructed kink points (n <= 3 inputs), theory.md §8 checks 5, 8 and 9:
 *   - the generated gradient there (abs'(0) = 0) equals J + Y Sigma~ (I - L Sigma~)^-1 Z with
 *     Sigma~ = 0 on the active set, swept over the interpreter's trace (runtime gradientFor);
 *   - the certified gradient (runtime certify: smooth / likq / completion) lies in the convex
 *     hull of gradients sampled at differentiable points x + eps u nearby (the sampled Clarke
 *     set; tests/util/hull.ts);
 *   - where LIKQ certifies, the plain generated gradient lies in that hull too.
 * Kink points come from points.ts and count only if the trace has an exactly zero switching
 * variable. Samples use eps in [1e-9, 1e-8] times the scale of x, so curvature moves a sampled
 * gradient by far less than the hull tolerance; a third of the directions lie near the
 * certificate's own first direction, so its piece is sampled even when it is narrow.
 * Vector functions are checked on their first output, the one certify reports.
 */
import { certify, signature } from '../../../compiler/api.js';
import { gradientFor, seededDirection } from '../../../runtime/anf.js';
import { type Ctx, fail, gradientAt, maxAbs, type Outcome, pass, pointRng, randomUnit, show, skip, traceOf } from './common.js';
import { hullGap } from './numeric.js';
import { constructedPoints } from './points.js';

export const KINK_MAX_INPUTS = 3;
const SAMPLES = 150;
const HULL_TOL = 1e-4;

export function checkKink(ctx: Ctx): Outcome {
  if (ctx.n > KINK_MAX_INPUTS) return skip(`more than ${KINK_MAX_INPUTS} inputs`);
  const rng = pointRng(ctx, 'kink');
  const first = ctx.yBar ? Float64Array.from(ctx.yBar, (_, k) => (k === 0 ? 1 : 0)) : null;
  let checked = 0;
  for (const x of constructedPoints(rng, ctx.n, ctx.c.literals, 12)) {
    if (checked === 2) break;
    const t = traceOf(ctx, x);
    const sigma = signature(t);
    if (!sigma.includes(0)) continue;
    checked++;
    const at = `at x = ${show(x)} (${sigma.filter((s) => s === 0).length} active switches)`;
    const { g } = gradientAt(ctx, x, first);
    const expected = gradientFor(t, sigma);
    const tol = 1e-9 * Math.max(1, maxAbs(expected), maxAbs(g));
    for (let i = 0; i < ctx.n; i++) {
      if (!(Math.abs(g[i] - expected[i]) <= tol)) return fail(`generated gradient ${show(g)}, ANF sweep with abs'(0) = 0 ${show(expected)} ${at}`);
    }
    const c = certify(t);
    const scale = Math.max(1, maxAbs(x));
    const d1 = seededDirection(ctx.n, 1);
    const seen = new Set<string>();
    const samples: number[][] = [];
    for (let k = 0; k < SAMPLES; k++) {
      const eps = (1e-9 + rng() * 9e-9) * scale;
      const r = randomUnit(rng, ctx.n);
      const u = k % 3 === 0 ? d1.map((v, i) => v + 0.3 * r[i]) : Array.from(r);
      const s = gradientAt(ctx, x.map((v, i) => v + eps * u[i]), first).g;
      const key = Array.from(s, (v) => v.toPrecision(9)).join(',');
      if (!seen.has(key)) {
        seen.add(key);
        samples.push(Array.from(s));
      }
    }
    const dist = hullGap(samples, c.gradient);
    if (!(dist <= HULL_TOL)) return fail(`certified gradient ${show(c.gradient)} (${c.certificate}) is ${show(dist)} from the hull of ${samples.length} sampled gradients ${show(samples.slice(0, 6).map(show))} ${at}`);
    if (c.certificate === 'likq') {
      const plain = hullGap(samples, Array.from(g));
      if (!(plain <= HULL_TOL)) return fail(`LIKQ holds, yet the plain gradient ${show(g)} is ${show(plain)} from the sampled Clarke hull ${at}`);
    }
  }
  return checked > 0 ? pass : skip('no constructed point has an exactly zero switching variable');
}
