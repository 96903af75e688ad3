/**
 * The to-be-recorded analysis of the WGSL backward sweep: what the reversed loops need, what
 * is recomputed and what is taped, and where every array lives.
 *
 * Takes an IR function (after the pipeline) and its differentiated parameters; returns a
 * SweepPlan. The tape plan is the JavaScript backend's (codegen/backward-plan.ts, shared),
 * without its fusion of sum loops; what WGSL decides for itself:
 *  - recomputable are static values (int, bool), cheap arithmetic on recomputable values,
 *    lengths and row views, and loads from arrays that are never written (a parameter, a
 *    constant); a row view's index and an alloc's size are read too (hidden operands);
 *  - arrays are never taped: loads from written arrays are (as values);
 *  - a tape, a local array or an array adjoint lives in function memory
 *    (`var t: array<f32, N>`) when its size is a compile-time constant of at most
 *    FUNCTION_MEMORY_LIMIT floats, and otherwise in a per-element region of the scratch buffer
 *    whose size the host computes before dispatch (scratch.ts).
 */
import { activeValues } from '../../analysis/activity.js';
import { opDef } from '../../ir/ops.js';
import { allOps } from '../../ir/rewrite.js';
import type { Func, Op, Value } from '../../ir/types.js';
import { hasBackward, planTape, ValueFacts } from '../backward-plan.js';

/** Largest function-memory array (floats); larger or input-sized storage goes to scratch. */
export const FUNCTION_MEMORY_LIMIT = 1024;

const CHEAP = new Set(['add', 'sub', 'mul', 'neg']);

/** A per-element scratch region: its size per element is computed on the host (scratch.ts). */
export type ScratchRegion =
  | { kind: 'tape'; loop: Op; width: number; what: string }
  | { kind: 'array'; alloc: Op; what: string };

export type Storage =
  | { kind: 'function'; size: number }
  | { kind: 'scratch'; region: number };

export class SweepPlan {
  readonly defOp: Map<Value, Op>;
  /** Innermost `for` whose body defines each value (null: function level). */
  readonly loopOf: Map<Value, Op | null>;
  /** Innermost `for` around each op (null: function level). */
  readonly parentLoop: Map<Op, Op | null>;
  /** Scalar constants. */
  readonly literal: Map<Value, number | boolean>;
  /** Roots never written: parameters, constants and rows of constant matrices. */
  readonly readOnly: Set<Value>;
  /** Row views: `row %M, %k` results, as (matrix root, row index). */
  readonly views: Map<Value, { mat: Value; index: Value }>;
  readonly active: Set<Value>;
  /** Active switching op -> its sign item (a synthetic f64 value). */
  readonly sign: Map<Op, Value>;
  readonly needed: Set<Value>;
  /** Per loop: the taped items in slot order. */
  readonly taped: Map<Op, Value[]>;
  readonly slot: Map<Value, number>;
  /** Per loop: ops re-run, in forward order, at the start of each reversed iteration. */
  readonly recompute: Map<Op, Op[]>;
  /** Where each tape, local array and array adjoint lives. */
  readonly tapeStorage = new Map<Op, Storage>();
  readonly arrayStorage = new Map<Op, Storage>();
  readonly barStorage = new Map<Op, Storage>();
  /** Local allocs (roots) that need an adjoint array. */
  readonly activeAllocs = new Set<Op>();
  readonly regions: ScratchRegion[] = [];
  private facts: ValueFacts;
  private staticCache = new Map<Value, number | null>();

  constructor(readonly f: Func, readonly wrt: number[]) {
    const facts = new ValueFacts(f);
    this.facts = facts;
    ({ defOp: this.defOp, loopOf: this.loopOf, parentLoop: this.parentLoop, literal: this.literal, readOnly: this.readOnly, views: this.views } = facts);
    this.active = activeValues(f, wrt);
    const plan = planTape(facts, this.active, {
      partials: (def) => def.wgslPartials,
      hidden: (op) => this.hidden(op),
      skip: (v) => v.type === 'arr' || v.type === 'mat',
      recomputable: (v, loop) => this.recomputable(v, loop),
      live: () => false,
    });
    ({ sign: this.sign, needed: this.needed, taped: this.taped, slot: this.slot, recompute: this.recompute } = plan);
    for (const v of this.active) {
      if (v.type !== 'arr') continue;
      const def = this.defOp.get(this.rootOf(v));
      if (def?.opcode === 'alloc') this.activeAllocs.add(def);
    }
    this.placeStorage();
  }

  rootOf(v: Value): Value {
    return this.facts.rootOf(v);
  }

  loopHasBackward(op: Op): boolean {
    return hasBackward(op, this.active);
  }

  /** Scalar values an op reads beyond its operands: a view's row index, an alloc's size. */
  private hidden(op: Op): Value[] {
    if (op.opcode === 'load') {
      const view = this.views.get(this.rootOf(op.operands[0]));
      return view ? [view.index] : [];
    }
    if (op.opcode === 'len') {
      const root = this.rootOf(op.operands[0]);
      const view = this.views.get(root);
      if (view) return [view.index];
      const def = this.defOp.get(root);
      return def?.opcode === 'alloc' ? [def.operands[0]] : [];
    }
    return [];
  }

