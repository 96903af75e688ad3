/**
 * Gradients at constructed kink points (n <= 3 inputs), theory.md §8 checks 5, 8 and 9:
 *   - the generated gradient there (abs'(0) = 0) equals J + Y Sigma~ (I - L Sigma~)^-1 Z with
 *     Sigma~ = 0 on the active set, swept over the interpreter's trace (runtime gradientFor);
 *   - the certified gradient (runtime certify: smooth / likq / completion) lies in the convex
 *     hull of gradients sampled at differentiable points x + eps u nearby, u evenly over the
 *     sphere (the sampled Clarke set; tests/util/hull.ts);
 *   - where LIKQ certifies, the plain generated gradient lies in that hull too, and so does the
 *     gradient of the module compiled with abs'(0) = +1 or -1 (--abs-kink; any value in [-1, 1]
 *     gives a Clarke gradient under LIKQ, theory.md §3.3).
 * Kink points come from points.ts and count only if the trace has an exactly zero switching
 * variable, no other one that could change sign within 100 sampling radii, and values below 1e12. Samples use eps in [1e-9, 1e-8] times the scale of x, so curvature moves a sampled
 * gradient by far less than the hull tolerance; some directions lie near the certificate's own
 * first direction, so its piece is sampled even when it is narrow.
 * Vector functions are checked on their first output, the one certify reports.
 */
import { certify, signature } from '../../../compiler/api.js';
import { gradientFor, seededDirection } from '../../../runtime/anf.js';
import { type Ctx, fail, gradientAt, maxAbs, type Outcome, pass, pointRng, randomUnit, show, skip, traceOf, wellScaled } from './common.js';
import { load } from '../load.js';
import { argumentsAt } from '../program.js';
import { gradientScale, hullGap, nodeRoundingScale, usefulSwitches } from './numeric.js';
import { constructedPoints } from './points.js';

export const KINK_MAX_INPUTS = 3;
const HULL_TOL = 1e-4;
const NEAR_D1 = 60;

/**
 * Sample directions that cover the sphere evenly, so that a piece shaped like a thin wedge is
 * not missed (min(0.9 max(x0, x1), x1) at 0 has one 3 degrees wide): n = 1: +-1; n = 2: every
 * quarter degree; n = 3: 2000 points of a Fibonacci sphere.
 */
function sphere(n: number): number[][] {
  if (n === 1) return [[1], [-1]];
  if (n === 2) return Array.from({ length: 1440 }, (_, k) => [Math.cos((2 * Math.PI * k) / 1440), Math.sin((2 * Math.PI * k) / 1440)]);
  const N = 2000;
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: N }, (_, k) => {
    const z = 1 - (2 * k + 1) / N;
    const r = Math.sqrt(1 - z * z);
    return [r * Math.cos(golden * k), r * Math.sin(golden * k), z];
  });
}

export function checkKink(ctx: Ctx): Outcome {
  if (ctx.n > KINK_MAX_INPUTS) return skip(`more than ${KINK_MAX_INPUTS} inputs`);
  const rng = pointRng(ctx, 'kink');
  const first = ctx.yBar ? Float64Array.from(ctx.yBar, (_, k) => (k === 0 ? 1 : 0)) : null;
  let checked = 0;
  for (const x of constructedPoints(rng, ctx.n, ctx.c.literals, 12)) {
    if (checked === 2) break;
    const t = traceOf(ctx, x);
    const sigma = signature(t);
    if (!sigma.includes(0) || !wellScaled(t)) continue;
    // A switch that is not zero but could change sign within 100 times the sampling radius
    // (|z| against its Lipschitz bound, the sum of its path sums) has pieces too small for the
    // samples to see: min(|x|, sinh(sin(pi))) = min(|x|, 1.2e-16) at 0 is |x| only there.
    const useful = usefulSwitches(t);
    const radius = 1e-6 * Math.max(1, maxAbs(x));
    const nearZero = (node: number) => Math.abs(t.values[node]) < radius * gradientScale({ ...t, outputs: [node] }, [1]).reduce((a, v) => a + v, 0) + 1e-6 * nodeRoundingScale(t, node);
    if (t.switches.some((sw, i) => useful[i] && sigma[i] !== 0 && nearZero(sw.z))) continue;
    checked++;
    const at = `at x = ${show(x)} (${sigma.filter((s) => s === 0).length} active switches)`;
    const { g } = gradientAt(ctx, x, first);
    const expected = gradientFor(t, sigma);
    const paths = gradientScale(t, [1]);
    for (let i = 0; i < ctx.n; i++) {
      if (!(Math.abs(g[i] - expected[i]) <= 1e-9 * Math.max(paths[i], Math.abs(expected[i])) + 1e-300)) return fail(`generated gradient ${show(g)}, ANF sweep with abs'(0) = 0 ${show(expected)} ${at}`);
    }
    const c = certify(t);
    const scale = Math.max(1, maxAbs(x));
    const d1 = seededDirection(ctx.n, 1);
    const seen = new Set<string>();
    const samples: number[][] = [];
    const quantum = 1e-6 * Math.max(1, maxAbs(g));
    const near = Array.from({ length: NEAR_D1 }, () => {
      const r = randomUnit(rng, ctx.n);
      return d1.map((v, i) => v + 0.3 * r[i]);
    });
    for (const u of [...sphere(ctx.n), ...near]) {
      const eps = (1e-9 + rng() * 9e-9) * scale;
      const s = gradientAt(ctx, x.map((v, i) => v + eps * u[i]), first).g;
      // Samples of one piece differ by curvature times eps: one point per piece for the hull.
      const key = Array.from(s, (v) => Math.round(v / quantum)).join(',');
      if (!seen.has(key)) {
        seen.add(key);
        samples.push(Array.from(s));
      }
    }
    // Pieces number at most 2^(active switches); many more distinct gradients mean f's gradient
    // moves within the sampling radius itself (a chaotic iteration): no hull to test against.
    if (samples.length > 64) continue;
    const dist = hullGap(samples, c.gradient);
    if (!(dist <= HULL_TOL)) return fail(`certified gradient ${show(c.gradient)} (${c.certificate}) is ${show(dist)} from the hull of ${samples.length} sampled gradients ${show(samples.slice(0, 6).map(show))} ${at}`);
    if (c.certificate === 'likq') {
      const plain = hullGap(samples, Array.from(g));
      if (!(plain <= HULL_TOL)) return fail(`LIKQ holds, yet the plain gradient ${show(g)} is ${show(plain)} from the sampled Clarke hull ${at}`);
      // Under LIKQ any abs'(0) in [-1, 1] gives a Clarke gradient: the module compiled with +1 or -1 too.
      const kink = rng() < 0.5 ? 1 : -1;
      const other = load(ctx.c, { absKink: kink });
      if (!other.ok) return fail(`with --abs-kink ${kink}: ${other.message}`);
      const gk = new Float64Array(ctx.n);
      const args = argumentsAt(ctx.c, x);
      if (first) other.loaded.js.f_vjp(...args, first, gk);
      else other.loaded.js.f_grad(...args, gk);
      const gap = hullGap(samples, Array.from(gk));
      if (!(gap <= HULL_TOL)) return fail(`LIKQ holds, yet the gradient with abs'(0) = ${kink}, ${show(gk)}, is ${show(gap)} from the sampled Clarke hull ${at}`);
    }
  }
  return checked > 0 ? pass : skip('no constructed point has an exactly zero switching variable');
}
