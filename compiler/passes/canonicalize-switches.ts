/**
 * canonicalize-switches: rewrites that make equal switching variables look equal.
 *
 * Takes a Func after lower-nonsmooth; returns a Func where
 *   |-u|   -> |u|
 *   |c*u|  -> |c| * |u|   (c a constant)
 *   ||u||  -> |u|
 * Each rewrite is exact in f64 (IEEE rounding is symmetric in sign, and Math.abs never returns
 * -0), so primal values do not change. Ops that came from a ternary pattern keep their own
 * semantics at -0 and are left alone. Together with CSE this turns the duplicated switches of
 * `abs(x) - abs(x)`, `relu(x) - relu(-x)` and `abs(abs(x))` into one (theory.md §2, E2/E3/E11).
 * Merging switches equal up to sign is done afterwards by merge-switches.
 */
import { rewriteFunc } from '../ir/rewrite.js';
import type { AttrValue, Func, Op, Value } from '../ir/types.js';

export function canonicalizeSwitches(f: Func): Func {
  const defs = new Map<Value, Op>();
  const consts = new Map<Value, AttrValue>();
  return rewriteFunc(f, {
    op(op, ctx) {
      if (op.opcode === 'abs' && op.attrs.tern === undefined) {
        let u = ctx.map(op.operands[0]);
        // Strip negations and nested plain abs: |-u| = |u|, ||u|| = |u|.
        for (;;) {
          const d = defs.get(u);
          if (d && d.opcode === 'neg') u = d.operands[0];
          else if (d && d.opcode === 'abs' && d.attrs.tern === undefined) {
            ctx.bind(op.results[0], u);
            return true;
          } else break;
        }
        const d = defs.get(u);
        if (d && d.opcode === 'mul') {
          const [a, b] = d.operands;
          const ca = consts.get(a);
          const cb = consts.get(b);
          const c = typeof ca === 'number' ? ca : typeof cb === 'number' ? cb : undefined;
          if (c !== undefined) {
            const other = typeof ca === 'number' ? b : a;
            const absC = ctx.b.constant(Math.abs(c), 'f64', op.span);
            const absU = ctx.b.emit('abs', [other], op.span, { ...op.attrs });
            defs.set(absU, ctx.b.block.ops[ctx.b.block.ops.length - 1]);
            ctx.bind(op.results[0], ctx.b.emit('mul', [absC, absU], op.span));
            return true;
          }
        }
        const nu = ctx.copy({ ...op, operands: [op.operands[0]] });
        nu.operands = [u];
        defs.set(nu.results[0], nu);
        return true;
      }
      const nu = ctx.copy(op);
      if (nu.results.length === 1) defs.set(nu.results[0], nu);
      if (op.opcode === 'const') consts.set(nu.results[0], op.attrs.value);
      return true;
    },
  });
}
