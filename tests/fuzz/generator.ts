/**
 * The seeded program generator: a seed -> a random program tree (ast.ts) inside absad's
 * subset, with inputs inside every elemental's domain by construction.
 *
 * What it makes: `export function f(x: Float64Array, ...)` with optional data parameters (a
 * Float64Array, an integer size used in loop bounds, a scalar), module constants (numbers,
 * numeric arrays), helper functions (declarations and const arrows, scalar or taking an
 * array, calling earlier helpers; relu and clamp helpers), nested static loops (up, down,
 * step 2, triangular, over lengths and the integer parameter), `for...of`, local arrays (all
 * four spellings), compound assignments on scalars and array elements, static `if`/`else`
 * and static `?:`, an early `return` in a static `if`, every smooth elemental of subset.md,
 * Math.abs/max/min (2 and 3 operands) and the ternary patterns. It returns a number, or
 * sometimes a local Float64Array (a vector function, checked through f_vjp).
 *
 * Same seed, same program: all randomness comes from one mulberry32 stream.
 */
import { mulberry32, type Rng } from '../util/rng.js';
import {
  ABS_TERN_FORMS,
  type AssignOp,
  type Cond,
  ELEMENTALS,
  type Expr,
  type Guard,
  type Helper,
  type IExpr,
  type Param,
  type ProgramAst,
  type Stmt,
  type TernOp,
} from './ast.js';
import { type Env, isSafeIndex, loopRange, rangeOf, validate } from './validate.js';

/** Literals the programs use; kink points reuse them (x_i = literal puts a switch at 0). */
const LITERALS = [0, 1, 2, 0.5, -1, 3, 0.25, -0.5, 1.5, 0.1, -2, 0.75];

interface Scope {
  env: Env;
  /** Assignable scalars, outermost first. */
  lets: string[];
  helpers: Helper[];
  loopDepth: number;
  /** Product of the trip counts of the enclosing loops (kept small). */
  trips: number;
}

const childScope = (s: Scope, extra: Partial<Scope> = {}): Scope => ({
  env: { floats: new Map(s.env.floats), ints: new Map(s.env.ints), arrays: new Map(s.env.arrays) },
  lets: [...s.lets],
  helpers: s.helpers,
  loopDepth: s.loopDepth,
  trips: s.trips,
  ...extra,
});

export interface GenerateOptions {
  /** Most inputs (x.length); kink checks want 3 or fewer. Default 6. */
  maxInputs?: number;
}

class Gen {
  private rng: Rng;
  private counter = 0;
  constructor(seed: number, private opts: GenerateOptions) {
    this.rng = mulberry32(seed);
  }

