/**
 * The fuzzer's program tree: a small AST for programs inside absad's subset (subset.md), and
 * its printer to TypeScript source. The generator (generator.ts) builds these trees, the
 * shrinker (shrink.ts) rewrites them, validate.ts decides whether a tree is a program of the
 * subset, and every valid tree prints to a module that absad must compile.
 *
 * Domains hold by construction: an elemental with a restricted domain carries its guard in the
 * node (`Math.log(1 + a ** 2)` is one `elem` node with guard 'sq1' around the operand `a`), so
 * replacing `a` by any expression keeps every elemental inside its domain. Indices are static
 * integer expressions whose ranges validate.ts checks against the array lengths.
 */

/** Static integer expressions: loop counters, integer parameters, lengths. */
export type IExpr =
  | { k: 'int'; v: number }
  | { k: 'ivar'; name: string }
  | { k: 'len'; arr: string }
  | { k: 'iadd'; a: IExpr; b: IExpr }
  | { k: 'isub'; a: IExpr; b: IExpr }
  /** a % m with a constant m > 0 (a is never negative where the generator uses it). */
  | { k: 'irem'; a: IExpr; m: number };

/** Static conditions (loop counters, integer parameters, lengths): `if` and static `?:`. */
export type Cond =
  | { k: 'cmp'; op: '<' | '<=' | '>' | '>=' | '===' | '!=='; a: IExpr; b: IExpr }
  | { k: 'and' | 'or'; a: Cond; b: Cond };

/**
 * Guards that put any operand A into an elemental's domain:
 *   positive (>= 0.36):  sq1 `1 + A ** 2`, absh `Math.abs(A) + 0.5`, expsin `Math.exp(Math.sin(A))`,
 *                        hyp `Math.hypot(A, 1)`, cos2 `2 + Math.cos(A)`
 *   bounded ([-1, 1]):   sin `Math.sin(A)`, tanh `Math.tanh(A)`, rat `A / (1 + A * A)`, cos `Math.cos(A)`
 *   unit (|.| <= 0.9):   u* = 0.9 times a bounded guard
 *   nonneg (>= 0):       sq `A ** 2`, abs `Math.abs(A)`     (log1p only)
 *   none:                A itself
 */
export type Guard =
  | 'none'
  | 'sq1' | 'absh' | 'expsin' | 'hyp' | 'cos2'
  | 'sin' | 'tanh' | 'rat' | 'cos'
  | 'usin' | 'utanh' | 'urat' | 'ucos'
  | 'sq' | 'abs';

export const POSITIVE_GUARDS: Guard[] = ['sq1', 'absh', 'expsin', 'hyp', 'cos2'];
export const BOUNDED_GUARDS: Guard[] = ['sin', 'tanh', 'rat', 'cos'];
export const UNIT_GUARDS: Guard[] = ['usin', 'utanh', 'urat', 'ucos'];

/**
 * The elementals and the guards each one accepts for its operands (first, second). Every
 * elemental of subset.md appears; `ipow` is `A ** 2`/`A ** 3`, `pow` a positive base to a
 * bounded power.
 */
export const ELEMENTALS: Record<string, { a: Guard[]; b?: Guard[] }> = {
  sin: { a: ['none'] },
  cos: { a: ['none'] },
  atan: { a: ['none'] },
  tanh: { a: ['none'] },
  asinh: { a: ['none'] },
  sqrt: { a: POSITIVE_GUARDS },
  log: { a: POSITIVE_GUARDS },
  log2: { a: POSITIVE_GUARDS },
  log10: { a: POSITIVE_GUARDS },
  cbrt: { a: POSITIVE_GUARDS },
  log1p: { a: [...POSITIVE_GUARDS, 'sq', 'abs'] },
  exp: { a: BOUNDED_GUARDS },
  expm1: { a: BOUNDED_GUARDS },
  sinh: { a: BOUNDED_GUARDS },
  cosh: { a: BOUNDED_GUARDS },
  tan: { a: BOUNDED_GUARDS },
  asin: { a: UNIT_GUARDS },
  acos: { a: UNIT_GUARDS },
  atanh: { a: UNIT_GUARDS },
  acosh: { a: POSITIVE_GUARDS }, // printed as Math.acosh(1 + P(A)) >= 1.36
  atan2: { a: ['none'], b: POSITIVE_GUARDS },
  hypot: { a: ['none'], b: ['none'] }, // Math.hypot(A, B, 0.5): never 0, so smooth
  pow: { a: POSITIVE_GUARDS, b: BOUNDED_GUARDS },
  ipow2: { a: ['none'] },
  ipow3: { a: ['none'] },
};

