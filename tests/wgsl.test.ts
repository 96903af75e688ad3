/**
 * The WGSL backend and the WebGPU runtime, executed for real: Dawn (the `webgpu` package) on
 * SwiftShader, the CPU Vulkan driver of Debian's chromium, one device for the whole file.
 *
 * Checked here:
 *  - every sample function's kernel (--batch x: all 41; --batch data: every function with a
 *    float data parameter) compiles without a Tint error and makes a compute pipeline, and so
 *    does the reduction kernel; --batch data on a function without data is ABS4006;
 *  - per element, the f32 value and gradient equal the generated JavaScript's f64 ones at
 *    random smooth points (relative 1e-4; inputs rounded to f32 first; no switching variable
 *    within 1e-3 of zero), in both batch modes;
 *  - at the samples' constructed kinks the flag word counts the exact zeros, and the host path
 *    returns the certified gradient `absad grad` computes (smooth, likq or completion);
 *  - the batch gradient of the ReLU MLP over 4096 samples equals the JavaScript sum of
 *    per-sample gradients (and mlpLoss_grad over the same batch for the mean);
 *  - the same WGSL text runs n = 10 and n = 1000 (input-sized tapes in host-sized scratch);
 *  - batches beyond the per-dispatch limit are split, with identical results;
 *  - every smooth elemental of the op table against JavaScript; non-finite results flagged;
 *  - `absad compile --target wgsl` writes the loader, which runs in plain Node; bad options
 *    and unbatchable functions are rejected cleanly, writing nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify, compile, compileWgsl, formatDiagnostics, type WgslCompileOptions } from '../compiler/api.js';
import type { Trace } from '../runtime/trace.js';
import { type AbsadKernel, type BatchResult, type KernelInput, NONFINITE_FLAG, requestDevice, wgslMessages } from '../runtime/webgpu.js';
import { SAMPLE_CASES, type SampleCase } from './sample-manifest.js';
import { absad, STACK_TRACE } from './util/cli.js';
import { mulberry32, type Rng } from './util/rng.js';

process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

type Fn = (...args: unknown[]) => unknown;
type Mod = Record<string, Fn>;
interface Loaded {
  loader: Record<string, unknown>;
  js: Mod;
  wgsl: string;
  layout: { params: { name: string; kind: string; role: string }[]; scratch: string[] };
  scratch: (ints: Record<string, number>, lengths: Record<string, number>) => number[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-wgsl-'));
const RUNTIME = path.resolve('runtime/webgpu.ts');
let device: GPUDevice;
let counter = 0;

beforeAll(async () => {
  device = await requestDevice();
});

afterAll(async () => {
  for (const k of kernels.values()) (await k).destroy();
  device?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Compiles one function to WGSL, writes the loader and its JS module, and imports both. */
async function load(file: string, fn: string, opts: WgslCompileOptions = {}, text?: string): Promise<Loaded> {
  const base = path.join(tmp, `k${counter++}`);
  const r = compileWgsl({ file, text }, { fn, outFile: `${base}.absad.js`, runtimeImport: RUNTIME, ...opts });
  if (!r.js || !r.wgsl) throw new Error(formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) }));
  fs.writeFileSync(`${base}.absad.js`, r.js.code);
  fs.writeFileSync(`${base}.absad.js.map`, r.js.map);
  fs.writeFileSync(`${base}.absad.wgsl.js`, r.wgsl.loader);
  const loader = (await import(/* @vite-ignore */ pathToFileURL(`${base}.absad.wgsl.js`).href)) as Record<string, unknown>;
  const js = (await import(/* @vite-ignore */ pathToFileURL(`${base}.absad.js`).href)) as Mod;
  const k = r.wgsl.kernels.find((x) => x.name === fn)!;
  return { loader, js, wgsl: k.wgsl, layout: k.layout, scratch: loader[`${fn}Scratch`] as Loaded['scratch'] };
}

async function kernel(l: Loaded, fn: string, options?: { maxPerDispatch?: number }): Promise<AbsadKernel> {
  const factory = l.loader[`create${fn[0].toUpperCase()}${fn.slice(1)}`] as (d: GPUDevice, o?: unknown) => Promise<AbsadKernel>;
  return factory(device, options);
}

/** Every float input rounded to f32, so the kernel and the f64 reference see the same numbers. */
function f32(args: unknown[]): unknown[] {
  return args.map((a) => (a instanceof Float64Array ? a.map(Math.fround) : typeof a === 'number' && !Number.isInteger(a) ? Math.fround(a) : a));
}

/** A random point near x (f32 values), for points that vary per element. */
function near(rng: Rng, x: Float64Array, scale = 0.25): Float64Array {
  return x.map((v) => Math.fround(v + scale * (2 * rng() - 1)));
}

/** Whether every switching variable at the point is at least `margin` away from zero (in f64). */
function smooth(js: Mod, fn: string, args: unknown[], margin = 1e-3): boolean {
  const t = js[`${fn}_trace`](...args) as Trace;
  return t.switches.every((sw) => Math.abs(t.values[sw.z]) >= margin);
}

/** Value and gradient through the generated JavaScript (f64). */
function reference(js: Mod, fn: string, args: unknown[], n: number): { value: number; gradient: Float64Array; kinks: number } {
  const gradient = new Float64Array(n);
  const value = js[`${fn}_grad`](...args, gradient) as number;
  return { value, gradient, kinks: js[`${fn}_kinks`]() as number };
}

/** The certified f64 result `absad grad` prints: f_grad, and the certificate where f_kinks() > 0. */
function certified(js: Mod, fn: string, args: unknown[], n: number): { value: number; gradient: Float64Array; certificate: string } {
  const r = reference(js, fn, args, n);
  if (r.kinks === 0) return { value: r.value, gradient: r.gradient, certificate: 'smooth' };
  const c = certify(js[`${fn}_trace`](...args) as Trace, 0);
  return { value: r.value, gradient: c.certificate === 'completion' ? Float64Array.from(c.gradient) : r.gradient, certificate: c.certificate };
}

