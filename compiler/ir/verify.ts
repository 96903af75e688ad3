/**
 * The IR verifier. Takes a Module, returns the list of faults (empty when the IR is sound);
 * `assertValid` throws a VerifyError whose message prints the IR around each fault.
 * The pipeline runs it after every pass.
 *
 * Invariants checked:
 *  V1  every opcode is in the op table;
 *  V2  every value is defined once, and every operand is defined before it is used, in the
 *      same block or an enclosing one (SSA dominance for structured regions);
 *  V3  operand count and types, result count and types follow the op table
 *      (`const` values match their type; `select` arms and result share one scalar type);
 *  V4  every block ends with exactly one terminator and has no other: `return` in a function
 *      body, `yield` in a region; `return` carries the function's result type;
 *  V5  `for`: operands [lo: int, hi: int, ...inits]; cmp in < <= > >=; step a nonzero integer
 *      whose sign matches cmp; body arguments [iv: int, ...carried] with the inits' types;
 *      the body yields the carried types; results have the carried types;
 *  V6  `if`: one bool operand, two regions without arguments, each yielding the result types;
 *  V7  `call`: the callee exists in the module, takes these argument types and returns the
 *      result type; no function calls itself, directly or not;
 *  V8  arrays are used linearly: a value consumed by `store` (or carried by for/yield/return)
 *      has no later use; an array defined outside a region is never consumed inside it; a
 *      parameter array is never consumed (input arrays are read-only);
 *  V9  switching ops: `tern` is one of < <= > >=, `z` (after canonicalization) a nonzero integer.
 */
import { OPS, hasGenericOperandTypes, opDef } from './ops.js';
import { printFunc } from './print.js';
import type { Block, Func, Module, Op, Type, Value } from './types.js';

export interface Fault {
  func: Func;
  op: Op | null;
  message: string;
}

export class VerifyError extends Error {
  constructor(readonly faults: Fault[], readonly moduleFile: string, readonly after?: string) {
    super(formatFaults(faults, moduleFile, after));
  }
}

const CMPS = new Set(['<', '<=', '>', '>=']);
const SCALARS: Type[] = ['f64', 'int', 'bool'];

export function verifyModule(m: Module): Fault[] {
  const faults: Fault[] = [];
  const funcs = new Map(m.funcs.map((f) => [f.name, f]));
  for (const f of m.funcs) new FuncVerifier(f, funcs, faults).run();
  checkNoRecursion(m, faults);
  return faults;
}

export function assertValid(m: Module, after?: string): void {
  const faults = verifyModule(m);
  if (faults.length > 0) throw new VerifyError(faults, m.file, after);
}

class FuncVerifier {
  private defined = new Set<number>();
  /** Values visible at the current point, innermost scope last. */
  private scopes: Set<number>[] = [];
  /** What kind of region each scope is ('body' for the function body). */
  private scopeKinds: ('body' | 'for' | 'if')[] = [];
  private consumedBy = new Map<number, Op>();
  private params = new Set<number>();
  /** For each value, the depth of the region that defined it. */
  private depthOf = new Map<number, number>();

  constructor(private f: Func, private funcs: Map<string, Func>, private faults: Fault[]) {}

  private fault(op: Op | null, message: string): void {
    this.faults.push({ func: this.f, op, message });
  }

  run(): void {
    this.scopes.push(new Set());
    this.scopeKinds.push('body');
    for (const p of this.f.params) {
      this.defineValue(p.value, null);
      this.params.add(p.value.id);
    }
    if (this.f.body.args.length !== this.f.params.length || this.f.body.args.some((a, i) => a !== this.f.params[i].value)) {
      this.fault(null, 'function body arguments must be the parameters');
    }
    this.block(this.f.body, 'return');
  }

  private defineValue(v: Value, op: Op | null): void {
    if (this.defined.has(v.id)) this.fault(op, `value id ${v.id} is defined twice`);
    this.defined.add(v.id);
    this.scopes[this.scopes.length - 1].add(v.id);
    this.depthOf.set(v.id, this.scopes.length);
  }

  private visible(v: Value): boolean {
    return this.scopes.some((s) => s.has(v.id));
  }

  private block(b: Block, terminator: 'return' | 'yield'): void {
    if (b.ops.length === 0) {
      this.fault(null, `empty block: it must end with '${terminator}'`);
      return;
    }
    b.ops.forEach((op, i) => {
      const last = i === b.ops.length - 1;
      const isTerm = op.opcode === 'return' || op.opcode === 'yield';
      if (last && op.opcode !== terminator) this.fault(op, `block must end with '${terminator}'`);
      if (!last && isTerm) this.fault(op, `'${op.opcode}' must be the last op of its block`);
      if (isTerm && op.opcode !== terminator) this.fault(op, `'${op.opcode}' is not allowed here (expected '${terminator}')`);
      this.op(op);
    });
  }

