/**
 * Numeric edge cases (issue 8, part 4) for every op of the op table, as docs/numerics.md states
 * them.
 *
 * EDGE has one entry per op of OPS (a new op without one fails the first test): source forms
 * that reach the op, or the reason it has no floating-point edge cases. Every form becomes a
 * function of one array x, compiled from JavaScript (and from TypeScript) by the real backend
 * for each kink convention K in {0, 1, -1}, and evaluated at NaN, ±Infinity, ±0, subnormals,
 * huge and tiny values (every combination, for two and three arguments). At each point:
 *   - the primal equals the source run by Node, and the interpreter's value, with Object.is;
 *   - f_grad returns that value and writes exactly the gradient docs/numerics.md documents,
 *     written out here independently of the op table (zeros compared without their sign);
 *   - f_kinks() counts the switching variables that are 0 or NaN;
 *   - the certified gradient of the abs-normal-form runtime, from the interpreter's trace, is
 *     NaN in every entry where a switching variable is NaN, and otherwise agrees with the
 *     documented gradient (smooth and LIKQ points; the completion is a different element).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify, compile, compileJs, evaluate, traceAt, type Module } from '../compiler/api.js';
import { OPS } from '../compiler/ir/ops.js';

type Vec = number[];

interface Form {
  /** An expression over x[0], x[1], ..., or a function body (`return ...;`) when it has statements. */
  expr: string;
  /** The documented gradient at x for the kink convention K. */
  grad: (x: Vec, K: number) => Vec;
  /** The switching variables at x, in evaluation order (f_kinks counts those that are 0 or NaN). */
  z?: (x: Vec) => number[];
  /** The length of x, where the form reads it in a loop rather than at constant indices. */
  arity?: number;
}

type Entry = { forms: Form[] } | { structural: string };

// ----- the documented rules (docs/numerics.md) ------------------------------------------------

/** The sign of a switching variable in plain f_grad: K at ±0, 0 at NaN. */
const sgn = (z: number, K: number): number => (z > 0 ? 1 : z < 0 ? -1 : z === 0 ? K : 0);
const dAbs = (t: number, K: number) => sgn(t, K);
const dRelu = (t: number, K: number) => (1 + sgn(t, K)) / 2;
const dMax = (u: number, v: number, K: number): [number, number] => [(1 + sgn(u - v, K)) / 2, (1 - sgn(u - v, K)) / 2];
const dMin = (u: number, v: number, K: number): [number, number] => [(1 - sgn(u - v, K)) / 2, (1 + sgn(u - v, K)) / 2];
const unary = (name: string, d: (a: number, y: number) => number): Form => ({
  expr: `Math.${name}(x[0])`,
  grad: ([a]) => [d(a, (Math as unknown as Record<string, (t: number) => number>)[name](a))],
});
const powGeneral = (a: number, b: number): Vec => {
  const y = a ** b;
  return [b === 0 ? 0 : b * a ** (b - 1), y === 0 ? 0 : y * Math.log(a)];
};

const STATIC = 'static integers and booleans (loop counters, sizes, indices, conditions): they never hold NaN, ±Infinity, -0 or subnormals and are never differentiated; every form below runs through them';

