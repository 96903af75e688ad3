/**
 * WGSL for one IR function: a compute kernel that evaluates f and its gradient, in f32, for one
 * batch element per invocation (runtime/kernel-layout.ts describes the buffers).
 *
 * Takes a Func after the pipeline, its differentiated parameters, its parameter plan
 * (layout.ts) and the kink convention; returns the kernel's WGSL text and its KernelLayout.
 *
 * The code has the shape of the JavaScript backend's f_grad (compiler/codegen/js/function.ts):
 * a forward sweep that runs the primal and writes what the backward sweep needs to tapes
 * (sweep.ts decides what and where, storage.ts spells where arrays and tapes live), then the
 * backward sweep on the same structured IR, a `for`
 * becoming a `for` that runs backwards and loop-carried adjoints moving from the yield to the
 * previous iteration. Loops stay loops and nothing depends on the input sizes: lengths, offsets
 * and scratch regions come from the `Dims` uniform, so the text is the same for every n.
 *
 * Switching ops: the sign s = sign(u - v) (u - v = z, the switching variable) is computed in
 * f32 and taped; the derivative is the abs-normal-form identity with abs'(0) = K (the kink
 * convention, oriented by a merged switch's sign), exactly as in JavaScript. Every active
 * switching variable that is exactly zero in f32 (or, with a positive `band`, satisfies
 * |u - v| <= band * max(1, |u|, |v|)) is counted into the element's flag word, so the host
 * can decide that element in f64 (theory.md §8, item 10: f32 never decides a tie that matters).
 * A value or gradient entry that is not finite in f32 sets NONFINITE_FLAG.
 */
import { opDef, wgslFloat } from '../../ir/ops.js';
import type { Block, Func, Op, Span, Value } from '../../ir/types.js';
import type { KernelLayout, UniformField } from '../../../runtime/kernel-layout.js';
import { BINDINGS } from '../../../runtime/kernel-layout.js';
import type { BatchMode, ParamPlan } from './layout.js';
import { preludeFor } from './prelude.js';
import { ArrayStorage, floatLiteral } from './storage.js';
import { SweepPlan } from './sweep.js';

export const WORKGROUP_SIZE = 64;
export const ENTRY_POINT = 'absad_grad';

export interface KernelOptions {
  wrt: number[];
  absKink: number;
  batch: BatchMode;
  plan: ParamPlan;
  version: string;
}

export interface EmittedKernel {
  wgsl: string;
  layout: KernelLayout;
  sweep: SweepPlan;
}

const WGSL_TYPE: Record<string, string> = { f64: 'f32', int: 'i32', bool: 'bool' };

export function emitKernel(f: Func, o: KernelOptions): EmittedKernel {
  return new KernelEmitter(f, o).run();
}

class KernelEmitter {
  private out: string[] = [];
  private depth = 1;
  private decls: string[] = [];
  private names = new Map<Value, string>();
  private used = new Set<string>();
  private bar = new Map<Value, string>();
  private sweep: SweepPlan;
  private uniform: UniformField[];
  private arrays: ArrayStorage;
  private tapeBase = new Map<Op, { it: string; base: string }>();

  constructor(private f: Func, private o: KernelOptions) {
    this.sweep = new SweepPlan(f, o.wrt);
    this.uniform = [...o.plan.uniform, ...this.sweep.regions.map((_, r): UniformField => ({ field: `s${r}`, kind: 'scratch', region: r }))];
    this.arrays = new ArrayStorage(f, this.sweep, o.plan.params, o.wrt, {
      field: (kind, param) => this.field(kind, param),
      fresh: (base) => this.fresh(base),
      declare: (decl) => this.decls.push(decl),
      scalar: (v) => this.w(v),
    });
  }

  // ----- names ---------------------------------------------------------------------------

