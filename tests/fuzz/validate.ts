/**
 * Is a program tree (ast.ts) a program of absad's subset that runs inside every domain?
 *
 * validate(p) returns null when it is, or the first reason it is not: a name used outside its
 * scope, an assignment to something that is not a `let`, a write to an array the function did
 * not create, an index whose static range leaves the array, a helper called before it is
 * defined or with the wrong arguments, a `return` outside a top-level static `if`. The shrinker
 * keeps only candidates that pass, so a reproducer never fails for a reason of its own making;
 * the generator asserts that everything it makes passes.
 *
 * Index ranges are intervals over the static integers (loop counters run over known bounds),
 * plus the symbolic fact "counter < a.length" for loops bounded by an array's length, which is
 * all a helper that takes an array of unknown length can rely on.
 */
import type { Cond, Expr, Helper, IExpr, ProgramAst, Stmt } from './ast.js';

export interface IntInfo {
  lo: number;
  hi: number;
  /** Arrays a with `this < a.length` guaranteed. */
  below: Set<string>;
  /** An integer parameter: a size, which absad only accepts in integer contexts. */
  param?: boolean;
}

export interface ArrInfo {
  /** Known minimum length (exact for the exported function's arrays). */
  min: number;
  /** Exact length when known. */
  exact: number | null;
  writable: boolean;
  /** A Float64Array (may be passed to helpers or returned); `number[]` otherwise. */
  typed: boolean;
}

export interface Env {
  floats: Map<string, { mutable: boolean }>;
  ints: Map<string, IntInfo>;
  arrays: Map<string, ArrInfo>;
}

class Invalid extends Error {}

function fail(msg: string): never {
  throw new Invalid(msg);
}

const child = (e: Env): Env => ({ floats: new Map(e.floats), ints: new Map(e.ints), arrays: new Map(e.arrays) });

function declared(e: Env, name: string): boolean {
  return e.floats.has(name) || e.ints.has(name) || e.arrays.has(name);
}

function range(e: Env, x: IExpr): IntInfo {
  switch (x.k) {
    case 'int':
      return { lo: x.v, hi: x.v, below: new Set() };
    case 'ivar': {
      const r = e.ints.get(x.name);
      if (!r) fail(`unknown integer ${x.name}`);
      return r;
    }
    case 'len': {
      const a = e.arrays.get(x.arr);
      if (!a) fail(`unknown array ${x.arr}`);
      return { lo: a.min, hi: a.exact ?? Infinity, below: new Set() };
    }
    case 'iadd': {
      const a = range(e, x.a);
      const b = range(e, x.b);
      return { lo: a.lo + b.lo, hi: a.hi + b.hi, below: new Set() };
    }
    case 'isub': {
      const a = range(e, x.a);
      const b = range(e, x.b);
      return { lo: a.lo - b.hi, hi: a.hi - b.lo, below: new Set() };
    }
    case 'irem': {
      if (!(x.m > 0 && Number.isInteger(x.m))) fail('bad modulus');
      const a = range(e, x.a);
      return a.lo >= 0 ? { lo: 0, hi: Math.min(a.hi, x.m - 1), below: new Set() } : { lo: -(x.m - 1), hi: x.m - 1, below: new Set() };
    }
  }
}

/** `a.length - 1 - v` with v a counter known to be below a.length. */
function reversedIndex(e: Env, x: IExpr, arr: string): boolean {
  if (x.k !== 'isub' || x.b.k !== 'ivar') return false;
  const head = x.a;
  if (head.k !== 'isub' || head.a.k !== 'len' || head.a.arr !== arr || head.b.k !== 'int' || head.b.v !== 1) return false;
  const v = range(e, x.b);
  return v.lo >= 0 && v.below.has(arr);
}

function checkIndex(e: Env, arr: string, idx: IExpr): void {
  const a = e.arrays.get(arr);
  if (!a) fail(`unknown array ${arr}`);
  if (reversedIndex(e, idx, arr)) return;
  const r = range(e, idx);
  if (r.lo < 0) fail(`index ${JSON.stringify(idx)} may be negative`);
  if (r.hi < a.min || r.below.has(arr)) return;
  fail(`index ${JSON.stringify(idx)} may leave ${arr} (length ${a.min})`);
}

