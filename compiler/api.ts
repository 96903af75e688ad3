/**
 * The absad JavaScript API: what the CLI and the build plugin are built on.
 *
 *   compile({ file, text? }, { after? })  -> { module, diagnostics, sources }
 *   compileJs(input, options)             -> ... plus the generated JavaScript module
 *   compileWgsl(input, options)           -> ... plus the WGSL kernels and their loader module
 *   evaluate(module, fn, args)            -> the value, through the reference interpreter
 *
 * User mistakes come back as diagnostics (never thrown); a broken invariant inside absad
 * throws (the CLI reports it as an internal error, exit 2).
 */
import type { SourceInput } from './frontend/compile.js';
import { compile, type CompileResult } from './compile.js';
import { type RValue, interpret } from './ir/interpret.js';
import type { Module } from './ir/types.js';
import { PASS_NAMES, PASSES } from './pipeline.js';
import { emitJs, type JsOutput } from './codegen/js/module.js';
import { emitWgsl, type WgslKernel } from './codegen/wgsl/module.js';
import { emitLoader } from './codegen/wgsl/loader.js';
import { VERSION } from './version.js';
import { traceFunction } from './analysis/trace-eval.js';
import type { Trace } from '../runtime/trace.js';

export type { Diagnostic } from './diagnostics/diagnostic.js';
export { AbsadError } from './diagnostics/diagnostic.js';
export { formatDiagnostic, formatDiagnostics } from './diagnostics/format.js';
export { DIAGNOSTICS } from './diagnostics/codes.js';
export type { Module, Func, Op, Value, Type, Span } from './ir/types.js';
export { printModule } from './ir/print.js';
export { parseModule } from './ir/parse.js';
export { verifyModule } from './ir/verify.js';
export { PASS_NAMES, PASSES };
export { compile, type CompileOptions, type CompileResult } from './compile.js';
export type { RValue } from './ir/interpret.js';

export interface JsCompileOptions {
  /** Differentiated parameters by name (default: the first). */
  wrt?: string[];
  /** abs'(0) at exact kinks: 0 (default), 1 or -1. */
  absKink?: number;
  /** Only this exported function. */
  fn?: string;
  /** Name of the generated file, for the source map (default: NAME.absad.js). */
  outFile?: string;
}

export interface JsCompileResult extends CompileResult {
  /** The generated module, its .d.ts and source map; null when there are errors. */
  js: JsOutput | null;
}

/** Source -> an ES module with f, f_grad (or f_vjp) and f_active for each exported f. */
export function compileJs(input: SourceInput, opts: JsCompileOptions = {}): JsCompileResult {
  const r = compile(input);
  if (!r.module) return { ...r, js: null };
  const outFile = opts.outFile ?? input.file.replace(/\.(m|c)?(ts|js)$/, '.absad.js');
  const js = emitJs(r.module, { wrt: opts.wrt, absKink: opts.absKink, fn: opts.fn, outFile, sources: r.sources, version: VERSION });
  if (!js.ok) return { ...r, diagnostics: [...r.diagnostics, ...js.diagnostics], js: null };
  return { ...r, js: js.output };
}

export interface WgslCompileOptions extends JsCompileOptions {
  /** Which parameters vary per batch element: 'x' (default) or 'data' (compiler/codegen/wgsl/layout.ts). */
  batch?: 'data' | 'x';
  /** With batch 'data': data parameters shared by every element. */
  shared?: string[];
  /** Specifier the loader imports the runtime from (default 'absad/runtime/webgpu.js'). */
  runtimeImport?: string;
  /** Specifier the loader imports the JavaScript module from (default './NAME.absad.js', next to it). */
  jsImport?: string;
}

export interface WgslCompileResult extends CompileResult {
  /** The JavaScript module the loader's f64 host path imports (written to outFile); null on errors. */
  js: JsOutput | null;
  /** The loader module (NAME.absad.wgsl.js), its .d.ts, and the kernels it carries; null on errors. */
  wgsl: { loader: string; dts: string; kernels: WgslKernel[]; reduceWgsl: string } | null;
}

/**
 * Source -> WGSL kernels (batched f32 value and gradient, reduction, kink flags) and a loader
 * module that imports the JavaScript module compiled with the same options from `outFile`.
 */
export function compileWgsl(input: SourceInput, opts: WgslCompileOptions = {}): WgslCompileResult {
  const r = compileJs(input, opts);
  if (!r.module || !r.js) return { ...r, wgsl: null };
  const w = emitWgsl(r.module, { wrt: opts.wrt, absKink: opts.absKink, fn: opts.fn, batch: opts.batch, shared: opts.shared, version: VERSION });
  if (!w.ok) return { ...r, diagnostics: [...r.diagnostics, ...w.diagnostics], js: null, wgsl: null };
  const outFile = opts.outFile ?? input.file.replace(/\.(m|c)?(ts|js)$/, '.absad.js');
  const funcs = r.module.funcs.filter((f) => f.exported);
  const loader = emitLoader(funcs, w.output, { runtimeImport: opts.runtimeImport, jsImport: opts.jsImport ?? `./${outFile.split(/[\\/]/).pop()}`, source: input.file, version: VERSION });
  if (!loader.ok) return { ...r, diagnostics: [...r.diagnostics, ...loader.diagnostics], js: null, wgsl: null };
  return { ...r, wgsl: { loader: loader.output.code, dts: loader.output.dts, kernels: w.output.kernels, reduceWgsl: w.output.reduceWgsl } };
}

/** The evaluation trace of an exported function at a point (for the abs-normal form). */
export function traceAt(module: Module, fn: string, args: RValue[], wrt = 0): Trace {
  return traceFunction(module, fn, args, wrt);
}

export { anf, certify, evaluateModel, likq, reportedGradient, signature, type Anf, type CertifiedGradient } from '../runtime/anf.js';
export type { Trace } from '../runtime/trace.js';

/** Runs an exported function of a compiled module through the reference interpreter. */
export function evaluate(module: Module, fn: string, args: RValue[]): RValue {
  return interpret(module, fn, args);
}
