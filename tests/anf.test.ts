/**
 * Abs-normal form, LIKQ and certified gradients (runtime/anf.ts over the evaluation trace),
 * against the worked examples and the test catalogue of theory.md: §1.3 worked examples 1 and
 * 2 entry by entry, the E1-E11 table (LIKQ verdicts after canonicalization, certified gradients
 * in the stated Clarke sets), the chained problems at their minimizers, and at random points:
 * the model reproduces z and y, its error shrinks like h^2, and J + Y Sigma (I - L Sigma)^-1 Z
 * equals the generated backward sweep.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anf, certify, compile, evaluate, evaluateModel, likq, traceAt, type Module, type RValue } from '../compiler/api.js';
import { SAMPLE_CASES } from './sample-manifest.js';
import { cloneArgs, compileOk } from './util/compile.js';
import { importGenerated } from './util/generated.js';
import { hullDistance } from './util/hull.js';
import { mulberry32 } from './util/rng.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-anf-'));
function source(name: string, text: string): Module {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return compileOk(file);
}

describe('worked examples of theory.md §1.3', () => {
  it('example 1: max(x1, x2^2) at (1, 2), an inactive kink', () => {
    const m = source('w1.ts', 'export function f(x: Float64Array): number { return Math.max(x[0], x[1] * x[1]); }');
    const a = anf(traceAt(m, 'f', [Float64Array.from([1, 2])]));
    expect(a.z).toEqual([-3]);
    expect(a.Z).toEqual([[1, -4]]);
    expect(a.L).toEqual([[0]]);
    expect(a.J).toEqual([[0.5, 2]]);
    expect(a.Y).toEqual([[0.5]]);
    expect(a.cz).toEqual([-3]);
    expect(a.cy).toEqual([2.5]);
  });
  it('example 2: the hill relu(x1 - |x2|) at 0 (E8), as asserted in the JAX abs-linearization tests', () => {
    const m = compileOk('samples/kinks.ts');
    const a = anf(traceAt(m, 'e8', [new Float64Array(2)]));
    expect(a.z).toEqual([0, 0]);
    expect(a.Z).toEqual([[0, 1], [1, 0]]);
    expect(a.L).toEqual([[0, 0], [-1, 0]]);
    expect(a.J).toEqual([[0.5, 0]]);
    expect(a.Y).toEqual([[-0.5, 0.5]]);
  });
});

describe('E1-E11 at 0: LIKQ verdicts after canonicalization and certified gradients in the Clarke set', () => {
  const m = compileOk('samples/kinks.ts');
  // [function, n, LIKQ holds, Clarke set as a membership test]
  const inBox = (lo: number[], hi: number[]) => (g: number[]) => g.every((v, i) => v >= lo[i] - 1e-12 && v <= hi[i] + 1e-12);
  const CASES: [string, number, boolean, (g: number[]) => boolean][] = [
    ['e1', 1, true, inBox([-1], [1])],
    ['e2', 1, true, (g) => g[0] === 1],
    ['e3', 1, true, (g) => g[0] === 0],
    ['e4', 1, false, (g) => g[0] === 1],
    ['e5', 1, false, (g) => g[0] === -1],
    ['e6', 1, false, inBox([-2], [0])],
    ['e7', 2, false, inBox([-1, -1], [1, 1])],
    // conv{(0,0),(1,1),(1,-1)}: 0 <= g1 <= 1 and |g2| <= g1
    ['e8', 2, true, (g) => g[0] >= 0 && g[0] <= 1 && Math.abs(g[1]) <= g[0] + 1e-12],
    ['e9', 2, false, (g) => g[0] >= -1 && g[0] <= 0 && g[1] === 0],
    ['e10', 1, false, (g) => g[0] === -1],
    ['e11', 1, true, inBox([-1], [1])],
  ];
  for (const [fn, n, holds, inClarke] of CASES) {
    it(fn, () => {
      const t = traceAt(m, fn, [new Float64Array(n)]);
      const c = certify(t);
      expect(c.likq.holds).toBe(holds);
      expect(c.certificate).toBe(holds ? 'likq' : 'completion');
      expect(inClarke(c.gradient.map((v) => v + 0)), `${fn}: ${c.gradient}`).toBe(true);
    });
  }
  it('E5 and E10 are where plain AD is wrong for abs\'(0) = 0, and the certified gradient is right', async () => {
    const { mod } = await importGenerated('samples/kinks.ts');
    for (const fn of ['e5', 'e10']) {
      const g = new Float64Array(1);
      (mod[`${fn}_grad`] as (x: Float64Array, g: Float64Array) => number)(new Float64Array(1), g);
      expect(g[0]).toBe(0);
      expect(certify(traceAt(m, fn, [new Float64Array(1)])).gradient).toEqual([-1]);
    }
  });
});

describe('standard test problems at their minimizers (theory.md §7b)', () => {
  const at = (file: string, fn: string, x: number[]) => likq(traceAt(compileOk(file), fn, [Float64Array.from(x)]));
  it('Chained Crescent II at 0: n - 1 active switches, LIKQ holds', () => {
    const r = at('samples/chained-crescent.ts', 'chainedCrescentII', [0, 0, 0, 0, 0]);
    expect(r.activeCount).toBe(4);
    expect(r.holds).toBe(true);
  });
  it('Chained Crescent I at 0: one active switch, LIKQ holds', () => {
    const r = at('samples/chained-crescent.ts', 'chainedCrescentI', [0, 0, 0, 0]);
    expect(r.activeCount).toBe(1);
    expect(r.holds).toBe(true);
  });
  it('Nesterov-Chebyshev-Rosenbrock at 1: n - 1 (first) and n (second) active switches, LIKQ holds', () => {
    const first = at('samples/nesterov-chebyshev-rosenbrock.ts', 'ncrFirst', [1, 1, 1, 1]);
    expect([first.activeCount, first.holds]).toEqual([3, true]);
    const second = at('samples/nesterov-chebyshev-rosenbrock.ts', 'ncrSecond', [1, 1, 1, 1]);
    expect([second.activeCount, second.holds]).toEqual([4, true]);
  });
  it('MAXQ and MXHILB at 0, Chained CB3 I at 1 (n >= 3): LIKQ fails', () => {
    expect(at('samples/maxq.ts', 'maxq', [0, 0, 0, 0]).holds).toBe(false);
    expect(at('samples/mxhilb.ts', 'mxhilb', [0, 0, 0]).holds).toBe(false);
    expect(at('samples/chained-cb3.ts', 'chainedCB3I', [1, 1, 1]).holds).toBe(false);
    expect(at('samples/chained-cb3.ts', 'chainedCB3I', [1, 1]).holds).toBe(true);
  });
});

describe('the abs-normal form at random points of every sample', () => {
  const files = [...new Set(SAMPLE_CASES.map((c) => c.file))];
  for (const file of files) {
    it(file, async () => {
      const module = compile({ file }).module!;
      const { mod } = await importGenerated(file);
      for (const c of SAMPLE_CASES.filter((k) => k.file === file)) {
        const args = c.makeArgs(mulberry32(17));
        const x = args[0] as Float64Array;
        const t = traceAt(module, c.fn, cloneArgs(args) as RValue[]);
        const a = anf(t);
        // The model at dx = 0 reproduces z and y (forward substitution, §8 check 4).
        const at0 = evaluateModel(a, new Array<number>(a.n).fill(0));
        at0.z.forEach((z, i) => expect(Math.abs(z - a.z[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.z[i]))));
        expect(Math.abs(at0.y[0] - a.y[0])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.y[0])));
        expect(a.y[0]).toBe(evaluate(module, c.fn, cloneArgs(args) as RValue[]));
        // L is strictly lower triangular (§8 check 3).
        a.L.forEach((row, i) => row.forEach((v, j) => j >= i && expect(v).toBe(0)));
        // J + Y Sigma (I - L Sigma)^-1 Z (§1.5), by the u-recursion, equals the generated gradient.
        if (a.sigma.every((sg) => sg !== 0)) {
          const u = new Array<number>(a.s).fill(0);
          for (let i = a.s - 1; i >= 0; i--) {
            let acc = a.Y[0][i];
            for (let k = i + 1; k < a.s; k++) acc += a.L[k][i] * u[k];
            u[i] = a.sigma[i] * acc;
          }
          const fromAnf = a.J[0].map((jv, col) => jv + a.Z.reduce((s, row, i) => s + row[col] * u[i], 0));
          const g = new Float64Array(x.length);
          (mod[`${c.fn}_grad`] as (...a: unknown[]) => number)(...cloneArgs(args), g);
          fromAnf.forEach((v, i) => expect(Math.abs(v - g[i]), `${c.fn} d/dx[${i}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v))));
        }
        // Second-order accuracy: |f(x + h d) - f(x) - model increment| / h^2 stays bounded.
        const rng = mulberry32(5);
        const d = Array.from(x, () => rng() * 2 - 1);
        const ratio = (h: number) => {
          const moved = [Float64Array.from(x, (v, i) => v + h * d[i]), ...cloneArgs(args.slice(1))];
          const fx = evaluate(module, c.fn, moved as RValue[]) as number;
          return Math.abs(fx - evaluateModel(a, d.map((v) => h * v)).y[0]) / (h * h);
        };
        const r3 = ratio(1e-3);
        const r2 = ratio(1e-2);
        expect(r3, `${c.fn}: error/h^2 grows (${r2} at 1e-2, ${r3} at 1e-3)`).toBeLessThanOrEqual(10 * r2 + 1e-3 * Math.max(1, Math.abs(a.y[0])));
      }
    });
  }
});

describe('ReLU networks (theory.md §7b)', () => {
  it('a single sample with biases b = -W x (every preactivation exactly zero) satisfies LIKQ', () => {
    const m = compileOk('samples/relu-mlp.ts');
    const D = 3;
    const H = 4;
    const rng = mulberry32(8);
    const x = Float64Array.from({ length: D }, () => Math.round(rng() * 8 - 4) / 4);
    const theta = new Float64Array(H * D + 2 * H + 1);
    for (let i = 0; i < H * D; i++) theta[i] = Math.round(rng() * 8 - 4) / 4;
    for (let h = 0; h < H; h++) {
      let p = 0;
      for (let k = 0; k < D; k++) p += theta[h * D + k] * x[k];
      theta[H * D + h] = -p; // exact in f64: dyadic data
    }
    for (let h = 0; h < H; h++) theta[H * D + H + h] = 0.5 + h;
    const t = traceAt(m, 'mlpLossSingle', [theta, x, 0.25, H]);
    const c = certify(t);
    expect(c.active.length).toBe(H);
    expect(c.likq.holds).toBe(true);
    expect(c.certificate).toBe('likq');
  });
  it('a batch with a duplicated sample fails LIKQ and gets a completion certificate', () => {
    const m = compileOk('samples/relu-mlp.ts');
    const D = 2;
    const H = 2;
    const theta = Float64Array.from([1, -1, 0.5, 0.5, 0, -1, 1, 2, 0]);
    const X = Float64Array.from([1, 1, 1, 1]); // the same sample twice: W1 x + b1 = (0, 0)
    const t = traceAt(m, 'mlpLoss', [theta, X, Float64Array.from([0.5, 0.5]), D, H]);
    const c = certify(t);
    expect(c.active.length).toBe(2 * H);
    expect(c.likq.holds).toBe(false);
    expect(c.certificate).toBe('completion');
    expect(c.gradient.every(Number.isFinite)).toBe(true);
  });
});

describe('absad anf on Chained LQ with n = 1000', () => {
  it('returns an ANF with 999 switches (timing is reported by the benchmark, not asserted)', () => {
    const m = compileOk('samples/chained-lq.ts');
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const a = anf(traceAt(m, 'chainedLQ', [x]));
    expect([a.s, a.n, a.Z.length, a.L.length]).toEqual([999, 1000, 999, 999]);
  });
});

describe('the generated f_trace records the same trace as the interpreter', () => {
  const files = [...new Set(SAMPLE_CASES.map((c) => c.file))];
  for (const file of files) {
    it(file, async () => {
      const module = compile({ file }).module!;
      const { mod } = await importGenerated(file);
      for (const c of SAMPLE_CASES.filter((k) => k.file === file)) {
        for (const args of [c.makeArgs(mulberry32(23)), ...(c.kinkArgs ? [c.kinkArgs()] : [])]) {
          const generated = (mod[`${c.fn}_trace`] as (...a: unknown[]) => ReturnType<typeof traceAt>)(...cloneArgs(args));
          const interpreted = traceAt(module, c.fn, cloneArgs(args) as RValue[]);
          expect(JSON.stringify(anf(generated)), c.fn).toBe(JSON.stringify(anf(interpreted)));
          expect(certify(generated).certificate).toBe(certify(interpreted).certificate);
        }
      }
    });
  }
});

describe('f_trace reuses its columns from call to call', () => {
  it('a large trace, a small one and a large one again, of two functions of one module: each the whole trace', async () => {
    const file = 'samples/chained-crescent.ts';
    const module = compile({ file }).module!;
    const { mod } = await importGenerated(file);
    for (const [fn, n] of [['chainedCrescentII', 400], ['chainedCrescentII', 3], ['chainedCrescentI', 5], ['chainedCrescentII', 400]] as const) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i + n));
      const generated = (mod[`${fn}_trace`] as (x: Float64Array) => ReturnType<typeof traceAt>)(Float64Array.from(x));
      const interpreted = traceAt(module, fn, [Float64Array.from(x)]);
      // The same nodes, parents and values; plain arrays of the exact length.
      expect(generated.values.length, `${fn} n=${n}`).toBe(interpreted.values.length);
      expect(Array.isArray(generated.values) && Array.isArray(generated.parents) && Array.isArray(generated.isAbs)).toBe(true);
      expect(JSON.stringify(anf(generated)), `${fn} n=${n}`).toBe(JSON.stringify(anf(interpreted)));
    }
  });
});

describe('where LIKQ fails, the completion gradient lies in the sampled Clarke set (theory.md §8 check 9)', () => {
  /** Gradients at differentiable points x + eps u near x (no switching variable is zero there). */
  function sampleGradients(m: Module, fn: string, x: number[], count: number, seed: number): number[][] {
    const rng = mulberry32(seed);
    const out: number[][] = [];
    for (let k = 0; k < count; k++) {
      const eps = 1e-8 + rng() * 1e-6;
      const y = x.map((v) => v + eps * (rng() * 2 - 1));
      const t = traceAt(m, fn, [Float64Array.from(y)]);
      const c = certify(t);
      if (c.certificate === 'smooth') out.push(c.gradient);
    }
    return out;
  }
  const CASES: [string, string, number[]][] = [
    ['samples/maxq.ts', 'maxq', [0, 0, 0]],
    ['samples/mxhilb.ts', 'mxhilb', [0, 0, 0]],
    ['samples/chained-cb3.ts', 'chainedCB3I', [1, 1, 1]],
    ['samples/kinks.ts', 'e5', [0]],
    ['samples/kinks.ts', 'e7', [0, 0]],
  ];
  for (const [file, fn, x] of CASES) {
    it(`${fn} at ${JSON.stringify(x)}`, () => {
      const m = compileOk(file);
      const c = certify(traceAt(m, fn, [Float64Array.from(x)]));
      expect(c.likq.holds).toBe(false);
      expect(c.certificate).toBe('completion');
      const samples = sampleGradients(m, fn, x, 400, 31);
      expect(samples.length).toBeGreaterThan(50);
      expect(hullDistance(samples, c.gradient), `${fn}: ${c.gradient}`).toBeLessThan(1e-4);
    });
  }
  it('the hull test can fail: a point far outside is rejected', () => {
    expect(hullDistance([[0, 0], [1, 0], [0, 1]], [2, 2])).toBeGreaterThan(0.5);
    expect(hullDistance([[0, 0], [1, 0], [0, 1]], [0.25, 0.25])).toBeLessThan(1e-5);
    expect(hullDistance([[0, 0], [1, 0], [0, 1]], [0.6, 0.6])).toBeGreaterThan(0.1);
  });
  it('a batch with a duplicated sample: the completion gradient is in the sampled Clarke set', () => {
    const m = compileOk('samples/relu-mlp.ts');
    const theta = [1, -1, 0.5, 0.5, 0, -1, 1, 2, 0];
    const X = Float64Array.from([1, 1, 1, 1]);
    const t = Float64Array.from([0.5, 0.5]);
    const grad = (th: number[]) => certify(traceAt(m, 'mlpLoss', [Float64Array.from(th), X, t, 2, 2]));
    const c = grad(theta);
    expect(c.certificate).toBe('completion');
    const rng = mulberry32(41);
    const samples: number[][] = [];
    for (let k = 0; k < 400; k++) {
      const eps = 1e-8 + rng() * 1e-6;
      const s = grad(theta.map((v) => v + eps * (rng() * 2 - 1)));
      if (s.certificate === 'smooth') samples.push(s.gradient);
    }
    expect(samples.length).toBeGreaterThan(50);
    expect(hullDistance(samples, c.gradient)).toBeLessThan(1e-4);
  });
});

