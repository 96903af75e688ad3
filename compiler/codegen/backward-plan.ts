/**
 * What both backward sweeps (JavaScript: js/function.ts, WGSL: wgsl/sweep.ts) know about a
 * function before they emit it, and the tape/recompute plan they share.
 *
 * ValueFacts takes an IR function and returns, for every value, the op that defines it, the
 * innermost `for` whose body defines it, its literal value, and for arrays the value that owns
 * their storage (parameter, constant, alloc, or a row view) and whether that storage is ever
 * written. planTape takes those facts, the active values and the target's hooks and returns the
 * plan of the reversed loops:
 *  - needed: what the backward sweep reads, namely the bounds of loops and the conditions of
 *    ifs that have a backward sweep, the sign item s = sign(u - v) of each active switching op
 *    (theory.md §1.5: its derivative is affine in s), the operands (and result) that an active
 *    op's partials mention, and the index of each load or store;
 *  - closed over what recomputing reads, then split per loop into values recomputed at the
 *    start of each reversed iteration (what the target calls recomputable: static values,
 *    cheap arithmetic, loads from arrays never written) and values written to the loop's tape,
 *    one slot each per iteration. Values defined outside every loop stay in their variables.
 */
import { type OpDef, opDef } from '../ir/ops.js';
import { allOps } from '../ir/rewrite.js';
import type { Block, Func, Op, Value } from '../ir/types.js';

export class ValueFacts {
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

  constructor(readonly f: Func) {
    for (const p of f.params) {
      if (p.value.type === 'arr' || p.value.type === 'mat') {
        this.root.set(p.value, p.value);
        this.readOnly.add(p.value);
      }
    }
    this.walk(f.body, null);
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
}

/** Whether a `for` or `if` has a backward sweep: it defines an active value. */
export function hasBackward(op: Op, active: Set<Value>): boolean {
  return op.results.some((r) => active.has(r)) || op.regions.some((region) => [...allOps(region)].some((o) => o.results.some((r) => active.has(r))));
}

/** What a target decides for itself. */
export interface TapeHooks {
  /** The target's spelling of an op's partials (jsPartials or wgslPartials). */
  partials(def: OpDef): ((args: string[], y: string) => string[]) | undefined;
  /** Scalars an op reads besides its operands (WGSL: a view's row index, an alloc's size). */
  hidden(op: Op): Value[];
  /** Values that are never needed by themselves (WGSL: arrays, which live in memory). */
  skip(v: Value): boolean;
  /** Whether `v`, defined in `loop`, can be recomputed in a reversed iteration of it. */
  recomputable(v: Value, loop: Op): boolean;
  /** Loops whose values are all still live when their backward sweep runs (fused loops). */
  live(loop: Op): boolean;
}

export interface TapePlan {
  needed: Set<Value>;
  /** Active switching op -> its sign item (a synthetic f64 value, given a loop in facts.loopOf). */
  sign: Map<Op, Value>;
  /** Per loop: the taped items in slot order. */
  taped: Map<Op, Value[]>;
  slot: Map<Value, number>;
  /** Per loop: ops re-run, in forward order, at the start of each reversed iteration. */
  recompute: Map<Op, Op[]>;
}

export function planTape(facts: ValueFacts, active: Set<Value>, hooks: TapeHooks): TapePlan {
  const plan: TapePlan = { needed: new Set(), sign: new Map(), taped: new Map(), slot: new Map(), recompute: new Map() };
  const { needed } = plan;
  const need = (v: Value | undefined) => {
    if (v && !facts.literal.has(v) && !hooks.skip(v)) needed.add(v);
  };
  for (const op of allOps(facts.f.body)) {
    if (op.opcode === 'for') {
      if (hasBackward(op, active)) {
        need(op.operands[0]);
        need(op.operands[1]);
      }
      continue;
    }
    if (op.opcode === 'if') {
      if (hasBackward(op, active)) need(op.operands[0]);
      continue;
    }
    if (!op.results.some((x) => active.has(x))) continue;
    const r = op.results[0];
    const def = opDef(op.opcode);
    const partials = hooks.partials(def);
    if (def.switchSpec) {
      const s: Value = { id: -1 - plan.sign.size, type: 'f64', hint: 'sg' };
      plan.sign.set(op, s);
      facts.loopOf.set(s, facts.loopOf.get(r) ?? null);
      need(s);
    } else if (partials) {
      // Which operands (and the result) the partials mention: spell them over markers.
      const marks = op.operands.map((_, k) => `\u0001${k}\u0001`);
      const spelled = partials(marks, '\u0002');
      op.operands.forEach((a, k) => {
        if (!active.has(a)) return;
        op.operands.forEach((b, j) => {
          if (spelled[k].includes(marks[j])) need(b);
        });
        if (spelled[k].includes('\u0002')) need(r);
      });
    } else if (op.opcode === 'load' || op.opcode === 'store') {
      need(op.operands[1]);
      hooks.hidden(op).forEach(need);
    } else if (op.opcode === 'select') {
      need(op.operands[0]);
    }
  }
  // Close over what recomputation reads, then split into recomputed and taped items.
  const work = [...needed];
  while (work.length > 0) {
    const v = work.pop()!;
    const loop = facts.loopOf.get(v) ?? null;
    if (loop === null || !hooks.recomputable(v, loop)) continue;
    const op = facts.defOp.get(v);
    if (!op) continue;
    for (const a of [...op.operands, ...hooks.hidden(op)]) {
      if (facts.literal.has(a) || hooks.skip(a) || needed.has(a)) continue;
      needed.add(a);
      work.push(a);
    }
  }
  for (const v of needed) {
    const loop = facts.loopOf.get(v) ?? null;
    if (loop === null || hooks.live(loop)) continue;
    if (hooks.recomputable(v, loop)) {
      const op = facts.defOp.get(v);
      // Constants are available anywhere; the counter is the reversed loop's own.
      if (op && op.opcode !== 'const' && loop.regions[0].args[0] !== v) {
        const list = plan.recompute.get(loop) ?? [];
        if (!list.includes(op)) list.push(op);
        plan.recompute.set(loop, list);
      }
      continue;
    }
    const list = plan.taped.get(loop) ?? [];
    plan.slot.set(v, list.length);
    list.push(v);
    plan.taped.set(loop, list);
  }
  // Recompute in forward program order.
  for (const [loop, ops] of plan.recompute) {
    const order = new Map<Op, number>();
    let i = 0;
    for (const op of allOps(loop.regions[0])) order.set(op, i++);
    ops.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  return plan;
}