/** May `arr[idx]` be read or written wherever env holds? (Used by the generator.) */
export function isSafeIndex(e: Env, arr: string, idx: IExpr): boolean {
  try {
    checkIndex(e, arr, idx);
    return true;
  } catch (err) {
    if (err instanceof Invalid) return false;
    throw err;
  }
}

/** The static range of an integer expression under env. */
export function rangeOf(e: Env, x: IExpr): IntInfo {
  return range(e, x);
}

/**
 * Conditions must be static in absad's eyes: an integer parameter counts as a size only where
 * some loop header uses it. Equalities compare computed integers (`i % 2 === 0`), never a bare
 * counter or length: TypeScript narrows those, and nested contradictory tests are type errors.
 */
function checkCond(e: Env, c: Cond, ctx: Ctx): void {
  if (c.k === 'cmp') {
    for (const side of [c.a, c.b]) {
      range(e, side);
      const names = new Set<string>();
      collectIntNames(side, names);
      for (const n of names) if (e.ints.get(n)!.param && !ctx.loopParams.has(n)) fail(`integer parameter ${n} is tested but bounds no loop`);
      if ((c.op === '===' || c.op === '!==') && (side.k === 'ivar' || side.k === 'len')) fail('equality on a bare counter or length');
    }
    return;
  }
  checkCond(e, c.a, ctx);
  checkCond(e, c.b, ctx);
}

/** Integer parameters used in the loop headers of a body. */
function loopParamsOf(body: Stmt[], out: Set<string>): Set<string> {
  for (const s of body) {
    if (s.k === 'for') {
      collectIntNames(s.lo, out);
      collectIntNames(s.hi, out);
      loopParamsOf(s.body, out);
    }
    if (s.k === 'forof') loopParamsOf(s.body, out);
    if (s.k === 'if') {
      loopParamsOf(s.then, out);
      loopParamsOf(s.else ?? [], out);
    }
  }
  return out;
}

interface Ctx {
  helpers: Map<string, Helper>;
  /** True inside the exported function's top-level `if`s, where `return` may appear. */
  mayReturn: boolean;
  vector: boolean;
  /** Integer parameters some loop header uses (so absad treats them as sizes). */
  loopParams: Set<string>;
  /** The array a vector function returns. */
  out?: string;
}

function checkExpr(e: Env, x: Expr, ctx: Ctx): void {
  switch (x.k) {
    case 'num':
      if (!Number.isFinite(x.v)) fail('non-finite literal');
      return;
    case 'mconst':
      return;
    case 'var':
      if (!e.floats.has(x.name)) fail(`unknown number ${x.name}`);
      return;
    case 'itof': {
      const ints = new Set<string>();
      collectIntNames(x.e, ints);
      range(e, x.e);
      for (const name of ints) if (e.ints.get(name)!.param) fail(`integer parameter ${name} used as a number`);
      return;
    }
    case 'load':
      checkIndex(e, x.arr, x.idx);
      return;
    case 'neg':
      return checkExpr(e, x.a, ctx);
    case 'bin':
    case 'div':
    case 'tern':
      checkExpr(e, x.a, ctx);
      return checkExpr(e, x.b, ctx);
    case 'elem':
      checkExpr(e, x.a, ctx);
      if (x.b) checkExpr(e, x.b, ctx);
      return;
    case 'ns':
      if (x.fn === 'abs' ? x.args.length !== 1 : x.args.length < 2) fail(`Math.${x.fn} with ${x.args.length} operands`);
      x.args.forEach((a) => checkExpr(e, a, ctx));
      return;
    case 'absTern':
      return checkExpr(e, x.a, ctx);
    case 'select':
      checkCond(e, x.c, ctx);
      checkExpr(e, x.a, ctx);
      return checkExpr(e, x.b, ctx);
    case 'call': {
      const h = ctx.helpers.get(x.fn);
      if (!h) fail(`unknown helper ${x.fn}`);
      if (h.params.length !== x.args.length) fail(`${x.fn} takes ${h.params.length} arguments`);
      h.params.forEach((p, i) => {
        const a = x.args[i];
        if (p.kind === 'num') {
          if (a.k !== 'expr') fail(`${x.fn}: argument ${i} must be a number`);
          checkExpr(e, a.e, ctx);
        } else {
          if (a.k !== 'arr') fail(`${x.fn}: argument ${i} must be an array`);
          const arr = e.arrays.get(a.name);
          if (!arr) fail(`unknown array ${a.name}`);
          if (!arr.typed) fail(`${a.name} is not a Float64Array`);
          if (arr.min < h.minLength) fail(`${a.name} is shorter than ${x.fn} needs`);
        }
      });
      return;
    }
  }
}

