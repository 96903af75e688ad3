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

/** Runs an exported function of a compiled module through the reference interpreter. */
export function evaluate(module: Module, fn: string, args: RValue[]): RValue {
  return interpret(module, fn, args);
}