  private fresh(base: string): string {
    let clean = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(clean)) clean = `v${clean}`;
    for (let k = 1; ; k++) {
      const name = `${clean}_${k}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  private local(base: string, type: string): string {
    const n = this.fresh(base);
    this.decls.push(`var ${n}: ${type};`);
    return n;
  }

  private field(kind: UniformField['kind'], param?: string): string {
    const u = this.uniform.find((x) => x.kind === kind && (param === undefined || ('param' in x && x.param === param)));
    if (!u) throw new Error(`no uniform field ${kind} ${param ?? ''}`);
    return `dims.${u.field}`;
  }

  /** The WGSL expression of a scalar value (a literal for constants). */
  private w(v: Value): string {
    const lit = this.sweep.literal.get(v);
    if (lit !== undefined) return literal(lit, v.type);
    let n = this.names.get(v);
    if (!n) {
      const type = WGSL_TYPE[v.type];
      if (!type) throw new Error(`value %${v.id} of type ${v.type} has no WGSL variable`);
      n = this.local(v.hint ?? 'v', type);
      this.names.set(v, n);
    }
    return n;
  }

  private barOf(v: Value): string {
    let n = this.bar.get(v);
    if (!n) {
      n = this.local(`${v.hint ?? 'v'}_bar`, 'f32');
      this.bar.set(v, n);
    }
    return n;
  }

  private push(text: string, span?: Span): void {
    const comment = span && span.line > 0 ? ` // L${span.line}` : '';
    this.out.push(`${'  '.repeat(this.depth)}${text}${comment}`);
  }

  private open(text: string, span?: Span): void {
    this.push(text, span);
    this.depth++;
  }

  private close(text = '}'): void {
    this.depth--;
    this.push(text);
  }

  // ----- tapes -----------------------------------------------------------------------------

  private tapeAt(loop: Op, slot: number): string {
    const { base } = this.tapeBase.get(loop)!;
    return this.arrays.tapeAt(loop, slot === 0 ? base : `${base} + ${slot}`);
  }

  /** After a value is defined: write it to its loop's tape if the backward sweep needs it. */
  private afterDef(v: Value, span?: Span): void {
    const loop = this.sweep.loopOf.get(v) ?? null;
    const s = this.sweep.slot.get(v);
    if (loop === null || s === undefined) return;
    const x = this.w(v);
    const stored = v.type === 'f64' ? x : v.type === 'int' ? `f32(${x})` : `select(0.0, 1.0, ${x})`;
    this.push(`${this.tapeAt(loop, s)} = ${stored};`, span);
  }

  private restore(v: Value, loop: Op): void {
    const t = this.tapeAt(loop, this.sweep.slot.get(v)!);
    this.push(`${this.w(v)} = ${v.type === 'f64' ? t : v.type === 'int' ? `i32(${t})` : `${t} != 0.0`};`);
  }

  // ----- kernel ----------------------------------------------------------------------------

