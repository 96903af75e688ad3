/**
 * The generated gradient code against independent references:
 *  - its primal equals Node running the source, bit for bit;
 *  - away from kinks, each gradient entry equals a central finite difference (relative 1e-6),
 *    and the dot-product identity g.d = (f(x + hd) - f(x - hd)) / 2h holds for a random d;
 *    a point counts as "away from kinks" when no switching variable changes sign within the
 *    finite-difference stencil (checked with the IR interpreter);
 *  - at the kinks of theory.md §7a the gradient is what the abs'(0) convention predicts, for
 *    --abs-kink 0 and 1.
 */
import { describe, expect, it } from 'vitest';
import { compile, type Module } from '../compiler/api.js';
import { Interpreter, type RValue } from '../compiler/ir/interpret.js';
import { SAMPLE_CASES } from './sample-manifest.js';
import { cloneArgs } from './util/compile.js';
import { importGenerated, importNative } from './util/generated.js';
import { mulberry32, type Rng } from './util/rng.js';

const files = [...new Set(SAMPLE_CASES.map((c) => c.file))];

/** Signs of every switching variable evaluated at the given arguments. */
function signature(m: Module, fn: string, args: unknown[]): string {
  const signs: number[] = [];
  // Structurally zero switches (max(x, x)) are zero everywhere and never change sign.
  new Interpreter(m, { onSwitch: (e) => e.op.attrs.zero || signs.push(Math.sign(e.z)) }).call(fn, cloneArgs(args) as RValue[]);
  return signs.join(',');
}

function withX(args: unknown[], x: Float64Array): unknown[] {
  return [x, ...cloneArgs(args.slice(1))];
}

function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

function randomUnit(rng: Rng, n: number): Float64Array {
  const d = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    d[i] = rng() * 2 - 1;
    norm += d[i] * d[i];
  }
  for (let i = 0; i < n; i++) d[i] /= Math.sqrt(norm);
  return d;
}

describe('generated gradients', () => {
  for (const file of files) {
    describe(file, async () => {
      const { mod } = await importGenerated(file);
      const native = await importNative(file);
      const module = compile({ file }).module!;
      for (const c of SAMPLE_CASES.filter((k) => k.file === file)) {
        const f = mod[c.fn] as (...a: unknown[]) => number;
        const grad = mod[`${c.fn}_grad`] as (...a: unknown[]) => number;
        it(`${c.fn}: primal equals Node bit for bit`, () => {
          for (const seed of [1, 2, 3]) {
            const args = c.makeArgs(mulberry32(seed));
            expect(Object.is(f(...cloneArgs(args)), native[c.fn](...cloneArgs(args)))).toBe(true);
          }
          if (c.kinkArgs) expect(Object.is(f(...cloneArgs(c.kinkArgs())), native[c.fn](...cloneArgs(c.kinkArgs())))).toBe(true);
        });
        it(`${c.fn}: gradient equals central differences and passes the dot-product test`, () => {
          let checkedPoints = 0;
          for (let seed = 10; seed < 40 && checkedPoints < 3; seed++) {
            const rng = mulberry32(seed);
            const args = c.makeArgs(rng);
            const x = args[0] as Float64Array;
            const n = x.length;
            const g = new Float64Array(n);
            const value = grad(...cloneArgs(args), g);
            expect(Object.is(value, f(...cloneArgs(args)))).toBe(true);
            const h = 1e-6 * Math.max(1, ...Array.from(x, Math.abs));
            const sig = signature(module, c.fn, args);
            const shifted = (j: number, t: number) => {
              const y = Float64Array.from(x);
              y[j] += t;
              return withX(args, y);
            };
            let smooth = true;
            for (let j = 0; j < n && smooth; j++) {
              if (signature(module, c.fn, shifted(j, h)) !== sig || signature(module, c.fn, shifted(j, -h)) !== sig) smooth = false;
            }
            if (!smooth || sig.split(',').includes('0')) continue;
            checkedPoints++;
            for (let j = 0; j < n; j++) {
              const fd = (f(...shifted(j, h)) - f(...shifted(j, -h))) / (2 * h);
              const scale = Math.max(1, Math.abs(value) * 1e-2);
              expect(relClose(g[j], fd, 1e-6 * scale / Math.max(1e-300, 1)), `${c.fn} seed ${seed} d/dx[${j}]: generated ${g[j]}, finite difference ${fd}`).toBe(true);
            }
            const d = randomUnit(rng, n);
            const step = (t: number) => withX(args, Float64Array.from(x, (v, i) => v + t * d[i]));
            const sigPlus = signature(module, c.fn, step(h));
            const sigMinus = signature(module, c.fn, step(-h));
            if (sigPlus === sig && sigMinus === sig) {
              const fd = (f(...step(h)) - f(...step(-h))) / (2 * h);
              const gd = g.reduce((s, gi, i) => s + gi * d[i], 0);
              expect(relClose(gd, fd, 1e-6 * Math.max(1, Math.abs(value) * 1e-2)), `${c.fn} seed ${seed}: g.d = ${gd}, finite difference ${fd}`).toBe(true);
            }
          }
          expect(checkedPoints, `${c.fn}: found no smooth random point`).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('gradients at the kinks of theory.md §7a follow the abs\'(0) convention', () => {
  // [function, gradient with abs'(0) = 0, gradient with abs'(0) = 1], after canonicalization.
  const EXPECTED: [string, number[], number[]][] = [
    ['e1', [0], [1]],
    ['e2', [1], [1]],
    ['e3', [0], [0]],
    ['e4', [1], [1]],
    ['e5', [0], [-1]],
    ['e6', [0], [0]],
    ['e7', [0, 0], [1, -1]],
    ['e8', [0.5, 0], [1, -1]],
    ['e9', [-0.25, 0], [-1, 0]],
    ['e10', [0], [-1]],
    ['e11', [0], [1]],
  ];
  for (const kink of [0, 1] as const) {
    it(`--abs-kink ${kink}`, async () => {
      const { mod } = await importGenerated('samples/kinks.ts', { absKink: kink });
      for (const [fn, ad0, ad1] of EXPECTED) {
        const x = new Float64Array(ad0.length);
        const g = new Float64Array(ad0.length);
        (mod[`${fn}_grad`] as (x: Float64Array, g: Float64Array) => number)(x, g);
        expect(Array.from(g).map((v) => v + 0), fn).toEqual(kink === 0 ? ad0 : ad1);
      }
    });
  }
});
