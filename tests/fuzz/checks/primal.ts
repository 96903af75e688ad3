/**
 * Primal checks, bit for bit (Object.is, so NaN and -0 count), at random points and at
 * constructed kink points, where ties decide Math.max(-0, 0) and the ternary patterns:
 *
 *   primal  the reference interpreter (IR after the pipeline) = the generated f; f_grad / f_vjp
 *           return that same value; no call writes into its arguments; f_kinks() after the
 *           gradient call lies between the number of exactly zero switching variables in the
 *           interpreter's trace (those that reach the result) and the length of f_active's list
 *           (where the values are finite).
 *   source  Node running the source = the interpreter (catches a frontend or pass that changes
 *           the value, where the interpreter and the generated code would agree with each other).
 */
import { argumentsAt } from '../program.js';
import { signature } from '../../../compiler/api.js';
import { type Ctx, fail, gradientAt, interpretAt, type Outcome, pass, pointRng, randomPoint, sameValue, show, traceOf } from './common.js';
import { usefulSwitches } from './numeric.js';
import { constructedPoints } from './points.js';

function points(ctx: Ctx): Float64Array[] {
  const rng = pointRng(ctx, 'primal');
  return [randomPoint(rng, ctx.n), randomPoint(rng, ctx.n), randomPoint(rng, ctx.n), ...constructedPoints(rng, ctx.n, ctx.c.literals, 4)];
}

export function checkPrimal(ctx: Ctx): Outcome {
  for (const x of points(ctx)) {
    const at = `at x = ${show(x)}`;
    const ir = interpretAt(ctx, x);
    const args = argumentsAt(ctx.c, x);
    const before = args.map((a) => (a instanceof Float64Array ? Float64Array.from(a) : a));
    const js = ctx.L.js.f(...args);
    if (!sameValue(js, ir)) return fail(`generated f = ${show(js)}, interpreter = ${show(ir)} ${at}`);
    if (!args.every((a, i) => sameValue(a, before[i]) || typeof a === 'number')) return fail(`generated f wrote into its arguments ${at}`);
    const { returned } = gradientAt(ctx, x);
    if (!sameValue(returned, js)) return fail(`${ctx.yBar ? 'f_vjp' : 'f_grad'} returns ${show(returned)}, f returns ${show(js)} ${at}`);
    // Kink counts mean something only where the values are finite (Infinity === Infinity is a tie).
    const t = traceOf(ctx, x);
    if (!t.values.every(Number.isFinite)) continue;
    const kinks = ctx.L.js.f_kinks() as number;
    const active = ctx.L.js.f_active(...argumentsAt(ctx.c, x)) as unknown[];
    // f_active also lists switches that depend on x but reach no output (f_kinks leaves those
    // out), and the trace counts switches merged up to sign once: so
    // zeros of the trace's useful switches <= f_kinks() <= f_active's length.
    if (active.length < kinks) return fail(`f_kinks() = ${kinks} after the gradient call, but f_active lists only ${active.length} ${at}`);
    const useful = usefulSwitches(t);
    const zeros = signature(t).filter((s, j) => s === 0 && useful[j]).length;
    if (zeros > kinks) return fail(`the trace has ${zeros} exactly zero switching variables, f_kinks() = ${kinks} ${at}`);
  }
  return pass;
}

export function checkSource(ctx: Ctx): Outcome {
  for (const x of points(ctx)) {
    const ir = interpretAt(ctx, x);
    const native = ctx.L.native(...argumentsAt(ctx.c, x));
    if (!sameValue(native, ir)) return fail(`Node runs the source to ${show(native)}, the interpreter gives ${show(ir)} at x = ${show(x)}`);
  }
  return pass;
}