  private op(op: Op): void {
    if (!OPS.has(op.opcode)) {
      this.fault(op, `unknown opcode '${op.opcode}'`);
      return;
    }
    for (const v of op.operands) {
      if (!this.visible(v)) this.fault(op, `operand id ${v.id} is used before it is defined, or outside its scope`);
      const consumer = this.consumedBy.get(v.id);
      if (consumer) this.fault(op, `array value id ${v.id} is used after it was consumed by '${consumer.opcode}' (arrays must be used linearly)`);
    }
    this.types(op);
    this.regions(op);
    this.consumes(op);
    for (const r of op.results) this.defineValue(r, op);
  }

  private expectTypes(op: Op, what: string, got: Value[], want: Type[]): void {
    if (got.length !== want.length) {
      this.fault(op, `'${op.opcode}' expects ${want.length} ${what}, got ${got.length}`);
      return;
    }
    got.forEach((v, i) => {
      if (v.type !== want[i]) this.fault(op, `'${op.opcode}' ${what} ${i} must be ${want[i]}, got ${v.type}`);
    });
  }

  private types(op: Op): void {
    const def = opDef(op.opcode);
    if (hasGenericOperandTypes(def)) {
      const spec = def.operands;
      if ('fixed' in spec) this.expectTypes(op, 'operands', op.operands, spec.fixed);
      else {
        if (op.operands.length < spec.min) this.fault(op, `'${op.opcode}' needs at least ${spec.min} operands`);
        op.operands.forEach((v, i) => {
          if (v.type !== spec.variadic) this.fault(op, `'${op.opcode}' operand ${i} must be ${spec.variadic}, got ${v.type}`);
        });
      }
      this.expectTypes(op, 'results', op.results, [def.result!]);
    }
    switch (op.opcode) {
      case 'const':
        this.constant(op);
        break;
      case 'select': {
        const [c, a, b] = op.operands;
        if (op.operands.length !== 3 || c.type !== 'bool' || a.type !== b.type || !SCALARS.includes(a.type)) {
          this.fault(op, "'select' takes a bool and two scalars of one type");
        } else this.expectTypes(op, 'results', op.results, [a.type]);
        break;
      }
      case 'return':
        this.expectTypes(op, 'operands', op.operands, [this.f.resultType]);
        break;
      case 'call':
        this.call(op);
        break;
      default:
        break;
    }
    if (def.group === 'switch' || def.group === 'source-nonsmooth') {
      if (op.attrs.tern !== undefined && !CMPS.has(String(op.attrs.tern))) this.fault(op, `bad tern attribute ${String(op.attrs.tern)}`);
      const z = op.attrs.z;
      if (z !== undefined && (typeof z !== 'number' || !Number.isInteger(z) || z === 0)) this.fault(op, `bad switch index z=${String(z)}`);
    }
  }

