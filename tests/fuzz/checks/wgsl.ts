/**
 * WGSL against JS (theory.md §8 check 10), when it can run: the f32 GPU value and gradient
 * must match the JS f64 ones. This needs two things absent from some checkouts and machines:
 * the WGSL backend with its WebGPU runtime (compiler/codegen/wgsl/, runtime/webgpu.ts), and a
 * WebGPU adapter (Dawn through the `webgpu` package; on a machine without a GPU, SwiftShader
 * via VK_ICD_FILENAMES, see overview.md).
 *
 * wgslAvailability() probes once per process and says why not; the campaign summary prints
 * "wgsl: unavailable (reason)" and every program records the check as skipped with that reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WgslAvailability {
  available: boolean;
  reason: string;
}

let probed: Promise<WgslAvailability> | undefined;

const REQUIRED = ['compiler/codegen/wgsl/module.ts', 'runtime/webgpu.ts'];

async function probe(root: string): Promise<WgslAvailability> {
  const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(root, f)));
  if (missing.length > 0) return { available: false, reason: `the WGSL backend is not in this checkout (${missing.join(', ')} missing)` };
  let gpu: { requestAdapter(): Promise<unknown> } | undefined;
  try {
    const webgpu = (await import('webgpu')) as { create(flags: string[]): { requestAdapter(): Promise<unknown> } };
    gpu = webgpu.create([]);
  } catch (err) {
    return { available: false, reason: `the webgpu package does not load: ${(err as Error).message}` };
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { available: false, reason: 'no WebGPU adapter (no GPU, and no SwiftShader through VK_ICD_FILENAMES)' };
  return { available: false, reason: 'a WebGPU adapter and the WGSL backend are present, but the fuzzer does not drive the backend yet' };
}

/** Whether WGSL can be checked in this process (probed once). */
export function wgslAvailability(root = process.cwd()): Promise<WgslAvailability> {
  probed ??= probe(root);
  return probed;
}