  run(): EmittedKernel {
    const f = this.f;
    const prologue: string[] = [];
    const saved = this.out;
    this.out = prologue;
    // Parameters: scalars are read once; arrays are read where they are used.
    f.params.forEach((p, i) => {
      const layout = this.o.plan.params[i];
      const v = p.value;
      if (layout.kind === 'array') return;
      const name = this.fresh(p.name);
      this.decls.push(`var ${name}: ${WGSL_TYPE[v.type]};`);
      this.names.set(v, name);
      if (layout.kind === 'int') this.push(`${name} = ${this.field('int', p.name)};`);
      else if (layout.kind === 'bool') this.push(`${name} = ${this.field('bool', p.name)} != 0u;`);
      else if (layout.role === 'batched') this.push(`${name} = ${this.arrays.column('batch_in', this.field('offset', p.name), null)};`);
      else this.push(`${name} = shared_in[${this.field('offset', p.name)}];`);
    });
    this.push('for (var c = 1u; c < dims.width; c++) {');
    this.push('  outputs[c * dims.count + e] = 0.0;');
    this.push('}');
    this.out = saved;

    const body: string[] = [];
    this.out = body;
    this.decls.push('var kinks: u32 = 0u;');
    const ret = this.forward(f.body);
    const retVal = f.body.ops[f.body.ops.length - 1].operands[0];
    const value = this.local('value', 'f32');
    this.push(`${value} = ${ret};`);
    if (this.sweep.active.has(retVal)) this.addTo(retVal, '1.0');
    this.reverse(f.body);
    for (const i of this.o.wrt) {
      const p = f.params[i];
      if (p.value.type === 'f64') this.push(`${this.arrays.column('outputs', this.field('gradient', p.name), null)} = ${this.bar.has(p.value) ? this.barOf(p.value) : '0.0'};`);
    }
    this.push(`outputs[e] = ${value};`);
    this.push('var bad = false;');
    this.push('for (var c = 0u; c < dims.width; c++) {');
    this.push('  bad = bad || absad_nonfinite(outputs[c * dims.count + e]);');
    this.push('}');
    this.push(`flags[e] = min(kinks, 0x7fffffffu) | select(0u, 0x80000000u, bad);`);
    this.out = saved;

    const main = [
      `@compute @workgroup_size(${WORKGROUP_SIZE})`,
      `fn ${ENTRY_POINT}(@builtin(global_invocation_id) gid: vec3<u32>) {`,
      '  let e = gid.x;',
      '  if (e >= dims.count) {',
      '    return;',
      '  }',
      ...this.decls.map((d) => `  ${d}`),
      ...prologue,
      ...body,
      '}',
    ].join('\n');
    const wrtNames = this.o.wrt.map((i) => f.params[i].name);
    const header = [
      `// Generated by absad ${this.o.version} from ${f.span.file || 'the source'}: ${f.name}, value and gradient with respect to ${wrtNames.join(', ')}, in f32.`,
      `// One invocation per batch element (--batch ${this.o.batch}); abs'(0) = ${this.o.absKink}. Buffers: runtime/kernel-layout.ts.`,
      '',
      'struct Dims {',
      ...this.uniform.map((u) => `  ${u.field}: ${u.kind === 'band' ? 'f32' : u.kind === 'int' || u.kind === 'length' ? 'i32' : 'u32'},`),
      '}',
      '',
      `@group(0) @binding(${BINDINGS.dims}) var<uniform> dims: Dims;`,
      `@group(0) @binding(${BINDINGS.shared}) var<storage, read> shared_in: array<f32>;`,
      `@group(0) @binding(${BINDINGS.batched}) var<storage, read> batch_in: array<f32>;`,
      `@group(0) @binding(${BINDINGS.out}) var<storage, read_write> outputs: array<f32>;`,
      `@group(0) @binding(${BINDINGS.flags}) var<storage, read_write> flags: array<u32>;`,
      `@group(0) @binding(${BINDINGS.scratch}) var<storage, read_write> scratch: array<f32>;`,
    ];
    const prelude = preludeFor(main);
    const wgsl = [...header, '', ...(this.arrays.consts.length > 0 ? [...this.arrays.consts, ''] : []), ...(prelude ? [prelude, ''] : []), main, ''].join('\n');
    const layout: KernelLayout = {
      version: 1,
      name: f.name,
      source: f.span.file,
      batch: this.o.batch,
      absKink: this.o.absKink,
      workgroupSize: WORKGROUP_SIZE,
      entryPoint: ENTRY_POINT,
      params: this.o.plan.params,
      wrt: wrtNames,
      uniform: this.uniform,
      scratch: this.sweep.regions.map((r) => r.what),
    };
    return { wgsl, layout, sweep: this.sweep };
  }

  // ----- forward sweep ---------------------------------------------------------------------

  private forward(b: Block): string {
    for (const op of b.ops) {
      if (op.opcode === 'yield') return '';
      if (op.opcode === 'return') return this.w(op.operands[0]);
      this.forwardOp(op);
    }
    return '';
  }

  private assign(op: Op, expr: string): void {
    this.push(`${this.w(op.results[0])} = ${expr};`, op.span);
    this.afterDef(op.results[0], op.span);
  }

  private forwardOp(op: Op): void {
    const a = op.operands.map((v) => (v.type === 'arr' || v.type === 'mat' ? '' : this.w(v)));
    switch (op.opcode) {
      case 'const':
      case 'row':
        return; // literals and views: read where used
      case 'itof':
        return this.assign(op, `f32(${a[0]})`);
      case 'len':
        return this.assign(op, this.arrays.access(op.operands[0]).length);
      case 'rows':
        return this.assign(op, String((this.sweep.defOp.get(this.sweep.rootOf(op.operands[0]))!.attrs.value as number[][]).length));
      case 'load':
        return this.assign(op, this.arrays.access(op.operands[0]).at(a[1]));
      case 'store':
        this.push(`${this.arrays.access(op.operands[0]).at(a[1])} = ${a[2]};`, op.span);
        return;
      case 'alloc':
        return this.alloc(op);
      case 'for':
        return this.forwardFor(op);
      case 'if':
        return this.forwardIf(op);
      case 'call':
        throw new Error(`call to @${String(op.attrs.callee)} left after inlining`);
      default:
        break;
    }
    const def = opDef(op.opcode);
    if (!def.wgsl) throw new Error(`no WGSL spelling for '${op.opcode}'`);
    this.assign(op, def.wgsl(a, op.attrs));
    if (def.switchSpec) this.switchSign(op, a);
  }