export type TernOp = '<' | '<=' | '>' | '>=';

/** Floating-point expressions. */
export type Expr =
  | { k: 'num'; v: number }
  | { k: 'mconst'; name: 'PI' | 'E' }
  /** A scalar variable, parameter or module constant. */
  | { k: 'var'; name: string }
  /** A static integer used as a number (`(i + 1) * 0.5`). */
  | { k: 'itof'; e: IExpr }
  | { k: 'load'; arr: string; idx: IExpr }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: '+' | '-' | '*'; a: Expr; b: Expr }
  /** a / P(b) with a positive guard: never a division by zero. */
  | { k: 'div'; a: Expr; b: Expr; g: Guard }
  /** Math.FN(guarded a[, guarded b]); `spell` picks `a ** b` or Math.pow for powers. */
  | { k: 'elem'; fn: string; a: Expr; ga: Guard; b?: Expr; gb?: Guard; spell?: 'op' | 'call' }
  /** Math.abs / Math.max / Math.min as written (max and min with 2 or 3 operands). */
  | { k: 'ns'; fn: 'abs' | 'max' | 'min'; args: Expr[] }
  /** The value patterns `a op b ? a : b` (swap: `a op b ? b : a`). */
  | { k: 'tern'; op: TernOp; a: Expr; b: Expr; swap: boolean }
  /** The abs patterns `a < 0 ? -a : a` and spellings; form picks which (see printer). */
  | { k: 'absTern'; form: number; a: Expr }
  /** A static choice `cond ? a : b`. */
  | { k: 'select'; c: Cond; a: Expr; b: Expr }
  | { k: 'call'; fn: string; args: Arg[] };

/** A helper's argument: a number, or the name of an array. */
export type Arg = { k: 'expr'; e: Expr } | { k: 'arr'; name: string };

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

export type Stmt =
  | { k: 'decl'; kind: 'const' | 'let'; name: string; init: Expr }
  /** `/=` divides by a positive guard of the value (never by zero). */
  | { k: 'assign'; name: string; op: AssignOp; value: Expr }
  /**
   * A local array of `len` elements: `new Float64Array(len)`, `new Array(len).fill(0)`,
   * `Array.from({ length: len }, (_, q) => init)` (init may read the index `q`), or a literal.
   */
  | { k: 'arr'; name: string; len: number; form: 'f64' | 'fill' | 'from' | 'literal'; init?: Expr; index?: string; elems?: Expr[] }
  | { k: 'store'; arr: string; idx: IExpr; op: AssignOp; value: Expr }
  /** for (let v = lo; v cmp hi; v += step), step +1/+2 or -1. */
  | { k: 'for'; v: string; lo: IExpr; hi: IExpr; cmp: '<' | '<=' | '>' | '>='; step: 1 | 2 | -1; body: Stmt[] }
  | { k: 'forof'; v: string; arr: string; body: Stmt[] }
  | { k: 'if'; c: Cond; then: Stmt[]; else?: Stmt[] }
  /** Only inside a top-level static `if` of the exported function; a vector function returns its array `arr`. */
  | { k: 'ret'; value: Expr | null; arr?: string };

export interface Param {
  name: string;
  /** wrt: the differentiated Float64Array; data: a Float64Array of data; int: a size; num: a scalar. */
  kind: 'wrt' | 'data' | 'int' | 'num';
  /** Arrays: the length the checks pass. */
  length?: number;
  /** int: the value the checks pass. */
  value?: number;
}

export interface Helper {
  name: string;
  style: 'function' | 'arrow';
  params: { name: string; kind: 'num' | 'arr' }[];
  /** Arrays passed to this helper have at least this many elements. */
  minLength: number;
  body: Stmt[];
  ret: Expr;
}