const EDGE: Record<string, Entry> = {
  const: {
    forms: [
      { expr: 'x[0] + (-0)', grad: () => [1] },
      { expr: '-0 * x[0]', grad: () => [-0] },
      { expr: 'x[0] * 5e-324', grad: () => [5e-324] },
      { expr: 'x[0] + 1.7976931348623157e308', grad: () => [1] },
      { expr: 'x[0] - Infinity', grad: () => [1] },
      { expr: 'x[0] * NaN', grad: () => [NaN] },
      { expr: 'x[0] + Math.max() + Math.min()', grad: () => [1] }, // -Infinity + Infinity
      { expr: 'x[0] * Math.hypot()', grad: () => [0] },
    ],
  },
  add: { forms: [{ expr: 'x[0] + x[1]', grad: () => [1, 1] }] },
  sub: { forms: [{ expr: 'x[0] - x[1]', grad: () => [1, -1] }] },
  mul: { forms: [{ expr: 'x[0] * x[1]', grad: ([a, b]) => [b, a] }] },
  div: { forms: [{ expr: 'x[0] / x[1]', grad: ([a, b]) => [1 / b, -(a / b) / b] }] },
  pow: {
    forms: [
      { expr: 'x[0] ** x[1]', grad: ([a, b]) => powGeneral(a, b) },
      { expr: 'Math.pow(x[0], x[1])', grad: ([a, b]) => powGeneral(a, b) },
      { expr: 'x[0] ** 2', grad: ([a]) => [2 * a] },
      { expr: 'x[0] ** 3', grad: ([a]) => [3 * a * a] },
      { expr: 'x[0] ** 0.5', grad: ([a]) => [0.5 / a ** 0.5] },
      { expr: 'x[0] ** -1', grad: ([a]) => [-1 / (a * a)] },
      { expr: 'x[0] ** 1.5', grad: ([a]) => [1.5 * a ** 0.5] },
      { expr: 'x[0] ** 0', grad: () => [0] },
      { expr: 'x[0] ** 1', grad: () => [1] },
      { expr: '2 ** x[0]', grad: ([b]) => [2 ** b * Math.log(2)] },
      { expr: '0.5 ** x[0]', grad: ([b]) => [0.5 ** b * Math.log(0.5)] },
      { expr: '0 ** x[0]', grad: ([b]) => [powGeneral(0, b)[1]] },
      { expr: '(-2) ** x[0]', grad: ([b]) => [powGeneral(-2, b)[1]] },
    ],
  },
  neg: { forms: [{ expr: '-x[0]', grad: () => [-1] }] },
  itof: { forms: [{ expr: 'x[0] * x.length', grad: () => [1] }] },

  sqrt: { forms: [unary('sqrt', (_a, y) => 0.5 / y)] },
  exp: { forms: [unary('exp', (_a, y) => y)] },
  log: { forms: [unary('log', (a) => 1 / a)] },
  log1p: { forms: [unary('log1p', (a) => 1 / (1 + a))] },
  expm1: { forms: [unary('expm1', (_a, y) => y + 1)] },
  log2: { forms: [unary('log2', (a) => 1 / (a * Math.LN2))] },
  log10: { forms: [unary('log10', (a) => 1 / (a * Math.LN10))] },
  sin: { forms: [unary('sin', (a) => Math.cos(a))] },
  cos: { forms: [unary('cos', (a) => -Math.sin(a))] },
  tan: { forms: [unary('tan', (_a, y) => 1 + y * y)] },
  asin: { forms: [unary('asin', (a) => 1 / Math.sqrt(1 - a * a))] },
  acos: { forms: [unary('acos', (a) => -1 / Math.sqrt(1 - a * a))] },
  atan: { forms: [unary('atan', (a) => 1 / (1 + a * a))] },
  sinh: { forms: [unary('sinh', (a) => Math.cosh(a))] },
  cosh: { forms: [unary('cosh', (a) => Math.sinh(a))] },
  tanh: { forms: [unary('tanh', (_a, y) => 1 - y * y)] },
  asinh: { forms: [unary('asinh', (a) => 1 / Math.sqrt(a * a + 1))] },
  acosh: { forms: [unary('acosh', (a) => 1 / Math.sqrt(a * a - 1))] },
  atanh: { forms: [unary('atanh', (a) => 1 / (1 - a * a))] },
  cbrt: { forms: [unary('cbrt', (_a, y) => 1 / (3 * y * y))] },
  atan2: { forms: [{ expr: 'Math.atan2(x[0], x[1])', grad: ([a, b]) => [b / (a * a + b * b), -a / (a * a + b * b)] }] },
  hypot: {
    forms: [
      { expr: 'Math.hypot(x[0])', grad: ([a]) => [Math.hypot(a) === 0 ? 0 : a / Math.hypot(a)] },
      { expr: 'Math.hypot(x[0], x[1])', grad: (x) => x.map((a) => (Math.hypot(...x) === 0 ? 0 : a / Math.hypot(...x))) },
      { expr: 'Math.hypot(x[0], x[1], x[2])', grad: (x) => x.map((a) => (Math.hypot(...x) === 0 ? 0 : a / Math.hypot(...x))) },
    ],
  },

  // As written in the source (before lower-nonsmooth), and the switching ops they become.
  'math.abs': { forms: [{ expr: 'Math.abs(x[0])', grad: ([t], K) => [dAbs(t, K)], z: ([t]) => [t] }] },
  'math.max': {
    forms: [
      { expr: 'Math.max(x[0], x[1])', grad: ([u, v], K) => dMax(u, v, K), z: ([u, v]) => [u - v] },
      {
        expr: 'Math.max(x[0], x[1], x[2])',
        grad: ([a, b, c], K) => {
          const [dm, dc] = dMax(Math.max(a, b), c, K);
          const [da, db] = dMax(a, b, K);
          return [dm * da, dm * db, dc];
        },
        z: ([a, b, c]) => [a - b, Math.max(a, b) - c],
      },
    ],
  },
  'math.min': {
    forms: [
      { expr: 'Math.min(x[0], x[1])', grad: ([u, v], K) => dMin(u, v, K), z: ([u, v]) => [u - v] },
      {
        expr: 'Math.min(x[0], x[1], x[2])',
        grad: ([a, b, c], K) => {
          const [dm, dc] = dMin(Math.min(a, b), c, K);
          const [da, db] = dMin(a, b, K);
          return [dm * da, dm * db, dc];
        },
        z: ([a, b, c]) => [a - b, Math.min(a, b) - c],
      },
    ],
  },
  clamp: {
    forms: [
      {
        expr: 'Math.min(Math.max(x[0], x[1]), x[2])',
        grad: ([x0, lo, hi], K) => {
          const [dm, dhi] = dMin(Math.max(x0, lo), hi, K);
          const [dx, dlo] = dMax(x0, lo, K);
          return [dm * dx, dm * dlo, dhi];
        },
        z: ([x0, lo, hi]) => [x0 - lo, Math.max(x0, lo) - hi],
      },
    ],
  },
  abs: {
    forms: [
      { expr: 'x[0] < 0 ? -x[0] : x[0]', grad: ([t], K) => [dAbs(t, K)], z: ([t]) => [t] },
      { expr: 'x[0] <= 0 ? -x[0] : x[0]', grad: ([t], K) => [dAbs(t, K)], z: ([t]) => [t] },
      { expr: 'x[0] > 0 ? x[0] : -x[0]', grad: ([t], K) => [dAbs(t, K)], z: ([t]) => [t] },
    ],
  },
  max: {
    forms: [
      { expr: 'x[0] > x[1] ? x[0] : x[1]', grad: ([u, v], K) => dMax(u, v, K), z: ([u, v]) => [u - v] },
      { expr: 'x[0] >= x[1] ? x[0] : x[1]', grad: ([u, v], K) => dMax(u, v, K), z: ([u, v]) => [u - v] },
    ],
  },
  min: {
    forms: [
      { expr: 'x[0] < x[1] ? x[0] : x[1]', grad: ([u, v], K) => dMin(u, v, K), z: ([u, v]) => [u - v] },
      { expr: 'x[0] <= x[1] ? x[0] : x[1]', grad: ([u, v], K) => dMin(u, v, K), z: ([u, v]) => [u - v] },
    ],
  },
  relu: {
    forms: [
      { expr: 'Math.max(x[0], 0)', grad: ([t], K) => [dRelu(t, K)], z: ([t]) => [t] },
      { expr: 'Math.max(0, x[0])', grad: ([t], K) => [dRelu(t, K)], z: ([t]) => [t] },
      { expr: 'x[0] > 0 ? x[0] : 0', grad: ([t], K) => [dRelu(t, K)], z: ([t]) => [t] },
      { expr: 'x[0] >= 0 ? x[0] : 0', grad: ([t], K) => [dRelu(t, K)], z: ([t]) => [t] },
    ],
  },

  iadd: { structural: STATIC },
  isub: { structural: STATIC },
  imul: { structural: STATIC },
  irem: { structural: STATIC },
  idiv: { structural: STATIC },
  iabs: { structural: STATIC },
  ineg: { structural: STATIC },
  imin: { structural: STATIC },
  imax: { structural: STATIC },
  icmp: { structural: STATIC },
  and: { structural: STATIC },
  or: { structural: STATIC },
  not: { structural: STATIC },
  // A static choice between floating-point values: the other arm adds nothing, NaN or not.
  select: { forms: [{ expr: 'x.length > 1 ? x[0] * 2 : x[1]', grad: () => [2, 0] }] },

  len: { forms: [{ expr: 'x[0] + x.length', grad: () => [1] }] },
  rows: { structural: 'the row count of a number[][] data parameter: a static integer' },
  row: { structural: 'a row of a number[][] data parameter (never differentiated): its elements reach arithmetic through load, tested with every value here' },
  // Math.max of one argument is that argument: no switch, only the load.
  load: { forms: [{ expr: 'x[1]', grad: () => [0, 1] }, { expr: 'Math.max(x[0])', grad: () => [1] }] },
  alloc: { forms: [{ expr: 'const a = new Float64Array(2); return a[0] + a[1] + x[0];', grad: () => [1] }] },
  store: {
    forms: [{ expr: 'const a = new Float64Array(2); a[0] = x[0] * 3; a[1] = x[1]; return a[0] - a[1];', grad: () => [3, -1] }],
  },

  for: {
    forms: [
      {
        expr: 'let s = 0; for (let i = 0; i < x.length; i++) s += Math.abs(x[i]); return s;',
        grad: (x, K) => x.map((t) => dAbs(t, K)),
        z: (x) => x,
        arity: 2,
      },
    ],
  },
  yield: { forms: [{ expr: 'let s = 1; for (let i = 0; i < x.length; i++) s = s * x[i]; return s;', grad: ([a, b]) => [b, a], arity: 2 }] },
  if: { forms: [{ expr: 'let s = x[0]; if (x.length > 1) { s = x[1] * 3; } return s;', grad: () => [0, 3] }] },
  return: { forms: [{ expr: 'x[0]', grad: () => [1] }] },
  call: { forms: [{ expr: 'twice(x[0]) - twice(x[1])', grad: ([a, b]) => [2, -2] }] },
};

