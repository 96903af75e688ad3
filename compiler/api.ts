/**
 * The absad JavaScript API: what the CLI and the build plugin are built on.
 *
 *   compile({ file, text? }, { after? })  -> { module, diagnostics, sources }
 *   evaluate(module, fn, args)            -> the value, through the reference interpreter
 *
 * User mistakes come back as diagnostics (never thrown); a broken invariant inside absad
 * throws (the CLI reports it as an internal error, exit 2).
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { runFrontend, type SourceInput } from './frontend/compile.js';
import { type RValue, interpret } from './ir/interpret.js';
import type { Module } from './ir/types.js';
import { runPipeline, PASS_NAMES, PASSES } from './pipeline.js';
import { emitJs, type JsOutput } from './codegen/js/module.js';
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
export type { RValue } from './ir/interpret.js';

export interface CompileOptions {
  /** Stop after this pass (see PASS_NAMES); default: run the whole pipeline. */
  after?: string;
}

export interface CompileResult {
  /** The IR, or null when the source has errors. */
  module: Module | null;
  /** Errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
  /** Source text of every file read, for code frames. */
  sources: Map<string, string>;
}

export function compile(input: SourceInput, opts: CompileOptions = {}): CompileResult {
  const front = runFrontend(input);
  if (!front.module) return front;
  const { module, diagnostics } = runPipeline(front.module, { after: opts.after });
  return { module, diagnostics: [...front.diagnostics, ...diagnostics], sources: front.sources };
}

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

/** The evaluation trace of an exported function at a point (for the abs-normal form). */
export function traceAt(module: Module, fn: string, args: RValue[], wrt = 0): Trace {
  return traceFunction(module, fn, args, wrt);
}

export { anf, certify, evaluateModel, likq, signature, type Anf, type CertifiedGradient } from '../runtime/anf.js';
export type { Trace } from '../runtime/trace.js';

/** Runs an exported function of a compiled module through the reference interpreter. */
export function evaluate(module: Module, fn: string, args: RValue[]): RValue {
  return interpret(module, fn, args);
}
