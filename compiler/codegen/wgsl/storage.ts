/**
 * Where the arrays of a WGSL kernel live, spelled as element accessors.
 *
 * Takes the function, its SweepPlan (which decided function memory or scratch for every local
 * array, array adjoint and tape) and the parameter plan; answers, for an array value, the WGSL
 * reference to its element i and its length:
 *   parameter, batched   batch_in[(at_P + i) * count + e]     (element-minor, kernel-layout.ts)
 *   parameter, shared    shared_in[at_P + i]
 *   gradient of P        outputs[(g_P + i) * count + e]
 *   constant array       C[i]   (a module-scope `const`, rows of a matrix flattened with an
 *                               offset table, so a row view reads C[OFF[k] + i])
 *   local array / tape   a[i]   (function memory) or scratch[(s_r + i) * count + e]
 * Names and declarations go through the emitter's callbacks (one namespace per kernel).
 */
import { wgslFloat } from '../../ir/ops.js';
import type { Func, Op, Value } from '../../ir/types.js';
import type { ParamLayout, UniformField } from '../../../runtime/kernel-layout.js';
import type { Storage, SweepPlan } from './sweep.js';

/** An array's storage: `at(i)` is the WGSL reference to element i (an i32 expression). */
export interface Access {
  at(i: string): string;
  length: string;
}

export interface StorageHost {
  /** `dims.FIELD` of a uniform field. */
  field(kind: UniformField['kind'], param?: string): string;
  fresh(base: string): string;
  /** Declares a function-scope variable (`var t: array<f32, 8>;`). */
  declare(decl: string): void;
  /** The WGSL expression of a scalar value (an index, a size). */
  scalar(v: Value): string;
}

/** A float constant in WGSL; infinities and NaN (no WGSL literal) are built at run time. */
export function floatLiteral(x: number): string {
  const f = Math.fround(x);
  if (Number.isNaN(f)) return 'absad_nan()';
  if (f === Infinity) return 'absad_inf()';
  if (f === -Infinity) return '(-absad_inf())';
  return wgslFloat(f);
}

export class ArrayStorage {
  /** Module-scope constant arrays, in first-use order. */
  readonly consts: string[] = [];
  private constNames = new Map<string, string>();
  private arrayNames = new Map<Op, string>();
  private barNames = new Map<Op, string>();
  private tapeNames = new Map<Op, string>();

  constructor(
    private f: Func,
    private sweep: SweepPlan,
    private params: ParamLayout[],
    private wrt: number[],
    private host: StorageHost,
  ) {}

  /** Element i (i32) of per-element column `col` (u32) of a binding: `(col + i) * count + e`. */
  column(buffer: string, col: string, i: string | null): string {
    return `${buffer}[(${col}${i === null ? '' : ` + u32(${i})`}) * dims.count + e]`;
  }

  private inStorage(s: Storage, name: string, length: string): Access {
    if (s.kind === 'function') return { at: (i) => `${name}[${i}]`, length };
    const col = `dims.s${s.region}`;
    return { at: (i) => this.column('scratch', col, i), length };
  }

  private constant(type: 'f32' | 'i32', body: string, count: number): string {
    const key = `${type}:${body}`;
    let name = this.constNames.get(key);
    if (!name) {
      name = `C${this.constNames.size}`;
      this.constNames.set(key, name);
      this.consts.push(`const ${name} = array<${type}, ${count}>(${body});`);
    }
    return name;
  }

  private constArray(values: number[]): string {
    return this.constant('f32', values.length === 0 ? '0.0' : values.map(floatLiteral).join(', '), Math.max(1, values.length));
  }

  /** How to read and write the elements of an array value. */
  access(arr: Value): Access {
    const root = this.sweep.rootOf(arr);
    const p = this.params.find((_, i) => this.f.params[i].value === root);
    if (p) {
      const len = this.host.field('length', p.name);
      const at = this.host.field('offset', p.name);
      if (p.role === 'batched') return { at: (i) => this.column('batch_in', at, i), length: len };
      return { at: (i) => `shared_in[${at} + u32(${i})]`, length: len };
    }
    const view = this.sweep.views.get(root);
    const def = this.sweep.defOp.get(view ? view.mat : root)!;
    if (def.opcode === 'const') {
      if (!view) {
        const values = def.attrs.value as number[];
        const name = this.constArray(values);
        return { at: (i) => `${name}[${i}]`, length: String(values.length) };
      }
      const rows = def.attrs.value as number[][];
      const name = this.constArray(rows.flat());
      const offsets = [0];
      for (const r of rows) offsets.push(offsets[offsets.length - 1] + r.length);
      const off = this.constant('i32', offsets.join(', '), offsets.length);
      const k = this.host.scalar(view.index);
      return { at: (i) => `${name}[${off}[${k}] + ${i}]`, length: `(${off}[${k} + 1] - ${off}[${k}])` };
    }
    if (def.opcode === 'alloc') {
      return this.inStorage(this.sweep.arrayStorage.get(def)!, this.named(this.arrayNames, def, def.results[0].hint ?? 'a', this.sweep.arrayStorage.get(def)!), this.host.scalar(def.operands[0]));
    }
    throw new Error(`no storage for array %${arr.id}`);
  }

  /** The adjoint storage of an array root (gradient columns for a differentiated parameter), or null if it has none. */
  barAccess(arr: Value): Access | null {
    const root = this.sweep.rootOf(arr);
    const i = this.f.params.findIndex((q) => q.value === root);
    if (i >= 0) {
      if (!this.wrt.includes(i)) return null;
      const name = this.f.params[i].name;
      return { at: (k) => this.column('outputs', this.host.field('gradient', name), k), length: this.host.field('length', name) };
    }
    const def = this.sweep.defOp.get(root);
    if (def?.opcode !== 'alloc' || !this.sweep.activeAllocs.has(def)) return null;
    const s = this.sweep.barStorage.get(def)!;
    return this.inStorage(s, this.named(this.barNames, def, `${def.results[0].hint ?? 'a'}_bar`, s), this.host.scalar(def.operands[0]));
  }

  private named(names: Map<Op, string>, op: Op, base: string, s: Storage): string {
    let n = names.get(op);
    if (!n) {
      n = this.host.fresh(base);
      if (s.kind === 'function') this.host.declare(`var ${n}: array<f32, ${s.size}>;`);
      names.set(op, n);
    }
    return n;
  }

  /** Declares a loop's function-memory tape. */
  declareTape(loop: Op, size: number): void {
    this.named(this.tapeNames, loop, 'tape', { kind: 'function', size });
  }

  /** Slot `index` (an i32 expression) of a loop's tape. */
  tapeAt(loop: Op, index: string): string {
    const s = this.sweep.tapeStorage.get(loop)!;
    if (s.kind === 'function') return `${this.tapeNames.get(loop)!}[${index}]`;
    return this.column('scratch', `dims.s${s.region}`, index);
  }
}