/** Helpers the forms may call (the `call` op, inlined by the pipeline). */
const HELPERS = 'function twice(t) {\n  return 2 * t;\n}\n';

// ----- the points -------------------------------------------------------------------------

const TINY_NORMAL = 2.2250738585072014e-308;
const SPECIALS: Record<number, Vec> = {
  1: [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, TINY_NORMAL, 1e-300, 1e308, -1e308, 1, -1, 0.5, 2, -2.5, 1e-8],
  2: [NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e308, -1, 0.5, 2],
  3: [NaN, Infinity, -Infinity, -0, 0, 5e-324, -1, 2],
};

function pointsFor(arity: number): Vec[] {
  let pts: Vec[] = [[]];
  for (let k = 0; k < arity; k++) pts = pts.flatMap((p) => SPECIALS[arity].map((v) => [...p, v]));
  return pts;
}

/** The number of inputs a form reads: one more than its largest constant index (loops read them all). */
const arityOf = (expr: string): number => Math.max(1, ...[...expr.matchAll(/x\[(\d+)\]/g)].map((m) => Number(m[1]) + 1));

// ----- compiling the forms ----------------------------------------------------------------

interface Compiled {
  name: string;
  op: string;
  form: Form;
  arity: number;
}

const FORMS: Compiled[] = Object.entries(EDGE).flatMap(([op, entry]) =>
  'forms' in entry ? entry.forms.map((form, k) => ({ name: `${op.replace(/\W/g, '_')}_${k}`, op, form, arity: form.arity ?? arityOf(form.expr) })) : [],
);