  /** The sign item of an active switch, and the count of exact zeros (flag word). */
  private switchSign(op: Op, a: string[]): void {
    const s = this.sweep.sign.get(op);
    if (!s) return;
    const [u, v] = a.length === 2 ? [a[0], a[1]] : [a[0], '0.0'];
    const k0 = this.o.absKink * Math.sign((op.attrs.z as number | undefined) ?? 1);
    const tie = k0 === 0 ? '' : k0 === 1 ? ` + f32(${u} == ${v})` : ` - f32(${u} == ${v})`;
    this.push(`${this.w(s)} = f32(${u} > ${v}) - f32(${u} < ${v})${tie};`, op.span);
    this.push(`kinks += u32(${u} == ${v} || abs(${u} - ${v}) <= dims.band * max(1.0, max(abs(${u}), abs(${v}))));`, op.span);
    this.afterDef(s, op.span);
  }

  private alloc(op: Op): void {
    const r = op.results[0];
    const acc = this.arrays.access(r);
    const j = this.local('j', 'i32');
    // A fresh array is zero (also when the alloc runs again in a loop); so is its adjoint.
    const bar = this.arrays.barAccess(r);
    this.open(`for (${j} = 0; ${j} < ${acc.length}; ${j} += 1) {`, op.span);
    this.push(`${acc.at(j)} = 0.0;`);
    if (bar) this.push(`${bar.at(j)} = 0.0;`);
    this.close();
  }

  private forwardFor(op: Op): void {
    const [lo, hi] = [this.w(op.operands[0]), this.w(op.operands[1])];
    const body = op.regions[0];
    const iv = this.w(body.args[0]);
    const step = op.attrs.step as number;
    const cmp = String(op.attrs.cmp);
    const carried = body.args.slice(1);
    op.operands.slice(2).forEach((init, k) => {
      if (init.type !== 'arr') this.push(`${this.w(carried[k])} = ${this.w(init)};`, op.span);
    });
    const taped = this.sweep.taped.get(op) ?? [];
    if (taped.length > 0) {
      const s = this.sweep.tapeStorage.get(op)!;
      const it = this.local('it', 'i32');
      const base = this.local('base', 'i32');
      this.tapeBase.set(op, { it, base });
      if (s.kind === 'function') this.arrays.declareTape(op, s.size);
    }
    this.open(`for (${iv} = ${lo}; ${iv} ${cmp} ${hi}; ${iv} ${step > 0 ? '+=' : '-='} ${Math.abs(step)}) {`, op.span);
    if (taped.length > 0) {
      const { it, base } = this.tapeBase.get(op)!;
      this.push(`${base} = ${it} * ${taped.length};`);
      this.push(`${it} += 1;`);
      for (const c of carried) this.afterDef(c, op.span);
    }
    this.forward(body);
    const y = body.ops[body.ops.length - 1];
    this.parallelAssign(carried, y.operands, y.span);
    this.close();
    op.results.forEach((r, k) => {
      if (r.type !== 'arr') this.push(`${this.w(r)} = ${this.w(carried[k])};`, op.span);
      this.afterDef(r, op.span);
    });
  }

  /** targets[k] = sources[k] for scalar slots, as if simultaneously. */
  private parallelAssign(targets: Value[], sources: Value[], span: Span): void {
    const pairs = targets.map((t, k) => [t, sources[k]] as const).filter(([t, s]) => t.type !== 'arr' && this.w(t) !== this.w(s));
    const targetNames = new Set(pairs.map(([t]) => this.w(t)));
    if (!pairs.some(([, s]) => targetNames.has(this.w(s)))) {
      for (const [t, s] of pairs) this.push(`${this.w(t)} = ${this.w(s)};`, span);
      return;
    }
    const temps = pairs.map(([t, s]) => {
      const tmp = this.local(`${t.hint ?? 'v'}_next`, WGSL_TYPE[t.type]);
      this.push(`${tmp} = ${this.w(s)};`, span);
      return tmp;
    });
    pairs.forEach(([t], k) => this.push(`${this.w(t)} = ${temps[k]};`, span));
  }

