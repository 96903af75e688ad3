/**
 * The host side of input-sized storage: a JavaScript function, written into the loader, that
 * computes the per-element size (in floats) of every scratch region of a kernel before the host
 * dispatches it.
 *
 * Takes an IR function, its SweepPlan and the function's name; returns the source of
 *   function NAME(I, N) -> number[]
 * where I maps integer and boolean parameters to their values and N maps array parameters to
 * their lengths (per element, for batched arrays). A tape region needs width x (iterations of
 * its loop per invocation); an array region needs the largest size the alloc is run with.
 *
 * Technique: the static skeleton of the function (integer and boolean ops, loop bounds, static
 * `if`s; never a float) is emitted as JavaScript, restricted to what the regions depend on. A
 * loop whose body's counts do not depend on its counter (or carried integers) is not run: its
 * body is counted once with a multiplier (`m * trip`), so a nest of rectangular loops costs
 * O(depth) on the host; a triangular nest runs its outer loops. Integer values are exact (they
 * never depend on float data, by the subset's rules), so every bound is known at dispatch.
 */
import { opDef } from '../../ir/ops.js';
import { allOps } from '../../ir/rewrite.js';
import type { Block, Func, Op, Value } from '../../ir/types.js';
import type { SweepPlan } from './sweep.js';

export function emitScratchFunction(f: Func, plan: SweepPlan, name: string): string {
  return new ScratchEmitter(f, plan).emit(name);
}

class ScratchEmitter {
  private lines: string[] = [];
  private names = new Map<Value, string>();
  private used = new Set<string>(['I', 'N', 'R']);
  private locals: string[] = [];
  /** Values the region sizes depend on. */
  private need = new Set<Value>();
  /** Ops that count something: tape loops and allocs with scratch regions, and ops containing them. */
  private counting = new Set<Op>();
  private tapeRegion = new Map<Op, number>();
  private allocRegions = new Map<Op, number[]>();

  constructor(private f: Func, private plan: SweepPlan) {
    plan.regions.forEach((r, k) => {
      if (r.kind === 'tape') this.tapeRegion.set(r.loop, k);
      else this.allocRegions.set(r.alloc, [...(this.allocRegions.get(r.alloc) ?? []), k]);
    });
  }

  private fresh(base: string): string {
    let clean = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(clean)) clean = `v${clean}`;
    for (let k = 1; ; k++) {
      const n = `${clean}_${k}`;
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }

  private js(v: Value): string {
    const lit = this.plan.literal.get(v);
    if (lit !== undefined) return typeof lit === 'number' && lit < 0 ? `(${lit})` : String(lit);
    let n = this.names.get(v);
    if (!n) {
      n = this.fresh(v.hint ?? 'v');
      this.names.set(v, n);
      this.locals.push(n);
    }
    return n;
  }

  /**
   * Finds what the sizes depend on, to a fixpoint: the bounds of counting loops, the conditions
   * of counting ifs and alloc sizes, and everything those are computed from; a loop or if is
   * counting when it holds a counting op or defines a needed value (a carried integer).
   */
  private analyse(): void {
    const ops = [...allOps(this.f.body)];
    for (const op of ops) if (this.tapeRegion.has(op) || this.allocRegions.has(op)) this.counting.add(op);
    let changed = true;
    const add = (v: Value) => {
      if (v.type === 'arr' || v.type === 'mat' || this.plan.literal.has(v) || this.need.has(v)) return;
      this.need.add(v);
      changed = true;
    };
    const mark = (op: Op) => {
      if (this.counting.has(op)) return;
      this.counting.add(op);
      changed = true;
    };
    while (changed) {
      changed = false;
      for (const op of ops) {
        if ((op.opcode === 'for' || op.opcode === 'if') && op.regions.some((r) => [...allOps(r)].some((o) => this.counting.has(o) || o.results.some((x) => this.need.has(x))))) mark(op);
        if (this.counting.has(op)) {
          if (op.opcode === 'for') {
            add(op.operands[0]);
            add(op.operands[1]);
          } else if (op.opcode === 'if' || op.opcode === 'alloc') add(op.operands[0]);
        }
        if (op.opcode === 'for') {
          // A carried integer read inside the loop: the loop runs on the host with its carries.
          const body = op.regions[0];
          op.results.forEach((r, k) => {
            if (this.need.has(body.args[1 + k]) && !this.need.has(r)) add(r);
          });
        }
        op.results.forEach((r, k) => {
          if (!this.need.has(r)) return;
          if (op.opcode === 'for' || op.opcode === 'if') {
            mark(op);
            for (const region of op.regions) add(region.ops[region.ops.length - 1].operands[k]);
            if (op.opcode === 'for') add(op.operands[2 + k]);
            return;
          }
          op.operands.forEach(add);
          if (op.opcode === 'len') {
            const root = this.plan.rootOf(op.operands[0]);
            const view = this.plan.views.get(root);
            const def = this.plan.defOp.get(root);
            if (view) add(view.index);
            else if (def?.opcode === 'alloc') add(def.operands[0]);
          }
        });
      }
    }
  }