const body = (expr: string) => (expr.includes('return ') ? expr : `return ${expr};`);
const sourceText = (ts: boolean) =>
  (ts ? HELPERS.replace('(t)', '(t: number): number') : HELPERS) +
  FORMS.map((c) => `export function ${c.name}(x${ts ? ': Float64Array' : ''})${ts ? ': number' : ''} {\n  ${body(c.form.expr)}\n}\n`).join('');

type Fn = (...args: unknown[]) => number;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-edge-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const jsFile = path.join(tmp, 'forms.js');
const tsFile = path.join(tmp, 'forms.ts');
let native: Record<string, Fn>;
let ir: Module;
const generated = new Map<string, Record<string, Fn>>(); // `${language} K` -> module

async function generate(file: string, absKink: number, tag: string): Promise<Record<string, Fn>> {
  const r = compileJs({ file }, { absKink });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.js) throw new Error(errors.map((d) => `${d.span.line}:${d.span.col} ${d.code} ${d.message}`).join('\n'));
  const out = path.join(tmp, `forms-${tag}.mjs`);
  fs.writeFileSync(out, r.js.code.replace(/\/\/# sourceMappingURL=.*\n$/, '')); // no map written here
  return (await import(/* @vite-ignore */ pathToFileURL(out).href)) as Record<string, Fn>;
}

beforeAll(async () => {
  fs.writeFileSync(jsFile, sourceText(false));
  fs.writeFileSync(tsFile, sourceText(true));
  native = (await import(/* @vite-ignore */ pathToFileURL(jsFile).href)) as Record<string, Fn>;
  ir = compile({ file: jsFile }).module!;
  for (const K of [0, 1, -1]) generated.set(`js ${K}`, await generate(jsFile, K, `js${K}`));
  generated.set('ts 0', await generate(tsFile, 0, 'ts0'));
}, 120_000);

// ----- checks -----------------------------------------------------------------------------

/** Gradient entries: NaN equals NaN, zeros compare without their sign. */
const sameEntry = (a: number, b: number): boolean => (Number.isNaN(a) ? Number.isNaN(b) : a === b);
/** The runtime uses the general formulas (3 * a ** 2 where the backend writes 3 * a * a). */
const closeEntry = (a: number, b: number): boolean =>
  Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b) ? sameEntry(a, b) : Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
