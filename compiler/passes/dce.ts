/**
 * dce: dead-code elimination, including dead loop-carried values and dead `if` results.
 *
 * Takes a Func; returns a Func holding only the ops that contribute to the returned value.
 * Every op in the IR is free of side effects (arrays are values), so liveness starts from the
 * `return` and flows backwards through operands. A `for` keeps only the carried slots whose
 * result or body argument is live (a slot that only feeds itself is dropped); an `if` keeps only
 * its live results. Loops whose slots are all dead disappear.
 */
import { rewriteFunc } from '../ir/rewrite.js';
import type { Block, Func, Op, Value } from '../ir/types.js';

type Def = { op: Op; result: number } | { op: Op; arg: number } | null;

export function dce(f: Func): Func {
  const live = liveness(f);
  return rewriteFunc(f, {
    op(op, ctx) {
      if (op.opcode === 'yield' || op.opcode === 'return') return false;
      if (op.opcode === 'for' || op.opcode === 'if') {
        const keep = op.results.map((r, i) => live.values.has(r) || (op.opcode === 'for' && live.values.has(op.regions[0].args[i + 1])));
        if (!keep.some(Boolean)) return true;
        const pruned = pruneSlots(op, keep);
        const nu = ctx.copy(pruned);
        let k = 0;
        op.results.forEach((r, i) => {
          if (keep[i]) ctx.bind(r, nu.results[k++]);
        });
        return true;
      }
      return !op.results.some((r) => live.values.has(r));
    },
  });
}

/** A copy of a for/if op without the slots not kept (region args, yields and results). */
function pruneSlots(op: Op, keep: boolean[]): Op {
  const pick = <T>(xs: T[], offset: number) => xs.filter((_, i) => i < offset || keep[i - offset]);
  const regions: Block[] = op.regions.map((r) => {
    const y = r.ops[r.ops.length - 1];
    const yieldOp: Op = { ...y, operands: y.operands.filter((_, i) => keep[i]) };
    return { args: op.opcode === 'for' ? pick(r.args, 1) : r.args, ops: [...r.ops.slice(0, -1), yieldOp] };
  });
  return {
    ...op,
    operands: op.opcode === 'for' ? pick(op.operands, 2) : op.operands,
    results: op.results.filter((_, i) => keep[i]),
    regions,
  };
}

function liveness(f: Func): { values: Set<Value> } {
  const defs = new Map<Value, Def>();
  const yields = new Map<Op, Op[]>(); // for/if -> terminators of its regions
  const walk = (b: Block) => {
    for (const op of b.ops) {
      op.results.forEach((r, i) => defs.set(r, { op, result: i }));
      op.regions.forEach((r) => {
        r.args.forEach((a, i) => defs.set(a, { op, arg: i }));
        walk(r);
      });
      if (op.regions.length > 0) yields.set(op, op.regions.map((r) => r.ops[r.ops.length - 1]));
    }
  };
  walk(f.body);
  const values = new Set<Value>();
  const opsLive = new Set<Op>();
  const work: Value[] = [];
  const mark = (v: Value | undefined) => {
    if (v && !values.has(v)) {
      values.add(v);
      work.push(v);
    }
  };
  const markOp = (op: Op) => {
    if (opsLive.has(op)) return;
    opsLive.add(op);
    if (op.opcode === 'for') {
      mark(op.operands[0]);
      mark(op.operands[1]);
    } else if (op.opcode === 'if') mark(op.operands[0]);
    else op.operands.forEach(mark);
  };
  const slot = (op: Op, k: number) => {
    if (op.opcode === 'for') {
      mark(op.operands[2 + k]);
      mark(op.regions[0].args[1 + k]);
      mark(op.results[k]);
    } else mark(op.results[k]);
    for (const y of yields.get(op) ?? []) mark(y.operands[k]);
  };
  const ret = f.body.ops[f.body.ops.length - 1];
  ret.operands.forEach(mark);
  while (work.length > 0) {
    const v = work.pop()!;
    const d = defs.get(v);
    if (!d) continue; // a parameter
    markOp(d.op);
    if ('result' in d && (d.op.opcode === 'for' || d.op.opcode === 'if')) slot(d.op, d.result);
    if ('arg' in d && d.arg > 0) slot(d.op, d.arg - 1);
  }
  return { values };
}