/** Normwise relative error of a against b (0 when both are zero). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff === 0 ? 0 : diff / scale;
}

function inputsOf(names: string[], args: unknown[]): Record<string, KernelInput> {
  return Object.fromEntries(names.map((n, i) => [n, args[i] as KernelInput]));
}

const key = (c: SampleCase) => `${c.file}#${c.fn}`;
const loaded = new Map<string, Promise<Loaded>>();
function loadCase(c: SampleCase, batch: 'x' | 'data'): Promise<Loaded> {
  const k = `${key(c)}#${batch}`;
  if (!loaded.has(k)) loaded.set(k, load(c.file, c.fn, { batch }));
  return loaded.get(k)!;
}

/** Kernels made once (the pipeline test) and reused by the tests that run them. */
const kernels = new Map<string, Promise<AbsadKernel>>();
function kernelFor(c: SampleCase, batch: 'x' | 'data'): Promise<AbsadKernel> {
  const k = `${key(c)}#${batch}`;
  if (!kernels.has(k)) kernels.set(k, loadCase(c, batch).then((l) => kernel(l, c.fn)));
  return kernels.get(k)!;
}
/** Every exported function of samples/*.ts with its float parameters' types, from the IR. */
const SAMPLE_FILES = fs.readdirSync('samples').filter((f) => f.endsWith('.ts')).map((f) => `samples/${f}`);
const EXPORTED = SAMPLE_FILES.flatMap((file) => compile({ file }).module!.funcs.filter((f) => f.exported).map((f) => ({ file, fn: f.name, data: f.params.slice(1).some((p) => p.value.type === 'f64' || p.value.type === 'arr') })));
const hasData = (c: SampleCase) => EXPORTED.find((e) => e.file === c.file && e.fn === c.fn)!.data;
const DATA_CASES = SAMPLE_CASES.filter(hasData);

describe('every sample compiles to WGSL that Tint accepts', () => {
  it('the test manifest covers every exported function of the 17 sample files', () => {
    expect(SAMPLE_FILES.length).toBe(17);
    expect(EXPORTED.map((e) => `${e.file}#${e.fn}`).sort()).toEqual(SAMPLE_CASES.map(key).sort());
    expect(DATA_CASES.length).toBe(EXPORTED.filter((e) => e.data).length);
  });

  it('the reduction kernel compiles', async () => {
    const r = compileWgsl({ file: 'samples/chained-lq.ts' }, {});
    expect((await wgslMessages(device, r.wgsl!.reduceWgsl)).filter((m) => m.type === 'error')).toEqual([]);
  });

  for (const batch of ['x', 'data'] as const) {
    const cases = batch === 'x' ? SAMPLE_CASES : DATA_CASES;
    it(`--batch ${batch}: ${cases.length} kernels without Tint errors, each with a compute pipeline`, async () => {
      for (const c of cases) {
        const l = await loadCase(c, batch);
        const errors = (await wgslMessages(device, l.wgsl)).filter((m) => m.type === 'error');
        expect(errors, `${key(c)} --batch ${batch}`).toEqual([]);
        const k = await kernelFor(c, batch); // createComputePipelineAsync for the kernel and the reduction
        expect(k.layout.name).toBe(c.fn);
        expect(k.layout.batch).toBe(batch);
      }
    }, 300_000);
  }

  it('--batch data rejects functions without float data (ABS4006), located at the function', () => {
    for (const c of SAMPLE_CASES.filter((x) => !hasData(x))) {
      const r = compileWgsl({ file: c.file }, { fn: c.fn, batch: 'data' });
      expect(r.wgsl).toBeNull();
      expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['ABS4006']);
      expect(r.diagnostics[0].span.line).toBeGreaterThan(0);
    }
  });
});

