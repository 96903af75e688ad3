/// <reference types="@webgpu/types" />
// The WebGPU demo: trains model.ts's ReLU network on two moons with the hinge loss, taking every
// batch gradient from the WGSL kernel absad generated (generated/model.absad.wgsl.js, written by
// vite.config.ts at build start, as `absad compile --target wgsl --batch data` would). The
// decision regions come from model.ts's plain `score` in f64 on the CPU.
//
// Query: ?steps=N (default 200), ?lr=RATE (Adam's step size, default 0.03).
// For tests, window.__demo holds the losses, the adapter, accuracy, checks and any error.
import { drawLoss, drawRegions } from './plot.ts';
import { DEMO_DATA, initialTheta, THETA_SEED, twoMoons } from './data.ts';
import { H, hingeLoss, score } from './model.ts';
import { createHingeLoss } from './generated/model.absad.wgsl.js';
import { hingeLoss_grad } from './generated/model.absad.js';

interface DemoState {
  steps: number;
  /** Steps taken so far. */
  step: number;
  /** The batch loss (mean hinge loss, from the kernel) before each step. */
  losses: number[];
  done: boolean;
  error: string | null;
  adapter: { vendor: string; architecture: string; device: string; description: string } | null;
  /** Elements the kernel flagged (an exact kink in f32) and the host recomputed in f64, over all steps. */
  flagged: number;
  /** Milliseconds per training step (kernel call with upload and readback, plus Adam). */
  msPerStep: number;
  /** The parameters after the last step. */
  theta: number[] | null;
  /** Share of the training points on the right side of the final decision boundary. */
  accuracy: number | null;
  /** The kernel against f64 on the CPU: at the first step (loss and gradient) and the last (loss). */
  check: { firstLoss: number; firstLossF64: number; firstGradientRelErr: number; lastLoss: number; lastLossF64: number } | null;
}

const params = new URLSearchParams(location.search);
const state: DemoState = {
  steps: Number(params.get('steps') ?? 200),
  step: 0,
  losses: [],
  done: false,
  error: null,
  adapter: null,
  flagged: 0,
  msPerStep: 0,
  theta: null,
  accuracy: null,
  check: null,
};
(window as unknown as { __demo: DemoState }).__demo = state;
const lr = Number(params.get('lr') ?? 0.03);

const regions = document.getElementById('regions') as HTMLCanvasElement;
const lossCanvas = document.getElementById('loss') as HTMLCanvasElement;
const status = document.getElementById('status')!;
document.getElementById('width')!.textContent = String(H);

const data = twoMoons(DEMO_DATA.count, DEMO_DATA.noise, DEMO_DATA.seed);
const theta = initialTheta(H, THETA_SEED);
const scoreAt = (x: Float64Array) => score(theta, x);

/** The mean hinge loss over the data in f64 (model.ts as plain TypeScript). */
function lossF64(): number {
  let sum = 0;
  for (let s = 0; s < data.count; s++) sum += hingeLoss(theta, data.x.subarray(2 * s, 2 * s + 2), data.label[s]);
  return sum / data.count;
}

/** The mean gradient over the data in f64, from the JavaScript module absad generated. */
function gradientF64(): Float64Array {
  const sum = new Float64Array(theta.length);
  const g = new Float64Array(theta.length);
  for (let s = 0; s < data.count; s++) {
    g.fill(0);
    hingeLoss_grad(theta, data.x.subarray(2 * s, 2 * s + 2), data.label[s], g);
    for (let i = 0; i < g.length; i++) sum[i] += g[i] / data.count;
  }
  return sum;
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / Math.max(n, 1e-300));
}

function accuracy(): number {
  let right = 0;
  for (let s = 0; s < data.count; s++) if (score(theta, data.x.subarray(2 * s, 2 * s + 2)) * data.label[s] > 0) right++;
  return right / data.count;
}

function show(): void {
  drawRegions(regions, scoreAt, data);
  drawLoss(lossCanvas, state.losses, state.steps);
  const last = state.losses[state.losses.length - 1];
  const where = state.adapter ? `${state.adapter.vendor} ${state.adapter.architecture} ${state.adapter.description}`.trim() : '';
  status.textContent = `step ${state.step}/${state.steps} · loss ${last?.toFixed(4) ?? '-'} · accuracy ${(100 * accuracy()).toFixed(1)}% · ${state.msPerStep.toFixed(1)} ms/step · flagged ${state.flagged} · ${where}`;
}

async function train(): Promise<void> {
  if (!('gpu' in navigator)) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU: no adapter');
  // GPUAdapter.info (current spec and browsers); requestAdapterInfo() before it (older types too).
  const withInfo = adapter as GPUAdapter & { info?: GPUAdapterInfo };
  const info = withInfo.info ?? (await adapter.requestAdapterInfo());
  state.adapter = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
  const device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', (e) => {
    state.error = `WebGPU: ${(e as GPUUncapturedErrorEvent).error.message}`;
  });
  const kernel = await createHingeLoss(device);
  const inputs = { theta, x: data.x, label: data.label };
  // Adam (Kingma and Ba 2015) on the batch gradient.
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const started = performance.now();
  show();
  for (let k = 0; k < state.steps; k++) {
    const r = await kernel.run(inputs, { count: data.count, reduce: 'mean' });
    state.flagged += r.flagged.length;
    state.losses.push(r.value!);
    if (k === 0) {
      const firstLossF64 = lossF64();
      state.check = { firstLoss: r.value!, firstLossF64, firstGradientRelErr: relErr(r.gradient!, gradientF64()), lastLoss: NaN, lastLossF64: NaN };
    }
    const g = r.gradient!;
    for (let i = 0; i < theta.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const mHat = m[i] / (1 - beta1 ** (k + 1));
      const vHat = v[i] / (1 - beta2 ** (k + 1));
      theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    state.step = k + 1;
    state.msPerStep = (performance.now() - started) / state.step;
    if (state.step % 10 === 0 || state.step === state.steps) show();
    if (state.error) throw new Error(state.error);
  }
  // The loss at the final parameters, on the GPU and in f64.
  const r = await kernel.run(inputs, { count: data.count, reduce: 'mean' });
  state.check!.lastLoss = r.value!;
  state.check!.lastLossF64 = lossF64();
  kernel.destroy();
  device.destroy();
  state.theta = Array.from(theta);
  state.accuracy = accuracy();
  show();
}

train()
  .catch((e: unknown) => {
    state.error = e instanceof Error ? e.message : String(e);
    status.textContent = `error: ${state.error}`;
    status.classList.add('error');
  })
  .finally(() => {
    state.done = true;
    document.body.dataset.done = 'true';
  });
