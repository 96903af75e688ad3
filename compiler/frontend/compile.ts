/**
 * The frontend driver: a source file on disk (or in memory) -> IR Module + diagnostics.
 *
 * Finds the local modules the file imports (relative specifiers only), parses each one with
 * the parser for its language (ts-morph for .ts/.mts, acorn for .js/.mjs), and lowers them
 * together. Never throws for a user's mistake: problems come back as diagnostics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from './typescript.js';
import type { Module } from '../ir/types.js';
import { type Diagnostic, makeDiagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Program } from './ast.js';
import { parseJs } from './parse-js.js';
import { parseTs } from './parse-ts.js';
import { lower } from './lower.js';
import { checkFileSize, checkInlinedSize, scanNesting } from './limits.js';

export interface SourceInput {
  /** The name diagnostics and spans use (as the user wrote it). */
  file: string;
  /** The text; read from `file` when absent. */
  text?: string;
}

export interface FrontendResult {
  module: Module | null;
  diagnostics: Diagnostic[];
  /** Source text of every file read, by display name (for code frames). */
  sources: Map<string, string>;
}

/** Diagnostics after which the file is not lowered (its tree is missing or would be too costly). */
const STOPS_PARSING = new Set<Diagnostic['name']>(['syntax-error', 'nesting-too-deep', 'function-too-large']);

const TS_EXT = /\.(m|c)?ts$/;
const JS_EXT = /\.(m|c)?js$/;

export function isSupportedFile(file: string): boolean {
  return TS_EXT.test(file) || JS_EXT.test(file);
}

function resolveLocal(fromAbs: string, spec: string): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = path.resolve(path.dirname(fromAbs), spec);
  const candidates = [base, `${base}.ts`, `${base}.mts`, `${base}.js`, `${base}.mjs`];
  if (JS_EXT.test(base)) candidates.push(base.replace(JS_EXT, '.ts'), base.replace(JS_EXT, '.mts'));
  for (const c of candidates) {
    if (isSupportedFile(c) && fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return null;
}

export function runFrontend(input: SourceInput): FrontendResult {
  const entryAbs = path.resolve(input.file);
  const texts = new Map<string, string>(); // absolute path -> text
  const display = new Map<string, string>(); // absolute path -> display name
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  // Problems that stop compilation before parsing: nothing is parsed when one file has one.
  const limits: Diagnostic[] = [];
  const read = (abs: string, shown: string, given?: string): string | null => {
    if (texts.has(abs)) return texts.get(abs)!;
    let text = given;
    if (text === undefined) {
      try {
        const tooLarge = checkFileSize(fs.statSync(abs).size, shown);
        if (tooLarge) {
          limits.push(tooLarge);
          return null;
        }
        text = fs.readFileSync(abs, 'utf8');
      } catch {
        return null;
      }
    } else {
      const tooLarge = checkFileSize(Buffer.byteLength(text), shown);
      if (tooLarge) {
        limits.push(tooLarge);
        return null;
      }
    }
    texts.set(abs, text);
    display.set(abs, shown);
    sources.set(shown, text);
    return text;
  };
  if (read(entryAbs, input.file, input.text) === null) {
    if (limits.length > 0) return { module: null, diagnostics: limits, sources };
    diagnostics.push(makeDiagnostic('file-not-found', { file: input.file, line: 0, col: 0, endLine: 0, endCol: 0 }, `cannot read '${input.file}'`));
    return { module: null, diagnostics, sources };
  }
  // Discover local imports (TypeScript's pre-processor reads both languages).
  const queue = [entryAbs];
  while (queue.length > 0) {
    const abs = queue.shift()!;
    const info = ts.preProcessFile(texts.get(abs)!, true, false);
    for (const imp of info.importedFiles) {
      const target = resolveLocal(abs, imp.fileName);
      if (!target || texts.has(target)) continue;
      const shown = path.relative(process.cwd(), target) || target;
      if (read(target, shown) !== null) queue.push(target);
    }
  }
  for (const [abs, text] of texts) {
    const tooDeep = scanNesting(text, display.get(abs)!);
    if (tooDeep) limits.push(tooDeep);
  }
  if (limits.length > 0) return { module: null, diagnostics: sortDiagnostics(limits), sources };
  const programs = new Map<string, Program>();
  for (const [abs, text] of texts) {
    const shown = display.get(abs)!;
    if (TS_EXT.test(abs)) {
      const r = parseTs(text, abs, shown, texts);
      diagnostics.push(...r.diagnostics);
      programs.set(shown, r.program);
    } else {
      const r = parseJs(text, shown);
      if (Array.isArray(r)) diagnostics.push(...r);
      else programs.set(shown, r);
    }
  }
  if (diagnostics.some((d) => STOPS_PARSING.has(d.name)) || !programs.has(input.file)) {
    return { module: null, diagnostics: sortDiagnostics(diagnostics), sources };
  }
  const byDisplay = new Map([...display].map(([abs, shown]) => [shown, abs]));
  const lowered = lower({
    entry: input.file,
    programs,
    resolve: (from, spec) => {
      const abs = resolveLocal(byDisplay.get(from) ?? path.resolve(from), spec);
      return abs ? (display.get(abs) ?? null) : null;
    },
  });
  // Where absad explains a line itself, the checker's complaint about it is noise
  // (e.g. "Cannot find name 'console'" next to ABS1313 global).
  const explained = new Set(lowered.diagnostics.map((d) => `${d.span.file}:${d.span.line}`));
  const checker = diagnostics.filter((d) => d.name !== 'type-error' || !explained.has(`${d.span.file}:${d.span.line}`));
  // Inlining multiplies helper bodies: measure before the pipeline does it.
  const tooLarge = lowered.diagnostics.some((d) => d.severity === 'error') ? [] : checkInlinedSize(lowered.module);
  const all = sortDiagnostics([...checker, ...lowered.diagnostics, ...tooLarge]);
  const errors = all.filter((d) => d.severity === 'error');
  return { module: errors.length > 0 ? null : lowered.module, diagnostics: all, sources };
}
