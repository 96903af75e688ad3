/**
 * WGSL against JS (theory.md §8 check 10): the batched f32 kernel of the WGSL backend, run
 * for real on WebGPU (Dawn through the `webgpu` package; without a GPU, on SwiftShader, the
 * CPU Vulkan driver Debian's chromium ships), must give the generated JavaScript's f64 value
 * and gradient at every point of a batch, to f32 accuracy.
 *
 * Points: random ones and (n <= 3) the constructed kink points, inputs and data rounded to f32
 * (the kernel rounds them; the JavaScript reference gets the same rounded numbers). A point is
 * compared only where f32 cannot decide differently from f64 or lose all digits: every
 * switching variable that reaches the result is at least 1e-3 of its own rounding scale away
 * from zero, f's rounding scale is at most 1e3 times max(1, |f|) (numeric.ts), and moving x by
 * an f32 ulp moves the f64 gradient by less than 1e-5 of its size. There the
 * kernel's results must be finite, its value must agree to 1e-4 and its gradient to 1e-3,
 * relative to max(1, |f|) and max(1, |g|) times that conditioning.
 *
 * wgslAvailability() probes once per process (is a WebGPU adapter there?) and says why not; the
 * campaign summary prints "wgsl: unavailable (reason)" and every program records the check as
 * skipped with that reason. closeWgsl() frees the device.
 */
import * as fs from 'node:fs';
import { signature } from '../../../compiler/api.js';
import { emitWgsl } from '../../../compiler/codegen/wgsl/module.js';
import { REDUCE_ENTRY_POINT } from '../../../compiler/codegen/wgsl/reduce.js';
import { VERSION } from '../../../compiler/version.js';
import { createKernel, type KernelInput, type KernelSpec, NONFINITE_FLAG, requestDevice } from '../../../runtime/webgpu.js';
import { evaluateModule } from '../load.js';
import { argumentsAt } from '../program.js';
import { type Ctx, fail, maxAbs, type Outcome, pass, pointRng, randomPoint, show, skip, traceOf } from './common.js';
import { nodeRoundingScale, roundingScale, usefulSwitches } from './numeric.js';
import { constructedPoints } from './points.js';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface WgslAvailability {
  available: boolean;
  reason: string;
}

let probed: Promise<{ availability: WgslAvailability; device: GPUDevice | null }> | undefined;

