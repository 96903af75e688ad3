/**
 * The op table: the single source of truth for every IR operation.
 *
 * One entry per opcode says: its group, its arity, the types it takes and returns, how the
 * reference interpreter evaluates it (bit-for-bit as JavaScript would), how JavaScript and WGSL
 * spell it, its local partial derivatives, and whether it is a kink (a nonsmooth choice).
 * Printing, parsing, verification, interpretation, folding and code generation all read this
 * table; adding an op means adding an entry here plus tests.
 *
 * WGSL spellings are f32 and follow JavaScript's semantics as far as f32 allows. Where WGSL has
 * no built-in (log1p, expm1, log10, cbrt, hypot) or its built-in differs from JavaScript (pow of
 * a negative base, sin/cos/tan (WGSL allows 2^-11 absolute error, and none beyond [-pi, pi]),
 * acos near -1), the spelling
 * calls a helper named `absad_*`; compiler/codegen/wgsl/prelude.ts defines every such helper.
 *
 * Groups:
 *   const      literals (scalars, constant arrays)
 *   arith      f64 + - * / ** and negation
 *   elemental  smooth Math functions
 *   source-nonsmooth  Math.abs / Math.max / Math.min / clamp as written in the source
 *                     (n-ary, before `lower-nonsmooth`)
 *   switch     the switching operations after `lower-nonsmooth`: abs, max, min, relu.
 *              Each defines one switching variable z = sum(zCoef[i] * operand[i]) and its
 *              value equals sum(yCoef[i] * operand[i]) + absCoef * |z| (the abs-normal-form
 *              identity), while the primal is still computed exactly as JavaScript does.
 *   index      static integer arithmetic (loop counters, sizes, indices)
 *   logic      static comparisons and booleans
 *   array      load / store / alloc / length / matrix row
 *   control    for / if / yield / return / call (structured; see types.ts)
 */
import type { AttrValue, Attrs, Type } from './types.js';

export type OpGroup =
  | 'const'
  | 'arith'
  | 'elemental'
  | 'source-nonsmooth'
  | 'switch'
  | 'index'
  | 'logic'
  | 'array'
  | 'control';

/** How an op's operands are typed: a fixed list, or "any number of this type". */
export type OperandSpec = { fixed: Type[] } | { variadic: Type; min: number };

/** The abs-normal-form identity of a switching op (see the header). */
export interface SwitchSpec {
  zCoef: number[];
  yCoef: number[];
  absCoef: number;
}

export type Scalar = number | boolean;

export interface OpDef {
  name: string;
  group: OpGroup;
  operands: OperandSpec;
  /** Result type; `null` for ops that define no value (yield, return) or decide it from attrs. */
  result: Type | null;
  /** Pure ops can be folded, CSE'd and removed when unused. */
  pure: boolean;
  /** True for ops whose value is a nonsmooth choice (they create switching variables). */
  kink: boolean;
  /** Scalar semantics, exactly as JavaScript computes them. */
  evaluate?: (args: number[], attrs: Attrs) => Scalar;
  /** Local partial derivatives d result / d operand_i for f64 ops (smooth ops only). */
  partials?: (args: number[], result: number) => number[];
  /**
   * The same partial derivatives spelled in JavaScript over operand and result expressions
   * (`args`, `y`): what the backward sweep multiplies an adjoint by. A test checks that these
   * agree with `partials` at random points.
   */
  jsPartials?: (args: string[], y: string) => string[];
  /** JavaScript spelling of the op as an expression over operand expressions. */
  js?: (args: string[], attrs: Attrs) => string;
  /** WGSL spelling (f32); absent where the WGSL backend lowers the op itself. */
  wgsl?: (args: string[], attrs: Attrs) => string;
  /** The partials of `jsPartials` spelled in WGSL (f32), for the WGSL backward sweep. */
  wgslPartials?: (args: string[], y: string) => string[];
  switchSpec?: SwitchSpec;
}

const F = (n: number): OperandSpec => ({ fixed: Array<Type>(n).fill('f64') });
const I = (n: number): OperandSpec => ({ fixed: Array<Type>(n).fill('int') });

