/**
 * The to-be-recorded analysis of the WGSL backward sweep: what the reversed loops need, what
 * is recomputed and what is taped, and where every array lives.
 *
 * Takes an IR function (after the pipeline) and its differentiated parameters; returns a
 * SweepPlan. The rules are those of the JavaScript backend (compiler/codegen/js/function.ts),
 * without its fusion of sum loops:
 *  - only active values (analysis/activity.ts) get adjoints; an active switching op gets a
 *    sign item s = sign(u - v) (its derivative is affine in s, theory.md §1.5);
 *  - a value the backward sweep of a loop needs is recomputed when it is static (int, bool),
 *    cheap arithmetic on recomputable values, or a load from an array that is never written
 *    (a parameter, a constant); otherwise it is written to that loop's tape, one record of W
 *    slots per iteration, read back at the start of the reversed iteration;
 *  - values defined outside every loop stay in their variables.
 * WGSL specifics: a tape, a local array or an array adjoint lives in function memory
 * (`var t: array<f32, N>`) when its size is a compile-time constant of at most
 * FUNCTION_MEMORY_LIMIT floats, and otherwise in a per-element region of the scratch buffer
 * whose size the host computes before dispatch (scratch.ts). Arrays are never taped: loads
 * from written arrays are (as values).
 */