  /** `if (cond) { ... } else { ... }` around `each` of the two regions (with its yield). */
  private branches(op: Op, each: (r: Block, y: Op) => void): void {
    this.open(`if (${this.w(op.operands[0])}) {`, op.span);
    op.regions.forEach((r, i) => {
      if (i === 1) {
        this.depth--;
        this.push('} else {');
        this.depth++;
      }
      each(r, r.ops[r.ops.length - 1]);
    });
    this.close();
  }

  private forwardIf(op: Op): void {
    this.branches(op, (r, y) => {
      this.forward(r);
      op.results.forEach((res, k) => {
        if (res.type !== 'arr') this.push(`${this.w(res)} = ${this.w(y.operands[k])};`, y.span);
      });
    });
    for (const res of op.results) this.afterDef(res, op.span);
  }

  // ----- backward sweep --------------------------------------------------------------------

  private reverse(b: Block): void {
    for (let i = b.ops.length - 1; i >= 0; i--) {
      const op = b.ops[i];
      if (op.opcode === 'return' || op.opcode === 'yield') continue;
      this.reverseOp(op);
    }
  }

  private addTo(v: Value, expr: string, span?: Span): void {
    if (!this.sweep.active.has(v)) return;
    if (expr.startsWith('-') && !expr.startsWith('-(')) this.push(`${this.barOf(v)} -= ${expr.slice(1)};`, span);
    else this.push(`${this.barOf(v)} += ${expr};`, span);
  }

  /** The adjoint of r, moved into a fresh variable (the accumulator is reset for the next use). */
  private takeBar(r: Value, span: Span): string {
    const acc = this.barOf(r);
    const t = this.local(`${r.hint ?? 'v'}_adj`, 'f32');
    this.push(`${t} = ${acc};`, span);
    this.push(`${acc} = 0.0;`, span);
    return t;
  }

  private reverseOp(op: Op): void {
    if (op.opcode === 'for') return this.reverseFor(op);
    if (op.opcode === 'if') return this.reverseIf(op);
    const r = op.results[0];
    if (!r) return;
    if (op.opcode === 'alloc') {
      // A buffer allocated inside a loop starts from zero in every iteration: so does its adjoint.
      const bar = this.arrays.barAccess(r);
      if (bar && this.sweep.loopOf.get(r)) {
        const j = this.local('j', 'i32');
        this.open(`for (${j} = 0; ${j} < ${bar.length}; ${j} += 1) {`, op.span);
        this.push(`${bar.at(j)} = 0.0;`);
        this.close();
      }
      return;
    }
    if (!this.sweep.active.has(r)) return;
    const a = op.operands;
    if (op.opcode === 'store') {
      const bar = this.arrays.barAccess(a[0]);
      if (!bar) return;
      const el = bar.at(this.w(a[1]));
      if (this.sweep.active.has(a[2])) {
        const t = this.local(`${a[2].hint ?? 'v'}_adj`, 'f32');
        this.push(`${t} = ${el};`, op.span);
        this.addTo(a[2], t, op.span);
      }
      this.push(`${el} = 0.0;`, op.span);
      return;
    }
    const rb = this.takeBar(r, op.span);
    if (op.opcode === 'load') {
      const bar = this.arrays.barAccess(a[0]);
      if (bar) this.push(`${bar.at(this.w(a[1]))} += ${rb};`, op.span);
      return;
    }
    if (op.opcode === 'select') {
      this.addTo(a[1], `select(0.0, ${rb}, ${this.w(a[0])})`, op.span);
      this.addTo(a[2], `select(${rb}, 0.0, ${this.w(a[0])})`, op.span);
      return;
    }
    const def = opDef(op.opcode);
    let partials: string[];
    if (def.switchSpec) {
      const s = this.w(this.sweep.sign.get(op)!);
      const spec = def.switchSpec;
      partials = spec.zCoef.map((zc, k) => affine(spec.yCoef[k], spec.absCoef * zc, s));
    } else if (def.wgslPartials) {
      partials = def.wgslPartials(a.map((v) => this.w(v)), this.w(r));
    } else {
      throw new Error(`no WGSL derivative for '${op.opcode}'`);
    }
    a.forEach((v, k) => {
      const p = partials[k];
      if (p === '0.0') return;
      const term = p === '1.0' ? rb : p === '-1.0' ? `-${rb}` : `${rb} * (${p})`;
      this.addTo(v, term, op.span);
    });
  }

