/**
 * Source -> optimized IR: the frontend, then the passes of pipeline.ts. Takes a file (or its
 * text) and how far to go; returns the module (null when there are errors), the diagnostics
 * and the text of every file read. api.ts re-exports it; `absad ir` imports it alone, which
 * keeps the code generators out of that command's start-up.
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { runFrontend, type SourceInput } from './frontend/compile.js';
import type { Module } from './ir/types.js';
import { runPipeline } from './pipeline.js';

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
