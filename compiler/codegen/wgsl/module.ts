/**
 * The WGSL backend: an IR Module -> per exported function a batched value-and-gradient kernel
 * (kernel.ts), its layout (layout.ts) and host-side scratch sizes (scratch.ts), plus the shared
 * reduction kernel (reduce.ts); the loader module (loader.ts) packages them for the runtime.
 *
 * Takes the module and options (differentiated parameters, kink convention, batch mode, shared
 * data parameters); returns the kernels or located diagnostics for what cannot be batched.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Module } from '../../ir/types.js';
import type { KernelLayout } from '../../../runtime/kernel-layout.js';
import { resolveWrt } from '../js/module.js';
import { emitKernel } from './kernel.js';
import { type BatchMode, planParameters } from './layout.js';
import { reduceKernel } from './reduce.js';
import { emitScratchFunction } from './scratch.js';

export interface WgslOptions {
  /** Differentiated parameters by name (default: the first parameter of each function). */
  wrt?: string[];
  /** abs'(0) at exact kinks: 0 (default), 1 or -1. */
  absKink?: number;
  /** Only this exported function (default: all). */
  fn?: string;
  /** Which parameters vary per batch element (layout.ts); default 'x'. */
  batch?: BatchMode;
  /** With batch 'data': data parameters that are the same for every element. */
  shared?: string[];
  version: string;
}

export interface WgslKernel {
  /** The source function's name. */
  name: string;
  wgsl: string;
  layout: KernelLayout;
  /** Source of `function NAME(I, N)`: per-element sizes of the scratch regions (scratch.ts). */
  scratchSource: string;
}

export interface WgslOutput {
  kernels: WgslKernel[];
  /** The reduction kernel, the same for every function. */
  reduceWgsl: string;
}

export type WgslResult = { ok: true; output: WgslOutput } | { ok: false; diagnostics: Diagnostic[] };

export function emitWgsl(m: Module, opts: WgslOptions): WgslResult {
  const funcs = m.funcs.filter((f) => f.exported && (opts.fn === undefined || f.name === opts.fn));
  const diagnostics: Diagnostic[] = [];
  const kernels: WgslKernel[] = [];
  const batch = opts.batch ?? 'x';
  for (const f of funcs) {
    const wrt = resolveWrt(f, opts.wrt);
    if (!Array.isArray(wrt)) {
      diagnostics.push(wrt);
      continue;
    }
    const plan = planParameters(f, wrt, batch, opts.shared ?? []);
    if (Array.isArray(plan)) {
      diagnostics.push(...plan);
      continue;
    }
    const k = emitKernel(f, { wrt, absKink: opts.absKink ?? 0, batch, plan, version: opts.version });
    kernels.push({ name: f.name, wgsl: k.wgsl, layout: k.layout, scratchSource: emitScratchFunction(f, k.sweep, `${f.name}Scratch`) });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, output: { kernels, reduceWgsl: reduceKernel(opts.version) } };
}

/** `mlpLoss` -> `createMlpLoss`: the loader's factory for a function's kernel. */
export function factoryName(fn: string): string {
  return `create${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;
}