function collectIntNames(x: IExpr, out: Set<string>): void {
  if (x.k === 'ivar') out.add(x.name);
  if (x.k === 'iadd' || x.k === 'isub') {
    collectIntNames(x.a, out);
    collectIntNames(x.b, out);
  }
  if (x.k === 'irem') collectIntNames(x.a, out);
}

/** The range of a `for` loop's counter under env (throws Invalid for a malformed header). */
export function loopRange(e: Env, s: Extract<Stmt, { k: 'for' }>): IntInfo {
  const start = range(e, s.lo);
  const end = range(e, s.hi);
  if (s.step > 0) {
    if (s.cmp !== '<' && s.cmp !== '<=') fail('an upward loop must test < or <=');
    const below = new Set<string>();
    if (s.cmp === '<') {
      if (s.hi.k === 'len') below.add(s.hi.arr);
      for (const a of end.below) below.add(a);
    }
    return { lo: start.lo, hi: s.cmp === '<' ? end.hi - 1 : end.hi, below };
  }
  if (s.cmp !== '>' && s.cmp !== '>=') fail('a downward loop must test > or >=');
  const below = new Set<string>();
  // for (let k = a.length - 1; k >= ...; k--): k < a.length
  if (s.lo.k === 'isub' && s.lo.a.k === 'len' && s.lo.b.k === 'int' && s.lo.b.v >= 1) below.add(s.lo.a.arr);
  for (const a of start.below) below.add(a);
  return { lo: s.cmp === '>=' ? end.lo : end.lo + 1, hi: start.hi, below };
}

function checkStmts(e: Env, body: Stmt[], ctx: Ctx, top: boolean): void {
  body.forEach((s, i) => {
    if (s.k === 'ret' && i !== body.length - 1) fail('statements after a return');
    checkStmt(e, s, ctx, top);
  });
}

function checkStmt(e: Env, s: Stmt, ctx: Ctx, top: boolean): void {
  switch (s.k) {
    case 'decl':
      checkExpr(e, s.init, ctx);
      if (declared(e, s.name)) fail(`${s.name} declared twice`);
      e.floats.set(s.name, { mutable: s.kind === 'let' });
      return;
    case 'assign': {
      checkExpr(e, s.value, ctx);
      const v = e.floats.get(s.name);
      if (!v || !v.mutable) fail(`${s.name} is not a let`);
      return;
    }
    case 'arr': {
      if (!(Number.isInteger(s.len) && s.len >= 1)) fail('bad array length');
      if (declared(e, s.name)) fail(`${s.name} declared twice`);
      if (s.form === 'from') {
        const inner = child(e);
        if (s.index) {
          if (declared(e, s.index)) fail(`${s.index} declared twice`);
          inner.ints.set(s.index, { lo: 0, hi: s.len - 1, below: new Set() });
        }
        checkExpr(inner, s.init!, ctx);
      }
      if (s.form === 'literal') {
        if (s.elems!.length !== s.len) fail('literal length');
        s.elems!.forEach((x) => checkExpr(e, x, ctx));
      }
      e.arrays.set(s.name, { min: s.len, exact: s.len, writable: true, typed: s.form === 'f64' || s.form === 'literal' });
      return;
    }
    case 'store': {
      const a = e.arrays.get(s.arr);
      if (!a?.writable) fail(`${s.arr} is not a local array`);
      checkIndex(e, s.arr, s.idx);
      checkExpr(e, s.value, ctx);
      return;
    }
    case 'for': {
      if (declared(e, s.v)) fail(`${s.v} shadows a name`);
      const inner = child(e);
      inner.ints.set(s.v, loopRange(e, s));
      checkStmts(inner, s.body, { ...ctx, mayReturn: false }, false);
      return;
    }
    case 'forof': {
      if (!e.arrays.has(s.arr)) fail(`unknown array ${s.arr}`);
      if (declared(e, s.v)) fail(`${s.v} shadows a name`);
      const inner = child(e);
      inner.floats.set(s.v, { mutable: false });
      // absad rejects writes to the array a for...of walks over.
      inner.arrays.set(s.arr, { ...e.arrays.get(s.arr)!, writable: false });
      checkStmts(inner, s.body, { ...ctx, mayReturn: false }, false);
      return;
    }
    case 'if':
      checkCond(e, s.c, ctx);
      checkStmts(child(e), s.then, { ...ctx, mayReturn: ctx.mayReturn && top }, false);
      if (s.else) checkStmts(child(e), s.else, { ...ctx, mayReturn: ctx.mayReturn && top }, false);
      return;
    case 'ret':
      if (!ctx.mayReturn || top) fail('return outside a top-level static if');
      if (ctx.vector) {
        if (s.value !== null || s.arr !== ctx.out) fail('a vector function returns its array');
      } else {
        if (s.value === null) fail('a scalar function returns a number');
        checkExpr(e, s.value, ctx);
      }
      return;
  }
}

