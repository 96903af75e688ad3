/**
 * cse: common-subexpression elimination (hash-consing) of pure ops.
 *
 * Takes a Func; returns a Func in which a pure op identical to one already available (same
 * opcode, operands, attributes and result type, defined earlier in the same block or an
 * enclosing one) is replaced by that earlier value. `add`/`mul` and their integer forms are
 * commutative bit for bit in IEEE 754, so their operands are ordered first. Arrays (alloc,
 * store) and structured ops are never merged. Recomputing the same subexpression would
 * duplicate switching variables and break LIKQ (theory.md §2), so this runs before the
 * switches are numbered.
 */
import { formatAttrValue } from '../ir/print.js';
import { opDef } from '../ir/ops.js';
import { rewriteFunc } from '../ir/rewrite.js';
import type { Func, Op, Value } from '../ir/types.js';

const COMMUTATIVE = new Set(['add', 'mul', 'iadd', 'imul', 'and', 'or']);
const NEVER = new Set(['alloc', 'store', 'for', 'if', 'yield', 'return', 'call']);

export function cse(f: Func): Func {
  const scopes: Map<string, Value>[] = [new Map()];
  const ids = new Map<Value, number>();
  const idOf = (v: Value) => {
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      ids.set(v, id);
    }
    return id;
  };
  const keyOf = (op: Op, operands: Value[]): string | null => {
    if (NEVER.has(op.opcode) || !opDef(op.opcode).pure || op.results.length !== 1) return null;
    let ops = operands.map(idOf);
    if (COMMUTATIVE.has(op.opcode)) ops = [...ops].sort((a, b) => a - b);
    const attrs = Object.keys(op.attrs).sort().map((k) => `${k}=${formatAttrValue(op.attrs[k])}`);
    return `${op.opcode}(${ops.join(',')}){${attrs.join(',')}}:${op.results[0].type}`;
  };
  return rewriteFunc(f, {
    enterRegion: () => scopes.push(new Map()),
    exitRegion: () => scopes.pop(),
    op(op, ctx) {
      const key = keyOf(op, op.operands.map((v) => ctx.map(v)));
      if (key === null) return false;
      for (let i = scopes.length - 1; i >= 0; i--) {
        const hit = scopes[i].get(key);
        if (hit) {
          ctx.bind(op.results[0], hit);
          return true;
        }
      }
      const nu = ctx.copy(op);
      scopes[scopes.length - 1].set(key, nu.results[0]);
      return true;
    },
  });
}
