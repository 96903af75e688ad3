/**
 * Records the evaluation trace (runtime/trace.ts) of an exported function at a point by
 * running its IR (after the pipeline) in f64, as the reference interpreter does, while every
 * f64 value carries the trace node it is (or -1 for values that do not depend on the
 * differentiated parameter). Each switching op becomes z, w = |z| and its result; switches the
 * compiler merged (same z=k up to sign) at the same loop indices share one w, so
 * relu(x) - relu(-x) has one switching variable.
 *
 * Takes a Module, a function name, argument values and the index of the differentiated
 * parameter (an array or a number); returns the Trace.
 */
import { loopContinues } from '../ir/loops.js';
import { opDef } from '../ir/ops.js';
import type { RValue } from '../ir/interpret.js';
import type { Block, Func, Module, Op, Value } from '../ir/types.js';
import { type Trace, TraceBuilder } from '../../runtime/trace.js';

interface Num {
  v: number;
  id: number;
}
interface Arr {
  a: Float64Array | ArrayLike<number>;
  ids: Int32Array | null;
}
type Slot = Num | Arr | number | boolean | ArrayLike<number>[];

export class TraceError extends Error {}

export function traceFunction(m: Module, fn: string, args: RValue[], wrt = 0): Trace {
  const f = m.funcs.find((g) => g.name === fn);
  if (!f) throw new TraceError(`no function @${fn}`);
  return new Tracer(f, args, wrt).run();
}

class Tracer {
  private tb: TraceBuilder;
  private frame = new Map<Value, Slot>();
  private loopIndices: { name: string; value: number }[] = [];
  /** (switch number, loop indices) -> the shared w node and its switch index. */
  private merged = new Map<string, number>();

  constructor(private f: Func, private args: RValue[], private wrt: number) {
    const x = args[wrt];
    this.tb = new TraceBuilder(typeof x === 'number' ? [x] : (x as ArrayLike<number>));
  }

  run(): Trace {
    this.f.params.forEach((p, i) => {
      const a = this.args[i];
      if (p.value.type === 'f64' || p.value.type === 'int' || p.value.type === 'bool') {
        this.frame.set(p.value, p.value.type === 'f64' ? { v: a as number, id: i === this.wrt ? 0 : -1 } : (a as number | boolean));
      } else if (p.value.type === 'arr') {
        const arr = a as ArrayLike<number>;
        this.frame.set(p.value, { a: arr, ids: i === this.wrt ? Int32Array.from({ length: arr.length }, (_, k) => k) : null });
      } else this.frame.set(p.value, a as ArrayLike<number>[]);
    });
    const [ret] = this.block(this.f.body);
    const t = this.tb.t;
    if (isNum(ret)) t.outputs = [ret.id >= 0 ? ret.id : this.tb.node(ret.v, [], [])];
    else {
      const r = ret as Arr;
      t.outputs = Array.from({ length: r.a.length }, (_, k) => {
        const id = r.ids ? r.ids[k] : -1;
        return id >= 0 ? id : this.tb.node(r.a[k], [], []);
      });
    }
    return t;
  }

  private get(v: Value): Slot {
    const s = this.frame.get(v);
    if (s === undefined) throw new TraceError(`value id ${v.id} has no value`);
    return s;
  }

  private block(b: Block): Slot[] {
    for (const op of b.ops) {
      if (op.opcode === 'return' || op.opcode === 'yield') return op.operands.map((v) => this.get(v));
      this.op(op);
    }
    throw new TraceError('block without terminator');
  }

  private num(v: Value): Num {
    const s = this.get(v);
    return isNum(s) ? s : { v: s as number, id: -1 };
  }