export interface ProgramAst {
  /** Module-level constants: numbers and numeric arrays. */
  consts: { name: string; value: number | number[]; form?: 'literal' | 'f64' }[];
  helpers: Helper[];
  params: Param[];
  body: Stmt[];
  /** The result: a scalar expression, or the name of a local array returned as a vector. */
  ret: { k: 'scalar'; e: Expr } | { k: 'vector'; arr: string };
}

// ----- printing ------------------------------------------------------------------------------

/** Operator precedence levels used to decide parentheses (higher binds tighter). */
const P = { tern: 3, or: 4, and: 5, eq: 9, rel: 10, add: 12, mul: 13, pow: 14, unary: 15, atom: 20 };

interface Printed {
  s: string;
  p: number;
}

const wrap = (e: Printed, min: number) => (e.p < min ? `(${e.s})` : e.s);

export function formatNumber(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function printI(e: IExpr): Printed {
  switch (e.k) {
    case 'int':
      return { s: String(e.v), p: e.v < 0 ? P.unary : P.atom };
    case 'ivar':
      return { s: e.name, p: P.atom };
    case 'len':
      return { s: `${e.arr}.length`, p: P.atom };
    case 'iadd':
      return { s: `${wrap(printI(e.a), P.add)} + ${wrap(printI(e.b), P.mul)}`, p: P.add };
    case 'isub':
      return { s: `${wrap(printI(e.a), P.add)} - ${wrap(printI(e.b), P.mul)}`, p: P.add };
    case 'irem':
      return { s: `${wrap(printI(e.a), P.mul)} % ${e.m}`, p: P.mul };
  }
}

export function printIExpr(e: IExpr): string {
  return printI(e).s;
}

function printC(c: Cond): Printed {
  if (c.k === 'cmp') {
    const eq = c.op === '===' || c.op === '!==';
    const lvl = eq ? P.eq : P.rel;
    return { s: `${wrap(printI(c.a), lvl)} ${c.op} ${wrap(printI(c.b), lvl + 1)}`, p: lvl };
  }
  const lvl = c.k === 'and' ? P.and : P.or;
  return { s: `${wrap(printC(c.a), lvl)} ${c.k === 'and' ? '&&' : '||'} ${wrap(printC(c.b), lvl + 1)}`, p: lvl };
}

export function printCond(c: Cond): string {
  return printC(c).s;
}

function guarded(g: Guard, a: Expr): Printed {
  const A = (min: number) => wrap(printE(a), min);
  switch (g) {
    case 'none':
      return printE(a);
    case 'sq1':
      return { s: `1 + ${A(P.unary + 1)} ** 2`, p: P.add };
    case 'absh':
      return { s: `Math.abs(${A(P.tern)}) + 0.5`, p: P.add };
    case 'expsin':
      return { s: `Math.exp(Math.sin(${A(P.tern)}))`, p: P.atom };
    case 'hyp':
      return { s: `Math.hypot(${A(P.tern)}, 1)`, p: P.atom };
    case 'cos2':
      return { s: `2 + Math.cos(${A(P.tern)})`, p: P.add };
    case 'sin':
      return { s: `Math.sin(${A(P.tern)})`, p: P.atom };
    case 'tanh':
      return { s: `Math.tanh(${A(P.tern)})`, p: P.atom };
    case 'rat':
      return { s: `${A(P.mul)} / (1 + ${A(P.mul + 1)} * ${A(P.mul + 1)})`, p: P.mul };
    case 'cos':
      return { s: `Math.cos(${A(P.tern)})`, p: P.atom };
    case 'usin':
    case 'utanh':
    case 'urat':
    case 'ucos':
      return { s: `0.9 * ${wrap(guarded(g.slice(1) as Guard, a), P.mul + 1)}`, p: P.mul };
    case 'sq':
      return { s: `${A(P.unary + 1)} ** 2`, p: P.pow };
    case 'abs':
      return { s: `Math.abs(${A(P.tern)})`, p: P.atom };
  }
}

/** The `a < 0 ? -a : a` spellings the frontend recognizes as |a|. */
export const ABS_TERN_FORMS = 6;

function printE(e: Expr): Printed {
  switch (e.k) {
    case 'num':
      return { s: formatNumber(e.v), p: e.v < 0 || Object.is(e.v, -0) ? P.unary : P.atom };
    case 'mconst':
      return { s: `Math.${e.name}`, p: P.atom };
    case 'var':
      return { s: e.name, p: P.atom };
    case 'itof':
      return printI(e.e);
    case 'load':
      return { s: `${e.arr}[${printI(e.idx).s}]`, p: P.atom };
    case 'neg': {
      const inner = wrap(printE(e.a), P.unary);
      // `- -a` would print as the decrement `--a`.
      return { s: inner.startsWith('-') ? `-(${inner})` : `-${inner}`, p: P.unary };
    }
    case 'bin': {
      const lvl = e.op === '*' ? P.mul : P.add;
      return { s: `${wrap(printE(e.a), lvl)} ${e.op} ${wrap(printE(e.b), lvl + 1)}`, p: lvl };
    }
    case 'div':
      return { s: `${wrap(printE(e.a), P.mul)} / ${wrap(guarded(e.g, e.b), P.mul + 1)}`, p: P.mul };
    case 'ns':
      return { s: `Math.${e.fn}(${e.args.map((a) => wrap(printE(a), P.tern)).join(', ')})`, p: P.atom };
    case 'tern': {
      const a = wrap(printE(e.a), P.rel + 1);
      const b = wrap(printE(e.b), P.rel + 1);
      // TypeScript reads `x < (y > ...` as type arguments: write `(y) > x` instead (the same
      // test, NaN included, and the same pattern for absad).
      const test = e.op === '<' && b.startsWith('(') ? `${b} > ${a}` : `${a} ${e.op} ${b}`;
      return { s: `${test} ? ${e.swap ? b : a} : ${e.swap ? a : b}`, p: P.tern };
    }
    case 'absTern': {
      const a = wrap(printE(e.a), P.rel + 1);
      const neg = printE({ k: 'neg', a: e.a }).s;
      const forms = [
        `${a} < 0 ? ${neg} : ${a}`,
        `${a} <= 0 ? ${neg} : ${a}`,
        `${a} > 0 ? ${a} : ${neg}`,
        `${a} >= 0 ? ${a} : ${neg}`,
        `0 > ${a} ? ${neg} : ${a}`,
        // `0 < (...` would read as type arguments (see tern): the same test as `a > 0`.
        a.startsWith('(') ? `${a} > 0 ? ${a} : ${neg}` : `0 < ${a} ? ${a} : ${neg}`,
      ];
      return { s: forms[e.form % ABS_TERN_FORMS], p: P.tern };
    }
    case 'select':
      return { s: `${wrap(printC(e.c), P.or)} ? ${wrap(printE(e.a), P.tern)} : ${wrap(printE(e.b), P.tern)}`, p: P.tern };
    case 'call':
      return { s: `${e.fn}(${e.args.map((a) => (a.k === 'arr' ? a.name : wrap(printE(a.e), P.tern))).join(', ')})`, p: P.atom };
    case 'elem':
      return printElem(e);
  }
}

function printElem(e: Extract<Expr, { k: 'elem' }>): Printed {
  const A = (min: number) => wrap(guarded(e.ga, e.a), min);
  const B = (min: number) => wrap(guarded(e.gb ?? 'none', e.b!), min);
  switch (e.fn) {
    case 'ipow2':
    case 'ipow3': {
      const k = e.fn === 'ipow2' ? 2 : 3;
      return e.spell === 'call' ? { s: `Math.pow(${A(P.tern)}, ${k})`, p: P.atom } : { s: `${A(P.unary + 1)} ** ${k}`, p: P.pow };
    }
    case 'pow':
      return e.spell === 'call' ? { s: `Math.pow(${A(P.tern)}, ${B(P.tern)})`, p: P.atom } : { s: `${A(P.unary + 1)} ** ${B(P.pow)}`, p: P.pow };
    case 'acosh':
      return { s: `Math.acosh(1 + ${A(P.add + 1)})`, p: P.atom };
    case 'atan2':
      return { s: `Math.atan2(${A(P.tern)}, ${B(P.tern)})`, p: P.atom };
    case 'hypot':
      return { s: `Math.hypot(${A(P.tern)}, ${B(P.tern)}, 0.5)`, p: P.atom };
    default:
      return { s: `Math.${e.fn}(${A(P.tern)})`, p: P.atom };
  }
}

export function printExpr(e: Expr): string {
  return printE(e).s;
}

function printStmts(body: Stmt[], indent: string, out: string[]): void {
  for (const s of body) printStmt(s, indent, out);
}

function printStmt(s: Stmt, ind: string, out: string[]): void {
  const E = (e: Expr) => printE(e).s;
  switch (s.k) {
    case 'decl':
      out.push(`${ind}${s.kind} ${s.name} = ${E(s.init)};`);
      return;
    case 'assign':
      out.push(`${ind}${s.name} ${s.op} ${s.op === '/=' ? guarded('sq1', s.value).s : E(s.value)};`);
      return;
    case 'arr': {
      const init =
        s.form === 'f64' ? `new Float64Array(${s.len})`
        : s.form === 'fill' ? `new Array(${s.len}).fill(0)`
        : s.form === 'from' ? `Array.from({ length: ${s.len} }, (_, ${s.index ?? 'q'}) => ${wrap(printE(s.init!), P.tern)})`
        : `new Float64Array([${s.elems!.map(E).join(', ')}])`;
      out.push(`${ind}const ${s.name}${s.form === 'fill' ? ': number[]' : ''} = ${init};`);
      return;
    }
    case 'store':
      out.push(`${ind}${s.arr}[${printI(s.idx).s}] ${s.op} ${s.op === '/=' ? guarded('sq1', s.value).s : E(s.value)};`);
      return;
    case 'for': {
      const update = s.step === 1 ? `${s.v}++` : s.step === -1 ? `${s.v}--` : `${s.v} += ${s.step}`;
      out.push(`${ind}for (let ${s.v} = ${printI(s.lo).s}; ${s.v} ${s.cmp} ${wrap(printI(s.hi), P.rel + 1)}; ${update}) {`);
      printStmts(s.body, ind + '  ', out);
      out.push(`${ind}}`);
      return;
    }
    case 'forof':
      out.push(`${ind}for (const ${s.v} of ${s.arr}) {`);
      printStmts(s.body, ind + '  ', out);
      out.push(`${ind}}`);
      return;
    case 'if':
      out.push(`${ind}if (${printC(s.c).s}) {`);
      printStmts(s.then, ind + '  ', out);
      if (s.else && s.else.length > 0) {
        out.push(`${ind}} else {`);
        printStmts(s.else, ind + '  ', out);
      }
      out.push(`${ind}}`);
      return;
    case 'ret':
      out.push(`${ind}return ${s.value ? E(s.value) : s.arr};`);
      return;
  }
}

const PARAM_TYPES: Record<Param['kind'], string> = { wrt: 'Float64Array', data: 'Float64Array', int: 'number', num: 'number' };

/** The TypeScript module of a program tree: constants, helpers, then `export function f`. */
export function printProgram(p: ProgramAst): string {
  const out: string[] = [];
  for (const c of p.consts) {
    if (typeof c.value === 'number') out.push(`const ${c.name} = ${formatNumber(c.value)};`);
    else if (c.form === 'f64') out.push(`const ${c.name} = new Float64Array([${c.value.map(formatNumber).join(', ')}]);`);
    else out.push(`const ${c.name} = [${c.value.map(formatNumber).join(', ')}];`);
  }
  for (const h of p.helpers) {
    const params = h.params.map((q) => `${q.name}: ${q.kind === 'arr' ? 'Float64Array' : 'number'}`).join(', ');
    const body: string[] = [];
    printStmts(h.body, '  ', body);
    if (h.style === 'arrow' && h.body.length === 0) {
      out.push(`const ${h.name} = (${params}): number => ${wrap(printE(h.ret), P.tern)};`);
      continue;
    }
    out.push(h.style === 'arrow' ? `const ${h.name} = (${params}): number => {` : `function ${h.name}(${params}): number {`);
    out.push(...body, `  return ${printE(h.ret).s};`, h.style === 'arrow' ? '};' : '}');
  }
  const params = p.params.map((q) => `${q.name}: ${PARAM_TYPES[q.kind]}`).join(', ');
  out.push(`export function f(${params}): ${p.ret.k === 'scalar' ? 'number' : 'Float64Array'} {`);
  printStmts(p.body, '  ', out);
  out.push(`  return ${p.ret.k === 'scalar' ? printE(p.ret.e).s : p.ret.arr};`, '}');
  return out.join('\n') + '\n';
}