function unaryMath(
  name: string,
  fn: (a: number) => number,
  dfn: (a: number, y: number) => number,
  jsd: (a: string, y: string) => string,
  wgslName: string,
  wgsld: (a: string, y: string) => string,
): OpDef {
  return {
    name,
    group: 'elemental',
    operands: F(1),
    result: 'f64',
    pure: true,
    kink: false,
    evaluate: ([a]) => fn(a),
    partials: ([a], y) => [dfn(a, y)],
    jsPartials: ([a], y) => [jsd(a, y)],
    js: ([a]) => `Math.${name}(${a})`,
    wgsl: ([a]) => `${wgslName}(${a})`,
    wgslPartials: ([a], y) => [wgsld(a, y)],
  };
}

/** Comparison used by the ternary patterns (`u > v ? u : v` and friends). */
export type TernCmp = '<' | '<=' | '>' | '>=';

function compare(cmp: AttrValue | undefined, a: number, b: number): boolean {
  switch (cmp) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      throw new Error(`bad comparison attribute ${String(cmp)}`);
  }
}

/**
 * Primal semantics of the nonsmooth ops. Ops that came from a ternary pattern keep the
 * ternary's exact semantics (they differ from Math.max at ±0 and NaN), recorded in `tern`.
 */
function evalAbs(a: number, attrs: Attrs): number {
  return attrs.tern === undefined ? Math.abs(a) : compare(attrs.tern, a, 0) ? -a : a;
}
function evalMax(args: number[], attrs: Attrs): number {
  if (attrs.tern === undefined) return Math.max(...args);
  return compare(attrs.tern, args[0], args[1]) ? args[0] : args[1];
}
function evalMin(args: number[], attrs: Attrs): number {
  if (attrs.tern === undefined) return Math.min(...args);
  return compare(attrs.tern, args[0], args[1]) ? args[0] : args[1];
}
function evalRelu(a: number, attrs: Attrs): number {
  return attrs.tern === undefined ? Math.max(a, 0) : compare(attrs.tern, a, 0) ? a : 0;
}
function jsTern(attrs: Attrs, a: string, b: string, then: string, otherwise: string): string {
  return `(${a} ${String(attrs.tern)} ${b} ? ${then} : ${otherwise})`;
}
/** icmp's predicate as an operator of the target language. */
function cmpSymbol(attrs: Attrs, target: 'js' | 'wgsl'): string {
  const eq = target === 'js' ? ['===', '!=='] : ['==', '!='];
  const sym = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: eq[0], ne: eq[1] }[String(attrs.pred)];
  if (sym === undefined) throw new Error(`bad icmp predicate ${String(attrs.pred)}`);
  return sym;
}

/** The same ternary in WGSL: select(otherwise, then, condition), exact at ties and +-0 as in JS. */
function wgslTern(attrs: Attrs, a: string, b: string, then: string, otherwise: string): string {
  return `select(${otherwise}, ${then}, ${a} ${String(attrs.tern)} ${b})`;
}

/** The number a JavaScript literal spells (`2`, `(-0.5)`), or null for any other expression. */
function literalNumber(e: string): number | null {
  const m = /^\(?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)?$/.exec(e);
  return m ? Number(m[1]) : null;
}

/**
 * d/da a**b. Constant exponents, the usual case (x ** 2), become multiplications: the
 * derivative only needs to be accurate, not bit-identical to a pow call, and a pow call in
 * the backward sweep would cost more than the whole primal.
 */
function powBasePartial(a: string, b: string, y: string): string {
  const c = literalNumber(b);
  if (c === null) return `(${b} === 0 ? 0 : ${b} * ${a} ** (${b} - 1))`;
  if (c === 0) return '0';
  if (c === 1) return '1';
  if (c === 2) return `2 * ${a}`;
  if (c === 3) return `3 * ${a} * ${a}`;
  // Over the value y = a ** 0.5, not Math.sqrt(a): they differ at -0 and -Infinity.
  if (c === 0.5) return `0.5 / ${y}`;
  if (c === -1) return `-1 / (${a} * ${a})`;
  return `${String(c)} * ${a} ** ${String(c - 1).startsWith('-') ? `(${String(c - 1)})` : String(c - 1)}`;
}