  emit(name: string): string {
    this.analyse();
    for (const p of this.f.params) {
      if (!this.need.has(p.value)) continue;
      const n = this.js(p.value);
      this.lines.push(`  ${n} = ${p.value.type === 'arr' ? 'N' : 'I'}[${JSON.stringify(p.name)}];`);
    }
    this.block(this.f.body, '1', 1);
    const out = [
      `/** Per-element sizes (floats) of ${this.f.name}'s scratch regions; I: integer and boolean parameters by name, N: array lengths by name. */`,
      `export function ${name}(I, N) {`,
      `  const R = new Array(${this.plan.regions.length}).fill(0);`,
    ];
    if (this.locals.length > 0) out.push(`  let ${this.locals.join(', ')};`);
    out.push(...this.lines, '  return R;', '}');
    return out.join('\n');
  }

  private push(depth: number, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${text}`);
  }

  /** Emits the counting skeleton of a block; `mul` is how many times the block runs per invocation. */
  private block(b: Block, mul: string, depth: number): void {
    for (const op of b.ops) {
      if (op.opcode === 'yield' || op.opcode === 'return') continue;
      if (op.opcode === 'for' && this.counting.has(op)) this.loop(op, mul, depth);
      else if (op.opcode === 'if' && this.counting.has(op)) this.branch(op, mul, depth);
      else if (op.opcode === 'alloc' && this.allocRegions.has(op)) {
        for (const r of this.allocRegions.get(op)!) this.push(depth, `R[${r}] = Math.max(R[${r}], ${this.js(op.operands[0])});`);
      } else if (op.results.length === 1 && this.need.has(op.results[0])) {
        this.push(depth, `${this.js(op.results[0])} = ${this.expr(op)};`);
      }
    }
  }

  private expr(op: Op): string {
    const a = op.operands.map((v) => (v.type === 'arr' || v.type === 'mat' ? '' : this.js(v)));
    switch (op.opcode) {
      case 'const':
        return String(op.attrs.value);
      case 'len': {
        const root = this.plan.rootOf(op.operands[0]);
        const param = this.f.params.find((p) => p.value === root);
        if (param) return `N[${JSON.stringify(param.name)}]`;
        const view = this.plan.views.get(root);
        const def = this.plan.defOp.get(view ? view.mat : root)!;
        if (def.opcode === 'alloc') return this.js(def.operands[0]);
        const value = def.attrs.value as number[] | number[][];
        return view ? `[${(value as number[][]).map((r) => r.length).join(', ')}][${this.js(view.index)}]` : String(value.length);
      }
      case 'rows':
        return String((this.plan.defOp.get(this.plan.rootOf(op.operands[0]))!.attrs.value as number[][]).length);
      default: {
        const def = opDef(op.opcode);
        if (!def.js || (def.group !== 'index' && def.group !== 'logic')) throw new Error(`scratch sizes: '${op.opcode}' is not a static op`);
        return def.js(a, op.attrs);
      }
    }
  }

  /** Whether any needed value or counting op inside `body` reads the loop counter or a carried value. */
  private dependsOnCounter(op: Op): boolean {
    const body = op.regions[0];
    const isStatic = (v: Value) => v.type === 'int' || v.type === 'bool';
    const dep = new Set<Value>(body.args.filter(isStatic));
    for (const o of allOps(body)) {
      const reads = o.operands.filter(isStatic);
      if (o.opcode === 'len') {
        const root = this.plan.rootOf(o.operands[0]);
        const def = this.plan.defOp.get(root);
        if (def?.opcode === 'alloc') reads.push(def.operands[0]);
      }
      if (reads.some((v) => dep.has(v))) {
        o.results.filter(isStatic).forEach((r) => dep.add(r));
        if (this.counting.has(o) || o.results.some((r) => this.need.has(r))) return true;
      }
    }
    return false;
  }

  private loop(op: Op, mul: string, depth: number): void {
    const [lo, hi] = [this.js(op.operands[0]), this.js(op.operands[1])];
    const step = op.attrs.step as number;
    const cmp = String(op.attrs.cmp);
    const trip = tripJs(lo, hi, step, cmp);
    const region = this.tapeRegion.get(op);
    const width = region === undefined ? 0 : (this.plan.taped.get(op)?.length ?? 0);
    const body = op.regions[0];
    const carriesNeeded = op.results.some((r, k) => this.need.has(r) || this.need.has(body.args[1 + k]));
    const bodyCounts = body.ops.some((o) => this.counting.has(o) || o.results.some((r) => this.need.has(r)));
    if (!bodyCounts && !carriesNeeded) {
      if (region !== undefined) this.push(depth, `R[${region}] += ${product(mul, width, trip)};`);
      return;
    }
    if (!carriesNeeded && !this.dependsOnCounter(op)) {
      // Every run of the body counts the same: count it once, times the trip count.
      const m = this.fresh('m');
      this.locals.push(m);
      this.push(depth, `${m} = ${product(mul, 1, trip)};`);
      if (region !== undefined) this.push(depth, `R[${region}] += ${product(m, width, '1')};`);
      this.push(depth, `if (${m} > 0) {`);
      this.block(body, m, depth + 1);
      this.push(depth, '}');
      return;
    }
    if (region !== undefined) this.push(depth, `R[${region}] += ${product(mul, width, trip)};`);
    const iv = this.js(body.args[0]);
    const carried = body.args.slice(1);
    op.operands.slice(2).forEach((init, k) => {
      if (this.need.has(op.results[k])) this.push(depth, `${this.js(carried[k])} = ${this.js(init)};`);
    });
    const stepText = step > 0 ? `${iv} += ${step}` : `${iv} -= ${-step}`;
    this.push(depth, `for (${iv} = ${lo}; ${iv} ${cmp} ${hi}; ${stepText}) {`);
    this.block(body, mul, depth + 1);
    const y = body.ops[body.ops.length - 1];
    const moves = op.results.map((r, k) => [k, r] as const).filter(([, r]) => this.need.has(r));
    const temps = moves.map(([k]) => {
      const t = this.fresh('next');
      this.locals.push(t);
      this.push(depth + 1, `${t} = ${this.js(y.operands[k])};`);
      return t;
    });
    moves.forEach(([k], i) => this.push(depth + 1, `${this.js(carried[k])} = ${temps[i]};`));
    this.push(depth, '}');
    for (const [k, r] of moves) this.push(depth, `${this.js(r)} = ${this.js(carried[k])};`);
  }

  private branch(op: Op, mul: string, depth: number): void {
    this.push(depth, `if (${this.js(op.operands[0])}) {`);
    op.regions.forEach((r, i) => {
      if (i === 1) this.push(depth, '} else {');
      this.block(r, mul, depth + 1);
      const y = r.ops[r.ops.length - 1];
      op.results.forEach((res, k) => {
        if (this.need.has(res)) this.push(depth + 1, `${this.js(res)} = ${this.js(y.operands[k])};`);
      });
    });
    this.push(depth, '}');
  }
}

/** mul * width * trip, without factors of 1. */
function product(mul: string, width: number, trip: string): string {
  const factors = [mul, String(width), trip].filter((x) => x !== '1');
  return factors.length === 0 ? '1' : factors.join(' * ');
}

/** The trip count of `for (i = lo; i cmp hi; i += step)`, in JavaScript. */
export function tripJs(lo: string, hi: string, step: number, cmp: string): string {
  const s = Math.abs(step);
  const span = step > 0 ? `${hi} - ${lo}` : `${lo} - ${hi}`;
  if (cmp === '<' || cmp === '>') return s === 1 ? `Math.max(0, ${span})` : `Math.max(0, Math.ceil((${span}) / ${s}))`;
  return s === 1 ? `Math.max(0, ${span} + 1)` : `Math.max(0, Math.floor((${span}) / ${s}) + 1)`;
}
