/**
 * Compiles a fuzz case in-process and loads the three things the checks compare:
 *   module   the IR after the whole pipeline (for the reference interpreter and traceAt);
 *   js       the generated ES module's exports (f, f_grad or f_vjp, f_active, f_kinks, f_trace);
 *   native   the source's own `f`, run by Node (TypeScript types stripped by the TypeScript
 *            compiler's transpileModule): the ground truth the interpreter must equal.
 *
 * The generated module is evaluated with `new Function` rather than imported from a file: a
 * campaign loads ten thousand modules, and imported modules stay in Node's module cache for
 * the life of the process. Its only module syntax is `export function`, which is stripped
 * (anything else is reported as a failure, never silently mis-loaded); the body runs in strict
 * mode, as module code does.
 */
import ts from 'typescript';
import { compileJs, formatDiagnostics, type Module } from '../../compiler/api.js';
import type { FuzzCase } from './program.js';

export type Fn = (...args: unknown[]) => unknown;

export interface Loaded {
  module: Module;
  js: Record<string, Fn>;
  native: Fn;
  code: string;
}

export type LoadResult = { ok: true; loaded: Loaded } | { ok: false; message: string };

/** Evaluates ES module text whose only exports are `export function NAME`. */
export function evaluateModule(code: string): Record<string, Fn> {
  const names = [...code.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  const body = code.replace(/^export function /gm, 'function ').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  const stray = /^\s*(export|import)\b.*$/m.exec(body);
  if (stray) throw new Error(`cannot evaluate the module: it has \`${stray[0].trim()}\``);
  return new Function(`"use strict";\n${body}\nreturn { ${names.join(', ')} };`)() as Record<string, Fn>;
}

let counter = 0;

export function load(c: FuzzCase, opts: { absKink?: number } = {}): LoadResult {
  // A fresh file name per compile: diagnostics and switch ids name it, nothing is written.
  const file = `fuzz/case${counter++}.ts`;
  let r;
  try {
    r = compileJs({ file, text: c.source }, { absKink: opts.absKink, fn: 'f' });
  } catch (err) {
    return { ok: false, message: `absad threw while compiling: ${(err as Error).stack ?? String(err)}` };
  }
  if (!r.js || !r.module) {
    return { ok: false, message: `absad rejected a program of the subset:\n${formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) })}` };
  }
  let js: Record<string, Fn>;
  try {
    js = evaluateModule(r.js.code);
  } catch (err) {
    return { ok: false, message: `the generated module does not evaluate: ${String(err)}` };
  }
  const stripped = ts.transpileModule(c.source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const native = evaluateModule(stripped).f;
  return { ok: true, loaded: { module: r.module, js, native, code: r.js.code } };
}