/**
 * WGSL a ** b. Small integer literal exponents (x ** 2, the usual case) become products, exact
 * for negative bases as in JavaScript; everything else calls absad_pow, which follows
 * JavaScript for negative bases (WGSL's pow is undefined there).
 */
function wgslPow(a: string, b: string): string {
  const c = literalNumber(b);
  if (c === 0) return '1.0';
  if (c === 1) return a;
  if (c === 2) return `(${a} * ${a})`;
  if (c === 3) return `(${a} * ${a} * ${a})`;
  if (c === 4) return `((${a} * ${a}) * (${a} * ${a}))`;
  if (c === -1) return `(1.0 / ${a})`;
  if (c === -2) return `(1.0 / (${a} * ${a}))`;
  return `absad_pow(${a}, ${b})`;
}

/** d/da a ** b in WGSL (see powBasePartial). */
function wgslPowBasePartial(a: string, b: string): string {
  const c = literalNumber(b);
  if (c === null) return `select(${b} * absad_pow(${a}, ${b} - 1.0), 0.0, ${b} == 0.0)`;
  if (c === 0) return '0.0';
  if (c === 1) return '1.0';
  if (c === 2) return `2.0 * ${a}`;
  if (c === 3) return `3.0 * ${a} * ${a}`;
  if (c === 0.5) return `0.5 / sqrt(${a})`;
  if (c === -1) return `-1.0 / (${a} * ${a})`;
  return `${wgslFloat(c)} * ${wgslPow(a, wgslFloat(c - 1))}`;
}

/** A number as a WGSL f32 literal (`2.0`, `(-0.5)`, `1e-7`), in the shortest form that rounds to the same f32. */
export function wgslFloat(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) throw new Error(`wgslFloat: ${x} is not a finite f32`);
  let s = '';
  for (let p = 1; p <= 9; p++) {
    s = String(Number(f.toPrecision(p)));
    if (Math.fround(Number(s)) === f) break;
  }
  if (!/[.e]/.test(s)) s += '.0';
  return f < 0 || Object.is(f, -0) ? `(${Object.is(f, -0) ? '-0.0' : s})` : s;
}

/** The prelude's accurate sin/cos/tan where its reduction is exact (|x| < 2^16), the builtin beyond. */
function wgslTrig(fn: 'sin' | 'cos' | 'tan', a: string): string {
  return `select(absad_${fn}(${a}), ${fn}(${a}), abs(${a}) >= 65536.0)`;
}

const ln2 = Math.LN2;
const ln10 = Math.LN10;

