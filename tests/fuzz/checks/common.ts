/**
 * What every differential check shares: the check names, outcomes, the context a check runs
 * in (the case, its loaded module, a seeded stream of points), and small numeric helpers.
 *
 * Vector functions are checked through a fixed random weighting yBar of their outputs: the
 * scalar yBar . f(x) has the gradient f_vjp(x, yBar), so every scalar check applies to them.
 */
import { Interpreter, type RValue } from '../../../compiler/ir/interpret.js';
import { traceAt, type Trace } from '../../../compiler/api.js';
import { mulberry32, type Rng } from '../../util/rng.js';
import type { Loaded } from '../load.js';
import { argumentsAt, type FuzzCase, inputCount } from '../program.js';

export const CHECK_NAMES = ['compile', 'primal', 'source', 'gradient', 'vjp', 'anf', 'kink', 'wgsl'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export type Outcome = { status: 'pass' } | { status: 'skip'; reason: string } | { status: 'fail'; message: string };

export const pass: Outcome = { status: 'pass' };
export const skip = (reason: string): Outcome => ({ status: 'skip', reason });
export const fail = (message: string): Outcome => ({ status: 'fail', message });

export interface Ctx {
  c: FuzzCase;
  L: Loaded;
  n: number;
  /** Output weights for vector functions (null for scalar ones). */
  yBar: Float64Array | null;
}

export function makeCtx(c: FuzzCase, L: Loaded): Ctx {
  const n = inputCount(c);
  let yBar: Float64Array | null = null;
  if (c.output === 'vector') {
    const y = L.js.f(...argumentsAt(c, new Float64Array(n))) as Float64Array;
    const rng = mulberry32(c.seed ^ 0xba5e);
    yBar = Float64Array.from({ length: y.length }, () => rng() * 2 - 1);
  }
  return { c, L, n, yBar };
}

/** A stream of points for one check: each check draws its own, so checks do not shift each other's points. */
export function pointRng(ctx: Ctx, check: CheckName): Rng {
  return mulberry32((ctx.c.seed * 31 + CHECK_NAMES.indexOf(check) * 7919) >>> 0);
}

export function randomPoint(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng() * 4 - 2);
}

export function randomUnit(rng: Rng, n: number): Float64Array {
  const d = Float64Array.from({ length: n }, () => rng() * 2 - 1);
  const norm = Math.hypot(...d) || 1;
  return d.map((v) => v / norm);
}

/** Object.is on numbers, elementwise on arrays: bit-for-bit equality, NaN and -0 included. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  const A = a as ArrayLike<number> | null;
  const B = b as ArrayLike<number> | null;
  if (!A || !B || typeof A.length !== 'number' || A.length !== B.length) return false;
  for (let i = 0; i < A.length; i++) if (!Object.is(A[i], B[i])) return false;
  return true;
}

/** A value for a message, with all its digits. */
export function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v && typeof v === 'object' && 'length' in v) return `[${Array.from(v as ArrayLike<number>, show).join(', ')}]`;
  return String(v);
}

export function interpretAt(ctx: Ctx, x: ArrayLike<number>): RValue {
  return new Interpreter(ctx.L.module).call('f', argumentsAt(ctx.c, x) as RValue[]);
}

export function traceOf(ctx: Ctx, x: ArrayLike<number>): Trace {
  return traceAt(ctx.L.module, 'f', argumentsAt(ctx.c, x) as RValue[]);
}

/** yBar . f(x) through the generated primal (which the primal check holds equal to the interpreter). */
export function scalarValue(ctx: Ctx, x: ArrayLike<number>): number {
  const y = ctx.L.js.f(...argumentsAt(ctx.c, x));
  if (!ctx.yBar) return y as number;
  const v = y as Float64Array;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += ctx.yBar[i] * v[i];
  return s;
}

/** The generated gradient of yBar . f at x: f_grad, or f_vjp for vector functions. */
export function gradientAt(ctx: Ctx, x: ArrayLike<number>, yBar: Float64Array | null = ctx.yBar): { returned: unknown; g: Float64Array } {
  const g = new Float64Array(ctx.n);
  const args = argumentsAt(ctx.c, x);
  const returned = yBar ? ctx.L.js.f_vjp(...args, Float64Array.from(yBar), g) : ctx.L.js.f_grad(...args, g);
  return { returned, g };
}

/**
 * A point whose values stay below 1e12 in magnitude: beyond that, products like s *= s in a
 * loop reach 1e231, and finite differences and rounding estimates say nothing useful.
 */
export function wellScaled(t: Trace): boolean {
  return t.values.every((v) => Math.abs(v) <= 1e12);
}

export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