  private constant(op: Op): void {
    if (op.results.length !== 1) {
      this.fault(op, "'const' defines one value");
      return;
    }
    const t = op.results[0].type;
    const v = op.attrs.value;
    const ok =
      (t === 'f64' && typeof v === 'number') ||
      (t === 'int' && typeof v === 'number' && Number.isInteger(v)) ||
      (t === 'bool' && typeof v === 'boolean') ||
      (t === 'arr' && Array.isArray(v) && v.every((x) => typeof x === 'number')) ||
      (t === 'mat' && Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number')));
    if (!ok) this.fault(op, `constant does not match its type ${t}`);
  }

  private call(op: Op): void {
    const callee = this.funcs.get(String(op.attrs.callee));
    if (!callee) {
      this.fault(op, `call to unknown function @${String(op.attrs.callee)}`);
      return;
    }
    this.expectTypes(op, 'arguments', op.operands, callee.params.map((p) => p.value.type));
    this.expectTypes(op, 'results', op.results, [callee.resultType]);
  }

  private regions(op: Op): void {
    if (op.opcode === 'for') {
      if (op.regions.length !== 1) return this.fault(op, "'for' has one region");
      const [lo, hi, ...inits] = op.operands;
      if (!lo || !hi || lo.type !== 'int' || hi.type !== 'int') this.fault(op, "'for' bounds must be int");
      const cmp = String(op.attrs.cmp);
      const step = op.attrs.step;
      if (!CMPS.has(cmp)) this.fault(op, `'for' cmp must be < <= > >=, got ${cmp}`);
      if (typeof step !== 'number' || !Number.isInteger(step) || step === 0) this.fault(op, "'for' step must be a nonzero integer");
      else if ((step > 0) !== (cmp === '<' || cmp === '<=')) this.fault(op, `'for' step ${step} runs away from its bound (cmp ${cmp})`);
      const body = op.regions[0];
      const carried = inits.map((v) => v.type);
      this.expectTypes(op, 'body arguments', body.args, ['int', ...carried]);
      this.expectTypes(op, 'results', op.results, carried);
      this.region(body, carried, op, 'for');
    } else if (op.opcode === 'if') {
      if (op.regions.length !== 2) return this.fault(op, "'if' has two regions");
      this.expectTypes(op, 'operands', op.operands, ['bool']);
      const types = op.results.map((r) => r.type);
      // The branches are exclusive: each may consume what the other also consumes.
      const before = new Map(this.consumedBy);
      const union = new Map(this.consumedBy);
      for (const r of op.regions) {
        if (r.args.length > 0) this.fault(op, "'if' regions take no arguments");
        this.consumedBy = new Map(before);
        this.region(r, types, op, 'if');
        for (const [k, v] of this.consumedBy) union.set(k, v);
      }
      this.consumedBy = union;
    } else if (op.regions.length > 0) {
      this.fault(op, `'${op.opcode}' has no regions`);
    }
  }

  private region(b: Block, yieldTypes: Type[], owner: Op, kind: 'for' | 'if'): void {
    this.scopes.push(new Set());
    this.scopeKinds.push(kind);
    for (const a of b.args) this.defineValue(a, owner);
    this.block(b, 'yield');
    const y = b.ops[b.ops.length - 1];
    if (y && y.opcode === 'yield') this.expectTypes(y, 'operands', y.operands, yieldTypes);
    this.scopes.pop();
    this.scopeKinds.pop();
  }

  /** V8: record which array values each op consumes. */
  private consumes(op: Op): void {
    let consumed: Value[] = [];
    if (op.opcode === 'store') consumed = [op.operands[0]];
    else if (op.opcode === 'for') consumed = op.operands.slice(2);
    else if (op.opcode === 'yield' || op.opcode === 'return') consumed = op.operands;
    for (const v of consumed) {
      if (!v || v.type !== 'arr') continue;
      if (this.params.has(v.id) && op.opcode !== 'return' && op.opcode !== 'yield') {
        this.fault(op, `input array id ${v.id} is written (parameters are read-only)`);
      }
      if (this.params.has(v.id)) continue; // passing an input through unchanged is fine
      const depth = this.depthOf.get(v.id) ?? 0;
      const crossesLoop = this.scopeKinds.slice(depth).includes('for');
      if (crossesLoop && (op.opcode === 'store' || op.opcode === 'for')) {
        this.fault(op, `array value id ${v.id} from an enclosing region is consumed inside a loop or branch (carry it instead)`);
      }
      this.consumedBy.set(v.id, op);
    }
  }
}

function checkNoRecursion(m: Module, faults: Fault[]): void {
  const callees = new Map<string, Set<string>>();
  const collect = (b: Block, out: Set<string>): void => {
    for (const op of b.ops) {
      if (op.opcode === 'call') out.add(String(op.attrs.callee));
      for (const r of op.regions) collect(r, out);
    }
  };
  for (const f of m.funcs) {
    const out = new Set<string>();
    collect(f.body, out);
    callees.set(f.name, out);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const f = m.funcs.find((g) => g.name === name)!;
      faults.push({ func: f, op: null, message: `recursion: ${[...stack, name].join(' -> ')}` });
      return;
    }
    state.set(name, 'visiting');
    for (const c of callees.get(name) ?? []) if (callees.has(c)) visit(c, [...stack, name]);
    state.set(name, 'done');
  };
  for (const f of m.funcs) visit(f.name, []);
}

/** Prints each faulty function with the fault written under the op, a few lines each side. */
export function formatFaults(faults: Fault[], moduleFile: string, after?: string): string {
  const out = [`IR verification failed${after ? ` after pass '${after}'` : ''}: ${faults.length} fault(s)`];
  for (const fault of faults) {
    out.push(`in @${fault.func.name}: ${fault.message}`);
    if (!fault.op) continue;
    const text = printFunc(fault.func, moduleFile, new Map([[fault.op, `error: ${fault.message}`]])).split('\n');
    const at = text.findIndex((l) => l.trimStart().startsWith('; ^^^'));
    const from = Math.max(0, at - 4);
    const to = Math.min(text.length, at + 3);
    out.push(...text.slice(from, to).map((l) => `    ${l}`));
  }
  return out.join('\n');
}