describe('f32 kernels agree with the f64 JavaScript gradient away from kinks', () => {
  for (const c of SAMPLE_CASES) {
    it(`${key(c)} --batch x`, async () => {
      const l = await loadCase(c, 'x');
      const rng = mulberry32(7 + counter);
      const args = f32(c.makeArgs(mulberry32(1000 + c.fn.length)));
      const x0 = args[0] as Float64Array;
      const points: Float64Array[] = [];
      const smoothPoints: boolean[] = [];
      for (let e = 0; e < 3; e++) {
        let p = near(rng, x0);
        let ok = smooth(l.js, c.fn, [p, ...args.slice(1)]);
        for (let tries = 0; !ok && tries < 40; tries++) {
          p = near(rng, x0);
          ok = smooth(l.js, c.fn, [p, ...args.slice(1)]);
        }
        points.push(p);
        smoothPoints.push(ok);
      }
      const k = await kernelFor(c, 'x');
      const r = await k.run({ ...inputsOf(c.params, args), [c.params[0]]: points });
      const n = x0.length;
      expect(r.gradientLength).toBe(n);
      for (let e = 0; e < 3; e++) {
        const at = [points[e], ...args.slice(1)];
        if (!smoothPoints[e]) {
          // A switch that is identically zero (E4's max(x, x)): every point is a kink.
          expect(r.flags[e] & ~NONFINITE_FLAG, `${key(c)} element ${e}`).toBeGreaterThan(0);
          const want = certified(l.js, c.fn, at, n);
          const got = r.certified.find((x) => x.index === e)!;
          expect(Array.from(got.gradient)).toEqual(Array.from(want.gradient));
          continue;
        }
        const want = reference(l.js, c.fn, at, n);
        expect(r.flags[e], `${key(c)} element ${e} flags`).toBe(0);
        expect(relErr([r.values[e]], [want.value]), `${key(c)} value ${r.values[e]} vs ${want.value}`).toBeLessThan(1e-4);
        const g = r.gradients!.subarray(e * n, (e + 1) * n);
        expect(relErr(g, want.gradient), `${key(c)} element ${e} gradient`).toBeLessThan(1e-4);
      }
    });
  }

  for (const c of DATA_CASES) {
    it(`${key(c)} --batch data`, async () => {
      const l = await loadCase(c, 'data');
      const rng = mulberry32(31 + c.fn.length);
      const args = f32(c.makeArgs(mulberry32(2000 + c.fn.length)));
      const params = l.layout.params;
      // Three elements: every batched parameter perturbed per element (shapes kept).
      const elements: unknown[][] = [];
      for (let e = 0; e < 3; e++) {
        let el: unknown[] = [];
        for (let tries = 0; tries < 40; tries++) {
          el = args.map((a, i) => (params[i].role !== 'batched' ? a : a instanceof Float64Array ? near(rng, a, 0.1) : Math.fround((a as number) * (1 + 0.1 * (2 * rng() - 1)))));
          if (smooth(l.js, c.fn, el)) break;
        }
        elements.push(el);
      }
      const inputs: Record<string, KernelInput> = {};
      params.forEach((p, i) => {
        inputs[p.name] = (p.role === 'batched' ? (p.kind === 'array' ? elements.map((el) => el[i]) : elements.map((el) => el[i] as number)) : args[i]) as KernelInput;
      });
      const k = await kernelFor(c, 'data');
      const r = await k.run(inputs, { perElement: true });
      const n = (args[0] as Float64Array).length;
      const sum = new Float64Array(n);
      let value = 0;
      for (let e = 0; e < 3; e++) {
        const want = reference(l.js, c.fn, elements[e], n);
        expect(r.flags[e]).toBe(0);
        expect(relErr([r.values[e]], [want.value])).toBeLessThan(1e-4);
        expect(relErr(r.gradients!.subarray(e * n, (e + 1) * n), want.gradient), `${key(c)} element ${e}`).toBeLessThan(1e-4);
        value += want.value;
        want.gradient.forEach((g, i) => (sum[i] += g));
      }
      expect(relErr([r.value!], [value])).toBeLessThan(1e-4);
      expect(relErr(r.gradient!, sum)).toBeLessThan(1e-4);
    });
  }
});

describe('kinks: exact flags and the certified host path', () => {
  for (const c of SAMPLE_CASES.filter((x) => x.kinkArgs)) {
    it(`${key(c)}: ${c.kinkNote}`, async () => {
      const l = await loadCase(c, 'x');
      const kinkArgs = f32(c.kinkArgs!());
      const x0 = kinkArgs[0] as Float64Array;
      const n = x0.length;
      const rng = mulberry32(99);
      let p = near(rng, x0, 0.3);
      for (let tries = 0; tries < 40 && !smooth(l.js, c.fn, [p, ...kinkArgs.slice(1)]); tries++) p = near(rng, x0, 0.3);
      const k = await kernelFor(c, 'x');
      const r = await k.run({ ...inputsOf(c.params, kinkArgs), [c.params[0]]: [x0, p] });
      const want = reference(l.js, c.fn, kinkArgs, n);
      // The f32 kernel sees the kink exactly when the f64 code does: the same count of zeros,
      // except where f32 rounding itself lands on a kink that f64 misses (1/sqrt(2) in Chained LQ).
      if (want.kinks > 0) expect(r.flags[0]).toBe(want.kinks);
      else expect(r.flags[0]).toBeGreaterThan(0);
      expect(r.flagged[0]).toBe(0);
      const host = r.certified.find((x) => x.index === 0)!;
      const cert = certified(l.js, c.fn, kinkArgs, n);
      expect(host.kinks).toBe(want.kinks);
      expect(host.certificate).toBe(cert.certificate);
      expect(host.value).toBe(cert.value);
      expect(Array.from(host.gradient)).toEqual(Array.from(cert.gradient));
      if (smooth(l.js, c.fn, [p, ...kinkArgs.slice(1)])) expect(r.flags[1]).toBe(0);
    });
  }
});

