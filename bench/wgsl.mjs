#!/usr/bin/env node
// The WGSL benchmark: batch gradients from absad's WebGPU kernels (Dawn in Node, the `webgpu`
// package) against the same batch gradient from the generated JavaScript module on one core.
//
// Usage: node bench/wgsl.mjs [--max N] [--sizes 1e3,1e4,...] [--quick] [--json OUT] [--filter RE]
//   --max N       largest batch to run (default 1e6 on a GPU; 1e3 on a CPU adapter such as
//                 SwiftShader, where larger batches take minutes: see bench/README.md)
//   --sizes LIST  batch sizes (default 1e3,1e4,1e5,1e6)
//   --quick       shorter timing budgets (a smoke run)
//   --json OUT    where to write the numbers (default bench/wgsl-results.json)
//   --filter RE   only the cases whose name matches RE (e.g. --filter L1)
// In Node, Dawn needs a Vulkan driver. On a machine with no GPU device node (/dev/nvidia0,
// /dev/dri/renderD128) and VK_ICD_FILENAMES unset, it is set to the SwiftShader ICD of
// Debian's chromium (a CPU Vulkan), as CI does; the device line says which adapter ran.
//
// Cases, both with the data parameters per element (--batch data) and the model shared:
//   ReLU MLP   samples/relu-mlp.ts: kernel mlpLossSingle(theta, x, target, H), one sample per
//              element, reduce 'mean'; JavaScript: mlpLoss_grad(theta, X, t, D, H), the whole
//              batch in one call (the sample's batch function, the same mean loss)
//   L1         samples/l1-regression.ts: kernel l1Loss(w, A_i, b_i, 1), one row per element,
//              reduce 'sum'; JavaScript: l1Loss_grad(w, A, b, m) over all m rows
// Sizes as bench/args.mjs (MLP D 10, H 32; L1 n 50). Data drawn with the seeded mulberry32 and
// rounded to f32, so both sides start from the same numbers (the kernel computes in f32).
// Timed: kernel.run(...) end to end (staging, upload, dispatch, reduction, readback and the f64
// host path of any flagged element), after a warm-up run, repeated until the budget is spent
// and at least 3 times, median; the JavaScript gradient likewise. Gradients per second = batch
// size / time per batch gradient. Before timing, the two batch gradients must agree: max
// |gpu - js| / max |js| <= 1e-3 (else the row says FAIL and the exit status is 1).
// Kernel-only time is not reported: runtime/webgpu.ts exposes no GPU timestamps.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MLP, mulberry32, REG } from './args.mjs';
import { BENCH_DIR, fmtRatio, fmtTime, median, OUT_DIR, REPO, table } from './util.mjs';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const hasGpuNode = fs.existsSync('/dev/nvidia0') || fs.existsSync('/dev/dri/renderD128');
if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && !hasGpuNode && fs.existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

