/**
 * inline: replaces every `call` by the callee's body, then drops the helper functions.
 *
 * Takes a Module whose calls form no cycle (the verifier checks V7); returns a Module holding
 * only the exported functions, with no `call` ops. The callee's parameters are bound to the
 * call's arguments and its final `return` operand replaces the call's result; inlined ops keep
 * their own source spans (in the helper's file), so diagnostics and switch ids still point at
 * the helper's code. Callees are inlined recursively, innermost first.
 */
import type { Func, Module } from '../ir/types.js';
import { type RewriteCtx, rewriteFunc } from '../ir/rewrite.js';

export function inline(m: Module): Module {
  const byName = new Map(m.funcs.map((f) => [f.name, f]));
  const inlineInto = (f: Func): Func =>
    rewriteFunc(f, {
      op(op, ctx) {
        if (op.opcode !== 'call') return false;
        const callee = byName.get(String(op.attrs.callee))!;
        spliceCallee(callee, op.operands.map((v) => ctx.map(v)), ctx).forEach((v, i) => ctx.bind(op.results[i], v));
        return true;
      },
    });
  // Inline into the helpers first (memoized), so a spliced body never contains a call.
  const done = new Map<string, Func>();
  const flat = (f: Func): Func => {
    let g = done.get(f.name);
    if (!g) {
      g = inlineInto(f);
      done.set(f.name, g);
    }
    return g;
  };
  const spliceCallee = (callee: Func, args: ReturnType<RewriteCtx['map']>[], ctx: RewriteCtx) => {
    const body = flat(callee);
    body.params.forEach((p, i) => ctx.bind(p.value, args[i]));
    const ret = body.body.ops[body.body.ops.length - 1];
    ctx.spliceBlock({ args: [], ops: body.body.ops.slice(0, -1) });
    return ret.operands.map((v) => ctx.map(v));
  };
  return { ...m, funcs: m.funcs.filter((f) => f.exported).map(flat) };
}