describe('batches', () => {
  it('ReLU MLP: the batch gradient over 4096 samples equals the JavaScript sum of per-sample gradients', async () => {
    const l = await load('samples/relu-mlp.ts', 'mlpLossSingle', { batch: 'data' });
    const D = 8;
    const H = 16;
    const B = 4096;
    const rng = mulberry32(4096);
    const rand = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * rng()));
    const theta = rand(H * D + 2 * H + 1, -0.5, 0.5);
    const X = new Float64Array(B * D);
    const t = rand(B, -1, 1);
    const rows = Array.from({ length: B }, (_, s) => X.subarray(s * D, (s + 1) * D));
    // f32 and f64 decide the same side of a ReLU only away from its kink: a sample with a
    // preactivation within 1e-4 of zero is drawn again (about 2 % are).
    let redrawn = 0;
    for (let s = 0; s < B; s++) {
      rows[s].set(rand(D, -1, 1));
      while (!smooth(l.js, 'mlpLossSingle', [theta, rows[s], t[s], H], 1e-4)) {
        rows[s].set(rand(D, -1, 1));
        redrawn++;
      }
    }
    expect(redrawn).toBeLessThan(B / 10);
    const n = theta.length;
    const sum = new Float64Array(n);
    const absSum = new Float64Array(n);
    let value = 0;
    for (let s = 0; s < B; s++) {
      const args = [theta, rows[s], t[s], H];
      const r = reference(l.js, 'mlpLossSingle', args, n);
      value += r.value;
      r.gradient.forEach((g, i) => {
        sum[i] += g;
        absSum[i] += Math.abs(g);
      });
    }
    const k = await kernel(l, 'mlpLossSingle');
    const r = await k.run({ theta, x: rows, target: t, H });
    expect(r.count).toBe(B);
    expect(r.dispatches).toBe(1);
    expect(r.flagged).toEqual([]);
    expect(relErr([r.value!], [value])).toBeLessThan(1e-4);
    expect(relErr(r.gradient!, sum)).toBeLessThan(1e-4);
    // Entry by entry, within the f32 error of a sum of 4096 terms.
    r.gradient!.forEach((g, i) => expect(Math.abs(g - sum[i])).toBeLessThanOrEqual(1e-4 * absSum[i]));
    // The mean is the whole-batch sample mlpLoss (one JavaScript function over all 4096 rows).
    const mean = await k.run({ theta, x: rows, target: t, H }, { reduce: 'mean' });
    k.destroy();
    const batch = await load('samples/relu-mlp.ts', 'mlpLoss', { batch: 'x' });
    const whole = reference(batch.js, 'mlpLoss', [theta, X, t, D, H], n);
    expect(relErr([mean.value!], [whole.value])).toBeLessThan(1e-4);
    expect(relErr(mean.gradient!, whole.gradient)).toBeLessThan(1e-4);
  });

  it('sums 20000 elements in two reduction passes (more than 256 lanes x 32 elements)', async () => {
    const l = await load('samples/svm-hinge.ts', 'svmObjective', { batch: 'data', shared: ['lambda'] });
    const rng = mulberry32(20000);
    const theta = Float64Array.from([0.5, -0.25, 0.75, 0.125]);
    const B = 20000;
    const X: Float64Array[] = [];
    const labels: Float64Array[] = [];
    while (X.length < B) {
      const x = Float64Array.from({ length: 6 }, () => Math.fround(2 * rng() - 1));
      const y = Float64Array.from({ length: 2 }, () => (rng() < 0.5 ? -1 : 1));
      if (!smooth(l.js, 'svmObjective', [theta, x, y, 0.1])) continue;
      X.push(x);
      labels.push(y);
    }
    const sum = new Float64Array(4);
    const absSum = new Float64Array(4);
    X.forEach((x, e) => reference(l.js, 'svmObjective', [theta, x, labels[e], 0.1], 4).gradient.forEach((g, i) => {
      sum[i] += g;
      absSum[i] += Math.abs(g);
    }));
    const k = await kernel(l, 'svmObjective');
    const r = await k.run({ theta, X, labels, lambda: 0.1 });
    k.destroy();
    expect(r.flagged).toEqual([]);
    expect(relErr(r.gradient!, sum)).toBeLessThan(1e-4);
    r.gradient!.forEach((g, i) => expect(Math.abs(g - sum[i])).toBeLessThanOrEqual(1e-4 * absSum[i]));
  });

  it('one WGSL text for every n: input-sized loop tapes live in host-sized scratch', async () => {
    const a = compileWgsl({ file: 'samples/chained-lq.ts' }, {});
    const b = compileWgsl({ file: 'samples/chained-lq.ts' }, {});
    expect(a.wgsl!.kernels[0].wgsl).toBe(b.wgsl!.kernels[0].wgsl);
    const l = await load('samples/chained-lq.ts', 'chainedLQ');
    expect(l.layout.scratch).toHaveLength(1);
    expect(l.scratch({}, { x: 10 })).toEqual([9]);
    expect(l.scratch({}, { x: 1000 })).toEqual([999]);
    const k = await kernel(l, 'chainedLQ');
    const rng = mulberry32(5);
    for (const n of [10, 1000]) {
      // |x_i| in [1.2, 2]: every z_i = x_i^2 + x_{i+1}^2 - 1 is far from 0.
      const points = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => Math.fround((rng() < 0.5 ? -1 : 1) * (1.2 + 0.8 * rng()))));
      const r = await k.run({ x: points });
      expect(r.flagged).toEqual([]);
      points.forEach((p, e) => {
        const want = reference(l.js, 'chainedLQ', [p], n);
        expect(relErr([r.values[e]], [want.value])).toBeLessThan(1e-4);
        expect(relErr(r.gradients!.subarray(e * n, (e + 1) * n), want.gradient)).toBeLessThan(1e-4);
      });
    }
    k.destroy();
    // Loops with constant bounds tape into function memory instead: no scratch at all.
    const q = await load('samples/max-of-quadratics.ts', 'maxOfQuadratics');
    expect(q.layout.scratch).toEqual([]);
    expect(q.wgsl).toMatch(/var tape_\d+: array<f32, 4>;/);
  });

  it('splits batches beyond the per-dispatch limit, with the same results', async () => {
    const l = await load('samples/chained-lq.ts', 'chainedLQ');
    const split = await kernel(l, 'chainedLQ', { maxPerDispatch: 7 });
    const whole = await kernel(l, 'chainedLQ');
    const rng = mulberry32(11);
    const points = Array.from({ length: 20 }, () => Float64Array.from({ length: 5 }, () => Math.fround(-2 + 4 * rng())));
    const a = await split.run({ x: points });
    const b = await whole.run({ x: points });
    split.destroy();
    whole.destroy();
    expect(a.dispatches).toBe(3);
    expect(b.dispatches).toBe(1);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.gradients!)).toEqual(Array.from(b.gradients!));
    expect(Array.from(a.flags)).toEqual(Array.from(b.flags));

    const m = await load('samples/relu-mlp.ts', 'mlpLossSingle', { batch: 'data' });
    const mk = await kernel(m, 'mlpLossSingle', { maxPerDispatch: 7 });
    const H = 3;
    const theta = Float64Array.from({ length: 4 * H + 1 }, () => Math.fround(rng() - 0.5));
    const rows = Array.from({ length: 20 }, () => Float64Array.from({ length: 2 }, () => Math.fround(2 * rng() - 1)));
    const target = Float64Array.from({ length: 20 }, () => Math.fround(rng()));
    const r = await mk.run({ theta, x: rows, target, H });
    mk.destroy();
    expect(r.dispatches).toBe(3);
    const sum = new Float64Array(theta.length);
    rows.forEach((x, s) => reference(m.js, 'mlpLossSingle', [theta, x, target[s], H], theta.length).gradient.forEach((g, i) => (sum[i] += g)));
    expect(relErr(r.gradient!, sum)).toBeLessThan(1e-4);
  });

  it('--batch data: flagged elements leave the GPU sum and come back certified in f64', async () => {
    // SVM at w = 0, bias = 1: a sample with label +1 sits on its hinge (margin exactly 1); six
    // such rows in R^4 break LIKQ, so the certified gradient is the completion, not plain AD's.
    const l = await load('samples/svm-hinge.ts', 'svmObjective', { batch: 'data', shared: ['lambda'] });
    const theta = Float64Array.from([0, 0, 0, 1]);
    const rng = mulberry32(3);
    const X = [0, 1, 2].map(() => Float64Array.from({ length: 18 }, () => Math.fround(2 * rng() - 1)));
    const labels = [new Float64Array(6).fill(1), new Float64Array(6).fill(0.5), Float64Array.from([0.5, -1, 0.5, -1, 0.5, 0.25])];
    const k = await kernel(l, 'svmObjective');
    const r = await k.run({ theta, X, labels, lambda: 0.1 });
    expect(r.flagged).toEqual([0]);
    expect(r.flags[0]).toBe(6);
    const el = (e: number) => [theta, X[e], labels[e], 0.1];
    const kink = certified(l.js, 'svmObjective', el(0), 4);
    expect(kink.certificate).toBe('completion');
    expect(relErr(reference(l.js, 'svmObjective', el(0), 4).gradient, kink.gradient)).toBeGreaterThan(1e-3);
    expect(r.certified).toHaveLength(1);
    expect(Array.from(r.certified[0].gradient)).toEqual(Array.from(kink.gradient));
    const want = Float64Array.from(kink.gradient);
    let value = kink.value;
    for (const e of [1, 2]) {
      const s = reference(l.js, 'svmObjective', el(e), 4);
      value += s.value;
      s.gradient.forEach((g, i) => (want[i] += g));
    }
    expect(relErr(r.gradient!, want)).toBeLessThan(1e-4);
    expect(relErr([r.value!], [value])).toBeLessThan(1e-4);
    // Without the host path every element is summed as the f32 kernel computed it (plain AD).
    const plain = await k.run({ theta, X, labels, lambda: 0.1 }, { certify: false });
    k.destroy();
    expect(plain.certified).toEqual([]);
    expect(plain.flagged).toEqual([0]);
    const plainWant = new Float64Array(4);
    for (const e of [0, 1, 2]) reference(l.js, 'svmObjective', el(e), 4).gradient.forEach((g, i) => (plainWant[i] += g));
    expect(relErr(plain.gradient!, plainWant)).toBeLessThan(1e-4);
  });

  it('checks its inputs against the layout', async () => {
    const l = await load('samples/relu-mlp.ts', 'mlpLossSingle', { batch: 'data' });
    const k = await kernel(l, 'mlpLossSingle');
    const theta = new Float64Array(9);
    await expect(k.run({ theta, x: [[1, 2]], target: [0], H: 1.5 })).rejects.toThrow(/'H' of 'mlpLossSingle' is a size or index/);
    await expect(k.run({ theta, x: [[1, 2], [3]], target: [0, 1], H: 2 })).rejects.toThrow(/row 1 of 'x' has length 1/);
    await expect(k.run({ theta, x: [[1, 2]], target: [0, 1], H: 2 })).rejects.toThrow(/'target' has 2 elements, but the batch has 1/);
    await expect(k.run({ theta, x: [[1, 2]], target: 0, H: 2 } as never)).rejects.toThrow(/'target' of 'mlpLossSingle' varies per element: give one number per element/);
    await expect(k.run({ theta, x: [1, 2, 3, 4], target: 0, H: 2 } as never)).rejects.toThrow(/give \{ count \}/);
    const flat = await k.run({ theta, x: [1, 2, 3, 4], target: [0, 1], H: 2 });
    expect(flat.count).toBe(2);
    k.destroy();
  });
});