const { values: opts } = parseArgs({
  options: {
    max: { type: 'string' },
    sizes: { type: 'string', default: '1e3,1e4,1e5,1e6' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string', default: path.join(BENCH_DIR, 'wgsl-results.json') },
    filter: { type: 'string' },
  },
});

/** '1e5' or '100000' -> 100000; throws on anything else. */
function count(text, what) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: expected a positive integer such as 1e5, got '${text}'`);
  return n;
}
const SIZES = opts.sizes.split(',').map((s) => count(s.trim(), '--sizes'));
/** Seconds of timed runs per variant and size (at least MIN_REPS runs). */
const BUDGET = opts.quick ? 0.3 : 2;
const MIN_REPS = 3;
const TOLERANCE = 1e-3;

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Median seconds per call of an async fn: one warm-up call, then MIN_REPS calls or more until BUDGET. */
async function time(fn) {
  await fn();
  const samples = [];
  const start = now();
  while (samples.length < MIN_REPS || now() - start < BUDGET) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return { seconds: median(samples), reps: samples.length };
}

/** Compiles a sample with `absad compile --target wgsl --batch data` into bench/.out/wgsl; imports the loader and the JavaScript module. */
async function compile(file) {
  const dir = path.join(OUT_DIR, 'wgsl');
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ['bin/absad.js', 'compile', file, '--target', 'wgsl', '--batch', 'data', '--out-dir', dir], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`absad compile ${file} --target wgsl --batch data failed:\n${r.stderr}${r.stdout}`);
  const base = path.join(dir, path.basename(file, '.ts'));
  // The loader imports absad/runtime/webgpu.js: inside this package that is dist/ (npm run build).
  return { loader: await import(pathToFileURL(`${base}.absad.wgsl.js`).href), js: await import(pathToFileURL(`${base}.absad.js`).href) };
}

/** 1000 -> '1e3', 2500 -> '2500'. */
function label(n) {
  const e = Math.log10(n);
  return Number.isInteger(e) && e >= 3 ? `1e${e}` : String(n);
}

/** n uniform numbers in [lo, hi), rounded to f32. */
function f32Array(rng, n, lo, hi) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(lo + (hi - lo) * rng());
  return out;
}

/** max |a - b| / max |b|. */
function relErr(a, b) {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return a.length === b.length ? num / Math.max(den, Number.MIN_VALUE) : Infinity;
}

/**
 * The benchmark cases: each makes its data for a batch size and returns the kernel's inputs and
 * run options, and the JavaScript batch gradient as a function writing into g (returning the value).
 */
const CASES = [
  {
    name: 'ReLU MLP loss',
    file: 'samples/relu-mlp.ts',
    kernel: 'mlpLossSingle',
    shape: `D${MLP.D} H${MLP.H}`,
    setup(rng, B, js) {
      const { D, H } = MLP;
      const theta = f32Array(rng, H * D + 2 * H + 1, -0.5, 0.5);
      const X = f32Array(rng, B * D, -1, 1);
      const t = f32Array(rng, B, -1, 1);
      return {
        params: theta.length,
        inputs: { theta, x: X, target: t, H },
        options: { count: B, reduce: 'mean' },
        jsGrad: (g) => js.mlpLoss_grad(theta, X, t, D, H, g),
      };
    },
  },
  {
    name: 'L1 regression',
    file: 'samples/l1-regression.ts',
    kernel: 'l1Loss',
    shape: `n${REG.n}`,
    setup(rng, B, js) {
      const n = REG.n;
      const w = f32Array(rng, n, -1, 1);
      const A = f32Array(rng, B * n, -1, 1);
      const b = f32Array(rng, B, -1, 1);
      return {
        params: n,
        inputs: { w, A, b, m: 1 },
        options: { count: B, reduce: 'sum' },
        jsGrad: (g) => js.l1Loss_grad(w, A, b, B, g),
      };
    },
  },
];

// The device: what the runtime would request, plus its adapter's description.
const { requestDevice } = await import(pathToFileURL(path.join(REPO, 'dist/runtime/webgpu.js')).href);
const device = await requestDevice();
const info = device.adapterInfo ?? {};
const adapter = {
  vendor: info.vendor ?? '',
  architecture: info.architecture ?? '',
  device: info.device ?? '',
  description: info.description ?? '',
  fallback: info.isFallbackAdapter === true,
};
const cpuAdapter = adapter.fallback || /swiftshader|llvmpipe|lavapipe/i.test(`${adapter.vendor} ${adapter.architecture} ${adapter.description}`);
const MAX = opts.max !== undefined ? count(opts.max, '--max') : cpuAdapter ? 1e3 : 1e6;
const deviceName = `${adapter.vendor} ${adapter.architecture} ${adapter.description || adapter.device}`.replace(/\s+/g, ' ').trim() || 'unknown adapter';
const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()} ${os.arch()}`, loadavg: os.loadavg().map((x) => +x.toFixed(2)) };