describe('absad anf --json follows the documented schema', () => {
  it('every field, with the shapes of n, m and s', async () => {
    const { absad } = await import('./util/cli.js');
    const r = absad(['anf', 'samples/nesterov-chebyshev-rosenbrock.ts', '--fn', 'ncrSecond', '--at', '1,1,1,1', '--json', '--sparse', '--check']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    const num = (v: unknown) => typeof v === 'number';
    const vec = (v: unknown, len: number) => Array.isArray(v) && v.length === len && v.every(num);
    const mat = (v: unknown, rows: number, cols: number) => Array.isArray(v) && v.length === rows && v.every((row) => vec(row, cols));
    expect(Object.keys(o).sort()).toEqual(['J', 'L', 'Y', 'Z', 'active', 'check', 'cy', 'cz', 'function', 'gradient', 'likq', 'm', 'n', 'nu', 's', 'sigma', 'sparse', 'switches', 'x', 'y', 'z'].sort());
    const { n, m, s } = o as { n: number; m: number; s: number };
    expect([o.function, n, m, s, o.nu]).toEqual(['ncrSecond', 4, 1, 7, 2]);
    expect(vec(o.x, n) && vec(o.y, m) && vec(o.z, s) && vec(o.sigma, s) && vec(o.cz, s) && vec(o.cy, m)).toBe(true);
    expect(mat(o.Z, s, n) && mat(o.L, s, s) && mat(o.J, m, n) && mat(o.Y, m, s)).toBe(true);
    const switches = o.switches as { index: number; id: string; kind: string; loc: string; dependsOn: { inputs: number[]; switches: number[] }; depth: number }[];
    expect(switches.map((sw) => sw.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const sw of switches) {
      expect(sw.id.startsWith(sw.loc)).toBe(true);
      expect(sw.loc).toMatch(/^samples\/nesterov-chebyshev-rosenbrock\.ts:\d+:\d+$/);
      expect(['abs', 'max', 'min', 'relu', 'clamp', 'pattern']).toContain(sw.kind);
      expect(sw.dependsOn.switches.every((j) => j >= 1 && j < sw.index)).toBe(true);
    }
    // At x = 1 the switches |x1 - 1| and the outer |x_{i+1} - 2|x_i| + 1| are active (theory.md §7b).
    expect(o.active).toEqual([1, 3, 5, 7]);
    expect(o.likq).toEqual({ holds: true, rank: 4, activeCount: 4, tolerance: Math.sqrt(2 ** -52), condition: (o.likq as { condition: number }).condition });
    expect(o.gradient).toEqual({ value: expect.any(Array), certificate: 'likq' });
    const sparse = o.sparse as Record<string, { rows: number; cols: number; rowPtr: number[]; colIdx: number[]; values: number[] }>;
    expect(sparse.Z.rows).toBe(s);
    expect(sparse.Z.rowPtr.length).toBe(s + 1);
    expect(sparse.Z.values.length).toBe((o.Z as number[][]).flat().filter((v) => v !== 0).length);
    expect((o.check as { passed: boolean }).passed).toBe(true);
  });
});

describe('rank tests of the LIKQ check (runtime/linalg.ts)', () => {
  it('Jacobi SVD gives exact singular values on small matrices', async () => {
    const { singularValues } = await import('../runtime/linalg.js');
    const sv = singularValues([[3, 0], [0, 4], [0, 0]].slice(0, 2));
    expect(sv.map((v) => Number(v.toFixed(12)))).toEqual([4, 3]);
    expect(singularValues([[1, 1], [2, 2]])[1]).toBeLessThan(1e-12);
  });
  it('pivoted QR reveals rank for large active sets (k > 24)', async () => {
    const { singularValues, pivotedQrDiagonal } = await import('../runtime/linalg.js');
    const rng = mulberry32(12);
    const full = Array.from({ length: 30 }, () => Array.from({ length: 40 }, () => rng() * 2 - 1));
    const d = pivotedQrDiagonal(full);
    expect(d.length).toBe(30);
    expect(d[29] / d[0]).toBeGreaterThan(1e-3);
    const dependent = [...full.slice(0, 29), full[3].map((v, j) => v - 2 * full[7][j])];
    const e = singularValues(dependent);
    expect(e[29] / e[0]).toBeLessThan(1e-12);
  });
});
