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
              expect(relClose(g[j], fd, 1e-6), `${c.fn} seed ${seed} d/dx[${j}]: generated ${g[j]}, finite difference ${fd}`).toBe(true);
            }
            const d = randomUnit(rng, n);
            const step = (t: number) => withX(args, Float64Array.from(x, (v, i) => v + t * d[i]));
            const sigPlus = signature(module, c.fn, step(h));
            const sigMinus = signature(module, c.fn, step(-h));
            if (sigPlus === sig && sigMinus === sig) {
              const fd = (f(...step(h)) - f(...step(-h))) / (2 * h);
              const gd = g.reduce((s, gi, i) => s + gi * d[i], 0);
              expect(relClose(gd, fd, 1e-6), `${c.fn} seed ${seed}: g.d = ${gd}, finite difference ${fd}`).toBe(true);
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

describe('f_kinks counts the exactly-zero switching variables of the last gradient call', () => {
  it('0 at a smooth point, the number of active switches at a kink', async () => {
    const { mod } = await importGenerated('samples/kinks.ts');
    const grad = mod.e7_grad as (x: Float64Array) => number;
    const kinks = mod.e7_kinks as () => number;
    grad(Float64Array.from([0.5, -0.25]));
    expect(kinks()).toBe(0);
    grad(new Float64Array(2));
    expect(kinks()).toBe(3);
    grad(Float64Array.from([0.5, 0.5]));
    expect(kinks()).toBe(1);
  });
});

describe('f_active lists the switching variables of the abs-normal form', () => {
  it('a tie between data values is not listed (f_kinks does not count it, f_trace has no such switch); a tie in x is', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'absad-active-')), 'tie.ts');
    fs.writeFileSync(file, 'export function tie(x: Float64Array, y: Float64Array): number {\n  return Math.max(y[0], y[1]) * x[0] + Math.abs(x[1]);\n}\n');
    const { mod } = await importGenerated(file);
    const active = mod.tie_active as (x: Float64Array, y: Float64Array) => { z: number; id: string }[];
    const trace = mod.tie_trace as (x: Float64Array, y: Float64Array) => { switches: unknown[] };
    const y = Float64Array.from([3, 3]);
    expect(active(Float64Array.from([1, 2]), y)).toEqual([]);
    (mod.tie_grad as (x: Float64Array, y: Float64Array, g: Float64Array) => number)(Float64Array.from([1, 2]), y, new Float64Array(2));
    expect((mod.tie_kinks as () => number)()).toBe(0);
    expect(trace(Float64Array.from([1, 2]), y).switches).toHaveLength(1);
    expect(active(Float64Array.from([1, 0]), y).map((a) => a.id)).toEqual([`${file}:2:40`]);
  });
});

describe('vector-valued functions and --wrt', () => {
  const source = `
export function residuals(x: Float64Array, c: Float64Array): Float64Array {
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - c[i];
    r[i] = Math.abs(d) + 0.5 * d * d - Math.max(x[i], 0) * c[i];
  }
  return r;
}
export function scaled(x: Float64Array, lambda: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += lambda * Math.abs(x[i] - lambda) + Math.sin(lambda * x[i]);
  return s;
}`;

  async function load(opts: { wrt?: string[]; fn?: string } = {}) {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-vjp-'));
    const file = path.join(dir, 'vec.ts');
    fs.writeFileSync(file, source);
    return (await importGenerated(file, opts)).mod;
  }

  it('f_vjp returns f and writes yBar^T J, checked against central differences of yBar . f', async () => {
    const mod = await load();
    const rng = mulberry32(3);
    const x = Float64Array.from({ length: 6 }, () => rng() * 4 - 2);
    const c = Float64Array.from({ length: 6 }, () => rng() * 2 - 1);
    const yBar = Float64Array.from({ length: 6 }, () => rng() * 2 - 1);
    const f = mod.residuals as (x: Float64Array, c: Float64Array) => Float64Array;
    const vjp = mod.residuals_vjp as (x: Float64Array, c: Float64Array, yBar: Float64Array, g: Float64Array) => Float64Array;
    const g = new Float64Array(6);
    const y = vjp(x, c, yBar, g);
    expect(Array.from(y)).toEqual(Array.from(f(x, c)));
    const dot = (v: Float64Array) => v.reduce((s, vi, i) => s + vi * yBar[i], 0);
    const h = 1e-6;
    for (let j = 0; j < 6; j++) {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[j] += h;
      down[j] -= h;
      const fd = (dot(f(up, c)) - dot(f(down, c))) / (2 * h);
      expect(relClose(g[j], fd, 1e-6)).toBe(true);
    }
  });

  it('--wrt x,lambda puts both gradients in gOut, one after the other', async () => {
    const mod = await load({ wrt: ['x', 'lambda'], fn: 'scaled' });
    const rng = mulberry32(4);
    const x = Float64Array.from({ length: 5 }, () => rng() * 4 - 2);
    const lambda = 0.7;
    const f = mod.scaled as (x: Float64Array, l: number) => number;
    const grad = mod.scaled_grad as (x: Float64Array, l: number, g: Float64Array) => number;
    const g = new Float64Array(6);
    expect(grad(x, lambda, g)).toBe(f(x, lambda));
    const h = 1e-6;
    for (let j = 0; j < 5; j++) {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[j] += h;
      down[j] -= h;
      expect(relClose(g[j], (f(up, lambda) - f(down, lambda)) / (2 * h), 1e-6)).toBe(true);
    }
    expect(relClose(g[5], (f(x, lambda + h) - f(x, lambda - h)) / (2 * h), 1e-6)).toBe(true);
  });
});

describe('generated primal equals the IR interpreter (the oracle) bit for bit', () => {
  for (const file of files) {
    it(file, async () => {
      const { mod } = await importGenerated(file);
      const module = compile({ file }).module!;
      for (const c of SAMPLE_CASES.filter((k) => k.file === file)) {
        for (const args of [c.makeArgs(mulberry32(91)), ...(c.kinkArgs ? [c.kinkArgs()] : [])]) {
          const viaJs = (mod[c.fn] as (...a: unknown[]) => number)(...cloneArgs(args));
          const viaIr = new Interpreter(module).call(c.fn, cloneArgs(args) as RValue[]);
          expect(Object.is(viaJs, viaIr), `${c.fn}: ${viaJs} vs ${String(viaIr)}`).toBe(true);
        }
      }
    });
  }
});

describe('functions imported from local modules', () => {
  it('are inlined, and the module computes the value and gradient', async () => {
    const { mod } = await importGenerated('tests/fixtures/imports/main.ts');
    const native = await importNative('tests/fixtures/imports/main.ts');
    const x = Float64Array.from([1, -2, 0.5]);
    const g = new Float64Array(3);
    expect((mod.loss_grad as (x: Float64Array, g: Float64Array) => number)(x, g)).toBe(native.loss(x));
    expect(Array.from(g)).toEqual([2, -2, 2]);
    expect(Object.keys(mod).filter((k) => k.startsWith('scale'))).toEqual([]);
  });
});
