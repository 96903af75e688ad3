/**
 * Plain JavaScript (`.js`, `.mjs`) -> the common tree of ast.ts, through acorn.
 * Takes source text and a file name; returns a Program, or the diagnostics that stop it (a
 * syntax error, or a limit of limits.ts).
 * JavaScript has no annotations, so every parameter's TypeNote is 'none' and the lowering
 * infers arrays and integer sizes from use.
 */
import * as acorn from 'acorn';
import type { Span } from '../ir/types.js';
import type { Node, Program } from './ast.js';
import { Diagnostic, makeDiagnostic } from '../diagnostics/diagnostic.js';
import { checkEstree, type EstreeNode } from './limits.js';

type AcornNode = acorn.Node & { loc: acorn.SourceLocation; [k: string]: unknown };

export function parseJs(source: string, file: string): Program | Diagnostic[] {
  let tree: acorn.Program;
  try {
    tree = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const line = err.loc?.line ?? 1;
    const col = (err.loc?.column ?? 0) + 1;
    const span = { file, line, col, endLine: line, endCol: col + 1 };
    // acorn turns running out of stack into a SyntaxError at the token it had reached.
    if (e instanceof RangeError || /Not enough stack space/.test(err.message)) {
      return [makeDiagnostic('nesting-too-deep', span, 'this file nests too deeply for the JavaScript parser (it ran out of stack)', 'split long expressions and deeply nested statements')];
    }
    const message = err.message.replace(/\s*\(\d+:\d+\)$/, '');
    return [makeDiagnostic('syntax-error', span, message)];
  }
  // Depth and function size before the recursive conversion below and the lowering after it.
  const limits = checkEstree(tree as unknown as EstreeNode, file);
  if (limits.length > 0) return limits;
  const program = convert(tree as unknown as AcornNode, file) as Program;
  program.source = source;
  return program;
}

function spanOf(n: AcornNode, file: string): Span {
  return { file, line: n.loc.start.line, col: n.loc.start.column + 1, endLine: n.loc.end.line, endCol: n.loc.end.column + 1 };
}

function convert(n: AcornNode, file: string): Node {
  const out: Node = { type: n.type, span: spanOf(n, file) };
  for (const [k, v] of Object.entries(n)) {
    if (k === 'type' || k === 'start' || k === 'end' || k === 'loc' || k === 'range') continue;
    if (Array.isArray(v)) out[k] = v.map((c) => (isAcornNode(c) ? convert(c, file) : c));
    else if (isAcornNode(v)) out[k] = convert(v, file);
    else out[k] = v;
  }
  if (n.type === 'FunctionDeclaration' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') {
    for (const p of out.params as Node[]) p.typeNote = 'none';
    out.returnNote = 'none';
  }
  return out;
}

function isAcornNode(x: unknown): x is AcornNode {
  return typeof x === 'object' && x !== null && typeof (x as AcornNode).type === 'string' && 'loc' in (x as object);
}