  private op(op: Op): void {
    const set = (x: Slot): void => {
      this.frame.set(op.results[0], x);
    };
    const raw = (i: number) => {
      const s = this.get(op.operands[i]);
      return isNum(s) ? s.v : (s as number);
    };
    switch (op.opcode) {
      case 'const': {
        const t = op.results[0].type;
        const v = op.attrs.value;
        if (t === 'f64') return set({ v: v as number, id: -1 });
        if (t === 'arr') return set({ a: Float64Array.from(v as number[]), ids: null });
        if (t === 'mat') return set((v as number[][]).map((r) => Float64Array.from(r)));
        return set(v as number | boolean);
      }
      case 'and':
        return set((raw(0) as unknown as boolean) && (raw(1) as unknown as boolean));
      case 'or':
        return set((raw(0) as unknown as boolean) || (raw(1) as unknown as boolean));
      case 'not':
        return set(!(raw(0) as unknown as boolean));
      case 'select': {
        const c = this.get(op.operands[0]) as boolean;
        return set(this.get(op.operands[c ? 1 : 2]));
      }
      case 'itof':
        return set({ v: raw(0), id: -1 });
      case 'len':
        return set((this.get(op.operands[0]) as Arr).a.length);
      case 'rows':
        return set((this.get(op.operands[0]) as ArrayLike<number>[]).length);
      case 'row':
        return set({ a: (this.get(op.operands[0]) as ArrayLike<number>[])[raw(1)], ids: null });
      case 'load': {
        const arr = this.get(op.operands[0]) as Arr;
        const i = raw(1);
        const inside = i >= 0 && i < arr.a.length;
        return set({ v: inside ? arr.a[i] : NaN, id: inside && arr.ids ? arr.ids[i] : -1 });
      }
      case 'store': {
        const arr = this.get(op.operands[0]) as Arr;
        const i = raw(1);
        const val = this.num(op.operands[2]);
        if (i >= 0 && i < arr.a.length) {
          (arr.a as Float64Array)[i] = val.v;
          if (val.id >= 0 || arr.ids) {
            arr.ids ??= new Int32Array(arr.a.length).fill(-1);
            arr.ids[i] = val.id;
          }
        }
        return set(arr);
      }
      case 'alloc':
        return set({ a: new Float64Array(raw(0)), ids: null });
      case 'for':
        return this.loop(op);
      case 'if': {
        const out = this.block(op.regions[(this.get(op.operands[0]) as boolean) ? 0 : 1]);
        op.results.forEach((r, k) => this.frame.set(r, out[k]));
        return;
      }
      case 'call':
        throw new TraceError('calls must be inlined before tracing');
      default:
        break;
    }
    const def = opDef(op.opcode);
    if (!def.evaluate) throw new TraceError(`cannot trace '${op.opcode}'`);
    if (op.results[0].type !== 'f64') return set(def.evaluate(op.operands.map((_, i) => raw(i)), op.attrs));
    const args = op.operands.map((v) => this.num(v));
    const values = args.map((a) => a.v);
    const y = def.evaluate(values, op.attrs) as number;
    if (def.switchSpec) return set(this.switchOp(op, args, y));
    if (args.every((a) => a.id < 0)) return set({ v: y, id: -1 });
    if (!def.partials) throw new TraceError(`no derivative for '${op.opcode}'`);
    return set({ v: y, id: this.tb.node(y, args.map((a) => a.id), def.partials(values, y)) });
  }

  private switchOp(op: Op, args: Num[], y: number): Num {
    const spec = opDef(op.opcode).switchSpec!;
    if (args.every((a) => a.id < 0)) return { v: y, id: -1 };
    const zValue = args.length === 2 ? args[0].v - args[1].v : args[0].v;
    const site = Math.abs((op.attrs.z as number | undefined) ?? 0);
    const indices = this.loopIndices.map((l) => `${l.name}=${l.value}`).join(',');
    const key = `${site}@${indices}`;
    let w = site > 0 ? this.merged.get(key) : undefined;
    if (w === undefined) {
      const t = this.tb.t;
      const zNode = this.tb.node(zValue, args.map((a) => a.id), spec.zCoef);
      w = this.tb.node(Math.abs(zValue), [zNode], [0], true);
      const loc = `${op.span.file}:${op.span.line}:${op.span.col}`;
      t.switches.push({ w, z: zNode, id: indices ? `${loc}[${indices}]` : loc, kind: String(op.attrs.origin ?? op.opcode), loc, site });
      if (site > 0) this.merged.set(key, w);
    }
    return { v: y, id: this.tb.node(y, [...args.map((a) => a.id), w], [...spec.yCoef, spec.absCoef]) };
  }

  private loop(op: Op): void {
    const lo = this.get(op.operands[0]) as number;
    const hi = this.get(op.operands[1]) as number;
    const step = op.attrs.step as number;
    const cmp = op.attrs.cmp;
    let carried = op.operands.slice(2).map((v) => this.get(v));
    const body = op.regions[0];
    const entry = { name: body.args[0].hint ?? 'i', value: 0 };
    this.loopIndices.push(entry);
    for (let i = lo; loopContinues(cmp, i, hi); i += step) {
      entry.value = i;
      this.frame.set(body.args[0], i);
      body.args.slice(1).forEach((a, k) => this.frame.set(a, carried[k]));
      carried = this.block(body);
    }
    this.loopIndices.pop();
    op.results.forEach((r, k) => this.frame.set(r, carried[k]));
  }
}

function isNum(s: Slot | undefined): s is Num {
  return typeof s === 'object' && s !== null && 'id' in s && 'v' in s;
}
