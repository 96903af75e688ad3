/**
 * merge-switches: numbers the switching variables and merges those equal up to sign.
 *
 * Takes a Func after canonicalization and CSE; returns the same Func with every switching op
 * annotated `z=k` (this op's switching variable is z_k) or `z=-k` (it is -z_k), k = 1, 2, ...
 * in evaluation order of first occurrence, plus `zero=true` on switches that are structurally
 * zero (max(x, x): z = x - x). Two switching ops share k when their z is the same SSA
 * expression up to sign: z = t for abs(t)/relu(t), z = u - v for max(u, v)/min(u, v), where
 * neg(t) flips the sign, u - v and v - u are the same variable with opposite signs, a zero
 * second argument drops out, and abs(a - b) has the same z as max(a, b).
 * One source site inside a loop is one k; the abs-normal form instantiates it per iteration.
 * Also returns the structurally-zero switches found (for warnings).
 */
import { isSwitch } from '../ir/ops.js';
import { allOps } from '../ir/rewrite.js';
import type { Attrs, Func, Op, Value } from '../ir/types.js';

export interface MergeResult {
  func: Func;
  zeroSwitches: Op[];
}

export function mergeSwitches(f: Func): MergeResult {
  const defs = new Map<Value, Op>();
  const ids = new Map<Value, number>();
  const idOf = (v: Value) => {
    if (!ids.has(v)) ids.set(v, ids.size);
    return ids.get(v)!;
  };
  const isZero = (v: Value) => {
    const d = defs.get(v);
    return d?.opcode === 'const' && d.attrs.value === 0;
  };
  /** z as a canonical key and a sign relative to that key. */
  const zKey = (op: Op): { key: string; sign: number; zero: boolean } => {
    let u: Value;
    let v: Value | null = null;
    let sign = 1;
    if (op.operands.length === 2) [u, v] = op.operands;
    else u = op.operands[0];
    if (v && isZero(v)) v = null;
    if (!v) {
      for (let d = defs.get(u); d && d.opcode === 'neg'; d = defs.get(u)) {
        u = d.operands[0];
        sign = -sign;
      }
      const d = defs.get(u);
      if (d && d.opcode === 'sub') [u, v] = d.operands;
    }
    if (!v) return { key: `t${idOf(u)}`, sign, zero: false };
    if (u === v) return { key: `0:${idOf(u)}`, sign, zero: true };
    let [a, b] = [idOf(u), idOf(v)];
    if (a > b) {
      [a, b] = [b, a];
      sign = -sign;
    }
    return { key: `d${a}:${b}`, sign, zero: false };
  };
  /** key -> [k, the sign the first switch with this key had] (the first one gets z = +k). */
  const numbers = new Map<string, [number, number]>();
  const zeroSwitches: Op[] = [];
  const annotate = (op: Op): Op => {
    if (!isSwitch(op.opcode)) return op;
    const { key, sign, zero } = zKey(op);
    let entry = numbers.get(key);
    if (entry === undefined) {
      entry = [numbers.size + 1, sign];
      numbers.set(key, entry);
    }
    const [k, firstSign] = entry;
    const attrs: Attrs = { ...op.attrs, z: sign * firstSign * k };
    delete attrs.zero;
    if (zero) {
      attrs.zero = true;
      zeroSwitches.push(op);
    }
    return { ...op, attrs };
  };
  for (const op of allOps(f.body)) for (const r of op.results) defs.set(r, op);
  const mapBlock = (b: Func['body']): Func['body'] => ({
    args: b.args,
    ops: b.ops.map((op) => {
      const nu = annotate(op);
      return op.regions.length > 0 ? { ...nu, regions: op.regions.map(mapBlock) } : nu;
    }),
  });
  return { func: { ...f, body: mapBlock(f.body) }, zeroSwitches };
}