/** null when the program is valid; otherwise why not. */
export function validate(p: ProgramAst): string | null {
  try {
    const names = new Set<string>();
    const unique = (n: string) => {
      if (names.has(n)) fail(`${n} defined twice at module level`);
      names.add(n);
    };
    const base: Env = { floats: new Map(), ints: new Map(), arrays: new Map() };
    for (const c of p.consts) {
      unique(c.name);
      if (typeof c.value === 'number') base.floats.set(c.name, { mutable: false });
      else base.arrays.set(c.name, { min: c.value.length, exact: c.value.length, writable: false, typed: false });
    }
    const helpers = new Map<string, Helper>();
    for (const h of p.helpers) {
      unique(h.name);
      // A helper sees the module constants and the helpers defined before it.
      checkHelper(h, helpers, base);
      helpers.set(h.name, h);
    }
    const e = child(base);
    if (p.params.filter((q) => q.kind === 'wrt').length !== 1 || p.params[0].kind !== 'wrt') fail('the first parameter is the differentiated array');
    for (const q of p.params) {
      if (declared(e, q.name) || names.has(q.name)) fail(`parameter ${q.name} twice`);
      if (q.kind === 'wrt' || q.kind === 'data') {
        if (!(Number.isInteger(q.length) && q.length! >= 1)) fail(`${q.name} needs a length`);
        e.arrays.set(q.name, { min: q.length!, exact: q.length!, writable: false, typed: true });
      } else if (q.kind === 'int') {
        if (!(Number.isInteger(q.value) && q.value! >= 0)) fail(`${q.name} needs a value`);
        e.ints.set(q.name, { lo: q.value!, hi: q.value!, below: new Set(), param: true });
      } else e.floats.set(q.name, { mutable: false });
    }
    const loopParams = new Set([...loopParamsOf(p.body, new Set())].filter((n) => e.ints.get(n)?.param));
    const ctx: Ctx = { helpers, mayReturn: true, vector: p.ret.k === 'vector', loopParams, out: p.ret.k === 'vector' ? p.ret.arr : undefined };
    checkStmts(e, p.body, ctx, true);
    if (p.ret.k === 'scalar') checkExpr(e, p.ret.e, ctx);
    else {
      const a = e.arrays.get(p.ret.arr);
      if (!a?.writable || !a.typed) fail('the returned array must be a local Float64Array');
    }
    return null;
  } catch (err) {
    if (err instanceof Invalid) return err.message;
    throw err;
  }
}

function checkHelper(h: Helper, helpers: Map<string, Helper>, consts: Env): void {
  const e: Env = child(consts);
  for (const p of h.params) {
    if (declared(e, p.name)) fail(`${h.name}: parameter ${p.name} twice or shadows a constant`);
    if (p.kind === 'num') e.floats.set(p.name, { mutable: false });
    else e.arrays.set(p.name, { min: h.minLength, exact: null, writable: false, typed: true });
  }
  if (h.params.some((p) => p.kind === 'arr') && h.minLength < 1) fail('array helpers need minLength >= 1');
  const ctx: Ctx = { helpers, mayReturn: false, vector: false, loopParams: new Set() };
  checkStmts(e, h.body, ctx, true);
  checkExpr(e, h.ret, ctx);
}
