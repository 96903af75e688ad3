/**
 * The shrinker: delta debugging over the program tree (ast.ts). Given a failing program and a
 * predicate "does this program still fail the same way?", it repeatedly tries smaller
 * variants and keeps the first that still fails, until no variant does (a local minimum) or
 * the test budget runs out:
 *   - drop a statement, a helper, a module constant, a data parameter;
 *   - replace a loop, `for...of` or `if` by its body (the counter fixed at its first value,
 *     the element at `arr[0]`), or by one branch;
 *   - cut a loop with constant bounds to one iteration;
 *   - replace an expression by one of its operands or by a constant, drop an operand of a
 *     3-ary max/min, replace an index by 0;
 *   - use one input fewer.
 * Only variants that validate.ts accepts are tried, so the result is a program of the subset
 * whose failure is absad's, never the shrinker's. Variants must be strictly smaller (printed
 * size, then loop trips), so the search terminates.
 */
import { type Expr, type IExpr, printProgram, type ProgramAst, type Stmt } from './ast.js';
import { validate } from './validate.js';

type Path = (string | number)[];
type Json = Record<string, unknown>;

const EXPR_KINDS = new Set(['num', 'mconst', 'var', 'itof', 'load', 'neg', 'bin', 'div', 'elem', 'ns', 'tern', 'absTern', 'select', 'call']);
const STMT_LISTS = new Set(['body', 'then', 'else']);

const clone = <T>(x: T): T => structuredClone(x);

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** A copy of root with the value at path replaced (or removed when `value` is undefined and the parent is an array). */
function setAt<T>(root: T, path: Path, value: unknown): T {
  const copy = clone(root);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}

/** Every object of the tree with its path (pre-order). */
function* nodes(node: unknown, path: Path = []): Generator<{ node: Json | unknown[]; path: Path }> {
  if (Array.isArray(node)) {
    yield { node, path };
    for (let i = 0; i < node.length; i++) yield* nodes(node[i], [...path, i]);
  } else if (node && typeof node === 'object') {
    yield { node: node as Json, path };
    for (const [k, v] of Object.entries(node)) yield* nodes(v, [...path, k]);
  }
}

/** Expression nodes (helper arguments are { k: 'expr', e } wrappers and statements have other kinds). */
const isExpr = (o: unknown): o is Expr => !Array.isArray(o) && EXPR_KINDS.has(String((o as Json)?.k));

/** Replaces every occurrence of the integer `name` (a loop counter) by `by`. */
function substituteInt<T>(tree: T, name: string, by: IExpr): T {
  return JSON.parse(JSON.stringify(tree), (_k, v) => (v && v.k === 'ivar' && v.name === name ? clone(by) : v)) as T;
}

/** Replaces the number variable `name` (a for...of element) by `by`. */
function substituteVar<T>(tree: T, name: string, by: Expr): T {
  return JSON.parse(JSON.stringify(tree), (_k, v) => (v && v.k === 'var' && v.name === name ? clone(by) : v)) as T;
}

function operands(e: Expr): Expr[] {
  switch (e.k) {
    case 'neg':
      return [e.a];
    case 'bin':
    case 'div':
    case 'tern':
    case 'select':
      return [e.a, e.b];
    case 'elem':
      return e.b ? [e.a, e.b] : [e.a];
    case 'ns':
      return e.args;
    case 'absTern':
      return [e.a];
    case 'call':
      return e.args.flatMap((a) => (a.k === 'expr' ? [a.e] : []));
    default:
      return [];
  }
}