  private recomputable(v: Value, loop: Op): boolean {
    if (this.literal.has(v)) return true;
    if (loop.regions[0].args[0] === v) return true;
    const op = this.defOp.get(v);
    if (!op || this.loopOf.get(v) !== loop) return this.loopOf.get(v) !== loop; // defined outside: available
    if (op.opcode === 'for' || op.opcode === 'if') return false;
    const ok = (a: Value) => a.type === 'arr' || a.type === 'mat' || this.loopOf.get(a) !== loop || this.recomputable(a, loop);
    const inputsOk = () => [...op.operands, ...this.hidden(op)].every(ok);
    const group = opDef(op.opcode).group;
    if (group === 'index' || group === 'logic' || op.opcode === 'itof' || CHEAP.has(op.opcode)) return inputsOk();
    if (op.opcode === 'len' || op.opcode === 'rows' || op.opcode === 'row') return inputsOk();
    if (op.opcode === 'load') return this.readOnly.has(this.rootOf(op.operands[0])) && inputsOk();
    return false;
  }

  /** The value of a static integer, when it is a compile-time constant; else null. */
  staticInt(v: Value): number | null {
    if (this.staticCache.has(v)) return this.staticCache.get(v)!;
    let out: number | null = null;
    const lit = this.literal.get(v);
    if (typeof lit === 'number') out = lit;
    else {
      const op = this.defOp.get(v);
      if (op && opDef(op.opcode).group === 'index' && opDef(op.opcode).evaluate) {
        const args = op.operands.map((a) => this.staticInt(a));
        if (args.every((a) => a !== null)) out = opDef(op.opcode).evaluate!(args as number[], op.attrs) as number;
      } else if (op?.opcode === 'len' || op?.opcode === 'rows') {
        out = this.staticLength(op.operands[0]);
      }
    }
    this.staticCache.set(v, out);
    return out;
  }

  /** The length of an array value when it is a compile-time constant. */
  staticLength(arr: Value): number | null {
    const root = this.rootOf(arr);
    const view = this.views.get(root);
    const def = this.defOp.get(view ? view.mat : root);
    if (def?.opcode === 'const') {
      const value = def.attrs.value as number[] | number[][];
      if (!view) return value.length;
      const k = this.staticInt(view.index);
      return k === null ? null : ((value as number[][])[k]?.length ?? null);
    }
    if (def?.opcode === 'alloc') return this.staticInt(def.operands[0]);
    return null;
  }

  /** Iterations of `for` per run of its body, when static. */
  staticTrip(op: Op): number | null {
    const lo = this.staticInt(op.operands[0]);
    const hi = this.staticInt(op.operands[1]);
    if (lo === null || hi === null) return null;
    const step = op.attrs.step as number;
    const span = step > 0 ? hi - lo : lo - hi;
    const s = Math.abs(step);
    const cmp = String(op.attrs.cmp);
    if (cmp === '<' || cmp === '>') return Math.max(0, Math.ceil(span / s));
    return Math.max(0, Math.floor(span / s) + 1);
  }

  /** Iterations of a loop per kernel invocation (an upper bound under `if`s), when static. */
  private staticTotal(op: Op): number | null {
    let total = 1;
    for (let l: Op | null = op; l; l = this.parentLoop.get(l) ?? null) {
      const t = this.staticTrip(l);
      if (t === null) return null;
      total *= t;
    }
    return total;
  }

  private placeStorage(): void {
    const where = (size: number | null, region: () => ScratchRegion): Storage => {
      if (size !== null && size <= FUNCTION_MEMORY_LIMIT) return { kind: 'function', size: Math.max(1, size) };
      this.regions.push(region());
      return { kind: 'scratch', region: this.regions.length - 1 };
    };
    const at = (op: Op) => `${op.span.file}:${op.span.line}:${op.span.col}`;
    for (const op of allOps(this.f.body)) {
      if (op.opcode === 'for') {
        const items = this.taped.get(op);
        if (!items || items.length === 0) continue;
        const total = this.staticTotal(op);
        const width = items.length;
        this.tapeStorage.set(op, where(total === null ? null : total * width, () => ({ kind: 'tape', loop: op, width, what: `tape of the loop at ${at(op)} (${width} per iteration)` })));
      } else if (op.opcode === 'alloc') {
        const size = this.staticInt(op.operands[0]);
        this.arrayStorage.set(op, where(size, () => ({ kind: 'array', alloc: op, what: `array allocated at ${at(op)}` })));
        if (this.activeAllocs.has(op)) this.barStorage.set(op, where(size, () => ({ kind: 'array', alloc: op, what: `adjoint of the array allocated at ${at(op)}` })));
      }
    }
  }
}