  private reverseFor(op: Op): void {
    if (!this.sweep.loopHasBackward(op)) return;
    const body = op.regions[0];
    const [lo, hi] = [this.w(op.operands[0]), this.w(op.operands[1])];
    const step = op.attrs.step as number;
    const cmp = String(op.attrs.cmp);
    const y = body.ops[body.ops.length - 1];
    const slots = op.results.map((_, k) => k).filter((k) => op.results[k].type !== 'arr' && (this.sweep.active.has(op.results[k]) || this.sweep.active.has(body.args[1 + k])));
    const carry = new Map<number, string>();
    for (const k of slots) {
      const c = this.local(`${op.results[k].hint ?? 'c'}_carry`, 'f32');
      carry.set(k, c);
      this.push(`${c} = ${this.sweep.active.has(op.results[k]) ? this.takeBar(op.results[k], op.span) : '0.0'};`, op.span);
    }
    const k = this.local('k', 'i32');
    this.open(`for (${k} = ${tripWgsl(lo, hi, step, cmp)} - 1; ${k} >= 0; ${k} -= 1) {`, op.span);
    const stride = Math.abs(step) === 1 ? k : `${k} * ${Math.abs(step)}`;
    this.push(`${this.w(body.args[0])} = ${lo} ${step > 0 ? '+' : '-'} ${stride};`, op.span);
    const taped = this.sweep.taped.get(op) ?? [];
    if (taped.length > 0) {
      const { it, base } = this.tapeBase.get(op)!;
      this.push(`${it} -= 1;`);
      this.push(`${base} = ${it} * ${taped.length};`);
      for (const v of taped) this.restore(v, op);
    }
    for (const rop of this.sweep.recompute.get(op) ?? []) this.forwardOp(rop);
    for (const s of slots) this.addTo(y.operands[s], carry.get(s)!, op.span);
    this.reverse(body);
    for (const s of slots) {
      const arg = body.args[1 + s];
      if (this.sweep.active.has(arg)) {
        this.push(`${carry.get(s)} = ${this.barOf(arg)};`, op.span);
        this.push(`${this.barOf(arg)} = 0.0;`, op.span);
      } else this.push(`${carry.get(s)} = 0.0;`, op.span);
    }
    this.close();
    for (const s of slots) this.addTo(op.operands[2 + s], carry.get(s)!, op.span);
  }

  private reverseIf(op: Op): void {
    if (!this.sweep.loopHasBackward(op)) return;
    const resultBars = op.results.map((res) => (res.type !== 'arr' && this.sweep.active.has(res) ? this.takeBar(res, op.span) : null));
    this.branches(op, (r, y) => {
      op.results.forEach((_, k) => {
        const rb = resultBars[k];
        if (rb !== null) this.addTo(y.operands[k], rb, op.span);
      });
      this.reverse(r);
    });
  }
}

/** A scalar constant in WGSL; infinities and NaN (no WGSL literal) are built at run time. */
function literal(x: number | boolean, type: string): string {
  if (typeof x === 'boolean') return String(x);
  if (type === 'int') return x < 0 ? `(${x})` : String(x);
  return floatLiteral(x);
}

/** c0 + c1 * s in WGSL, simplified for the coefficients of the switching ops. */
function affine(c0: number, c1: number, s: string): string {
  const term = c1 === 0 ? '' : c1 === 1 ? s : c1 === -1 ? `-${s}` : `${wgslFloat(c1)} * ${s}`;
  if (c0 === 0) return term || '0.0';
  if (!term) return wgslFloat(c0);
  return term.startsWith('-') ? `${wgslFloat(c0)} - ${term.slice(1)}` : `${wgslFloat(c0)} + ${term}`;
}

/** The trip count of `for (i = lo; i cmp hi; i += step)` in WGSL i32 arithmetic. */
function tripWgsl(lo: string, hi: string, step: number, cmp: string): string {
  const s = Math.abs(step);
  const span = step > 0 ? `(${hi} - ${lo})` : `(${lo} - ${hi})`;
  if (cmp === '<' || cmp === '>') return s === 1 ? `max(0, ${span})` : `select(0, (${span} + ${s - 1}) / ${s}, ${span} > 0)`;
  return s === 1 ? `max(0, ${span} + 1)` : `select(0, ${span} / ${s} + 1, ${span} >= 0)`;
}
