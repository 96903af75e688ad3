/**
 * fold: constant folding and exact algebraic identities.
 *
 * Takes a Func; returns a Func where every pure op whose operands are all constants is replaced
 * by its value, computed by the op table's `evaluate` (so the folded value is the one
 * JavaScript would compute), `select` and `if` on constant conditions pick their branch, loads
 * from constant arrays with constant indices become constants, and a few identities that hold
 * bit for bit in IEEE 754 are applied: x*1, x/1, x-0, -(-x). Nothing that could change an f64
 * result is done: no reassociation, no x+0 (it turns -0 into +0), no x*0.
 */
import { Builder } from '../ir/builder.js';
import { opDef } from '../ir/ops.js';
import { rewriteFunc } from '../ir/rewrite.js';
import type { AttrValue, Func, Op, Value } from '../ir/types.js';

export function fold(f: Func): Func {
  const consts = new Map<Value, AttrValue>();
  const defs = new Map<Value, Op>();
  return rewriteFunc(f, {
    op(op, ctx) {
      const b: Builder = ctx.b;
      const args = op.operands.map((v) => ctx.map(v));
      const cv = args.map((v) => consts.get(v));
      const allConst = cv.every((c) => c !== undefined);
      const replace = (v: Value) => {
        ctx.bind(op.results[0], v);
        return true;
      };
      const constant = (value: number | boolean) => {
        const v = b.constant(value, op.results[0].type, op.span);
        consts.set(v, value);
        return replace(v);
      };
      if (op.opcode === 'const') {
        const nu = ctx.copy(op);
        consts.set(nu.results[0], op.attrs.value);
        return true;
      }
      if (op.opcode === 'if' && cv[0] !== undefined) {
        const region = cv[0] ? op.regions[0] : op.regions[1];
        ctx.spliceBlock({ args: [], ops: region.ops.slice(0, -1) });
        const y = region.ops[region.ops.length - 1];
        op.results.forEach((r, i) => ctx.bind(r, ctx.map(y.operands[i])));
        return true;
      }
      if (op.opcode === 'select' && cv[0] !== undefined) return replace(cv[0] ? args[1] : args[2]);
      const def = opDef(op.opcode);
      if (def.pure && def.evaluate && op.results.length === 1 && allConst && args.length > 0 && cv.every((c) => typeof c === 'number')) {
        return constant(def.evaluate(cv as number[], op.attrs));
      }
      if (op.opcode === 'load' && Array.isArray(cv[0]) && typeof cv[1] === 'number') {
        const arr = cv[0] as number[];
        const i = cv[1];
        return constant(i >= 0 && i < arr.length ? arr[i] : NaN);
      }
      if (op.opcode === 'len' && Array.isArray(cv[0])) return constant((cv[0] as number[]).length);
      if (op.opcode === 'rows' && Array.isArray(cv[0])) return constant((cv[0] as number[][]).length);
      if (op.opcode === 'row' && Array.isArray(cv[0]) && typeof cv[1] === 'number') {
        const row = (cv[0] as number[][])[cv[1]];
        if (row) {
          const v = b.emit('const', [], op.span, { value: row }, 'arr', op.results[0].hint);
          consts.set(v, row);
          return replace(v);
        }
      }
      // Exact identities.
      if ((op.opcode === 'mul' || op.opcode === 'div') && cv[1] === 1) return replace(args[0]);
      if (op.opcode === 'mul' && cv[0] === 1) return replace(args[1]);
      if (op.opcode === 'sub' && typeof cv[1] === 'number' && Object.is(cv[1], 0)) return replace(args[0]);
      if ((op.opcode === 'neg' || op.opcode === 'ineg') && defs.get(args[0])?.opcode === op.opcode) return replace(defs.get(args[0])!.operands[0]);
      if ((op.opcode === 'iadd' && cv[1] === 0) || (op.opcode === 'isub' && cv[1] === 0) || (op.opcode === 'imul' && cv[1] === 1)) return replace(args[0]);
      if ((op.opcode === 'iadd' && cv[0] === 0) || (op.opcode === 'imul' && cv[0] === 1)) return replace(args[1]);
      const nu = ctx.copy(op);
      if (nu.results.length === 1) defs.set(nu.results[0], nu);
      return true;
    },
  });
}
