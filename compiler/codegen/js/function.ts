/**
 * JavaScript for one IR function: the primal `f`, the gradient `f_grad` (or `f_vjp` for array
 * results), the kink probe `f_active` and the evaluation-trace recorder `f_trace`.
 *
 * Takes a Func after the pipeline (switches numbered) and options; returns the function's
 * lines plus the module-level declarations it needs (tapes, buffers, constant arrays).
 *
 * Technique (Tapenade-style adjoint code, on structured loops):
 *  - Forward sweep = the primal, plus what the backward sweep needs. Static values (ints,
 *    bools) and loads from read-only arrays are recomputed, never stored; every other needed
 *    value defined inside a loop body is written to that loop's tape at a fixed slot of the
 *    iteration's record (`tape[it * W + slot]`), so the backward sweep reads any of them at
 *    the start of the reversed iteration. Values defined outside loops stay in their variables.
 *    Linear ops (add, sub, neg, loads) need nothing, so loop-carried accumulators are not taped.
 *  - Backward sweep: ops in reverse; a `for` becomes a `for` running backwards with the same
 *    induction values; loop-carried adjoints move from the yield to the body argument of the
 *    previous iteration; an `if` re-evaluates its (static) condition. Only active values
 *    (analysis/activity.ts) get adjoints, so zero contributions are never emitted.
 *  - Switching ops use their abs-normal-form identity: d/du max(u, v) = (1 + s)/2 with
 *    s = sign(u - v), and abs'(0) = K (the kink convention) oriented by the merged switch's sign.
 *  - Tapes and local-array buffers are module-level typed arrays reused across calls and grown
 *    only when a call needs more, so calls after the first allocate nothing. Variables are
 *    declared once at the top of the function; no closures, no objects, no eval.
 *
 * The tape plan (what is needed, recomputed or taped) is codegen/backward-plan.ts, shared with
 * the WGSL backend; what stays here is what only JavaScript does: which values are recomputable
 * (with fused loops' local arrays), the fusion of sum loops, local adjoints and windows.
 *
 * Why one long file: the four modes (primal, grad, active, trace) share the forward sweep and
 * its naming; fusion and windows could move to files of their own, which is a pending clean-up.
 */
import { activeValues, variedValues } from '../../analysis/activity.js';
import { formatNumber } from '../../ir/print.js';
import { opDef } from '../../ir/ops.js';
import { allOps } from '../../ir/rewrite.js';
import type { Block, Func, Op, Span, Value } from '../../ir/types.js';
import { hasBackward, planTape, ValueFacts } from '../backward-plan.js';
import { Lines } from './lines.js';
import { HELPERS, parameterName } from './names.js';

export type EmitMode = 'primal' | 'grad' | 'active' | 'trace';

export interface FunctionEmitOptions {
  mode: EmitMode;
  /** JavaScript name of the emitted function. */
  name: string;
  /** Indices of the differentiated parameters (grad mode). */
  wrt: number[];
  /** abs'(0): the kink convention, -1, 0 or 1. */
  absKink: number;
  /** Prefix for module-level names owned by this function. */
  prefix: string;
}

export interface EmittedFunction {
  lines: Lines;
  /** Module-level declarations (`let tape$1 = ...`), emitted once before the functions. */
  decls: string[];
  /** JavaScript parameter names, in order (without gOut / yBar). */
  params: string[];
}

/** A value the backward sweep needs: an SSA value, or the sign of a switching op. */
type Item = Value;

const CHEAP = new Set(['add', 'sub', 'mul', 'neg']);

export function emitFunction(f: Func, opts: FunctionEmitOptions): EmittedFunction {
  return new FunctionEmitter(f, opts).run();
}

class FunctionEmitter {
  private out = new Lines();
  private decls: string[] = [];
  private names = new Map<Value, string>();
  private used = new Set<string>();
  /** The next suffix to try for each fresh-name base (so naming stays linear in the locals). */
  private nextSuffix = new Map<string, number>();
  private locals: string[] = [];
  /** Scalar constants, spelled in JavaScript. */
  private literal = new Map<Value, string>();
  /** What the analysis knows of every value (codegen/backward-plan.ts). */
  private facts!: ValueFacts;
  private defOp!: Map<Value, Op>;
  /** Array value -> the value whose JS variable holds the array (alloc, param, const, row). */
  private root!: Map<Value, Value>;
  private readOnly!: Set<Value>;
  /** Innermost `for` whose body defines each value (null: function level). */
  private loopOf!: Map<Item, Op | null>;
  private active = new Set<Value>();
  /** The tape plan (grad mode): switching op -> sign item, needed items, tapes and recomputes. */
  private sign = new Map<Op, Item>();
  private needed = new Set<Item>();
  private taped = new Map<Op, Item[]>();
  private slot = new Map<Item, number>();
  private recompute = new Map<Op, Op[]>();
  private loopId = new Map<Op, number>();
  private bar = new Map<Value, string>();
  private barRoots = new Map<Value, { buf: string; off: string | null }>();
  private loopIvs: { op: Op; iv: Value }[] = [];
  private returnsArray: boolean;
  private freshAllocs = new Set<Value>();
  /** Values whose adjoint is summed once from pending terms (see isLocal). */
  private localAdjoint = new Set<Value>();
  /** Loops whose backward runs inside their forward loop, with the adjoints of their sums. */
  private fused = new Map<Op, { k: number; adjoint: string }[]>();
  /** Every value's using ops (filled by findFusedLoops). */
  private uses = new Map<Value, Op[]>();
  /** Body arguments of fused loops: their adjoint is the constant carry, never accumulated. */
  private constantAdjoint = new Set<Value>();
  private pending = new Map<Value, string[]>();
  private activeRoots = new Set<Value>();
  /** Trace mode: values that depend on the differentiated parameter, and array roots' node ids. */
  private varied = new Set<Value>();
  private idsOf = new Map<Value, string>();

  constructor(private f: Func, private o: FunctionEmitOptions) {
    this.returnsArray = f.resultType === 'arr';
  }

  // ----- names -------------------------------------------------------------------------