console.log(`absad WGSL benchmark${opts.quick ? ' (--quick)' : ''}: batch gradients on WebGPU (Dawn) against the generated JavaScript on one core`);
console.log(`device: ${deviceName}${cpuAdapter ? ' (a CPU implementation: figures are a smoke test, not GPU speed)' : ''}`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadavg.join(' ')}`);

const results = [];
const skipped = [];
let failed = false;
const cases = CASES.filter((c) => !opts.filter || new RegExp(opts.filter).test(c.name));
for (const c of cases) {
  const { loader, js } = await compile(c.file);
  const factory = loader[`create${c.kernel[0].toUpperCase()}${c.kernel.slice(1)}`];
  const kernel = await factory(device);
  for (const B of SIZES) {
    if (B > MAX) {
      skipped.push({ case: c.name, batch: B, why: `above --max ${label(MAX)}` });
      continue;
    }
    const s = c.setup(mulberry32(B), B, js);
    const g = new Float64Array(s.params);
    const jsValue = s.jsGrad(g);
    const r = await kernel.run(s.inputs, s.options);
    const err = Math.max(relErr(r.gradient, g), Math.abs(r.value - jsValue) / Math.max(Math.abs(jsValue), Number.MIN_VALUE));
    const ok = err <= TOLERANCE;
    if (!ok) failed = true;
    const gpu = await time(() => kernel.run(s.inputs, s.options));
    const cpu = await time(async () => s.jsGrad(g));
    results.push({
      case: c.name,
      sample: `${c.file}#${c.kernel}`,
      shape: c.shape,
      batch: B,
      gradientLength: s.params,
      gpuSeconds: gpu.seconds,
      gpuReps: gpu.reps,
      gpuGradientsPerSecond: B / gpu.seconds,
      jsSeconds: cpu.seconds,
      jsReps: cpu.reps,
      jsGradientsPerSecond: B / cpu.seconds,
      speedup: cpu.seconds / gpu.seconds,
      dispatches: r.dispatches,
      flagged: r.flagged.length,
      relErr: err,
      ok,
    });
    console.error(`  ${c.name} ${B}: gpu ${fmtTime(gpu.seconds)}, js ${fmtTime(cpu.seconds)}`);
  }
  kernel.destroy();
}
device.destroy();

const rate = (x) => (x >= 1e6 ? `${(x / 1e6).toPrecision(3)} M/s` : x >= 1e3 ? `${(x / 1e3).toPrecision(3)} k/s` : `${x.toPrecision(3)} /s`);
console.log('');
console.log(
  table(
    ['case', 'shape', 'batch', 'WebGPU', 'WebGPU grads', 'JS', 'JS grads', 'WebGPU/JS', 'flagged', 'check'],
    results.map((x) => [x.case, x.shape, label(x.batch), fmtTime(x.gpuSeconds), rate(x.gpuGradientsPerSecond), fmtTime(x.jsSeconds), rate(x.jsGradientsPerSecond), fmtRatio(x.speedup), String(x.flagged), `${x.ok ? 'ok' : 'FAIL'} ${x.relErr.toExponential(1)}`]),
    [true, true],
  ),
);
for (const c of cases) {
  const sizes = skipped.filter((s) => s.case === c.name).map((s) => label(s.batch));
  if (sizes.length > 0) console.log(`skipped: ${c.name} at batch ${sizes.join(', ')}: above --max ${label(MAX)}${opts.max === undefined && cpuAdapter ? ', the default on a CPU adapter (pass --max to run them anyway)' : ''}`);
}
console.log('WebGPU: one kernel.run per batch gradient (staging, upload, kernel, reduction, readback); JS: the generated batch gradient on one core. WebGPU/JS > 1: the GPU is faster.');

const out = path.resolve(opts.json);
const json = { date: new Date().toISOString(), mode: opts.quick ? 'quick' : 'full', device: { ...adapter, name: deviceName, cpuAdapter }, machine, budgetSeconds: BUDGET, minReps: MIN_REPS, tolerance: TOLERANCE, max: MAX, results, skipped };
fs.writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
if (failed) {
  console.error(`FAIL: a WebGPU batch gradient differs from the JavaScript one by more than ${TOLERANCE} (relative)`);
  process.exit(1);
}
