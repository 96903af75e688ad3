/**
 * Test helpers around the compiler API: compile a file or a source string and fail loudly
 * with formatted diagnostics when it does not compile.
 */
import { compile, formatDiagnostics, type CompileOptions, type Module } from '../../compiler/api.js';

export function compileOk(file: string, opts: CompileOptions = {}, text?: string): Module {
  const r = compile({ file, text }, opts);
  if (!r.module) {
    throw new Error(`expected ${file} to compile:\n${formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) })}`);
  }
  return r.module;
}

/** Deep copy of argument values, so a run cannot see another run's mutations. */
export function cloneArgs(args: unknown[]): unknown[] {
  return args.map((a) => (a instanceof Float64Array ? Float64Array.from(a) : Array.isArray(a) ? a.map((r) => (r instanceof Float64Array ? Float64Array.from(r) : r)) : a));
}