  private fresh(base: string): string {
    let clean = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(clean)) clean = `v${clean}`;
    for (let k = this.nextSuffix.get(clean) ?? 1; ; k++) {
      const name = `${clean}_${k}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        this.nextSuffix.set(clean, k + 1);
        return name;
      }
    }
  }

  private local(base: string, init = '0'): string {
    const n = this.fresh(base);
    this.locals.push(`${n} = ${init}`);
    return n;
  }

  private moduleName(base: string): string {
    const n = `${this.o.prefix}$${base}`;
    this.used.add(n);
    return n;
  }

  /** The JavaScript expression for a value (a literal for scalar constants). */
  private js(v: Value): string {
    const lit = this.literal.get(v);
    if (lit !== undefined) return lit;
    const r = this.root.get(v);
    if (r && r !== v) return this.js(r);
    let n = this.names.get(v);
    if (!n) {
      n = this.local(v.hint ?? 'v');
      this.names.set(v, n);
    }
    return n;
  }

  private barOf(v: Value): string {
    let n = this.bar.get(v);
    if (!n) {
      n = this.local(`${v.hint ?? 'v'}_bar`);
      this.bar.set(v, n);
    }
    return n;
  }

  // ----- analysis ---------------------------------------------------------------------

  private analyse(): void {
    const facts = new ValueFacts(this.f);
    this.facts = facts;
    ({ defOp: this.defOp, root: this.root, readOnly: this.readOnly, loopOf: this.loopOf } = facts);
    for (const [v, value] of facts.literal) this.literal.set(v, literal(value));
    for (const op of allOps(this.f.body)) if (op.opcode === 'for') this.loopId.set(op, this.loopId.size + 1);
    // An array that is returned must be a fresh allocation, not a reused buffer.
    const ret = this.f.body.ops[this.f.body.ops.length - 1];
    if (this.returnsArray) this.freshAllocs.add(this.root.get(ret.operands[0]) ?? ret.operands[0]);
    if (this.o.mode === 'grad') this.analyseBackward();
    if (this.o.mode === 'trace' || this.o.mode === 'active') this.varied = variedValues(this.f, this.o.wrt);
  }

  private analyseBackward(): void {
    this.active = activeValues(this.f, this.o.wrt);
    this.findLocalAdjoints();
    this.findFusedLoops();
    // An array buffer needs an adjoint buffer when any version of it is active.
    for (const v of this.active) if (v.type === 'arr') this.activeRoots.add(this.root.get(v) ?? v);
    const plan = planTape(this.facts, this.active, {
      partials: (def) => def.jsPartials,
      hidden: () => [],
      skip: () => false,
      recomputable: (v, loop) => this.recomputable(v, loop),
      // Values of a fused loop's own body are still live when its adjoint runs.
      live: (loop) => this.fused.has(loop),
    });
    ({ sign: this.sign, needed: this.needed, taped: this.taped, slot: this.slot, recompute: this.recompute } = plan);
  }

  /**
   * Loops whose backward sweep can run inside the forward loop, iteration by iteration, with
   * no tape: function-level loops whose carried values are plain sums (s = s + t, where t does
   * not read any carried value, so every iteration sees the same adjoint of s) and whose final
   * sums reach the result through ops whose partials are known before the loop (return s,
   * s / n, c + s ...). Their adjoints are computed before the loop. This is the fusion of the
   * forward sweep into the primal: such a gradient is one pass over the data.
   */
  private findFusedLoops(): void {
    const body = this.f.body.ops;
    const ret = body[body.length - 1];
    const uses = this.uses;
    for (const op of allOps(this.f.body)) for (const v of op.operands) uses.set(v, [...(uses.get(v) ?? []), op]);
    if (this.returnsArray) return;
    body.forEach((L, index) => {
      if (L.opcode !== 'for' || !this.loopHasBackward(L)) return;
      const region = L.regions[0];
      const y = region.ops[region.ops.length - 1];
      const carried = new Set(region.args.slice(1));
      // The JavaScript for a value that can be read before the loop, or null.
      const before = (v: Value): string | null => {
        if (this.literal.has(v) || this.f.params.some((p) => p.value === v)) return this.js(v);
        const def = this.defOp.get(v);
        if (def === undefined || body.indexOf(def) < 0) return null;
        if (body.indexOf(def) < index) return this.js(v);
        // An int converted to a float after the loop: the int itself is there before it.
        return def.opcode === 'itof' ? before(def.operands[0]) : null;
      };
      const carries: { k: number; adjoint: string }[] = [];
      for (let k = 0; k < L.results.length; k++) {
        const arg = region.args[1 + k];
        if (arg.type === 'arr') {
          if (this.active.has(L.results[k]) || !this.overwrittenFirst(region, arg, L.operands[2 + k])) return;
          continue;
        }
        if (arg.type !== 'f64' || !(this.active.has(arg) || this.active.has(L.results[k]))) continue;
        if (!this.isSumSlot(L, k, uses)) return;
        const adjoint = this.chainAdjoint(L.results[k], ret, uses, before);
        if (adjoint === null) return;
        carries.push({ k, adjoint });
      }
      this.fused.set(L, carries);
    });
  }

  /**
   * Whether every iteration overwrites the whole carried array before reading any of it, so no
   * value (and no adjoint) flows between iterations through it: the first op of the body that
   * touches the array is a loop `for (j = 0; j < k; j++)` over the array's allocated size k
   * whose body stores a[j] before anything else reads the array.
   */
  private overwrittenFirst(body: Block, arg: Value, init: Value): boolean {
    const alloc = this.defOp.get(this.root.get(init) ?? init);
    if (alloc?.opcode !== 'alloc') return false;
    const first = body.ops.find((op) => op.operands.includes(arg) || op.regions.some((r) => [...allOps(r)].some((o) => o.operands.includes(arg))));
    if (!first || first.opcode !== 'for') return false;
    const k = first.operands.slice(2).indexOf(arg);
    if (k < 0 || first.operands[0] !== first.operands[0] || this.literal.get(first.operands[0]) !== '0') return false;
    if (first.operands[1] !== alloc.operands[0] || first.attrs.cmp !== '<' || first.attrs.step !== 1) return false;
    const inner = first.regions[0];
    const innerArg = inner.args[1 + k];
    const touch = inner.ops.find((op) => op.operands.includes(innerArg) || op.regions.some((r) => [...allOps(r)].some((o) => o.operands.includes(innerArg))));
    return touch?.opcode === 'store' && touch.operands[0] === innerArg && touch.operands[1] === inner.args[0];
  }

  /**
   * Slot k of a loop is a plain sum: it yields arg + t or arg - t, nothing else reads arg or
   * the new sum, and t reads no carried value. Then every iteration sees the same adjoint of
   * arg: the adjoint of the loop's result. (A new sum also read in the body, say stored into an
   * array, gets adjoint there too, and the carry changes from one iteration to the next.)
   */
  private isSumSlot(L: Op, k: number, uses: Map<Value, Op[]>): boolean {
    const region = L.regions[0];
    const arg = region.args[1 + k];
    const y = region.ops[region.ops.length - 1];
    const next = this.defOp.get(y.operands[k]);
    if (!next || (next.opcode !== 'add' && next.opcode !== 'sub') || next.operands[0] !== arg) return false;
    if ((uses.get(arg) ?? []).length !== 1 || (uses.get(y.operands[k]) ?? []).length !== 1) return false;
    return !this.dependsOnAny(next.operands[1], new Set(region.args.slice(1)));
  }

  /** Whether v is computed (inside the loop body) from any of `carried`. */
  private dependsOnAny(v: Value, carried: Set<Value>): boolean {
    const seen = new Set<Value>();
    const visit = (x: Value): boolean => {
      if (carried.has(x)) return true;
      if (seen.has(x)) return false;
      seen.add(x);
      const op = this.defOp.get(x);
      if (!op) return false;
      if (op.opcode === 'for' || op.opcode === 'if') {
        // Results of nested structured ops: depend on their operands and on what their regions read.
        return op.operands.some(visit) || [...allOps({ args: [], ops: op.regions.flatMap((r) => r.ops) })].some((o) => o.operands.some((a) => carried.has(a)));
      }
      return op.operands.some(visit);
    };
    return visit(v);
  }

  /**
   * The adjoint of a function-level value as an expression of values defined before the loop,
   * when it reaches the result through a chain of single uses with such partials; else null.
   */
  private chainAdjoint(v: Value, ret: Op, uses: Map<Value, Op[]>, before: (v: Value) => string | null): string | null {
    if (ret.operands[0] === v) return (uses.get(v) ?? []).length === 1 ? '1' : null;
    const us = uses.get(v) ?? [];
    if (us.length !== 1) return null;
    const u = us[0];
    if (!this.f.body.ops.includes(u) || u.results.length !== 1) return null;
    const [a, b] = u.operands;
    let partial: string | null = null;
    if (u.opcode === 'add' && a !== b) partial = '1';
    else if (u.opcode === 'sub' && a !== b) partial = a === v ? '1' : '-1';
    else if (u.opcode === 'neg') partial = '-1';
    else if (u.opcode === 'mul' && a !== b) partial = before(a === v ? b : a);
    else if (u.opcode === 'div' && a === v && b !== v) {
      const d = before(b);
      if (d !== null) partial = `1 / ${paren(d)}`;
    }
    if (partial === null) return null;
    const rest = this.chainAdjoint(u.results[0], ret, uses, before);
    if (rest === null) return null;
    if (rest === '1') return partial;
    if (partial === '1') return rest;
    if (partial === '-1') return rest.startsWith('-') ? rest.slice(1) : `-${paren(rest)}`;
    return `${paren(rest)} * ${paren(partial)}`;
  }

  /** Active op results used only by ops of their own block (terminator included). */
  private findLocalAdjoints(): void {
    const useBlocks = new Map<Value, Set<Block>>();
    const defBlock = new Map<Value, Block>();
    const walk = (b: Block) => {
      for (const op of b.ops) {
        for (const v of op.operands) {
          const set = useBlocks.get(v) ?? new Set<Block>();
          set.add(b);
          useBlocks.set(v, set);
        }
        for (const r of op.results) defBlock.set(r, b);
        op.regions.forEach(walk);
      }
    };
    walk(this.f.body);
    for (const v of this.active) {
      if (v.type !== 'f64') continue;
      const home = defBlock.get(v);
      const uses = useBlocks.get(v);
      if (home && (!uses || (uses.size === 1 && uses.has(home)))) this.localAdjoint.add(v);
    }
  }

  private recomputable(v: Item, loop: Op): boolean {
    if (this.literal.has(v)) return true;
    if (loop.regions[0].args[0] === v) return true;
    const op = this.defOp.get(v);
    if (!op || this.loopOf.get(v) !== loop) return this.loopOf.get(v) !== loop; // defined outside: available
    if (op.opcode === 'for' || op.opcode === 'if') return false;
    // Constants: scalars are literals and arrays module-level constants, available anywhere.
    if (op.opcode === 'const') return true;
    const group = opDef(op.opcode).group;
    const inputsOk = () => op.operands.every((a) => this.loopOf.get(a) !== loop || this.recomputable(a, loop));
    if (group === 'index' || group === 'logic' || op.opcode === 'itof') return inputsOk();
    // Cheap arithmetic on recomputable inputs is redone rather than stored: a flop is cheaper
    // than a tape round trip through memory.
    if (CHEAP.has(op.opcode)) return inputsOk();
    if (op.opcode === 'load' || op.opcode === 'row' || op.opcode === 'len' || op.opcode === 'rows') {
      const arr = op.operands[0];
      return (this.readOnly.has(this.root.get(arr) ?? arr) || this.unchangedUntilReverse(arr)) && inputsOk();
    }
    return false;
  }

  /**
   * A local array version that is only read, inside the body of a fused loop, and handed to the
   * next iteration unchanged: its buffer still holds these values when this iteration's backward
   * sweep runs (right after its forward sweep), so loads from it are redone, not taped.
   */
  private unchangedUntilReverse(arr: Value): boolean {
    const fusedBodies = [...this.fused.keys()].map((L) => L.regions[0]);
    const home = fusedBodies.find((b) => b.ops.some((op) => op.results.includes(arr)));
    if (!home) return false;
    const y = home.ops[home.ops.length - 1];
    return (this.uses.get(arr) ?? []).every((u) => u.opcode === 'load' || u.opcode === 'len' || u === y);
  }

  private loopHasBackward(op: Op): boolean {
    return hasBackward(op, this.active);
  }

  // ----- emission -----------------------------------------------------------------------

  run(): EmittedFunction {
    // Parameters are named first: analysis may already spell expressions over them.
    const params = this.f.params.map((p) => {
      const base = parameterName(p.name, this.used);
      this.used.add(base);
      this.names.set(p.value, base);
      return base;
    });
    this.analyse();
    const body = new Lines();
    const saved = this.out;
    this.out = body;
    if (this.o.mode === 'grad') this.emitGradBody(params);
    else if (this.o.mode === 'trace') this.emitTraceBody(params);
    else if (this.o.mode === 'active') {
      this.out.push('const active = [];');
      const ret = this.forward(this.f.body);
      void ret;
      this.out.push('return active;');
    } else {
      const ret = this.forward(this.f.body);
      this.out.push(`return ${ret};`, this.f.body.ops[this.f.body.ops.length - 1].span);
    }
    this.out = saved;
    const extra = this.o.mode === 'grad' ? (this.returnsArray ? ['yBar', 'gOut'] : ['gOut']) : [];
    this.out.open(`export function ${this.o.name}(${[...params, ...extra].join(', ')}) {`, this.f.span);
    if (this.locals.length > 0) this.out.push(`let ${this.locals.join(', ')};`);
    this.out.append(body);
    this.out.close();
    return { lines: this.out, decls: this.decls, params };
  }

  /** Emits the ops of a block; returns the expression of its terminator's first operand. */
  private forward(b: Block): string {
    for (const op of b.ops) {
      if (op.opcode === 'return' || op.opcode === 'yield') return op.operands.length > 0 ? this.js(op.operands[0]) : '';
      this.forwardOp(op);
    }
    return '';
  }

  private assign(op: Op, expr: string): void {
    this.out.push(`${this.js(op.results[0])} = ${expr};`, op.span);
    this.afterDef(op.results[0], op.span);
    if (this.o.mode === 'trace') this.traceDef(op);
  }

  // ----- trace mode: record the evaluation trace (runtime/trace.ts) -----------------------

  /** The JavaScript for the trace node of an f64 value (-1: it does not depend on x). */
  private nodeOf(v: Value): string {
    if (this.literal.has(v) || !this.varied.has(v) || v.type !== 'f64') return '-1';
    const p = this.f.params.findIndex((q) => q.value === v);
    if (p >= 0) return '0';
    let n = this.names.get(v) ? `${this.js(v)}$n` : '';
    if (!n) n = `${this.js(v)}$n`;
    this.localNamed(n, '-1');
    return n;
  }

  /** Node ids of an array root's elements: null when no element depends on x. */
  private idsArray(arr: Value): string | null {
    const root = this.root.get(arr) ?? arr;
    return this.idsOf.get(root) ?? null;
  }

  private traceDef(op: Op): void {
    const r = op.results[0];
    if (!r || r.type !== 'f64' || !this.varied.has(r)) return;
    const def = opDef(op.opcode);
    const a = op.operands;
    if (op.opcode === 'load') {
      const root = this.root.get(a[0]) ?? a[0];
      const wrtParam = this.o.wrt.map((i) => this.f.params[i].value).includes(root);
      const ids = this.idsArray(a[0]);
      this.out.push(`${this.nodeOf(r)} = ${wrtParam ? this.js(a[1]) : ids ? `${ids}[${this.js(a[1])}]` : '-1'};`, op.span);
      return;
    }
    if (op.opcode === 'select') {
      this.out.push(`${this.nodeOf(r)} = ${this.js(a[0])} ? ${this.nodeOf(a[1])} : ${this.nodeOf(a[2])};`, op.span);
      return;
    }
    if (def.switchSpec) {
      const spec = def.switchSpec;
      const z = a.length === 2 ? `${paren(this.js(a[0]))} - ${paren(this.js(a[1]))}` : this.js(a[0]);
      const site = Math.abs((op.attrs.z as number | undefined) ?? 0);
      const ivs = this.loopIvs.map(({ iv }) => `${JSON.stringify(`${iv.hint ?? 'i'}=`)} + ${this.js(iv)}`);
      const indices = ivs.length > 0 ? ivs.join(' + "," + ') : '""';
      const loc = `${op.span.file}:${op.span.line}:${op.span.col}`;
      const id = ivs.length > 0 ? `${JSON.stringify(loc)} + "[" + ${indices} + "]"` : JSON.stringify(loc);
      // Switches the compiler merged (same site number) at the same loop indices share one |z|.
      const key = site > 0 ? `"${site}@" + ${indices}` : 'null';
      const w = this.local('w');
      this.out.push(`${w} = ${HELPERS.tswitch}(T, ${z}, [${a.map((v) => this.nodeOf(v)).join(', ')}], [${spec.zCoef.join(', ')}], ${key}, ${id}, ${JSON.stringify(String(op.attrs.origin ?? op.opcode))}, ${JSON.stringify(loc)}, ${site});`, op.span);
      this.out.push(`${this.nodeOf(r)} = ${HELPERS.tnode}(T, ${this.js(r)}, [${[...a.map((v) => this.nodeOf(v)), w].join(', ')}], [${[...spec.yCoef, spec.absCoef].join(', ')}]);`, op.span);
      return;
    }
    if (!def.jsPartials) return;
    const partials = def.jsPartials(a.map((v) => paren(this.js(v))), paren(this.js(r)));
    this.out.push(`${this.nodeOf(r)} = ${HELPERS.tnode}(T, ${this.js(r)}, [${a.map((v) => this.nodeOf(v)).join(', ')}], [${partials.join(', ')}]);`, op.span);
  }

  private emitTraceBody(params: string[]): void {
    const p = this.o.wrt[0];
    const x = this.f.params[p].value;
    this.out.push(`const T = ${HELPERS.tstart}(${x.type === 'arr' ? params[p] : `[${params[p]}]`});`);
    const ret = this.forward(this.f.body);
    const retVal = this.f.body.ops[this.f.body.ops.length - 1].operands[0];
    if (this.returnsArray) {
      const ids = this.idsArray(retVal);
      this.localNamed('k$out');
      this.out.push(`for (k$out = 0; k$out < ${ret}.length; k$out++) T.outputs.push(${HELPERS.tout}(T, ${ret}[k$out], ${ids ? `${ids}[k$out]` : '-1'}));`);
    } else {
      this.out.push(`T.outputs.push(${HELPERS.tout}(T, ${ret}, ${this.nodeOf(retVal)}));`);
    }
    this.out.push(`return ${HELPERS.tfinish}(T);`);
  }

  /** In grad mode, writes a taped value to its loop's record. */
  private afterDef(v: Item, span?: Span): void {
    if (this.o.mode !== 'grad') return;
    const loop = this.loopOf.get(v) ?? null;
    const s = this.slot.get(v);
    if (loop === null || s === undefined) return;
    const id = this.loopId.get(loop)!;
    this.out.push(`${this.tapeName(loop)}[base$${id}${s === 0 ? '' : ` + ${s}`}] = ${this.js(v)};`, span);
  }

  private tapeName(loop: Op): string {
    return `${this.o.prefix}$tape${this.loopId.get(loop)}`;
  }

  private forwardOp(op: Op): void {
    const def = opDef(op.opcode);
    const a = op.operands.map((v) => this.js(v));
    switch (op.opcode) {
      case 'const': {
        const t = op.results[0].type;
        if (t === 'arr' || t === 'mat') {
          const name = this.moduleName(`C${this.decls.length}`);
          const value = t === 'arr' ? `new Float64Array([${(op.attrs.value as number[]).map(formatNumber).join(', ')}])` : `[${(op.attrs.value as number[][]).map((r) => `new Float64Array([${r.map(formatNumber).join(', ')}])`).join(', ')}]`;
          this.decls.push(`const ${name} = ${value};`);
          this.names.set(op.results[0], name);
        }
        return;
      }
      case 'itof':
        return this.assign(op, a[0]);
      case 'len':
      case 'rows':
        return this.assign(op, `${a[0]}.length`);
      case 'load':
      case 'row':
        return this.assign(op, `${a[0]}[${a[1]}]`);
      case 'store': {
        this.out.push(`${a[0]}[${a[1]}] = ${a[2]};`, op.span);
        const ids = this.o.mode === 'trace' ? this.idsArray(op.operands[0]) : null;
        if (ids) this.out.push(`${ids}[${a[1]}] = ${this.nodeOf(op.operands[2])};`, op.span);
        return;
      }
      case 'alloc':
        return this.alloc(op, a[0]);
      case 'for':
        return this.forwardFor(op);
      case 'if':
        return this.forwardIf(op);
      default:
        break;
    }
    if (!def.js) throw new Error(`no JavaScript spelling for '${op.opcode}'`);
    this.assign(op, def.js(a.map(paren), op.attrs));
    if (def.switchSpec) this.switchExtras(op, a);
  }

  private switchExtras(op: Op, a: string[]): void {
    const z = op.attrs.z as number | undefined;
    if (this.o.mode !== 'active' && (this.o.mode !== 'grad' || !this.sign.get(op))) return;
    // f_active lists the switching variables of the abs-normal form: those that depend on the
    // differentiated parameters (a tie between data values is no kink in x), as f_trace records them.
    if (this.o.mode === 'active' && !this.varied.has(op.results[0])) return;
    // The switching variable itself, z = u - v (or z = t): comparing u with v instead would call
    // u = v = Infinity an exact tie, where z, and so the abs-normal form, is NaN.
    let zv = a[0];
    if (a.length === 2) {
      zv = this.local('z');
      this.out.push(`${zv} = ${paren(a[0])} - ${paren(a[1])};`, op.span);
    }
    if (this.o.mode === 'active') {
      const ivs = this.loopIvs.map(({ iv }) => `${JSON.stringify(`${iv.hint ?? 'i'}=`)} + ${this.js(iv)}`);
      const id = `${JSON.stringify(`${op.span.file}:${op.span.line}:${op.span.col}`)}${ivs.length > 0 ? ` + "[" + ${ivs.join(' + "," + ')} + "]"` : ''}`;
      this.out.push(`if (${zv} === 0) active.push({ z: ${z ?? 0}, id: ${id} });`, op.span);
      return;
    }
    const s = this.sign.get(op)!;
    // abs'(0) = K for the merged switch z_k; this op's z is sign(z attr) * z_k.
    const k0 = this.o.absKink * Math.sign(z ?? 1);
    // Branch-free: at random points a nested ternary mispredicts half the time; measured on
    // Nesterov-Chebyshev-Rosenbrock, n = 1e5, random x: 0.31 ms against 0.96 ms (Math.sign: 0.76).
    const tie = k0 === 0 ? '' : k0 === 1 ? ` + (${zv} === 0)` : ` - (${zv} === 0)`;
    this.out.push(`${this.js(s)} = (${zv} > 0) - (${zv} < 0)${tie};`, op.span);
    // Switching variables without a sign (exactly zero, or NaN) are counted, so a caller can
    // certify a smooth point (theory.md §8: no active switch, classical gradient) without
    // another evaluation, and never takes a NaN point for one (docs/numerics.md). The two
    // comparisons are the sign's own; a NaN test of its own (a branch) cost 10-50% of f_grad.
    this.localNamed('kinks$');
    this.out.push(`kinks$ += (${zv} > 0) === (${zv} < 0);`, op.span);
    this.afterDef(s, op.span);
  }

  private alloc(op: Op, k: string): void {
    const r = op.results[0];
    if (this.freshAllocs.has(r)) {
      // A returned array must be the caller's own: a fresh allocation, not a reused buffer.
      this.assign(op, `new Float64Array(${k})`);
    } else {
      // A module-level buffer reused across calls: zeroed like a fresh array, grown when needed.
      const buf = this.moduleName(`buf${this.decls.length}`);
      this.decls.push(`let ${buf} = new Float64Array(0);`);
      this.out.push(`if (${buf}.length !== ${k}) ${buf} = new Float64Array(${k}); else ${buf}.fill(0);`, op.span);
      this.names.set(r, buf);
    }
    if (this.o.mode === 'trace' && [...this.varied].some((v) => v.type === 'arr' && (this.root.get(v) ?? v) === r)) {
      const ids = this.local(`${r.hint ?? 'a'}_ids`);
      this.idsOf.set(r, ids);
      this.out.push(`${ids} = new Int32Array(${k}).fill(-1);`, op.span);
    }
    if (this.o.mode === 'grad' && this.activeRoots.has(r)) {
      const bar = this.moduleName(`bar${this.decls.length}`);
      this.decls.push(`let ${bar} = new Float64Array(0);`);
      this.out.push(`if (${bar}.length !== ${k}) ${bar} = new Float64Array(${k}); else ${bar}.fill(0);`, op.span);
      this.barRoots.set(r, { buf: bar, off: null });
    }
  }

  private forwardFor(op: Op): void {
    const [lo, hi] = op.operands.slice(0, 2).map((v) => this.js(v));
    const body = op.regions[0];
    const iv = this.js(body.args[0]);
    const step = op.attrs.step as number;
    const cmp = String(op.attrs.cmp);
    const carried = body.args.slice(1);
    op.operands.slice(2).forEach((init, k) => {
      if (init.type !== 'arr') this.out.push(`${this.js(carried[k])} = ${this.js(init)};`, op.span);
      if (this.o.mode === 'trace' && this.varied.has(carried[k]) && carried[k].type === 'f64') this.out.push(`${this.nodeOf(carried[k])} = ${this.nodeOf(init)};`, op.span);
    });
    const id = this.loopId.get(op)!;
    const fusedCarry = new Map<number, string>();
    if (this.o.mode === 'grad' && this.fused.has(op)) {
      for (const { k, adjoint } of this.fused.get(op)!) {
        const c = this.local(`${op.results[k].hint ?? 'c'}_carry`);
        this.out.push(`${c} = ${adjoint};`, op.span);
        fusedCarry.set(k, c);
        this.constantAdjoint.add(carried[k]);
        this.addTo(op.operands[2 + k], c, op.span);
      }
    }
    const windows = this.o.mode === 'grad' && this.fused.has(op) && step === 1 ? this.planWindows(op) : new Map<Value, string[]>();
    this.windows.set(op, windows);
    for (const slots of windows.values()) for (const w of slots) this.out.push(`${w} = 0;`, op.span);
    const taped = this.o.mode === 'grad' ? (this.taped.get(op) ?? []) : [];
    if (taped.length > 0) {
      const tape = this.tapeName(op);
      if (!this.decls.some((d) => d.includes(` ${tape} `))) this.decls.push(`let ${tape} = new Float64Array(0);`);
      this.localNamed(`it$${id}`);
      this.localNamed(`base$${id}`);
      const need = `(it$${id} + ${trip(lo, hi, step, cmp)}) * ${taped.length}`;
      this.out.push(`if (${tape}.length < ${need}) ${tape} = ${HELPERS.grow}(${tape}, ${need}, it$${id} * ${taped.length});`, op.span);
    }
    const stepText = step === 1 ? `${iv}++` : step === -1 ? `${iv}--` : step > 0 ? `${iv} += ${step}` : `${iv} -= ${-step}`;
    this.out.open(`for (${iv} = ${lo}; ${iv} ${cmp} ${hi}; ${stepText}) {`, op.span);
    this.loopIvs.push({ op, iv: body.args[0] });
    if (taped.length > 0) {
      this.out.push(`base$${id} = it$${id}++ * ${taped.length};`);
      for (const a of carried) this.afterDef(a, op.span);
    }
    this.forward(body);
    const y = body.ops[body.ops.length - 1];
    const fused = this.o.mode === 'grad' ? this.fused.get(op) : undefined;
    if (fused) {
      // The iteration's backward sweep, right after its forward sweep (see findFusedLoops).
      for (const { k } of fused) this.addTo(y.operands[k], fusedCarry.get(k)!, op.span);
      const saved = this.activeWindow;
      this.activeWindow = windows.size > 0 ? { loop: op, iv: body.args[0] } : null;
      this.reverse(body);
      this.activeWindow = saved;
      // x[i] gets nothing from later iterations: write it, and slide the window.
      for (const [root, slots] of windows) {
        const bar = this.arrayBar(root)!;
        this.out.push(`${bar.buf}[${bar.off ? `${bar.off} + ` : ''}${iv}] += ${slots[0]};`, op.span);
        slots.forEach((w, c) => this.out.push(`${w} = ${c + 1 < slots.length ? slots[c + 1] : '0'};`, op.span));
      }
    }
    this.parallelAssign(carried, y.operands, y.span);
    this.loopIvs.pop();
    this.out.close();
    for (const [root, slots] of windows) {
      // After the loop the window holds x[i], x[i+1], ... for the first i not run.
      const bar = this.arrayBar(root)!;
      slots.slice(0, -1).forEach((w, c) => this.out.push(`if (${w} !== 0) ${bar.buf}[${bar.off ? `${bar.off} + ` : ''}${iv}${c === 0 ? '' : ` + ${c}`}] += ${w};`, op.span));
    }
    op.results.forEach((r, k) => {
      if (r.type !== 'arr') this.out.push(`${this.js(r)} = ${this.js(carried[k])};`, op.span);
      if (this.o.mode === 'trace' && this.varied.has(r) && r.type === 'f64') this.out.push(`${this.nodeOf(r)} = ${this.nodeOf(carried[k])};`, op.span);
      this.afterDef(r, op.span);
    });
  }

  /** The module-level count of exact zeros seen by the last gradient call. */
  kinkCounter(): string {
    return `${this.o.prefix}$kinks`;
  }

  private localNamed(name: string, init = '0'): void {
    if (!this.used.has(name)) {
      this.used.add(name);
      this.locals.push(`${name} = ${init}`);
    }
  }

  /** targets[k] = sources[k] for scalar slots, as if simultaneously. */
  private parallelAssign(targets: Value[], sources: Value[], span: Span): void {
    this.parallelAssignValues(targets, sources, span);
    if (this.o.mode !== 'trace') return;
    // The node ids travel with the values (through temporaries: a yield may swap slots).
    const pairs = targets.map((t, k) => [t, sources[k]] as const).filter(([t]) => t.type === 'f64' && this.varied.has(t));
    const temps = pairs.map(([, src]) => {
      const tmp = this.local('n_next');
      this.out.push(`${tmp} = ${this.nodeOf(src)};`, span);
      return tmp;
    });
    pairs.forEach(([t], k) => this.out.push(`${this.nodeOf(t)} = ${temps[k]};`, span));
  }

  private parallelAssignValues(targets: Value[], sources: Value[], span: Span): void {
    const pairs = targets.map((t, k) => [t, sources[k]] as const).filter(([t, s]) => t.type !== 'arr' && this.js(t) !== this.js(s));
    const targetNames = new Set(pairs.map(([t]) => this.js(t)));
    const clash = pairs.some(([, s]) => targetNames.has(this.js(s)));
    if (!clash) {
      for (const [t, s] of pairs) this.out.push(`${this.js(t)} = ${this.js(s)};`, span);
      return;
    }
    const temps = pairs.map(([t, s]) => {
      const tmp = this.local(`${t.hint ?? 'v'}_next`);
      this.out.push(`${tmp} = ${this.js(s)};`, span);
      return tmp;
    });
    pairs.forEach(([t], k) => this.out.push(`${this.js(t)} = ${temps[k]};`, span));
  }

  private forwardIf(op: Op): void {
    this.out.open(`if (${this.js(op.operands[0])}) {`, op.span);
    op.regions.forEach((r, i) => {
      if (i === 1) this.out.reopen('} else {');
      this.forward(r);
      const y = r.ops[r.ops.length - 1];
      op.results.forEach((res, k) => {
        if (res.type !== 'arr') this.out.push(`${this.js(res)} = ${this.js(y.operands[k])};`, y.span);
        if (this.o.mode === 'trace' && res.type === 'f64' && this.varied.has(res)) this.out.push(`${this.nodeOf(res)} = ${this.nodeOf(y.operands[k])};`, y.span);
      });
    });
    this.out.close();
    for (const res of op.results) this.afterDef(res, op.span);
  }

  // ----- gradient ------------------------------------------------------------------------

  private emitGradBody(params: string[]): void {
    const wrt = this.o.wrt;
    // Gradient layout: the differentiated parameters one after another in gOut.
    const sizes = wrt.map((i) => (this.f.params[i].value.type === 'arr' ? `${params[i]}.length` : '1'));
    const total = sizes.join(' + ');
    this.out.push(`if (gOut === undefined) gOut = new Float64Array(${total}); else ${HELPERS.zero}(gOut, ${total});`);
    // Counted in a local (a module-level variable in the loop would box every update).
    this.decls.push(`let ${this.kinkCounter()} = 0;`);
    let off = '0';
    wrt.forEach((i, k) => {
      const p = this.f.params[i].value;
      if (p.type === 'arr') this.barRoots.set(p, { buf: 'gOut', off: off === '0' ? null : off });
      off = off === '0' ? sizes[k] : `${off} + ${sizes[k]}`;
    });
    const ret = this.forward(this.f.body);
    const retVal = this.f.body.ops[this.f.body.ops.length - 1].operands[0];
    const value = this.local('value');
    this.out.push(`${value} = ${ret};`);
    // Seed the adjoint of the result.
    if (this.returnsArray) {
      const rootBar = this.barRoots.get(this.root.get(retVal) ?? retVal);
      if (rootBar) this.out.push(`${rootBar.buf}.set(yBar);`);
    } else if (this.active.has(retVal)) {
      this.addTo(retVal, '1');
    }
    this.reverse(this.f.body);
    // Scalar differentiated parameters: copy their adjoints out.
    off = '0';
    wrt.forEach((i, k) => {
      const p = this.f.params[i].value;
      if (p.type !== 'arr' && this.bar.has(p)) this.out.push(`gOut[${off}] = ${this.barOf(p)};`);
      off = off === '0' ? sizes[k] : `${off} + ${sizes[k]}`;
    });
    this.out.push(`${this.kinkCounter()} = ${this.used.has('kinks$') ? 'kinks$' : '0'};`);
    this.out.push(`return ${value};`);
  }

  private reverse(b: Block): void {
    for (let i = b.ops.length - 1; i >= 0; i--) {
      const op = b.ops[i];
      if (op.opcode === 'return' || op.opcode === 'yield') continue;
      this.reverseOp(op);
    }
  }

  /**
   * Adjoints of values whose every use is in their own block are never accumulated in a
   * variable: their contributions are collected as expressions and summed once, when the
   * backward sweep reaches the definition (all uses come later in forward order, so all
   * contributions are known by then). Other adjoints (values used in nested regions, carried
   * values, parameters) are accumulated with `+=` and reset after use.
   */
  private isLocal(v: Value): boolean {
    return this.localAdjoint.has(v);
  }

  private addTo(v: Value, expr: string, span?: Span): void {
    if (!this.active.has(v) || this.constantAdjoint.has(v)) return;
    if (this.isLocal(v)) {
      const terms = this.pending.get(v) ?? [];
      terms.push(expr);
      this.pending.set(v, terms);
      return;
    }
    if (expr.startsWith('-')) this.out.push(`${this.barOf(v)} -= ${expr.slice(1)};`, span);
    else this.out.push(`${this.barOf(v)} += ${expr};`, span);
  }

  /**
   * The adjoint of `r` as an expression that stays valid until the block's reverse ends, or
   * null when it is structurally zero. Accumulated adjoints are moved into a fresh variable
   * (and reset), since the terms built from them are evaluated later.
   */
  private takeBar(r: Value, span: Span): string | null {
    if (this.isLocal(r)) {
      const terms = this.pending.get(r) ?? [];
      this.pending.delete(r);
      if (terms.length === 0) return null;
      if (terms.length === 1 && /^[\w$]+$/.test(terms[0])) return terms[0];
      const name = this.barOf(r);
      this.out.push(`${name} = ${sumTerms(terms)};`, span);
      return name;
    }
    const acc = this.barOf(r);
    const t = this.local(`${r.hint ?? 'v'}_adj`);
    this.out.push(`${t} = ${acc};`, span);
    this.out.push(`${acc} = 0;`, span);
    return t;
  }

  /**
   * Sliding windows for fused loops: the adjoints of x[i], x[i+1], ... x[i+C] (i the loop
   * counter, x a differentiated input) are summed in registers and each element of gOut is
   * written once, when no later iteration can reach it any more. Without this, consecutive
   * iterations would update the same element of gOut one after the other (x[i+1] now, x[i]
   * next time), and each update would wait for the previous one to reach memory.
   */
  private windows = new Map<Op, Map<Value, string[]>>();
  private activeWindow: { loop: Op; iv: Value } | null = null;

  private offsetFrom(iv: Value, index: Value): number | null {
    if (index === iv) return 0;
    const d = this.defOp.get(index);
    if (d?.opcode !== 'iadd') return null;
    const [p, q] = d.operands;
    const c = p === iv ? this.literal.get(q) : q === iv ? this.literal.get(p) : undefined;
    return c !== undefined && /^\d+$/.test(c) ? Number(c) : null;
  }

  private windowSlot(arr: Value, index: Value): string | null {
    if (!this.activeWindow) return null;
    const root = this.root.get(arr) ?? arr;
    const c = this.offsetFrom(this.activeWindow.iv, index);
    const slots = this.windows.get(this.activeWindow.loop)?.get(root);
    return c === null || !slots ? null : (slots[c] ?? null);
  }

  /** Plans the windows of a fused ascending loop: offsets 0..C of each differentiated input. */
  private planWindows(loop: Op): Map<Value, string[]> {
    const iv = loop.regions[0].args[0];
    const widths = new Map<Value, number>();
    const visit = (b: Block) => {
      for (const op of b.ops) {
        if (op.opcode === 'for') continue; // loads in inner loops keep their own order
        op.regions.forEach(visit);
        if (op.opcode !== 'load' || !this.active.has(op.results[0])) continue;
        const root = this.root.get(op.operands[0]) ?? op.operands[0];
        if (!this.f.params.some((p) => p.value === root)) continue;
        const c = this.offsetFrom(iv, op.operands[1]);
        if (c === null || c > 8) {
          widths.set(root, -1); // some other access: no window for this input
          continue;
        }
        if ((widths.get(root) ?? 0) >= 0) widths.set(root, Math.max(widths.get(root) ?? 0, c + 1));
      }
    };
    visit(loop.regions[0]);
    const plan = new Map<Value, string[]>();
    for (const [root, width] of widths) {
      if (width <= 0) continue;
      plan.set(root, Array.from({ length: width }, (_, c) => this.local(`${root.hint ?? 'x'}_bar_i${c}`)));
    }
    return plan;
  }

  private arrayBar(arr: Value): { buf: string; off: string | null } | undefined {
    return this.barRoots.get(this.root.get(arr) ?? arr);
  }

  private element(bar: { buf: string; off: string | null }, index: Value): string {
    return `${bar.buf}[${bar.off ? `${bar.off} + ` : ''}${this.js(index)}]`;
  }

  private reverseOp(op: Op): void {
    if (op.opcode === 'for') return this.reverseFor(op);
    if (op.opcode === 'if') return this.reverseIf(op);
    const r = op.results[0];
    if (!r) return;
    if (op.opcode === 'alloc') {
      // A buffer allocated inside a loop starts from zero in every iteration: so does its adjoint.
      if (this.activeRoots.has(r) && this.loopOf.get(r)) this.out.push(`${this.arrayBar(r)!.buf}.fill(0);`, op.span);
      return;
    }
    if (!this.active.has(r)) return;
    const def = opDef(op.opcode);
    const a = op.operands;
    if (op.opcode === 'store') {
      const bar = this.arrayBar(a[0]);
      if (!bar) return;
      const el = this.element(bar, a[1]);
      if (this.active.has(a[2])) {
        const t = this.local(`${a[2].hint ?? 'v'}_adj`);
        this.out.push(`${t} = ${el};`, op.span);
        this.addTo(a[2], t, op.span);
      }
      this.out.push(`${el} = 0;`, op.span);
      return;
    }
    const rb = this.takeBar(r, op.span);
    if (rb === null) return;
    switch (op.opcode) {
      case 'load': {
        const bar = this.arrayBar(a[0]);
        if (!bar) return;
        const slot = this.windowSlot(a[0], a[1]);
        if (slot) this.out.push(`${slot} += ${rb};`, op.span);
        else this.out.push(`${this.element(bar, a[1])} += ${rb};`, op.span);
        return;
      }
      case 'select':
        this.addTo(a[1], `(${this.js(a[0])} ? ${rb} : 0)`, op.span);
        this.addTo(a[2], `(${this.js(a[0])} ? 0 : ${rb})`, op.span);
        return;
      default:
        break;
    }
    let partials: string[];
    if (def.switchSpec) {
      const s = this.js(this.sign.get(op)!);
      const spec = def.switchSpec;
      partials = spec.zCoef.map((zc, k) => affine(spec.yCoef[k], spec.absCoef * zc, s));
    } else if (def.jsPartials) {
      partials = def.jsPartials(a.map((v) => paren(this.js(v))), paren(this.js(r)));
    } else {
      throw new Error(`no derivative for '${op.opcode}'`);
    }
    a.forEach((v, k) => {
      const p = partials[k];
      if (p === '0') return;
      const term = p === '1' ? rb : p === '-1' ? `-${rb}` : rb === '1' ? paren(p) : `${rb} * ${paren(p)}`;
      this.addTo(v, term, op.span);
    });
  }

  private reverseFor(op: Op): void {
    if (!this.loopHasBackward(op) || this.fused.has(op)) return;
    const body = op.regions[0];
    const id = this.loopId.get(op)!;
    const [lo, hi] = op.operands.slice(0, 2).map((v) => this.js(v));
    const step = op.attrs.step as number;
    const cmp = String(op.attrs.cmp);
    const y = body.ops[body.ops.length - 1];
    const slots = op.results.map((_, k) => k).filter((k) => op.results[k].type !== 'arr' && (this.active.has(op.results[k]) || this.active.has(body.args[1 + k])));
    const carry = new Map<number, string>();
    for (const k of slots) {
      const c = this.local(`${op.results[k].hint ?? 'c'}_carry`);
      carry.set(k, c);
      const rb = this.active.has(op.results[k]) ? this.takeBar(op.results[k], op.span) : null;
      this.out.push(`${c} = ${rb ?? '0'};`, op.span);
    }
    const n = `trip$${id}`;
    const k = `k$${id}`;
    this.localNamed(n);
    this.localNamed(k);
    this.out.push(`${n} = ${trip(lo, hi, step, cmp)};`, op.span);
    this.out.open(`for (${k} = ${n} - 1; ${k} >= 0; ${k}--) {`, op.span);
    const stride = Math.abs(step) === 1 ? k : `${k} * ${Math.abs(step)}`;
    this.out.push(`${this.js(body.args[0])} = ${lo === '0' && step > 0 ? stride : `${lo} ${step > 0 ? '+' : '-'} ${stride}`};`, op.span);
    const taped = this.taped.get(op) ?? [];
    if (taped.length > 0) {
      this.out.push(`base$${id} = --it$${id} * ${taped.length};`);
      const tape = this.tapeName(op);
      taped.forEach((v, s) => this.out.push(`${this.js(v)} = ${tape}[base$${id}${s === 0 ? '' : ` + ${s}`}];`));
    }
    for (const rop of this.recompute.get(op) ?? []) this.forwardOp(rop);
    // A plain sum passes the same adjoint to every iteration: no carry to update.
    const sums = new Set(slots.filter((k) => this.isSumSlot(op, k, this.uses)));
    for (const s of sums) this.constantAdjoint.add(body.args[1 + s]);
    for (const s of slots) this.addTo(y.operands[s], carry.get(s)!, op.span);
    this.reverse(body);
    for (const s of slots) {
      const arg = body.args[1 + s];
      if (sums.has(s)) continue;
      if (this.active.has(arg)) {
        this.out.push(`${carry.get(s)} = ${this.barOf(arg)};`, op.span);
        this.out.push(`${this.barOf(arg)} = 0;`, op.span);
      } else this.out.push(`${carry.get(s)} = 0;`, op.span);
    }
    this.out.close();
    for (const s of slots) this.addTo(op.operands[2 + s], carry.get(s)!, op.span);
  }

  private reverseIf(op: Op): void {
    if (!this.loopHasBackward(op)) return;
    const resultBars = op.results.map((res) => (res.type !== 'arr' && this.active.has(res) ? this.takeBar(res, op.span) : null));
    this.out.open(`if (${this.js(op.operands[0])}) {`, op.span);
    op.regions.forEach((r, i) => {
      if (i === 1) this.out.reopen('} else {');
      const y = r.ops[r.ops.length - 1];
      op.results.forEach((_, k) => {
        const rb = resultBars[k];
        if (rb !== null) this.addTo(y.operands[k], rb, op.span);
      });
      this.reverse(r);
    });
    this.out.close();
  }
}

/** c1 + c2 - c3 ... from terms that may start with a minus sign. */
function sumTerms(terms: string[]): string {
  return terms.map((t, i) => (i === 0 ? t : t.startsWith('-') ? `- ${t.slice(1)}` : `+ ${t}`)).join(' ');
}

function literal(x: number | boolean): string {
  if (typeof x === 'boolean') return String(x);
  const s = formatNumber(x);
  return x < 0 || Object.is(x, -0) ? `(${s})` : s;
}

/** Parenthesizes anything that is not a plain name, number or one parenthesized group. */
function paren(e: string): string {
  if (/^[\w$.]+$/.test(e)) return e;
  if (e.startsWith('(') && e.endsWith(')')) {
    let depth = 0;
    for (let i = 0; i < e.length; i++) {
      if (e[i] === '(') depth++;
      if (e[i] === ')') depth--;
      if (depth === 0 && i < e.length - 1) return `(${e})`;
    }
    return e;
  }
  return `(${e})`;
}

/** The expression c0 + c1 * s, simplified for the common coefficients. */
function affine(c0: number, c1: number, s: string): string {
  const term = c1 === 0 ? '' : c1 === 1 ? s : c1 === -1 ? `-${s}` : `${formatNumber(c1)} * ${s}`;
  if (c0 === 0) return term || '0';
  if (!term) return formatNumber(c0);
  return term.startsWith('-') ? `${formatNumber(c0)} - ${term.slice(1)}` : `${formatNumber(c0)} + ${term}`;
}

/** The trip count of `for (i = lo; i cmp hi; i += step)`. */
function trip(lo: string, hi: string, step: number, cmp: string): string {
  const s = Math.abs(step);
  const span = step > 0 ? (lo === '0' ? hi : `${hi} - ${lo}`) : hi === '0' ? lo : `${lo} - ${hi}`;
  if (cmp === '<' || cmp === '>') return s === 1 ? `Math.max(0, ${span})` : `Math.max(0, Math.ceil((${span}) / ${s}))`;
  return s === 1 ? `Math.max(0, ${span} + 1)` : `Math.max(0, Math.floor((${span}) / ${s}) + 1)`;
}

