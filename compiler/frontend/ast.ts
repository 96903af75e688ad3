/**
 * The frontend's common syntax tree: a small ESTree subset with 1-based spans.
 *
 * acorn produces ESTree for `.js`; `parse-ts.ts` converts TypeScript's tree into the same
 * shapes (dropping type-only syntax), so the subset checks and the lowering are written once.
 * Nodes absad does not support keep their ESTree `type` name (or `TS:<SyntaxKind>` for
 * TypeScript-only syntax) so diagnostics can name them precisely.
 */
import type { Span } from '../ir/types.js';

/** What a parameter or return annotation says, as far as the subset cares. */
export type TypeNote = 'number' | 'arr' | 'mat' | 'bool' | 'none' | { unsupported: string };

export interface Node {
  type: string;
  span: Span;
  // The fields below exist on some node types only (ESTree names).
  [key: string]: unknown;
}

export interface Identifier extends Node {
  type: 'Identifier';
  name: string;
}

export interface Program extends Node {
  type: 'Program';
  body: Node[];
  /** Source text, for code frames and pattern matching. */
  source: string;
}

export function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as Node).type === 'string' && 'span' in (x as object);
}

/** Every child node, in field order (both parsers build fields in source order). */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  for (const k in n) {
    if (k === 'span' || k === 'type') continue;
    const v = n[k];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) out.push(c);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

export function walk(n: Node, visit: (n: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  if (visit(n, parent) === false) return;
  for (const c of children(n)) walk(c, visit, n);
}