/** The smaller variants of p, most promising (largest cuts) first. */
function* variants(p: ProgramAst): Generator<ProgramAst> {
  const all = [...nodes(p)];
  // Statements: drop one, or replace a compound statement by its body.
  for (const { node, path } of all) {
    if (!Array.isArray(node) || !STMT_LISTS.has(String(path[path.length - 1]))) continue;
    const list = node as Stmt[];
    for (let i = 0; i < list.length; i++) {
      const without = [...list.slice(0, i), ...list.slice(i + 1)];
      yield setAt(p, path, without);
      const s = list[i];
      const splice = (body: Stmt[]) => setAt(p, path, [...list.slice(0, i), ...body, ...list.slice(i + 1)]);
      if (s.k === 'for') yield splice(substituteInt(s.body, s.v, s.lo));
      if (s.k === 'forof') yield splice(substituteVar(s.body, s.v, { k: 'load', arr: s.arr, idx: { k: 'int', v: 0 } }));
      if (s.k === 'if') {
        yield splice(s.then);
        if (s.else) yield splice(s.else);
      }
    }
  }
  for (let i = 0; i < p.helpers.length; i++) yield { ...clone(p), helpers: p.helpers.filter((_, j) => j !== i) };
  for (let i = 0; i < p.consts.length; i++) yield { ...clone(p), consts: p.consts.filter((_, j) => j !== i) };
  for (let i = 1; i < p.params.length; i++) yield { ...clone(p), params: p.params.filter((_, j) => j !== i) };
  // Loops with constant bounds: one iteration.
  for (const { node, path } of all) {
    const s = node as Stmt;
    if ((s as Json).k !== 'for' || Array.isArray(node) || s.k !== 'for') continue;
    if (s.step > 0 && s.lo.k === 'int') yield setAt(p, [...path, 'hi'], { k: 'int', v: s.cmp === '<' ? s.lo.v + 1 : s.lo.v });
    if (s.step < 0 && s.hi.k === 'int') yield setAt(p, [...path, 'lo'], { k: 'int', v: s.cmp === '>=' ? s.hi.v : s.hi.v + 1 });
  }
  // Expressions: an operand in place of the whole, or a constant.
  for (const { node, path } of all) {
    if (!isExpr(node)) continue;
    const e = node as Expr;
    for (const o of operands(e)) yield setAt(p, path, o);
    if (e.k === 'ns' && e.args.length > 2) for (let i = 0; i < e.args.length; i++) yield setAt(p, [...path, 'args'], e.args.filter((_, j) => j !== i));
    if (e.k !== 'num') {
      yield setAt(p, path, { k: 'num', v: 1 });
      yield setAt(p, path, { k: 'num', v: 0.5 });
    }
  }
  // Indices: 0.
  for (const { node, path } of all) {
    if (Array.isArray(node) || path[path.length - 1] !== 'idx' || (node as IExpr).k === 'int') continue;
    yield setAt(p, path, { k: 'int', v: 0 });
  }
  if (p.params[0].length! > 1) {
    const q = clone(p);
    q.params[0].length! -= 1;
    yield q;
  }
}

/** Size order: printed length, then total constant loop trips plus inputs. */
function measure(p: ProgramAst): [number, number] {
  let trips = p.params[0].length!;
  for (const { node } of nodes(p)) {
    const s = node as Json;
    if (s.k === 'for' && (s.hi as IExpr).k === 'int') trips += Math.abs(((s.hi as { v: number }).v) - (((s.lo as IExpr).k === 'int' ? (s.lo as { v: number }).v : 0)));
  }
  return [printProgram(p).length, trips];
}

const smaller = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export interface ShrinkResult {
  program: ProgramAst;
  /** Predicate evaluations spent. */
  tests: number;
  /** Shrink steps taken. */
  steps: number;
}

export async function shrink(p: ProgramAst, stillFails: (q: ProgramAst) => Promise<boolean>, maxTests = 2000): Promise<ShrinkResult> {
  let current = p;
  let size = measure(p);
  let tests = 0;
  let steps = 0;
  const tried = new Set<string>();
  for (let progress = true; progress && tests < maxTests; ) {
    progress = false;
    for (const v of variants(current)) {
      const key = JSON.stringify(v);
      if (tried.has(key)) continue;
      tried.add(key);
      const m = measure(v);
      if (!smaller(m, size) || validate(v) !== null) continue;
      tests++;
      if (await stillFails(v)) {
        current = v;
        size = m;
        steps++;
        progress = true;
        break;
      }
      if (tests >= maxTests) break;
    }
  }
  return { program: current, tests, steps };
}