/** Every smooth elemental of the op table, on arguments inside its domain. */
const ELEMENTALS = `export function elementals(x: Float64Array): number {
  const a = x[0];
  const b = x[1];
  const c = x[2];
  return Math.sqrt(a) + Math.exp(b) + Math.log(a) + Math.log1p(b) + Math.expm1(c) + Math.log2(a) + Math.log10(b)
    + Math.sin(9 * a) + Math.cos(7 * b) + Math.tan(c) + Math.asin(a) + Math.acos(b) + Math.atan(c)
    + Math.sinh(a) + Math.cosh(b) + Math.tanh(c) + Math.asinh(a) + Math.acosh(1 + b) + Math.atanh(c)
    + Math.cbrt(c) + Math.atan2(a, c) + Math.hypot(a, b, c) + Math.hypot(a, c) + Math.pow(a, b) + a ** 2.5
    + c ** 3 + c ** 5 + c ** 6 + c ** -2 + 2 ** b + a / b;
}
`;

describe('f32 semantics', () => {
  it('every smooth elemental of the op table matches JavaScript (value and gradient)', async () => {
    const { SMOOTH_MATH } = await import('../compiler/ir/ops.js');
    for (const name of SMOOTH_MATH) expect(ELEMENTALS, name).toContain(`Math.${name}(`);
    const l = await load('elementals.ts', 'elementals', {}, ELEMENTALS);
    // Negative bases with integer exponents (c ** 5) and sin/cos of arguments beyond pi go through absad_* helpers.
    expect(l.wgsl).toContain('fn absad_pow(');
    expect(l.wgsl).toContain('fn absad_quadrant(');
    const rng = mulberry32(17);
    const points = Array.from({ length: 8 }, () => Float64Array.from([0.2 + 0.6 * rng(), 0.2 + 0.6 * rng(), -0.8 + 0.6 * rng()].map(Math.fround)));
    const k = await kernel(l, 'elementals');
    const r = await k.run({ x: points });
    k.destroy();
    expect(r.flagged).toEqual([]);
    points.forEach((p, e) => {
      const want = reference(l.js, 'elementals', [p], 3);
      expect(relErr([r.values[e]], [want.value])).toBeLessThan(1e-4);
      expect(relErr(r.gradients!.subarray(3 * e, 3 * e + 3), want.gradient), `point ${e}`).toBeLessThan(1e-4);
    });
  });

  it('flags non-finite results, which the host recomputes in f64', async () => {
    const l = await load('inverse.ts', 'inverse', {}, 'export function inverse(x: Float64Array): number {\n  return 1 / x[0] + x[1];\n}\n');
    const k = await kernel(l, 'inverse');
    const r = await k.run({ x: [[0, 1], [2, 1]] });
    k.destroy();
    expect((r.flags[0] & NONFINITE_FLAG) !== 0).toBe(true);
    expect(r.flags[1]).toBe(0);
    expect(r.certified.map((c) => [c.index, c.value, c.certificate])).toEqual([[0, Infinity, 'smooth']]);
    expect(r.values[1]).toBe(1.5);
  });

  it('a NaN switching variable gives a NaN gradient on the host, as absad grad does', async () => {
    const text = 'export function nanSwitch(x: Float64Array): number {\n  return Math.max(Math.sqrt(x[0]), x[1]) + x[1] * x[1];\n}\n';
    const l = await load('nan-switch.ts', 'nanSwitch', {}, text);
    const k = await kernel(l, 'nanSwitch');
    const r = await k.run({ x: [[-1, 0.5], [4, 0.5]] });
    k.destroy();
    expect(r.flagged).toEqual([0]);
    const [c] = r.certified;
    expect(Number.isNaN(c.value)).toBe(true);
    expect(Array.from(c.gradient).every(Number.isNaN)).toBe(true);
    // The CLI on the same point.
    const file = path.join(tmp, 'nan-switch.ts');
    fs.writeFileSync(file, text);
    const cli = spawnSync(process.execPath, ['bin/absad.js', 'grad', file, '--at', '-1,0.5', '--json'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect((JSON.parse(cli.stdout) as { gradient: unknown[] }).gradient).toEqual(['NaN', 'NaN']);
    // The other element is smooth and computed on the GPU.
    expect(r.values[1]).toBeCloseTo(2.25, 5);
  });
});

const MISC = `export function flipper(x: Float64Array, flip: boolean, scale: number): number {
  const s = flip ? -scale : scale;
  return s * Math.abs(x[0] - 0.5) + x[1] * x[1];
}

export function rows(x: Float64Array, M: number[][]): number {
  return M[0][0] * x[0];
}

export function pair(x: Float64Array): Float64Array {
  const out = new Float64Array(2);
  out[0] = Math.abs(x[0]);
  out[1] = x[1];
  return out;
}
`;

describe('parameters', () => {
  it('booleans, differentiated numbers, several differentiated parameters, and the kink band', async () => {
    const l = await load('misc.ts', 'flipper', { wrt: ['x', 'scale'] }, MISC);
    expect(l.layout.params.map((p) => `${p.name}:${p.kind}:${p.role}`)).toEqual(['x:array:batched', 'flip:bool:shared', 'scale:number:batched']);
    const k = await kernel(l, 'flipper');
    const x = [[0.75, -0.5], [0.5, 2], [0.25, 1.5], [0.5 + 2 ** -14, 1]].map((r) => Float64Array.from(r));
    const scale = [0.5, 1.5, -2, 1];
    const r = await k.run({ x, flip: true, scale });
    expect(r.gradientLength).toBe(3);
    expect(r.flagged).toEqual([1]); // x[0] = 0.5 exactly
    // Two differentiated parameters: no certificate (the trace covers one), the f64 plain gradient.
    expect(r.certified.map((c) => [c.index, c.certificate])).toEqual([[1, 'unchecked']]);
    x.forEach((xe, e) => {
      const want = reference(l.js, 'flipper', [xe, true, scale[e]], 3);
      if (e === 1) expect(Array.from(r.certified[0].gradient)).toEqual(Array.from(want.gradient));
      expect(relErr([r.values[e]], [want.value])).toBeLessThan(1e-4);
      expect(relErr(r.gradients!.subarray(3 * e, 3 * e + 3), want.gradient), `element ${e}`).toBeLessThan(1e-4);
    });
    // |z| = 2^-14 is not a kink, but lies within a band of 1e-3.
    const banded = await k.run({ x, flip: false, scale }, { band: 1e-3 });
    k.destroy();
    expect(banded.flagged).toEqual([1, 3]);
  });

  it('rejects what it cannot batch, at the function', () => {
    const at = (fn: string) => {
      const r = compileWgsl({ file: 'misc.ts', text: MISC }, { fn });
      expect(r.wgsl).toBeNull();
      return r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code}`);
    };
    expect(at('rows')).toEqual(['6:1 ABS4004']);
    expect(at('pair')).toEqual(['10:1 ABS4003']);
    const shared = compileWgsl({ file: 'misc.ts', text: MISC }, { fn: 'flipper', batch: 'data', shared: ['flip'] });
    expect(shared.diagnostics.map((d) => d.code)).toEqual(['ABS4005']);
  });
});

/** Loop shapes whose tape sizes the host must count: triangular, strided, counted by a carried integer. */
const LOOPS = `export function triangle(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      s += Math.max(x[i] * x[j], 0.1);
    }
  }
  return s;
}

export function strides(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = n - 1; i >= 0; i--) {
    s += Math.abs(x[i] - y[i]) * x[i];
  }
  for (let i = 0; i < n; i += 2) {
    s = Math.max(s, x[i] * 3);
  }
  for (let i = n - 1; i > 0; i -= 3) {
    s += Math.min(x[i], x[i - 1]) ** 2;
  }
  return s;
}

export function counted(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    if (i % 2 === 0) {
      m += 1;
    }
  }
  const buf = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    buf[j] = Math.abs(x[j] - 0.25);
  }
  let s = 0;
  for (let j = 0; j < m; j++) {
    s += buf[j] * buf[j + 1] + Math.max(buf[j], x[j]);
  }
  return s;
}
`;

describe('loop shapes', () => {
  const sizes: Record<string, (n: number) => number[]> = {
    triangle: (n) => [(n * (n - 1)) / 2],
    strides: (n) => [2 * n, Math.ceil(n / 2), 2 * Math.ceil((n - 1) / 3)],
    counted: (n) => [Math.ceil(n / 2) + 1, Math.ceil(n / 2) + 1, Math.ceil(n / 2), 3 * Math.ceil(n / 2)],
  };
  for (const fn of Object.keys(sizes)) {
    it(`${fn}: host-counted scratch sizes, and the kernel agrees with JavaScript`, async () => {
      const l = await load('loops.ts', fn, {}, LOOPS);
      for (const n of [1, 6, 7, 40]) expect(l.scratch({}, { x: n, y: n }), `n = ${n}`).toEqual(sizes[fn](n));
      const rng = mulberry32(fn.length);
      const n = 9;
      const y = Float64Array.from({ length: n }, () => Math.fround(2 * rng() - 1));
      const points: Float64Array[] = [];
      while (points.length < 3) {
        const p = Float64Array.from({ length: n }, () => Math.fround(2 * rng() - 1));
        if (smooth(l.js, fn, fn === 'strides' ? [p, y] : [p])) points.push(p);
      }
      const k = await kernel(l, fn);
      const r = await k.run(fn === 'strides' ? { x: points, y } : { x: points });
      k.destroy();
      expect(r.flagged).toEqual([]);
      points.forEach((p, e) => {
        const want = reference(l.js, fn, fn === 'strides' ? [p, y] : [p], n);
        expect(relErr([r.values[e]], [want.value])).toBeLessThan(1e-4);
        expect(relErr(r.gradients!.subarray(e * n, (e + 1) * n), want.gradient), `element ${e}`).toBeLessThan(1e-4);
      });
    });
  }
});

describe('the browser', () => {
  it('a Vite build of the loader runs in Chromium through navigator.gpu', async () => {
    const { build } = await import('vite');
    const { chromium } = await import('playwright-core');
    const dir = path.join(tmp, 'vite-app');
    fs.mkdirSync(dir);
    const r = compileWgsl({ file: 'samples/chained-lq.ts' }, { outFile: path.join(dir, 'chained-lq.absad.js'), runtimeImport: RUNTIME });
    fs.writeFileSync(path.join(dir, 'chained-lq.absad.js'), r.js!.code);
    fs.writeFileSync(path.join(dir, 'chained-lq.absad.js.map'), r.js!.map);
    fs.writeFileSync(path.join(dir, 'chained-lq.absad.wgsl.js'), r.wgsl!.loader);
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    const points = [[1, 2, 3], [0.5, -0.25, 2], [0, 0, 1]];
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      [
        "import { createChainedLQ } from './chained-lq.absad.wgsl.js';",
        'const k = await createChainedLQ();',
        `const r = await k.run({ x: ${JSON.stringify(points)} });`,
        'k.destroy();',
        'window.result = { values: Array.from(r.values), gradients: Array.from(r.gradients), flagged: r.flagged, certified: r.certified.map((c) => [c.index, c.certificate, Array.from(c.gradient)]) };',
      ].join('\n'),
    );
    await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: path.join(dir, 'dist'), target: 'es2022' } });
    const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? '/usr/bin/chromium';
    const browser = await chromium.launch({ executablePath, args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader', '--no-sandbox'] });
    try {
      const page = await browser.newPage();
      // WebGPU needs a secure context: serve the build from an https origin.
      await page.route('https://absad.test/**', (route) => {
        const p = new URL(route.request().url()).pathname;
        const file = path.join(dir, 'dist', p === '/' ? 'index.html' : p);
        return route.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : 'text/html', body: fs.readFileSync(file) });
      });
      await page.goto('https://absad.test/');
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
      const got = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as { values: number[]; gradients: number[]; flagged: number[]; certified: [number, string, number[]][] };
      const js = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'chained-lq.absad.js')).href)) as Mod;
      points.forEach((p, e) => {
        const want = reference(js, 'chainedLQ', [Float64Array.from(p)], 3);
        expect(got.values[e]).toBeCloseTo(want.value, 5);
        if (!got.flagged.includes(e)) expect(relErr(got.gradients.slice(3 * e, 3 * e + 3), want.gradient)).toBeLessThan(1e-4);
      });
      // x = (0, 0, 1): the second term's pieces tie (z = 0), and the host path runs in the page too.
      expect(got.flagged).toEqual([2]);
      const cert = certified(js, 'chainedLQ', [Float64Array.from(points[2])], 3);
      expect(got.certified).toEqual([[2, cert.certificate, Array.from(cert.gradient)]]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});

describe('absad compile --target wgsl', () => {
  fs.mkdirSync('.absad-out', { recursive: true });

  it('writes the loader and the JavaScript module it needs; the loader runs in plain Node', async () => {
    // Inside the package, so that the loader's `absad/runtime/webgpu.js` resolves to this build.
    const dir = fs.mkdtempSync(path.join('.absad-out', 'wgsl-cli-'));
    try {
      const r = absad(['compile', 'samples/relu-mlp.ts', '--target', 'wgsl', '--batch', 'data', '--fn', 'mlpLossSingle', '--out-dir', dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(fs.readdirSync(dir).sort()).toEqual(['relu-mlp.absad.d.ts', 'relu-mlp.absad.js', 'relu-mlp.absad.js.map', 'relu-mlp.absad.wgsl.d.ts', 'relu-mlp.absad.wgsl.js']);
      const loader = fs.readFileSync(path.join(dir, 'relu-mlp.absad.wgsl.js'), 'utf8');
      expect(loader).toContain("import { createKernel } from \"absad/runtime/webgpu.js\";");
      expect(loader).toContain('export function createMlpLossSingle(device, options)');
      const dts = fs.readFileSync(path.join(dir, 'relu-mlp.absad.wgsl.d.ts'), 'utf8');
      expect(dts).toContain('export declare function createMlpLossSingle(device?: GPUDevice, options?: KernelOptions): Promise<AbsadKernel<MlpLossSingleInputs>>;');
      expect(dts).toMatch(/"x": ArrayLike<number>\[\] \| ArrayLike<number>;/);
      const theta = [0.5, -0.25, 1, 0.75, 0.25, -0.5, -1, 0.5, 0.125];
      const rows = [[0.5, -1], [1, 0.25], [-0.75, 0.5]];
      const target = [0.25, -0.5, 1];
      fs.writeFileSync(
        path.join(dir, 'run.mjs'),
        [
          "import { createMlpLossSingle } from './relu-mlp.absad.wgsl.js';",
          'const k = await createMlpLossSingle();',
          `const r = await k.run({ theta: ${JSON.stringify(theta)}, x: ${JSON.stringify(rows)}, target: ${JSON.stringify(target)}, H: 2 });`,
          'k.destroy();',
          'console.log(JSON.stringify({ value: r.value, gradient: Array.from(r.gradient), flagged: r.flagged }));',
        ].join('\n'),
      );
      const run = spawnSync(process.execPath, [path.join(dir, 'run.mjs')], { encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      const got = JSON.parse(run.stdout.trim().split('\n').pop()!) as { value: number; gradient: number[]; flagged: number[] };
      const js = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'relu-mlp.absad.js')).href)) as Mod;
      const sum = new Float64Array(theta.length);
      let value = 0;
      rows.forEach((x, s) => {
        const r1 = reference(js, 'mlpLossSingle', [Float64Array.from(theta), Float64Array.from(x), target[s], 2], theta.length);
        value += r1.value;
        r1.gradient.forEach((g, i) => (sum[i] += g));
      });
      expect(got.flagged).toEqual([]);
      expect(relErr([got.value], [value])).toBeLessThan(1e-4);
      expect(relErr(got.gradient, sum)).toBeLessThan(1e-4);
      // The .d.ts types the inputs: strict TypeScript accepts a correct call and rejects a wrong one.
      const ts = (await import('typescript')).default;
      fs.writeFileSync(
        path.join(dir, 'use.ts'),
        [
          "import { createMlpLossSingle, mlpLossSingleLayout, type MlpLossSingleInputs } from './relu-mlp.absad.wgsl.js';",
          'const inputs: MlpLossSingleInputs = { theta: new Float64Array(9), x: [[1, 2]], target: [0.5], H: 2 };',
          'const k = await createMlpLossSingle();',
          "const r = await k.run(inputs, { reduce: 'mean' });",
          'const g: Float64Array | undefined = r.gradient;',
          'export const used = [mlpLossSingleLayout.batch, g, r.flagged];',
          "// @ts-expect-error H is an integer parameter: a number",
          "await k.run({ ...inputs, H: 'two' });",
        ].join('\n'),
      );
      const program = ts.createProgram([path.join(dir, 'use.ts')], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, types: [] });
      expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('rejects bad options and unbatchable functions cleanly, writing nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-wgsl-cli-'));
    const cases: [string[], RegExp][] = [
      [['samples/chained-lq.ts', '--target', 'wgsl', '--batch', 'rows'], /error ABS5001 usage: --batch takes x or data, got 'rows'/],
      [['samples/chained-lq.ts', '--target', 'wasm'], /error ABS5001 usage: --target takes js or wgsl, got 'wasm'/],
      [['samples/chained-lq.ts', '--batch', 'data'], /error ABS5001 usage: --batch applies to --target wgsl/],
      [['samples/chained-lq.ts', '--target', 'wgsl', '--batch', 'data'], /samples\/chained-lq\.ts:6:1 error ABS4006 wgsl-nothing-batched: with --batch data, no parameter of 'chainedLQ' varies per batch element/],
      [['samples/relu-mlp.ts', '--target', 'wgsl', '--batch', 'data', '--shared', 'nope'], /samples\/relu-mlp\.ts:\d+:1 error ABS4005 wgsl-bad-shared: 'mlpLoss' has no parameter 'nope'/],
      [['samples/relu-mlp.ts', '--target', 'wgsl', '--shared', 't'], /error ABS5001 usage: --shared applies to --batch data/],
    ];
    try {
      for (const [args, message] of cases) {
        const r = absad(['compile', ...args, '--out-dir', dir]);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(STACK_TRACE);
        expect(r.stdout).toBe('');
        expect(fs.readdirSync(dir)).toEqual([]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('the loader bundles for the browser (esbuild), with Dawn left out', async () => {
    const { build } = await import('esbuild');
    const base = path.join(tmp, 'bundle');
    const r = compileWgsl({ file: 'samples/chained-lq.ts' }, { outFile: `${base}.absad.js`, runtimeImport: RUNTIME });
    fs.writeFileSync(`${base}.absad.js`, r.js!.code);
    fs.writeFileSync(`${base}.absad.js.map`, r.js!.map);
    fs.writeFileSync(`${base}.absad.wgsl.js`, r.wgsl!.loader);
    const out = await build({ entryPoints: [`${base}.absad.wgsl.js`], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    const text = out.outputFiles[0].text;
    expect(text).toContain('navigator');
    expect(text).toContain('fn absad_grad(');
    expect(text).not.toMatch(/dawn\.node|from "webgpu"/);
  });
});
