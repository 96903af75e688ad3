/**
 * Activity analysis: which values carry derivative information.
 *
 * Takes a Func and the indices of the differentiated parameters; returns the set of *active*
 * values: those that depend on a differentiated parameter (varied) and influence the returned
 * value (useful). Only active values get adjoints in the backward sweep; every other
 * contribution is structurally zero and is never emitted. Static values (int, bool) are never
 * active. Loop-carried slots and `if` results are solved to a fixpoint.
 */
import { allOps } from '../ir/rewrite.js';
import type { Func, Op, Value } from '../ir/types.js';

const DIFFERENTIABLE = new Set(['f64', 'arr', 'mat']);

/** Values that depend on a differentiated parameter (whether or not they reach the result). */
export function variedValues(f: Func, wrt: number[]): Set<Value> {
  return solve(f, wrt).varied;
}

export function activeValues(f: Func, wrt: number[]): Set<Value> {
  const { varied, useful } = solve(f, wrt);
  return new Set([...varied].filter((v) => useful.has(v)));
}

function solve(f: Func, wrt: number[]): { varied: Set<Value>; useful: Set<Value> } {
  const varied = new Set<Value>(wrt.map((i) => f.params[i].value).filter((v) => DIFFERENTIABLE.has(v.type)));
  const useful = new Set<Value>(f.body.ops[f.body.ops.length - 1].operands);
  const ops = [...allOps(f.body)];
  const add = (s: Set<Value>, v: Value | undefined): boolean => {
    if (!v || !DIFFERENTIABLE.has(v.type) || s.has(v)) return false;
    s.add(v);
    return true;
  };
  const terminator = (op: Op, region: number) => {
    const r = op.regions[region];
    return r.ops[r.ops.length - 1];
  };
  // Variedness flows forward and usefulness backward: sweeping each in its own direction reaches
  // the fixpoint in a few rounds (loops and ifs), not one round per op of a long chain.
  const forward = (op: Op): boolean => {
    let changed = false;
    if (op.opcode === 'for') {
      const body = op.regions[0];
      const y = terminator(op, 0);
      op.results.forEach((r, k) => {
        if (varied.has(op.operands[2 + k]) || varied.has(y.operands[k])) {
          changed = add(varied, body.args[1 + k]) || changed;
          changed = add(varied, r) || changed;
        }
      });
    } else if (op.opcode === 'if') {
      op.results.forEach((r, k) => {
        const ys = [terminator(op, 0).operands[k], terminator(op, 1).operands[k]];
        if (ys.some((v) => varied.has(v))) changed = add(varied, r) || changed;
      });
    } else if (op.results.length === 1) {
      if (op.operands.some((v) => varied.has(v))) changed = add(varied, op.results[0]) || changed;
    }
    return changed;
  };
  const backward = (op: Op): boolean => {
    let changed = false;
    if (op.opcode === 'for') {
      const body = op.regions[0];
      const y = terminator(op, 0);
      op.results.forEach((r, k) => {
        if (useful.has(r) || useful.has(body.args[1 + k])) {
          changed = add(useful, y.operands[k]) || changed;
          changed = add(useful, op.operands[2 + k]) || changed;
          changed = add(useful, body.args[1 + k]) || changed;
        }
      });
    } else if (op.opcode === 'if') {
      op.results.forEach((r, k) => {
        const ys = [terminator(op, 0).operands[k], terminator(op, 1).operands[k]];
        if (useful.has(r)) for (const v of ys) changed = add(useful, v) || changed;
      });
    } else if (op.results.length === 1) {
      if (useful.has(op.results[0])) for (const v of op.operands) changed = add(useful, v) || changed;
    }
    return changed;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const op of ops) changed = forward(op) || changed;
    for (let i = ops.length - 1; i >= 0; i--) changed = backward(ops[i]) || changed;
  }
  return { varied, useful };
}