const TABLE: OpDef[] = [
  // ----- const ---------------------------------------------------------------------------
  // `const` takes its type from the `type` attribute; values live in `value`.
  { name: 'const', group: 'const', operands: { fixed: [] }, result: null, pure: true, kink: false },

  // ----- arith ---------------------------------------------------------------------------
  {
    name: 'add', group: 'arith', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => a + b, partials: () => [1, 1], jsPartials: () => ['1', '1'],
    js: ([a, b]) => `${a} + ${b}`, wgsl: ([a, b]) => `(${a} + ${b})`, wgslPartials: () => ['1.0', '1.0'],
  },
  {
    name: 'sub', group: 'arith', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => a - b, partials: () => [1, -1], jsPartials: () => ['1', '-1'],
    js: ([a, b]) => `${a} - ${b}`, wgsl: ([a, b]) => `(${a} - ${b})`, wgslPartials: () => ['1.0', '-1.0'],
  },
  {
    name: 'mul', group: 'arith', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => a * b, partials: ([a, b]) => [b, a], jsPartials: ([a, b]) => [b, a],
    js: ([a, b]) => `${a} * ${b}`, wgsl: ([a, b]) => `(${a} * ${b})`, wgslPartials: ([a, b]) => [b, a],
  },
  {
    name: 'div', group: 'arith', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => a / b, partials: ([, b], y) => [1 / b, -y / b], jsPartials: ([, b], y) => [`1 / ${b}`, `-${y} / ${b}`],
    js: ([a, b]) => `${a} / ${b}`, wgsl: ([a, b]) => `(${a} / ${b})`, wgslPartials: ([, b], y) => [`1.0 / ${b}`, `-${y} / ${b}`],
  },
  {
    name: 'pow', group: 'arith', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => a ** b,
    // d/da a^b = b a^(b-1); d/db a^b = a^b ln a (only where a > 0; 0 where the term vanishes).
    partials: ([a, b], y) => [b === 0 ? 0 : b * a ** (b - 1), y === 0 ? 0 : y * Math.log(a)],
    // A literal base's log is a literal, unless it is not finite (0 ** x, (-2) ** x): then the
    // guard keeps the partial 0 where y is 0, as `partials` has it.
    jsPartials: ([a, b], y) => [powBasePartial(a, b, y), Number.isFinite(Math.log(literalNumber(a) ?? NaN)) ? `${y} * ${String(Math.log(literalNumber(a)!))}` : `(${y} === 0 ? 0 : ${y} * Math.log(${a}))`],
    js: ([a, b]) => `${a} ** ${b}`, wgsl: ([a, b]) => wgslPow(a, b),
    wgslPartials: ([a, b], y) => [wgslPowBasePartial(a, b), (literalNumber(a) ?? 0) > 0 ? `${y} * ${wgslFloat(Math.log(literalNumber(a)!))}` : `select(${y} * log(${a}), 0.0, ${y} == 0.0)`],
  },
  {
    name: 'neg', group: 'arith', operands: F(1), result: 'f64', pure: true, kink: false,
    evaluate: ([a]) => -a, partials: () => [-1], jsPartials: () => ['-1'],
    js: ([a]) => `-${a}`, wgsl: ([a]) => `(-${a})`, wgslPartials: () => ['-1.0'],
  },
  {
    name: 'itof', group: 'arith', operands: I(1), result: 'f64', pure: true, kink: false,
    evaluate: ([a]) => a, js: ([a]) => a, wgsl: ([a]) => `f32(${a})`,
  },

  // ----- elemental (smooth Math functions) -------------------------------------------------
  unaryMath('sqrt', Math.sqrt, (_a, y) => 0.5 / y, (_a, y) => `0.5 / ${y}`, 'sqrt', (_a, y) => `0.5 / ${y}`),
  unaryMath('exp', Math.exp, (_a, y) => y, (_a, y) => y, 'exp', (_a, y) => y),
  unaryMath('log', Math.log, (a) => 1 / a, (a) => `1 / ${a}`, 'log', (a) => `1.0 / ${a}`),
  unaryMath('log1p', Math.log1p, (a) => 1 / (1 + a), (a) => `1 / (1 + ${a})`, 'absad_log1p', (a) => `1.0 / (1.0 + ${a})`),
  unaryMath('expm1', Math.expm1, (_a, y) => y + 1, (_a, y) => `(${y} + 1)`, 'absad_expm1', (_a, y) => `(${y} + 1.0)`),
  unaryMath('log2', Math.log2, (a) => 1 / (a * ln2), (a) => `1 / (${a} * Math.LN2)`, 'log2', (a) => `1.0 / (${a} * ${wgslFloat(ln2)})`),
  unaryMath('log10', Math.log10, (a) => 1 / (a * ln10), (a) => `1 / (${a} * Math.LN10)`, 'absad_log10', (a) => `1.0 / (${a} * ${wgslFloat(ln10)})`),
  // The prelude's absad_sin/cos/tan reduce by pi/2 exactly only for |x| < 2^16 (beyond, the
  // reduced argument leaves [-pi/4, pi/4] and the polynomials blow up: cos(1e10) was -5.9e23,
  // cos(1e19) -Infinity); there f32 has no digit of the phase left, and the builtins stay bounded.
  {
    ...unaryMath('sin', Math.sin, (a) => Math.cos(a), (a) => `Math.cos(${a})`, 'absad_sin', (a) => `absad_cos(${a})`),
    wgsl: ([a]) => wgslTrig('sin', a),
    wgslPartials: ([a]) => [wgslTrig('cos', a)],
  },
  {
    ...unaryMath('cos', Math.cos, (a) => -Math.sin(a), (a) => `-Math.sin(${a})`, 'absad_cos', (a) => `-absad_sin(${a})`),
    wgsl: ([a]) => wgslTrig('cos', a),
    wgslPartials: ([a]) => [`-${wgslTrig('sin', a)}`],
  },
  { ...unaryMath('tan', Math.tan, (_a, y) => 1 + y * y, (_a, y) => `(1 + ${y} * ${y})`, 'absad_tan', (_a, y) => `(1.0 + ${y} * ${y})`), wgsl: ([a]) => wgslTrig('tan', a) },
  unaryMath('asin', Math.asin, (a) => 1 / Math.sqrt(1 - a * a), (a) => `1 / Math.sqrt(1 - ${a} * ${a})`, 'asin', (a) => `1.0 / sqrt(1.0 - ${a} * ${a})`),
  unaryMath('acos', Math.acos, (a) => -1 / Math.sqrt(1 - a * a), (a) => `-1 / Math.sqrt(1 - ${a} * ${a})`, 'absad_acos', (a) => `-1.0 / sqrt(1.0 - ${a} * ${a})`),
  unaryMath('atan', Math.atan, (a) => 1 / (1 + a * a), (a) => `1 / (1 + ${a} * ${a})`, 'atan', (a) => `1.0 / (1.0 + ${a} * ${a})`),
  unaryMath('sinh', Math.sinh, (a) => Math.cosh(a), (a) => `Math.cosh(${a})`, 'sinh', (a) => `cosh(${a})`),
  unaryMath('cosh', Math.cosh, (a) => Math.sinh(a), (a) => `Math.sinh(${a})`, 'cosh', (a) => `sinh(${a})`),
  {
    ...unaryMath('tanh', Math.tanh, (_a, y) => 1 - y * y, (_a, y) => `(1 - ${y} * ${y})`, 'tanh', (_a, y) => `(1.0 - ${y} * ${y})`),
    // WGSL's tanh is NaN from |x| = 89 on (SwiftShader computes it through exp); tanh(15) is
    // already 1 in f32, so clamping changes no value.
    wgsl: ([a]) => `tanh(clamp(${a}, -15.0, 15.0))`,
  },
  {
    ...unaryMath('asinh', Math.asinh, (a) => 1 / Math.sqrt(a * a + 1), (a) => `1 / Math.sqrt(${a} * ${a} + 1)`, 'asinh', (a) => `1.0 / sqrt(${a} * ${a} + 1.0)`),
    // WGSL's asinh may be log(x + sqrt(x * x + 1)), which cancels for x < 0 (asinh(-142) off
    // by 3e-4 on SwiftShader); asinh is odd, so take it of |x|.
    wgsl: ([a]) => `(sign(${a}) * asinh(abs(${a})))`,
  },
  unaryMath('acosh', Math.acosh, (a) => 1 / Math.sqrt(a * a - 1), (a) => `1 / Math.sqrt(${a} * ${a} - 1)`, 'acosh', (a) => `1.0 / sqrt(${a} * ${a} - 1.0)`),
  unaryMath('atanh', Math.atanh, (a) => 1 / (1 - a * a), (a) => `1 / (1 - ${a} * ${a})`, 'atanh', (a) => `1.0 / (1.0 - ${a} * ${a})`),
  unaryMath('cbrt', Math.cbrt, (_a, y) => 1 / (3 * y * y), (_a, y) => `1 / (3 * ${y} * ${y})`, 'absad_cbrt', (_a, y) => `1.0 / (3.0 * ${y} * ${y})`),
  {
    name: 'atan2', group: 'elemental', operands: F(2), result: 'f64', pure: true, kink: false,
    evaluate: ([a, b]) => Math.atan2(a, b),
    partials: ([a, b]) => [b / (a * a + b * b), -a / (a * a + b * b)],
    jsPartials: ([a, b]) => [`${b} / (${a} * ${a} + ${b} * ${b})`, `-${a} / (${a} * ${a} + ${b} * ${b})`],
    js: ([a, b]) => `Math.atan2(${a}, ${b})`,
    // SwiftShader's atan2(-0, x) is pi for x > 0 (it must be -0), and an f32 product such as
    // -1e-30 * 1e-30 underflows to -0: so y = +-0 with x > 0 gives y itself.
    wgsl: ([a, b]) => `select(atan2(${a}, ${b}), ${a}, ${a} == 0.0 && ${b} > 0.0)`,
    wgslPartials: ([a, b]) => [`${b} / (${a} * ${a} + ${b} * ${b})`, `-${a} / (${a} * ${a} + ${b} * ${b})`],
  },
  {
    name: 'hypot', group: 'elemental', operands: { variadic: 'f64', min: 0 }, result: 'f64', pure: true, kink: false,
    evaluate: (args) => Math.hypot(...args),
    partials: (args, y) => args.map((a) => (y === 0 ? 0 : a / y)),
    jsPartials: (args, y) => args.map((a) => `(${y} === 0 ? 0 : ${a} / ${y})`),
    js: (args) => `Math.hypot(${args.join(', ')})`,
    // absad_hypotK scales by the largest |argument| as Math.hypot does, so f32 squares cannot overflow.
    wgsl: (args) => (args.length === 0 ? '0.0' : args.length === 1 ? `abs(${args[0]})` : `absad_hypot${args.length}(${args.join(', ')})`),
    wgslPartials: (args, y) => args.map((a) => `select(${a} / ${y}, 0.0, ${y} == 0.0)`),
  },

  // ----- source-level nonsmooth ops (before lower-nonsmooth) -------------------------------
  {
    name: 'math.abs', group: 'source-nonsmooth', operands: F(1), result: 'f64', pure: true, kink: true,
    evaluate: ([a], attrs) => evalAbs(a, attrs),
  },
  {
    name: 'math.max', group: 'source-nonsmooth', operands: { variadic: 'f64', min: 0 }, result: 'f64', pure: true, kink: true,
    evaluate: evalMax,
  },
  {
    name: 'math.min', group: 'source-nonsmooth', operands: { variadic: 'f64', min: 0 }, result: 'f64', pure: true, kink: true,
    evaluate: evalMin,
  },
  {
    // clamp(x, lo, hi) written as Math.min(Math.max(x, lo), hi) or a clamp helper.
    name: 'clamp', group: 'source-nonsmooth', operands: F(3), result: 'f64', pure: true, kink: true,
    evaluate: ([x, lo, hi]) => Math.min(Math.max(x, lo), hi),
  },

  // ----- switching ops (after lower-nonsmooth) ---------------------------------------------
  {
    name: 'abs', group: 'switch', operands: F(1), result: 'f64', pure: true, kink: true,
    evaluate: ([a], attrs) => evalAbs(a, attrs),
    js: ([a], attrs) => (attrs.tern === undefined ? `Math.abs(${a})` : jsTern(attrs, a, '0', `-${a}`, a)),
    wgsl: ([a], attrs) => (attrs.tern === undefined ? `abs(${a})` : wgslTern(attrs, a, '0.0', `(-${a})`, a)),
    switchSpec: { zCoef: [1], yCoef: [0], absCoef: 1 },
  },
  {
    name: 'max', group: 'switch', operands: F(2), result: 'f64', pure: true, kink: true,
    evaluate: evalMax,
    js: ([a, b], attrs) => (attrs.tern === undefined ? `Math.max(${a}, ${b})` : jsTern(attrs, a, b, a, b)),
    wgsl: ([a, b], attrs) => (attrs.tern === undefined ? `max(${a}, ${b})` : wgslTern(attrs, a, b, a, b)),
    switchSpec: { zCoef: [1, -1], yCoef: [0.5, 0.5], absCoef: 0.5 },
  },
  {
    name: 'min', group: 'switch', operands: F(2), result: 'f64', pure: true, kink: true,
    evaluate: evalMin,
    js: ([a, b], attrs) => (attrs.tern === undefined ? `Math.min(${a}, ${b})` : jsTern(attrs, a, b, a, b)),
    wgsl: ([a, b], attrs) => (attrs.tern === undefined ? `min(${a}, ${b})` : wgslTern(attrs, a, b, a, b)),
    switchSpec: { zCoef: [1, -1], yCoef: [0.5, 0.5], absCoef: -0.5 },
  },
  {
    name: 'relu', group: 'switch', operands: F(1), result: 'f64', pure: true, kink: true,
    evaluate: ([a], attrs) => evalRelu(a, attrs),
    js: ([a], attrs) => (attrs.tern === undefined ? `Math.max(${a}, 0)` : jsTern(attrs, a, '0', a, '0')),
    wgsl: ([a], attrs) => (attrs.tern === undefined ? `max(${a}, 0.0)` : wgslTern(attrs, a, '0.0', a, '0.0')),
    switchSpec: { zCoef: [1], yCoef: [0.5], absCoef: 0.5 },
  },

  // ----- index (static integers) --------------------------------------------------------
  { name: 'iadd', group: 'index', operands: I(2), result: 'int', pure: true, kink: false, evaluate: ([a, b]) => a + b, js: ([a, b]) => `${a} + ${b}`, wgsl: ([a, b]) => `(${a} + ${b})` },
  { name: 'isub', group: 'index', operands: I(2), result: 'int', pure: true, kink: false, evaluate: ([a, b]) => a - b, js: ([a, b]) => `${a} - ${b}`, wgsl: ([a, b]) => `(${a} - ${b})` },
  { name: 'imul', group: 'index', operands: I(2), result: 'int', pure: true, kink: false, evaluate: ([a, b]) => a * b, js: ([a, b]) => `${a} * ${b}`, wgsl: ([a, b]) => `(${a} * ${b})` },
  { name: 'irem', group: 'index', operands: I(2), result: 'int', pure: true, kink: false, evaluate: ([a, b]) => a % b, js: ([a, b]) => `${a} % ${b}`, wgsl: ([a, b]) => `(${a} % ${b})` },
  {
    // Math.floor(a / b) on static integers.
    name: 'idiv', group: 'index', operands: I(2), result: 'int', pure: true, kink: false,
    evaluate: ([a, b]) => Math.floor(a / b), js: ([a, b]) => `Math.floor(${a} / ${b})`,
    // WGSL's i32 division truncates toward zero; absad_idiv rounds toward -infinity.
    wgsl: ([a, b]) => `absad_idiv(${a}, ${b})`,
  },
  { name: 'iabs', group: 'index', operands: I(1), result: 'int', pure: true, kink: false, evaluate: ([a]) => Math.abs(a), js: ([a]) => `Math.abs(${a})`, wgsl: ([a]) => `abs(${a})` },
  { name: 'ineg', group: 'index', operands: I(1), result: 'int', pure: true, kink: false, evaluate: ([a]) => -a, js: ([a]) => `-${a}`, wgsl: ([a]) => `(-${a})` },
  { name: 'imin', group: 'index', operands: { variadic: 'int', min: 1 }, result: 'int', pure: true, kink: false, evaluate: (a) => Math.min(...a), js: (a) => `Math.min(${a.join(', ')})`, wgsl: (a) => a.reduce((acc, v) => `min(${acc}, ${v})`) },
  { name: 'imax', group: 'index', operands: { variadic: 'int', min: 1 }, result: 'int', pure: true, kink: false, evaluate: (a) => Math.max(...a), js: (a) => `Math.max(${a.join(', ')})`, wgsl: (a) => a.reduce((acc, v) => `max(${acc}, ${v})`) },

  // ----- logic (static) -------------------------------------------------------------------
  {
    name: 'icmp', group: 'logic', operands: I(2), result: 'bool', pure: true, kink: false,
    evaluate: ([a, b], attrs) => {
      switch (attrs.pred) {
        case 'lt': return a < b;
        case 'le': return a <= b;
        case 'gt': return a > b;
        case 'ge': return a >= b;
        case 'eq': return a === b;
        case 'ne': return a !== b;
        default: throw new Error(`bad icmp predicate ${String(attrs.pred)}`);
      }
    },
    js: ([a, b], attrs) => `${a} ${cmpSymbol(attrs, 'js')} ${b}`,
    wgsl: ([a, b], attrs) => `(${a} ${cmpSymbol(attrs, 'wgsl')} ${b})`,
  },
  { name: 'and', group: 'logic', operands: { fixed: ['bool', 'bool'] }, result: 'bool', pure: true, kink: false, js: ([a, b]) => `${a} && ${b}`, wgsl: ([a, b]) => `(${a} && ${b})` },
  { name: 'or', group: 'logic', operands: { fixed: ['bool', 'bool'] }, result: 'bool', pure: true, kink: false, js: ([a, b]) => `${a} || ${b}`, wgsl: ([a, b]) => `(${a} || ${b})` },
  { name: 'not', group: 'logic', operands: { fixed: ['bool'] }, result: 'bool', pure: true, kink: false, js: ([a]) => `!${a}`, wgsl: ([a]) => `(!${a})` },
  // select %cond, %a, %b: a static choice (the condition is static); result type = type of %a.
  {
    name: 'select', group: 'logic', operands: { fixed: ['bool', 'f64', 'f64'] }, result: null, pure: true, kink: false,
    js: ([c, a, b]) => `${c} ? ${a} : ${b}`,
    wgsl: ([c, a, b]) => `select(${b}, ${a}, ${c})`,
  },

  // ----- array ----------------------------------------------------------------------------
  { name: 'len', group: 'array', operands: { fixed: ['arr'] }, result: 'int', pure: true, kink: false },
  { name: 'rows', group: 'array', operands: { fixed: ['mat'] }, result: 'int', pure: true, kink: false },
  { name: 'row', group: 'array', operands: { fixed: ['mat', 'int'] }, result: 'arr', pure: true, kink: false },
  { name: 'load', group: 'array', operands: { fixed: ['arr', 'int'] }, result: 'f64', pure: true, kink: false },
  // store %a, %i, %v -> a new array value equal to %a with element i set to v (see types.ts).
  { name: 'store', group: 'array', operands: { fixed: ['arr', 'int', 'f64'] }, result: 'arr', pure: false, kink: false },
  // alloc %k -> a fresh zero-filled Float64Array of length k.
  { name: 'alloc', group: 'array', operands: { fixed: ['int'] }, result: 'arr', pure: false, kink: false },

  // ----- control --------------------------------------------------------------------------
  // for %i = %lo to %hi step k iter(...): operands [lo, hi, ...inits]; attrs {cmp, step}.
  { name: 'for', group: 'control', operands: { variadic: 'f64', min: 2 }, result: null, pure: false, kink: false },
  // if %c: operands [c]; two regions; results = yielded values.
  { name: 'if', group: 'control', operands: { variadic: 'f64', min: 1 }, result: null, pure: false, kink: false },
  { name: 'yield', group: 'control', operands: { variadic: 'f64', min: 0 }, result: null, pure: false, kink: false },
  { name: 'return', group: 'control', operands: { variadic: 'f64', min: 1 }, result: null, pure: false, kink: false },
  // call @callee(args): attrs {callee}; result type from the callee.
  { name: 'call', group: 'control', operands: { variadic: 'f64', min: 0 }, result: null, pure: true, kink: false },
];

export const OPS: ReadonlyMap<string, OpDef> = new Map(TABLE.map((d) => [d.name, d]));

export function opDef(opcode: string): OpDef {
  const def = OPS.get(opcode);
  if (!def) throw new Error(`unknown opcode '${opcode}'`);
  return def;
}

export function isSwitch(opcode: string): boolean {
  return OPS.get(opcode)?.group === 'switch';
}

/** The ops whose operand types are checked by the verifier's generic rule. */
export function hasGenericOperandTypes(def: OpDef): boolean {
  return def.group !== 'control' && def.name !== 'select' && def.name !== 'const';
}

/** Math members that map one-to-one onto smooth elemental ops. */
export const SMOOTH_MATH = new Set(
  TABLE.filter((d) => d.group === 'elemental').map((d) => d.name),
);
