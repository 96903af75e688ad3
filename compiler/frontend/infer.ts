/**
 * Syntactic inference the lowering needs before it emits anything:
 *  - which `number` parameters are integers (used in an index, a loop header or an array size;
 *    lower.ts adds those passed where a helper takes an integer);
 *  - which parameters of untyped JavaScript are arrays or matrices;
 *  - which names a statement assigns (loop-carried and if-merged variables);
 *  - whether a statement contains a `return`.
 * Takes syntax trees (ast.ts); returns plain facts. Shadowing is not tracked: a name counts
 * wherever it occurs, which can only make a parameter an integer, never a wrong float.
 */
import { type Node, walk } from './ast.js';

export function identifierNames(n: Node | null | undefined, out: Set<string>): void {
  if (!n) return;
  walk(n, (c, parent) => {
    // `a.b`: only `a` is a name here.
    if (parent?.type === 'MemberExpression' && parent.property === c && !parent.computed) return false;
    if (c.type === 'Identifier') out.add(c.name as string);
  });
}

/** Names used where only a static integer makes sense: indices, loop headers, sizes. */
export function integerContextNames(body: Node): Set<string> {
  const names = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'MemberExpression' && n.computed) identifierNames(n.property as Node, names);
    if (n.type === 'ForStatement') {
      identifierNames(n.init as Node, names);
      identifierNames(n.test as Node, names);
      identifierNames(n.update as Node, names);
    }
    // `new Float64Array(k)` takes a size; `new Float64Array([a, b])` takes values, not sizes.
    if (n.type === 'NewExpression') for (const a of n.arguments as Node[]) if (a.type !== 'ArrayExpression') identifierNames(a, names);
    if (n.type === 'Property' && (n.key as Node).type === 'Identifier' && (n.key as Node).name === 'length') identifierNames(n.value as Node, names);
  });
  return names;
}

/** For untyped parameters: 'arr' if indexed once or asked for .length, 'mat' if indexed twice. */
export function arrayUse(body: Node, name: string): 'arr' | 'mat' | null {
  let kind: 'arr' | 'mat' | null = null;
  const isName = (n: unknown) => (n as Node | undefined)?.type === 'Identifier' && (n as Node).name === name;
  walk(body, (n) => {
    if (n.type === 'MemberExpression') {
      const obj = n.object as Node;
      if (n.computed && obj.type === 'MemberExpression' && obj.computed && isName(obj.object)) kind = 'mat';
      else if (isName(obj) && (n.computed || (n.property as Node).name === 'length')) kind ??= 'arr';
    }
    if (n.type === 'ForOfStatement' && isName(n.right)) kind ??= 'arr';
  });
  return kind;
}

/** The base name an assignment target writes: `s` for `s`, `a` for `a[i]`. */
export function targetName(target: Node): string | null {
  if (target.type === 'Identifier') return target.name as string;
  if (target.type === 'MemberExpression' && target.computed && (target.object as Node).type === 'Identifier') return (target.object as Node).name as string;
  return null;
}

/** Names assigned (or whose elements are assigned) anywhere inside `n`, in first-seen order. */
export function assignedNames(n: Node): string[] {
  const out: string[] = [];
  walk(n, (c) => {
    let target: Node | null = null;
    if (c.type === 'AssignmentExpression') target = c.left as Node;
    if (c.type === 'UpdateExpression') target = c.argument as Node;
    if (target) {
      const name = targetName(target);
      if (name && !out.includes(name)) out.push(name);
    }
  });
  return out;
}

/** Names declared with let/const/var (or as function names) inside `n`. */
export function declaredNames(n: Node): Set<string> {
  const out = new Set<string>();
  walk(n, (c) => {
    if (c.type === 'VariableDeclarator' && (c.id as Node).type === 'Identifier') out.add((c.id as Node).name as string);
    if (c.type === 'FunctionDeclaration' && c.id) out.add((c.id as Node).name as string);
  });
  return out;
}

export function containsReturn(n: Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (c.type === 'FunctionDeclaration' || c.type === 'ArrowFunctionExpression' || c.type === 'FunctionExpression') return false;
    if (c.type === 'ReturnStatement') found = true;
  });
  return found;
}

/** All assignments to `name` inside `scope`: the right-hand sides with their operators. */
export function assignmentsTo(scope: Node[], name: string): { op: string; rhs: Node | null }[] {
  const out: { op: string; rhs: Node | null }[] = [];
  for (const s of scope) {
    walk(s, (c) => {
      if (c.type === 'AssignmentExpression' && (c.left as Node).type === 'Identifier' && (c.left as Node).name === name) {
        out.push({ op: c.operator as string, rhs: c.right as Node });
      }
      if (c.type === 'UpdateExpression' && (c.argument as Node).type === 'Identifier' && (c.argument as Node).name === name) {
        out.push({ op: c.operator as string, rhs: null });
      }
    });
  }
  return out;
}

/** Source text of a node with whitespace and redundant parentheses removed (pattern matching). */
export function shapeKey(n: Node, source: string, lineStarts: number[]): string {
  const start = lineStarts[n.span.line - 1] + n.span.col - 1;
  const end = lineStarts[n.span.endLine - 1] + n.span.endCol - 1;
  let text = source.slice(start, end).replace(/\s+/g, '');
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1);
  return text;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

export function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') starts.push(i + 1);
  }
  return starts;
}
