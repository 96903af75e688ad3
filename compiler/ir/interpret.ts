/**
 * The reference interpreter: runs IR in f64, exactly as JavaScript would run the source.
 * It is the oracle for every code generator and for the frontend (tests compare it bit for bit
 * with the original function run in Node).
 *
 * Takes a Module, a function name and argument values (numbers, booleans, arrays, matrices);
 * returns the result and, for every switching op executed, a SwitchEvent with the value of its
 * switching variable z and the loop indices it ran under (so one source site inside a loop
 * yields one event per iteration, as the abs-normal form numbers them).
 *
 * Local arrays are updated in place; the verifier's linearity invariant (V8) makes that safe.
 */
import { loopContinues } from './loops.js';
import { opDef } from './ops.js';
import type { Block, Func, Module, Op, Value } from './types.js';

export type RValue = number | boolean | ArrayLike<number> | ArrayLike<number>[];

export interface SwitchEvent {
  op: Op;
  /** The switching variable z = sum(zCoef * operands), in f64. */
  z: number;
  /** Induction variable values of the enclosing loops, outermost first. */
  loopIndices: number[];
}

export interface InterpretOptions {
  /** Called for every switching op executed (after lower-nonsmooth). */
  onSwitch?: (e: SwitchEvent) => void;
}

export class InterpretError extends Error {}

class Frame {
  vals = new Map<number, RValue>();
  get(v: Value): RValue {
    const x = this.vals.get(v.id);
    if (x === undefined) throw new InterpretError(`value id ${v.id} has no value`);
    return x;
  }
  set(v: Value, x: RValue): void {
    this.vals.set(v.id, x);
  }
}

export class Interpreter {
  private funcs: Map<string, Func>;
  private loopIndices: number[] = [];

  constructor(private m: Module, private opts: InterpretOptions = {}) {
    this.funcs = new Map(m.funcs.map((f) => [f.name, f]));
  }

  call(name: string, args: RValue[]): RValue {
    const f = this.funcs.get(name);
    if (!f) throw new InterpretError(`no function @${name}`);
    if (args.length !== f.params.length) throw new InterpretError(`@${name} takes ${f.params.length} arguments, got ${args.length}`);
    const frame = new Frame();
    f.params.forEach((p, i) => frame.set(p.value, args[i]));
    const [result] = this.block(f.body, frame);
    return result;
  }

  /** Runs a block; returns the operands of its terminator. */
  private block(b: Block, frame: Frame): RValue[] {
    for (const op of b.ops) {
      if (op.opcode === 'return' || op.opcode === 'yield') return op.operands.map((v) => frame.get(v));
      this.op(op, frame);
    }
    throw new InterpretError('block without terminator');
  }

  private op(op: Op, frame: Frame): void {
    const def = opDef(op.opcode);
    const arg = (i: number) => frame.get(op.operands[i]);
    const num = (i: number) => arg(i) as number;
    const set = (x: RValue) => frame.set(op.results[0], x);
    switch (op.opcode) {
      case 'const': {
        const v = op.attrs.value;
        const t = op.results[0].type;
        if (t === 'arr') set(Float64Array.from(v as number[]));
        else if (t === 'mat') set((v as number[][]).map((r) => Float64Array.from(r)));
        else set(v as number | boolean);
        return;
      }
      case 'and':
        return set((arg(0) as boolean) && (arg(1) as boolean));
      case 'or':
        return set((arg(0) as boolean) || (arg(1) as boolean));
      case 'not':
        return set(!(arg(0) as boolean));
      case 'select':
        return set((arg(0) as boolean) ? arg(1) : arg(2));
      case 'len':
        return set((arg(0) as ArrayLike<number>).length);
      case 'rows':
        return set((arg(0) as ArrayLike<number>[]).length);
      case 'row': {
        const m = arg(0) as ArrayLike<number>[];
        const i = num(1);
        if (!(i >= 0 && i < m.length)) throw new InterpretError(`row index ${i} out of range 0..${m.length - 1}`);
        return set(m[i]);
      }
      case 'load': {
        const a = arg(0) as ArrayLike<number>;
        const i = num(1);
        // JavaScript reads undefined out of range, which becomes NaN in arithmetic; keep that.
        return set(i >= 0 && i < a.length ? a[i] : NaN);
      }
      case 'store': {
        const a = arg(0) as Float64Array;
        const i = num(1);
        if (i >= 0 && i < a.length) a[i] = num(2); // typed arrays ignore out-of-range writes
        return set(a);
      }
      case 'alloc': {
        const k = num(0);
        if (!(Number.isInteger(k) && k >= 0)) throw new InterpretError(`array size ${k} is not a non-negative integer`);
        return set(new Float64Array(k));
      }
      case 'call': {
        const args = op.operands.map((v) => frame.get(v));
        return set(this.call(String(op.attrs.callee), args));
      }
      case 'for':
        return this.loop(op, frame);
      case 'if': {
        const region = (arg(0) as boolean) ? op.regions[0] : op.regions[1];
        const out = this.block(region, frame);
        op.results.forEach((r, i) => frame.set(r, out[i]));
        return;
      }
      default:
        break;
    }
    if (!def.evaluate) throw new InterpretError(`interpreter cannot run '${op.opcode}'`);
    const args = op.operands.map((v) => frame.get(v) as number);
    set(def.evaluate(args, op.attrs));
    if (def.switchSpec && this.opts.onSwitch) {
      // z = u - v for max/min (first argument minus second), z = u for abs/relu (see ops.ts).
      const z = def.switchSpec.zCoef.length === 2 ? args[0] - args[1] : args[0];
      this.opts.onSwitch({ op, z, loopIndices: [...this.loopIndices] });
    }
  }

  private loop(op: Op, frame: Frame): void {
    const lo = frame.get(op.operands[0]) as number;
    const hi = frame.get(op.operands[1]) as number;
    const step = op.attrs.step as number;
    const cmp = op.attrs.cmp;
    let carried = op.operands.slice(2).map((v) => frame.get(v));
    const body = op.regions[0];
    this.loopIndices.push(0);
    for (let i = lo; loopContinues(cmp, i, hi); i += step) {
      this.loopIndices[this.loopIndices.length - 1] = i;
      frame.set(body.args[0], i);
      body.args.slice(1).forEach((a, k) => frame.set(a, carried[k]));
      carried = this.block(body, frame);
    }
    this.loopIndices.pop();
    op.results.forEach((r, k) => frame.set(r, carried[k]));
  }
}

export function interpret(m: Module, fn: string, args: RValue[], opts: InterpretOptions = {}): RValue {
  return new Interpreter(m, opts).call(fn, args);
}