import { activeValues } from '../../analysis/activity.js';
import { opDef } from '../../ir/ops.js';
import { allOps } from '../../ir/rewrite.js';
import type { Block, Func, Op, Value } from '../../ir/types.js';

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
  readonly defOp = new Map<Value, Op>();
  /** Innermost `for` whose body defines each value (null: function level). */
  readonly loopOf = new Map<Value, Op | null>();
  /** Innermost `for` around each op (null: function level). */
  readonly parentLoop = new Map<Op, Op | null>();
  /** Scalar constants. */
  readonly literal = new Map<Value, number | boolean>();
  /** Array value -> the value that owns its storage (parameter, constant, alloc, or row view). */
  readonly root = new Map<Value, Value>();
  /** Roots never written: parameters, constants and rows of constant matrices. */
  readonly readOnly = new Set<Value>();
  /** Row views: `row %M, %k` results, as (matrix root, row index). */
  readonly views = new Map<Value, { mat: Value; index: Value }>();
  readonly active: Set<Value>;
  /** Active switching op -> its sign item (a synthetic f64 value). */
  readonly sign = new Map<Op, Value>();
  readonly needed = new Set<Value>();
  /** Per loop: the taped items in slot order. */
  readonly taped = new Map<Op, Value[]>();
  readonly slot = new Map<Value, number>();
  /** Per loop: ops re-run, in forward order, at the start of each reversed iteration. */
  readonly recompute = new Map<Op, Op[]>();
  /** Where each tape, local array and array adjoint lives. */
  readonly tapeStorage = new Map<Op, Storage>();
  readonly arrayStorage = new Map<Op, Storage>();
  readonly barStorage = new Map<Op, Storage>();
  /** Local allocs (roots) that need an adjoint array. */
  readonly activeAllocs = new Set<Op>();
  readonly regions: ScratchRegion[] = [];
  private staticCache = new Map<Value, number | null>();

  constructor(readonly f: Func, readonly wrt: number[]) {
    for (const p of f.params) {
      if (p.value.type === 'arr' || p.value.type === 'mat') {
        this.root.set(p.value, p.value);
        this.readOnly.add(p.value);
      }
    }
    this.walk(f.body, null);
    this.active = activeValues(f, wrt);
    this.analyseBackward();
    this.placeStorage();
  }

  rootOf(v: Value): Value {
    return this.root.get(v) ?? v;
  }

  private walk(b: Block, loop: Op | null): void {
    for (const a of b.args) if (!this.loopOf.has(a)) this.loopOf.set(a, loop);
    for (const op of b.ops) {
      this.parentLoop.set(op, loop);
      for (const r of op.results) {
        this.defOp.set(r, op);
        this.loopOf.set(r, loop);
      }
      const r = op.results[0];
      switch (op.opcode) {
        case 'const':
          if (r.type === 'arr' || r.type === 'mat') {
            this.root.set(r, r);
            this.readOnly.add(r);
          } else this.literal.set(r, op.attrs.value as number | boolean);
          break;
        case 'row': {
          const mat = this.rootOf(op.operands[0]);
          this.root.set(r, r);
          this.views.set(r, { mat, index: op.operands[1] });
          if (this.readOnly.has(mat)) this.readOnly.add(r);
          break;
        }
        case 'alloc':
          this.root.set(r, r);
          break;
        case 'store':
          this.root.set(r, this.rootOf(op.operands[0]));
          break;
        case 'for': {
          const body = op.regions[0];
          op.operands.slice(2).forEach((init, k) => {
            if (init.type === 'arr') {
              this.root.set(body.args[1 + k], this.rootOf(init));
              this.root.set(op.results[k], this.rootOf(init));
            }
          });
          body.args.forEach((a) => this.loopOf.set(a, op));
          this.walk(body, op);
          break;
        }
        case 'if':
          op.regions.forEach((region) => this.walk(region, loop));
          op.results.forEach((res, k) => {
            if (res.type === 'arr') {
              const y = op.regions[0].ops[op.regions[0].ops.length - 1].operands[k];
              this.root.set(res, this.rootOf(y));
            }
          });
          break;
        default:
          break;
      }
    }
  }

  loopHasBackward(op: Op): boolean {
    return op.results.some((r) => this.active.has(r)) || op.regions.some((region) => [...allOps(region)].some((o) => o.results.some((r) => this.active.has(r))));
  }

  private need(v: Value | undefined): void {
    if (!v || this.literal.has(v) || v.type === 'arr' || v.type === 'mat') return;
    this.needed.add(v);
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

  private analyseBackward(): void {
    for (const op of allOps(this.f.body)) {
      if (op.opcode === 'for') {
        if (this.loopHasBackward(op)) {
          this.need(op.operands[0]);
          this.need(op.operands[1]);
        }
        continue;
      }
      if (op.opcode === 'if') {
        if (this.loopHasBackward(op)) this.need(op.operands[0]);
        continue;
      }
      if (!op.results.some((x) => this.active.has(x))) continue;
      const r = op.results[0];
      const def = opDef(op.opcode);
      if (def.switchSpec) {
        const s: Value = { id: -1 - this.sign.size, type: 'f64', hint: 'sg' };
        this.sign.set(op, s);
        this.loopOf.set(s, this.loopOf.get(r) ?? null);
        this.needed.add(s);
      } else if (def.wgslPartials) {
        // Which operands (and the result) the partials mention: spell them over markers.
        const marks = op.operands.map((_, k) => `\u0001${k}\u0001`);
        const partials = def.wgslPartials(marks, '\u0002');
        op.operands.forEach((a, k) => {
          if (!this.active.has(a)) return;
          op.operands.forEach((b, j) => {
            if (partials[k].includes(marks[j])) this.need(b);
          });
          if (partials[k].includes('\u0002')) this.need(r);
        });
      } else if (op.opcode === 'load' || op.opcode === 'store') {
        this.need(op.operands[1]);
        this.hidden(op).forEach((v) => this.need(v));
      } else if (op.opcode === 'select') {
        this.need(op.operands[0]);
      }
    }
    // Close over what recomputation reads, then split into recomputed and taped items.
    const work = [...this.needed];
    while (work.length > 0) {
      const v = work.pop()!;
      const loop = this.loopOf.get(v) ?? null;
      if (loop === null || !this.recomputable(v, loop)) continue;
      const op = this.defOp.get(v);
      if (!op) continue;
      for (const a of [...op.operands, ...this.hidden(op)]) {
        if (this.literal.has(a) || a.type === 'arr' || a.type === 'mat' || this.needed.has(a)) continue;
        this.needed.add(a);
        work.push(a);
      }
    }
    for (const v of this.needed) {
      const loop = this.loopOf.get(v) ?? null;
      if (loop === null) continue;
      if (this.recomputable(v, loop)) {
        const op = this.defOp.get(v);
        if (op && loop.regions[0].args[0] !== v) {
          const list = this.recompute.get(loop) ?? [];
          if (!list.includes(op)) list.push(op);
          this.recompute.set(loop, list);
        }
        continue;
      }
      const list = this.taped.get(loop) ?? [];
      this.slot.set(v, list.length);
      list.push(v);
      this.taped.set(loop, list);
    }
    for (const [loop, ops] of this.recompute) {
      const order = new Map<Op, number>();
      let i = 0;
      for (const op of allOps(loop.regions[0])) order.set(op, i++);
      ops.sort((a, b) => order.get(a)! - order.get(b)!);
    }
    for (const v of this.active) {
      if (v.type !== 'arr') continue;
      const def = this.defOp.get(this.rootOf(v));
      if (def?.opcode === 'alloc') this.activeAllocs.add(def);
    }
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