async function probe(): Promise<{ availability: WgslAvailability; device: GPUDevice | null }> {
  // As CI and tests/wgsl.test.ts do: SwiftShader when no Vulkan driver is named.
  if (fs.existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES ??= SWIFTSHADER;
  try {
    const device = await requestDevice();
    return { availability: { available: true, reason: '' }, device };
  } catch (err) {
    return { availability: { available: false, reason: (err as Error).message.replace(/^absad: /, '') }, device: null };
  }
}

/** Whether WGSL can be checked in this process (probed once). */
export async function wgslAvailability(): Promise<WgslAvailability> {
  probed ??= probe();
  return (await probed).availability;
}

/** Frees the WebGPU device, if one was made. */
export async function closeWgsl(): Promise<void> {
  const p = probed;
  probed = undefined;
  (await p)?.device?.destroy();
}

export async function checkWgsl(ctx: Ctx): Promise<Outcome> {
  const device = (await probed)?.device;
  if (!device) return skip('no WebGPU device');
  const w = emitWgsl(ctx.L.module, { fn: 'f', version: VERSION });
  if (!w.ok) return skip(`the WGSL backend does not batch this function (${[...new Set(w.diagnostics.map((d) => d.code))].join(', ')})`);
  const kernel = w.output.kernels[0];
  const scratch = evaluateModule(kernel.scratchSource)[`${kernel.name}Scratch`] as KernelSpec['scratch'];
  const spec: KernelSpec = { layout: kernel.layout, wgsl: kernel.wgsl, reduceWgsl: w.output.reduceWgsl, reduceEntryPoint: REDUCE_ENTRY_POINT, scratch };

  // Points where f32 and f64 must agree.
  const rng = pointRng(ctx, 'wgsl');
  const candidates = [...Array.from({ length: 12 }, () => randomPoint(rng, ctx.n)), ...(ctx.n <= 3 ? constructedPoints(rng, ctx.n, ctx.c.literals, 4) : [])];
  const f32 = (a: unknown) => (a instanceof Float64Array ? a.map(Math.fround) : typeof a === 'number' ? Math.fround(a) : a);
  const points: { args: unknown[]; f: number; g: Float64Array; conditioning: number }[] = [];
  for (const x0 of candidates) {
    const args = argumentsAt(ctx.c, x0.map(Math.fround)).map(f32);
    const t = traceOf(ctx, args[0] as Float64Array);
    if (!t.values.every((v) => Number.isFinite(v) && Math.abs(v) < 1e30)) continue;
    const useful = usefulSwitches(t);
    const sigma = signature(t);
    if (t.switches.some((sw, i) => useful[i] && (sigma[i] === 0 || Math.abs(t.values[sw.z]) < 1e-3 * nodeRoundingScale(t, sw.z)))) continue;
    const g = new Float64Array(ctx.n);
    const f = ctx.L.js.f_grad(...args.map((a) => (a instanceof Float64Array ? Float64Array.from(a) : a)), g) as number;
    const conditioning = Math.max(1, roundingScale(t, [1]) / Math.max(1, Math.abs(f)));
    if (conditioning > 1e3) continue;
    // The gradient may hang on digits f32 does not have (sin(s) with s ~ 1e19) even where the
    // value does not: perturb x by f32 ulps (in f64) and keep the point only if the gradient
    // stays within 1e-5 of its size.
    const perturbed = (sign: number) => {
      const gp = new Float64Array(ctx.n);
      const ap = args.map((a, i) => (i === 0 ? (a as Float64Array).map((v, j) => v * (1 + sign * (j % 2 ? -1 : 1) * 2 ** -23)) : a instanceof Float64Array ? Float64Array.from(a) : a));
      ctx.L.js.f_grad(...ap, gp);
      return Math.max(...gp.map((v, j) => Math.abs(v - g[j])));
    };
    if (Math.max(perturbed(1), perturbed(-1)) > 1e-5 * Math.max(1, maxAbs(g)) * conditioning) continue;
    points.push({ args, f, g, conditioning });
  }
  if (points.length === 0) return skip('no point where f32 must agree with f64');

  let k;
  try {
    k = await createKernel(spec, device);
  } catch (err) {
    return fail(`the WGSL kernel does not build: ${(err as Error).message.slice(0, 2000)}`);
  }
  try {
    const inputs: Record<string, KernelInput> = {};
    ctx.c.params.forEach((p, i) => {
      inputs[p.name] = p.kind === 'wrt' ? points.map((q) => q.args[0] as Float64Array) : (points[0].args[i] as KernelInput);
    });
    const r = await k.run(inputs, { count: points.length, certify: false });
    for (let e = 0; e < points.length; e++) {
      const { args, f, g, conditioning } = points[e];
      const at = `at x = ${show(args[0])}`;
      if (r.flags[e] & NONFINITE_FLAG) return fail(`the kernel's value or gradient is not finite ${at}; JavaScript: ${show(f)}, ${show(g)}`);
      // The flag word's count of exact zeros is not compared: at these points the only ties are
      // between values that do not depend on x (which decide nothing for the gradient), and the
      // kernel may or may not count those.
      const v = r.values[e];
      if (!(Math.abs(v - f) <= 1e-4 * Math.max(1, Math.abs(f)) * conditioning)) return fail(`f32 value ${show(v)}, JavaScript ${show(f)} ${at}`);
      const g32 = r.gradients!.subarray(e * r.gradientLength, (e + 1) * r.gradientLength);
      const tol = 1e-3 * Math.max(1, maxAbs(g)) * conditioning;
      for (let j = 0; j < ctx.n; j++) {
        if (!(Math.abs(g32[j] - g[j]) <= tol)) return fail(`f32 gradient ${show(Array.from(g32))}, JavaScript ${show(g)} (entry ${j}, tolerance ${show(tol)}) ${at}`);
      }
    }
    return pass;
  } finally {
    k.destroy();
  }
}