  // ----- randomness --------------------------------------------------------------------------
  chance(p: number): boolean {
    return this.rng() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng() * xs.length)];
  }
  weighted<T>(entries: [number, T][]): T {
    const live = entries.filter(([w]) => w > 0);
    let r = this.rng() * live.reduce((s, [w]) => s + w, 0);
    for (const [w, v] of live) {
      r -= w;
      if (r < 0) return v;
    }
    return live[live.length - 1][1];
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
  literal(): number {
    return this.chance(0.75) ? this.pick(LITERALS) : Math.round((this.rng() * 6 - 3) * 100) / 100;
  }

  // ----- integers and conditions -------------------------------------------------------------
  /** An index into `arr` that validate.ts accepts under scope. */
  index(s: Scope, arr: string): IExpr {
    const a = s.env.arrays.get(arr)!;
    const candidates: IExpr[] = [];
    for (const [name, r] of s.env.ints) {
      if (r.param) continue;
      const v: IExpr = { k: 'ivar', name };
      candidates.push(v, { k: 'iadd', a: v, b: { k: 'int', v: 1 } }, { k: 'isub', a: { k: 'isub', a: { k: 'len', arr }, b: { k: 'int', v: 1 } }, b: v });
      if (r.lo >= 0) candidates.push({ k: 'irem', a: { k: 'iadd', a: v, b: { k: 'int', v: this.int(0, 2) } }, m: a.min });
    }
    const safe = candidates.filter((c) => isSafeIndex(s.env, arr, c));
    if (safe.length > 0 && this.chance(0.8)) return this.pick(safe);
    return { k: 'int', v: this.int(0, a.min - 1) };
  }

  /** A static condition over the counters, sizes and lengths in scope, or null if none. */
  cond(s: Scope): Cond | null {
    const ints = [...s.env.ints.keys()];
    const lens = [...s.env.arrays.entries()].filter(([, a]) => a.exact !== null).map(([n]) => n);
    if (ints.length === 0 && lens.length === 0) return null;
    const atom = (): Cond => {
      const useInt = ints.length > 0 && (lens.length === 0 || this.chance(0.8));
      let a: IExpr;
      let bound: number;
      if (useInt) {
        const name = this.pick(ints);
        const r = s.env.ints.get(name)!;
        a = { k: 'ivar', name };
        if (this.chance(0.3) && r.lo >= 0) return { k: 'cmp', op: this.pick(['===', '!=='] as const), a: { k: 'irem', a, m: 2 }, b: { k: 'int', v: this.int(0, 1) } };
        if (this.chance(0.1)) return { k: 'cmp', op: this.pick(['===', '!=='] as const), a: { k: 'iadd', a, b: { k: 'int', v: 1 } }, b: { k: 'int', v: this.int(1, 3) } };
        const others = ints.filter((n) => n !== name);
        if (others.length > 0 && this.chance(0.3)) return { k: 'cmp', op: this.pick(['<', '<=', '>', '>='] as const), a, b: { k: 'ivar', name: this.pick(others) } };
        bound = Number.isFinite(r.hi) ? this.int(r.lo, Math.max(r.lo, r.hi)) : r.lo;
      } else {
        const arr = this.pick(lens);
        a = { k: 'len', arr };
        bound = s.env.arrays.get(arr)!.exact! + this.int(-1, 1);
      }
      // No === on a bare counter or length: TypeScript narrows them (validate.ts).
      return { k: 'cmp', op: this.pick(['<', '<=', '>', '>='] as const), a, b: { k: 'int', v: bound } };
    };
    const c = atom();
    return this.chance(0.15) ? { k: this.pick(['and', 'or'] as const), a: c, b: atom() } : c;
  }

  // ----- expressions -------------------------------------------------------------------------
  /** An operand that reads data: an input element most of the time. */
  leaf(s: Scope): Expr {
    const floats = [...s.env.floats.keys()];
    const arrays = [...s.env.arrays.keys()];
    const counters = [...s.env.ints.entries()].filter(([, r]) => !r.param).map(([n]) => n);
    return this.weighted<() => Expr>([
      [arrays.length > 0 ? 45 : 0, () => {
        // Prefer the differentiated input.
        const arr = s.env.arrays.has('x') && this.chance(0.6) ? 'x' : this.pick(arrays);
        return { k: 'load', arr, idx: this.index(s, arr) };
      }],
      [floats.length > 0 ? 30 : 0, () => ({ k: 'var', name: this.pick(floats) })],
      [15, () => ({ k: 'num', v: this.literal() })],
      [counters.length > 0 ? 6 : 0, () => {
        const v: IExpr = { k: 'ivar', name: this.pick(counters) };
        return this.chance(0.5) ? { k: 'itof', e: v } : { k: 'bin', op: '*', a: { k: 'itof', e: { k: 'iadd', a: v, b: { k: 'int', v: 1 } } }, b: { k: 'num', v: 0.5 } };
      }],
      [2, () => ({ k: 'mconst', name: this.pick(['PI', 'E'] as const) })],
    ])();
  }

  expr(s: Scope, depth: number): Expr {
    if (depth <= 0 || this.chance(0.2)) return this.leaf(s);
    const d = depth - 1;
    // Operands that a construct prints more than once are kept small.
    const small = () => this.expr(s, Math.min(d, 1));
    const conds = this.cond(s);
    return this.weighted<() => Expr>([
      [26, () => ({ k: 'bin', op: this.pick(['+', '-', '*'] as const), a: this.expr(s, d), b: this.expr(s, d) })],
      [14, () => this.nonsmooth(s, d)],
      [9, () => this.ternary(small)],
      [16, () => this.elemental(s, d, small)],
      [s.helpers.length > 0 ? 8 : 0, () => this.call(s, d)],
      [4, () => ({ k: 'div', a: this.expr(s, d), b: small(), g: this.pick(['sq1', 'absh', 'hyp', 'cos2'] as const) })],
      [4, () => ({ k: 'neg', a: this.expr(s, d) })],
      [conds ? 3 : 0, () => ({ k: 'select', c: conds!, a: this.expr(s, d), b: this.expr(s, d) })],
    ])();
  }

  /** Two operands that do not print the same (max(a, a) has an identically zero switch). */
  distinctPair(make: () => Expr): [Expr, Expr] {
    const a = make();
    for (let tries = 0; tries < 4; tries++) {
      const b = make();
      if (JSON.stringify(a) !== JSON.stringify(b)) return [a, b];
    }
    return [a, { k: 'bin', op: '+', a: make(), b: { k: 'num', v: 0.5 } }];
  }

  nonsmooth(s: Scope, d: number): Expr {
    const fn = this.weighted<'abs' | 'max' | 'min'>([[4, 'abs'], [3, 'max'], [3, 'min']]);
    if (fn === 'abs') return { k: 'ns', fn, args: [this.expr(s, d)] };
    const [a, b] = this.distinctPair(() => this.expr(s, d));
    const args = [a, b];
    if (this.chance(0.15)) args.push({ k: 'bin', op: '-', a: this.expr(s, d), b: { k: 'num', v: this.literal() } });
    // relu-like: max(t, 0) / min(t, 0)
    if (this.chance(0.2)) args[1] = { k: 'num', v: 0 };
    return { k: 'ns', fn, args };
  }

  ternary(small: () => Expr): Expr {
    if (this.chance(0.35)) return { k: 'absTern', form: this.int(0, ABS_TERN_FORMS - 1), a: small() };
    const [a, b] = this.distinctPair(small);
    const op = this.pick(['<', '<=', '>', '>='] as TernOp[]);
    return { k: 'tern', op, a, b: this.chance(0.2) ? { k: 'num', v: 0 } : b, swap: this.chance(0.3) };
  }

  elemental(s: Scope, d: number, small: () => Expr): Expr {
    const fn = this.pick(Object.keys(ELEMENTALS));
    const spec = ELEMENTALS[fn];
    const ga = this.pick(spec.a);
    // Guards that repeat their operand (rat, sq1) get a small one.
    const repeats = (g: Guard) => g === 'rat' || g === 'urat' || g === 'sq1' || g === 'sq';
    const a = repeats(ga) ? small() : this.expr(s, d);
    if (!spec.b) return { k: 'elem', fn, a, ga, spell: this.chance(0.5) ? 'op' : 'call' };
    const gb = this.pick(spec.b);
    return { k: 'elem', fn, a, ga, b: repeats(gb) ? small() : this.expr(s, d), gb, spell: this.chance(0.5) ? 'op' : 'call' };
  }

  call(s: Scope, d: number): Expr {
    const h = this.pick(s.helpers);
    const arrays = [...s.env.arrays.entries()].filter(([, a]) => a.typed && a.min >= h.minLength).map(([n]) => n);
    if (h.params.some((p) => p.kind === 'arr') && arrays.length === 0) return this.nonsmooth(s, d);
    const args = h.params.map((p) => (p.kind === 'arr' ? { k: 'arr' as const, name: arrays.includes('x') && this.chance(0.6) ? 'x' : this.pick(arrays) } : { k: 'expr' as const, e: this.expr(s, d) }));
    return { k: 'call', fn: h.name, args };
  }

  // ----- statements --------------------------------------------------------------------------
  block(s: Scope, count: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < count; i++) out.push(...this.stmt(s));
    return out;
  }

  /** One statement (or none when the pick does not fit), declaring into s. */
  stmt(s: Scope): Stmt[] {
    const writable = [...s.env.arrays.entries()].filter(([, a]) => a.writable).map(([n]) => n);
    const canLoop = s.loopDepth < 3 && s.trips <= 16;
    const exprDepth = this.int(1, 3);
    const kind = this.weighted<string>([
      [22, 'const'],
      [10, 'let'],
      [s.lets.length > 0 ? 30 : 0, 'assign'],
      [s.loopDepth === 0 ? 6 : 1, 'arr'],
      [writable.length > 0 ? 12 : 0, 'store'],
      [canLoop ? (s.loopDepth === 0 ? 18 : 10) : 0, 'for'],
      [canLoop ? 3 : 0, 'forof'],
      [8, 'if'],
    ]);
    switch (kind) {
      case 'const':
      case 'let': {
        const name = this.fresh(kind === 'const' ? 't' : 's');
        const init = this.expr(s, exprDepth);
        s.env.floats.set(name, { mutable: kind === 'let' });
        if (kind === 'let') s.lets.push(name);
        return [{ k: 'decl', kind, name, init }];
      }
      case 'assign': {
        // Accumulators declared outside the current loop make loop-carried values.
        const name = this.chance(0.6) ? s.lets[0] : this.pick(s.lets);
        const op = this.weighted<AssignOp>([[2, '='], [10, '+='], [4, '-='], [3, '*='], [2, '/=']]);
        let value = this.expr(s, exprDepth);
        // s *= v with v near 1 keeps products bounded: s *= 1 + 0.1 * v.
        if (op === '*=') value = { k: 'bin', op: '+', a: { k: 'num', v: 1 }, b: { k: 'bin', op: '*', a: { k: 'num', v: 0.1 }, b: { k: 'elem', fn: 'tanh', a: value, ga: 'none' } } };
        return [{ k: 'assign', name, op, value }];
      }
      case 'arr':
        return [this.array(s)];
      case 'store': {
        const arr = this.pick(writable);
        const op = this.weighted<'=' | '+=' | '-=' | '*='>([[4, '='], [6, '+='], [2, '-='], [1, '*=']]);
        return [{ k: 'store', arr, idx: this.index(s, arr), op, value: this.expr(s, exprDepth) }];
      }
      case 'for':
        return [this.loop(s)];
      case 'forof': {
        const arrays = [...s.env.arrays.entries()].filter(([, a]) => a.exact !== null && a.exact <= 6).map(([n]) => n);
        if (arrays.length === 0) return [];
        const arr = this.pick(arrays);
        const v = this.fresh('v');
        const inner = childScope(s, { loopDepth: s.loopDepth + 1, trips: s.trips * s.env.arrays.get(arr)!.exact! });
        inner.env.floats.set(v, { mutable: false });
        inner.env.arrays.set(arr, { ...s.env.arrays.get(arr)!, writable: false });
        return [{ k: 'forof', v, arr, body: this.block(inner, this.int(1, 3)) }];
      }
      case 'if': {
        const c = this.cond(s);
        if (!c) return [];
        const then = this.block(childScope(s), this.int(1, 2));
        const otherwise = this.chance(0.5) ? this.block(childScope(s), this.int(1, 2)) : undefined;
        return [{ k: 'if', c, then, else: otherwise }];
      }
    }
    return [];
  }

  array(s: Scope): Stmt {
    const name = this.fresh('a');
    const len = this.int(1, 5);
    const form = this.weighted<'f64' | 'fill' | 'from' | 'literal'>([[5, 'f64'], [2, 'fill'], [2, 'from'], [2, 'literal']]);
    let stmt: Stmt;
    if (form === 'from') {
      const index = this.fresh('q');
      const inner = childScope(s);
      inner.env.ints.set(index, { lo: 0, hi: len - 1, below: new Set() });
      stmt = { k: 'arr', name, len, form, index, init: this.expr(inner, 2) };
    } else if (form === 'literal') {
      stmt = { k: 'arr', name, len, form, elems: Array.from({ length: len }, () => this.expr(s, 1)) };
    } else stmt = { k: 'arr', name, len, form };
    s.env.arrays.set(name, { min: len, exact: len, writable: true, typed: form === 'f64' || form === 'literal' });
    return stmt;
  }

  loop(s: Scope): Stmt {
    const v = ['i', 'j', 'k', 'l'][s.loopDepth];
    // The bound: a constant, a length, the integer parameter, or an outer counter.
    const lens = [...s.env.arrays.entries()].filter(([, a]) => a.exact === null || a.exact <= 6).map(([n]) => n);
    const outer = [...s.env.ints.entries()].filter(([, r]) => !r.param && r.lo >= 0 && Number.isFinite(r.hi));
    const params = [...s.env.ints.entries()].filter(([, r]) => r.param);
    const bound = this.weighted<() => IExpr>([
      [4, () => ({ k: 'int', v: this.int(1, 4) })],
      [lens.length > 0 ? 5 : 0, () => ({ k: 'len', arr: lens.includes('x') && this.chance(0.5) ? 'x' : this.pick(lens) })],
      [params.length > 0 ? 2 : 0, () => ({ k: 'ivar', name: this.pick(params)[0] })],
      [outer.length > 0 ? 2 : 0, () => ({ k: 'ivar', name: this.pick(outer)[0] })],
    ])();
    const shape = this.weighted<'up' | 'upLe' | 'step2' | 'down' | 'from1'>([[10, 'up'], [2, 'upLe'], [2, 'step2'], [4, 'down'], [2, 'from1']]);
    const minus1: IExpr = { k: 'isub', a: bound, b: { k: 'int', v: 1 } };
    const stmt: Extract<Stmt, { k: 'for' }> =
      shape === 'up' ? { k: 'for', v, lo: { k: 'int', v: 0 }, hi: bound, cmp: '<', step: 1, body: [] }
      : shape === 'from1' ? { k: 'for', v, lo: { k: 'int', v: 1 }, hi: bound, cmp: '<', step: 1, body: [] }
      : shape === 'upLe' ? { k: 'for', v, lo: { k: 'int', v: 0 }, hi: minus1, cmp: '<=', step: 1, body: [] }
      : shape === 'step2' ? { k: 'for', v, lo: { k: 'int', v: 0 }, hi: bound, cmp: '<', step: 2, body: [] }
      : this.chance(0.5) ? { k: 'for', v, lo: minus1, hi: { k: 'int', v: 0 }, cmp: '>=', step: -1, body: [] }
      : { k: 'for', v, lo: minus1, hi: { k: 'int', v: -1 }, cmp: '>', step: -1, body: [] };
    const r = rangeOf(s.env, bound);
    const trips = Number.isFinite(r.hi) ? Math.max(1, r.hi) : 6;
    const inner = childScope(s, { loopDepth: s.loopDepth + 1, trips: s.trips * trips });
    // The counter's range, exactly as validate.ts derives it.
    inner.env.ints.set(v, loopRange(s.env, stmt));
    stmt.body = this.block(inner, this.int(1, 4));
    return stmt;
  }

  // ----- module ------------------------------------------------------------------------------
  helper(consts: Env, helpers: Helper[]): Helper {
    const name = this.fresh('h');
    const kind = this.weighted<'relu' | 'clamp' | 'scalar' | 'array'>([[2, 'relu'], [2, 'clamp'], [5, 'scalar'], [3, 'array']]);
    const style = this.chance(0.3) ? 'arrow' : 'function';
    const scope: Scope = { env: { floats: new Map(consts.floats), ints: new Map(), arrays: new Map(consts.arrays) }, lets: [], helpers, loopDepth: 0, trips: 1 };
    const t: Expr = { k: 'var', name: 'u' };
    if (kind === 'relu') {
      const ret = this.pick<Expr>([
        { k: 'ns', fn: 'max', args: [t, { k: 'num', v: 0 }] },
        { k: 'tern', op: '>', a: t, b: { k: 'num', v: 0 }, swap: false },
        { k: 'bin', op: '*', a: { k: 'num', v: 0.5 }, b: { k: 'bin', op: '+', a: t, b: { k: 'ns', fn: 'abs', args: [t] } } },
      ]);
      return { name, style, params: [{ name: 'u', kind: 'num' }], minLength: 0, body: [], ret };
    }
    if (kind === 'clamp') {
      const ret: Expr = { k: 'ns', fn: 'min', args: [{ k: 'ns', fn: 'max', args: [t, { k: 'var', name: 'lo' }] }, { k: 'var', name: 'hi' }] };
      return { name, style, params: [{ name: 'u', kind: 'num' }, { name: 'lo', kind: 'num' }, { name: 'hi', kind: 'num' }], minLength: 0, body: [], ret };
    }
    if (kind === 'scalar') {
      const params = Array.from({ length: this.int(1, 3) }, (_, i) => ({ name: ['u', 'v', 'w'][i], kind: 'num' as const }));
      for (const p of params) scope.env.floats.set(p.name, { mutable: false });
      const body = this.block(scope, this.int(0, 2));
      return { name, style, params, minLength: 0, body, ret: this.expr(scope, 2) };
    }
    const minLength = this.int(1, 2);
    const params: Helper['params'] = [{ name: 'a', kind: 'arr' }];
    scope.env.arrays.set('a', { min: minLength, exact: null, writable: false, typed: true });
    if (this.chance(0.5)) {
      params.push({ name: 'u', kind: 'num' });
      scope.env.floats.set('u', { mutable: false });
    }
    const acc = this.fresh('s');
    const body: Stmt[] = [{ k: 'decl', kind: 'let', name: acc, init: { k: 'num', v: this.pick([0, 1, 0.5]) } }];
    scope.env.floats.set(acc, { mutable: true });
    scope.lets.push(acc);
    const loop: Extract<Stmt, { k: 'for' }> = { k: 'for', v: 'p', lo: { k: 'int', v: 0 }, hi: { k: 'len', arr: 'a' }, cmp: '<', step: 1, body: [] };
    const inner = childScope(scope, { loopDepth: 1, trips: 6 });
    inner.env.ints.set('p', loopRange(scope.env, loop));
    loop.body = [{ k: 'assign', name: acc, op: '+=', value: this.expr(inner, 2) }, ...this.block(inner, this.int(0, 1))];
    body.push(loop);
    return { name, style, params, minLength, body, ret: this.expr(scope, 1) };
  }

  program(): ProgramAst {
    const n = this.int(1, this.opts.maxInputs ?? 6);
    const params: Param[] = [{ name: 'x', kind: 'wrt', length: n }];
    if (this.chance(0.35)) params.push({ name: 'c', kind: 'data', length: this.int(1, 4) });
    if (this.chance(0.2)) params.push({ name: 'm', kind: 'int', value: this.int(1, n) });
    if (this.chance(0.25)) params.push({ name: 'w', kind: 'num' });
    const consts: ProgramAst['consts'] = [];
    const base: Env = { floats: new Map(), ints: new Map(), arrays: new Map() };
    if (this.chance(0.3)) {
      consts.push({ name: 'K', value: this.literal() });
      base.floats.set('K', { mutable: false });
    }
    if (this.chance(0.3)) {
      const value = Array.from({ length: this.int(2, 4) }, () => this.literal());
      consts.push({ name: 'W', value, form: this.chance(0.5) ? 'literal' : 'f64' });
      base.arrays.set('W', { min: value.length, exact: value.length, writable: false, typed: false });
    }
    const helpers: Helper[] = [];
    const helperCount = this.weighted<number>([[3, 0], [4, 1], [2, 2], [1, 3]]);
    for (let i = 0; i < helperCount; i++) helpers.push(this.helper(base, [...helpers]));

    const scope: Scope = { env: { floats: new Map(base.floats), ints: new Map(), arrays: new Map(base.arrays) }, lets: [], helpers, loopDepth: 0, trips: 1 };
    for (const q of params) {
      if (q.kind === 'wrt' || q.kind === 'data') scope.env.arrays.set(q.name, { min: q.length!, exact: q.length!, writable: false, typed: true });
      else if (q.kind === 'int') scope.env.ints.set(q.name, { lo: q.value!, hi: q.value!, below: new Set(), param: true });
      else scope.env.floats.set(q.name, { mutable: false });
    }
    const body: Stmt[] = [];
    const vector = this.chance(0.12);
    let outLen = 0;
    if (vector) {
      outLen = this.int(1, 4);
      body.push({ k: 'arr', name: 'out', len: outLen, form: 'f64' });
      scope.env.arrays.set('out', { min: outLen, exact: outLen, writable: true, typed: true });
    }
    // An accumulator first, so assignments have a target.
    const acc = this.fresh('s');
    body.push({ k: 'decl', kind: 'let', name: acc, init: this.chance(0.5) ? { k: 'num', v: 0 } : this.expr(scope, 1) });
    scope.env.floats.set(acc, { mutable: true });
    scope.lets.push(acc);
    // An integer parameter is a size: some loop runs to it (absad infers sizes from loop headers).
    const size = params.find((q) => q.kind === 'int');
    if (size) {
      const loop: Extract<Stmt, { k: 'for' }> = { k: 'for', v: 'i', lo: { k: 'int', v: 0 }, hi: { k: 'ivar', name: size.name }, cmp: '<', step: 1, body: [] };
      const inner = childScope(scope, { loopDepth: 1, trips: size.value! });
      inner.env.ints.set('i', loopRange(scope.env, loop));
      loop.body = this.block(inner, this.int(1, 3));
      body.push(loop);
    }
    body.push(...this.block(scope, this.int(2, 6)));
    if (this.chance(0.08)) {
      const c = this.cond(scope);
      if (c) body.push({ k: 'if', c, then: [...this.block(childScope(scope), this.int(0, 1)), vector ? { k: 'ret', value: null, arr: 'out' } : { k: 'ret', value: this.expr(scope, 2) }] });
      body.push(...this.block(scope, this.int(1, 2)));
    }
    if (vector) {
      body.push({ k: 'store', arr: 'out', idx: { k: 'int', v: outLen - 1 }, op: '+=', value: { k: 'var', name: acc } });
      return { consts, helpers, params, body, ret: { k: 'vector', arr: 'out' } };
    }
    // The result combines the top-level scalars with one more expression.
    const tops = [...scope.env.floats.keys()].filter((n) => /^[st]\d/.test(n));
    let e: Expr = { k: 'var', name: acc };
    for (const t of tops.filter((n) => n !== acc && this.chance(0.4))) e = { k: 'bin', op: this.pick(['+', '-'] as const), a: e, b: { k: 'var', name: t } };
    if (this.chance(0.6)) e = { k: 'bin', op: '+', a: e, b: this.expr(scope, 2) };
    return { consts, helpers, params, body, ret: { k: 'scalar', e } };
  }
}

/** The program for a seed; throws if the generator made something validate.ts rejects (a generator bug). */
export function generateProgram(seed: number, opts: GenerateOptions = {}): ProgramAst {
  const p = new Gen(seed, opts).program();
  const why = validate(p);
  if (why) throw new Error(`generator bug (seed ${seed}): ${why}`);
  return p;
}

/** Every number literal in a program (kink points put inputs at these values). */
export function literalsOf(p: ProgramAst): number[] {
  const out = new Set<number>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.k === 'num' && typeof o.v === 'number') out.add(o.v);
      Object.values(o).forEach(visit);
    }
  };
  visit(p.body);
  visit(p.helpers);
  visit(p.ret);
  for (const c of p.consts) (typeof c.value === 'number' ? [c.value] : c.value).forEach((v) => out.add(v));
  return [...out];
}