const show = (v: Vec) => `[${v.map((t) => (Object.is(t, -0) ? '-0' : String(t))).join(', ')}]`;

describe('the edge-case table', () => {
  it('has an entry for every op of the op table, and none for ops that do not exist', () => {
    expect(Object.keys(EDGE).sort()).toEqual([...OPS.keys()].sort());
  });

  it('tests every floating-point op (const, arith, elemental, nonsmooth, switch) through source forms', () => {
    for (const [name, def] of OPS) {
      if (['const', 'arith', 'elemental', 'source-nonsmooth', 'switch'].includes(def.group)) expect('forms' in EDGE[name], name).toBe(true);
    }
  });

  it('reaches each op it claims to test: the op is in the IR of its forms, before or after lowering', () => {
    const before = compile({ file: jsFile }, { after: 'frontend' }).module!;
    const opsOf = (m: Module, fn: string) => {
      const seen = new Set<string>();
      const visit = (ops: Module['funcs'][number]['body']['ops']) =>
        ops.forEach((o) => {
          seen.add(o.opcode);
          o.regions.forEach((r) => visit(r.ops));
        });
      visit(m.funcs.find((f) => f.name === fn)!.body.ops);
      return seen;
    };
    for (const c of FORMS) {
      const seen = new Set([...opsOf(before, c.name), ...opsOf(ir, c.name)]);
      expect(seen.has(c.op), `${c.form.expr} does not reach '${c.op}': ${[...seen].join(', ')}`).toBe(true);
    }
  });
});

describe.each(FORMS.map((c) => [`${c.op}: ${c.form.expr}`, c] as const))('%s', (_name, c) => {
  const points = pointsFor(c.arity);
  const switching = c.form.z !== undefined;

  it('the primal equals Node and the interpreter, with Object.is, at every special point (from JavaScript and from TypeScript)', () => {
    const failures: string[] = [];
    for (const p of points) {
      const want = native[c.name](Float64Array.from(p));
      const got = generated.get('js 0')![c.name](Float64Array.from(p));
      const fromTs = generated.get('ts 0')![c.name](Float64Array.from(p));
      const interpreted = evaluate(ir, c.name, [Float64Array.from(p)]) as number;
      if (!Object.is(got, want) || !Object.is(fromTs, want) || !Object.is(interpreted, want)) failures.push(`${show(p)}: Node ${want}, generated ${got}, from TS ${fromTs}, interpreter ${interpreted}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(switching ? [0, 1, -1] : [0])('f_grad (abs-kink %i) writes the documented gradient and counts the signless switching variables', (K) => {
    const mod = generated.get(`js ${K}`)!;
    const failures: string[] = [];
    for (const p of points) {
      const g = new Float64Array(c.arity);
      const value = mod[`${c.name}_grad`](Float64Array.from(p), g);
      const want = c.form.grad(p, K);
      if (!Object.is(value, native[c.name](Float64Array.from(p)))) failures.push(`${show(p)}: f_grad returned ${value}`);
      if (!want.every((w, i) => sameEntry(g[i], w))) failures.push(`${show(p)}: gradient ${show([...g])}, documented ${show(want)}`);
      const kinks = (c.form.z?.(p) ?? []).filter((z) => !(z > 0 || z < 0)).length;
      const counted = (mod[`${c.name}_kinks`] as () => number)();
      if (counted !== kinks) failures.push(`${show(p)}: f_kinks ${counted}, expected ${kinks}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(switching ? [0, 1, -1] : [0])('the certified gradient (abs-kink %i) is NaN throughout at a NaN switching variable, and agrees with f_grad elsewhere', (K) => {
    const failures: string[] = [];
    for (const p of points) {
      const cert = certify(traceAt(ir, c.name, [Float64Array.from(p)]), K);
      const zs = c.form.z?.(p) ?? [];
      if (zs.some(Number.isNaN)) {
        if (!cert.gradient.every(Number.isNaN)) failures.push(`${show(p)}: certified ${show(cert.gradient)}, expected NaN`);
        continue;
      }
      if (zs.every((z) => z !== 0) && cert.certificate !== 'smooth') failures.push(`${show(p)}: certificate ${cert.certificate} with no zero switching variable`);
      if (cert.certificate === 'completion') continue; // a different Clarke element, by design
      const want = c.form.grad(p, K);
      if (!want.every((w, i) => closeEntry(cert.gradient[i], w))) failures.push(`${show(p)}: certified ${show(cert.gradient)} (${cert.certificate}), documented ${show(want)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the documented special values, spelled out', () => {
  const at = (name: string, x: Vec, K = 0): Vec => {
    const g = new Float64Array(x.length);
    generated.get(`js ${K}`)![`${name}_grad`](Float64Array.from(x), g);
    return [...g];
  };
  const named = (op: string, expr: string) => FORMS.find((c) => c.op === op && c.form.expr === expr)!.name;

  it("abs'(-0) is the kink convention, like abs'(0); the ternary abs keeps -0 as its value", () => {
    for (const K of [0, 1, -1]) expect(at(named('math.abs', 'Math.abs(x[0])'), [-0], K)).toEqual([K]);
    const tern = named('abs', 'x[0] < 0 ? -x[0] : x[0]');
    expect(Object.is(generated.get('js 0')![tern](Float64Array.of(-0)), -0)).toBe(true);
    expect(at(tern, [-0], 1)).toEqual([1]);
  });

  it('max with NaN: the value is NaN, plain f_grad splits 1/2-1/2 for every K, and the certified gradient is NaN', () => {
    const name = named('math.max', 'Math.max(x[0], x[1])');
    for (const K of [0, 1, -1]) {
      expect(at(name, [NaN, 1], K)).toEqual([0.5, 0.5]);
      expect(certify(traceAt(ir, name, [Float64Array.of(NaN, 1)]), K).gradient.every(Number.isNaN)).toBe(true);
    }
    expect(Number.isNaN(generated.get('js 0')![name](Float64Array.of(NaN, 1)))).toBe(true);
    // The ternary pattern is finite there (NaN > 1 is false), and its switch still has no sign.
    const tern = named('max', 'x[0] > x[1] ? x[0] : x[1]');
    expect(generated.get('js 1')![tern](Float64Array.of(NaN, 1))).toBe(1);
    expect(at(tern, [NaN, 1], 1)).toEqual([0.5, 0.5]);
    expect((generated.get('js 1')![`${tern}_kinks`] as () => number)()).toBe(1);
  });

  it("sqrt'(0) = +Infinity, sqrt'(-0) = -Infinity, (x ** 0.5)'(-0) = +Infinity, cbrt'(0) = +Infinity", () => {
    expect(at(named('sqrt', 'Math.sqrt(x[0])'), [0])).toEqual([Infinity]);
    expect(at(named('sqrt', 'Math.sqrt(x[0])'), [-0])).toEqual([-Infinity]);
    expect(at(named('pow', 'x[0] ** 0.5'), [-0])).toEqual([Infinity]);
    expect(at(named('cbrt', 'Math.cbrt(x[0])'), [-0])).toEqual([Infinity]);
  });

  it('max(Infinity, Infinity): z is NaN, so f_kinks counts it; max(Infinity, 1) has a sign; min(Infinity, 1) has gradient (0, 1)', () => {
    const name = named('math.max', 'Math.max(x[0], x[1])');
    expect(at(name, [Infinity, Infinity], 1)).toEqual([0.5, 0.5]);
    expect((generated.get('js 1')![`${name}_kinks`] as () => number)()).toBe(1);
    expect(at(name, [Infinity, 1], 0)).toEqual([1, 0]);
    expect(at(named('math.min', 'Math.min(x[0], x[1])'), [Infinity, 1], 0)).toEqual([0, 1]);
  });

  it('hypot at the origin has partials 0; atan2 at the origin NaN; a subnormal is no tie', () => {
    expect(at(named('hypot', 'Math.hypot(x[0], x[1])'), [0, -0])).toEqual([0, 0]);
    expect(at(named('atan2', 'Math.atan2(x[0], x[1])'), [0, 0]).every(Number.isNaN)).toBe(true);
    expect(at(named('relu', 'Math.max(x[0], 0)'), [5e-324], 1)).toEqual([1]);
    expect(at(named('relu', 'Math.max(x[0], 0)'), [-5e-324], 1)).toEqual([0]);
  });
});
