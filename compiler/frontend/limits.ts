/**
 * The frontend's implementation limits: how large and how deeply nested a program absad
 * accepts. Each is checked before the first phase whose time, memory or stack grows with it,
 * so a hostile file costs a bounded amount of work and gets a located diagnostic, never a
 * stack overflow (internal error) or a compile that runs for minutes.
 *
 *   input-too-large     ABS5009  the file's size, before it is read
 *   nesting-too-deep    ABS1007  a token scan before parsing: open brackets, and the
 *                                operators and keywords of one statement (the TypeScript and
 *                                acorn parsers recurse on both, and run out of Node's default
 *                                stack near 750 nested parentheses or a few thousand operators);
 *                                then the exact depth of the parsed tree; and helpers
 *                                calling helpers more than 100 deep (checked by lower.ts,
 *                                whose lowering of a helper recurses into its callees)
 *   function-too-large  ABS1008  syntax nodes of one function, after parsing and before the
 *                                type checker; IR operations of an exported function once its
 *                                helpers are inlined (a helper calling another twice, twenty deep,
 *                                would inline to a million copies)
 *
 * The numbers are far above what a loss function needs (the samples stay below a tenth of
 * each) and far enough below the breaking points that every phase, the type checker and the
 * code generator included, handles a program at the limit on Node's default stack; the hostile
 * corpus (tests/hostile.test.ts) compiles programs just under each limit and rejects them just
 * over it.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Func, Module, Op, Span } from '../ir/types.js';
import type { ts as T } from 'ts-morph';
import { ts } from './typescript.js';

export const LIMITS = {
  /** Bytes in one source file (a trained network's weights as constant arrays fit easily). */
  fileBytes: 8 * 1024 * 1024,
  /** Brackets `(`, `[`, `{` and template `${` open at once. */
  bracketDepth: 256,
  /**
   * The scan's nesting estimate: open brackets plus, for each, the operators and keywords of
   * its current statement or list item (an else-if chain being one statement); and the depth
   * of the parsed syntax tree.
   */
  syntaxDepth: 1000,
  /** Helpers calling helpers: lowering and inlining recurse once per call in the chain. */
  helperDepth: 100,
  /** Syntax nodes in one function (about 4000 lines of dense arithmetic). */
  functionNodes: 50_000,
  /** IR operations of an exported function after inlining (loops count once: they stay loops). */
  inlinedOps: 50_000,
} as const;

/** The span of one position (0-based offset) in `text`, lines and columns counted as TypeScript does. */
function spanAt(text: string, file: string, pos: number, length = 1): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // \r\n: the \n ends the line
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      line++;
      lineStart = i + 1;
    }
  }
  const col = pos - lineStart + 1;
  return { file, line, col, endLine: line, endCol: col + length };
}

/** ABS5009 when a file of `bytes` bytes is over the limit (checked before reading it). */
export function checkFileSize(bytes: number, file: string): Diagnostic | null {
  if (bytes <= LIMITS.fileBytes) return null;
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return makeDiagnostic('input-too-large', { file, line: 1, col: 1, endLine: 1, endCol: 1 }, `this file is ${mib(bytes)}; absad reads source files of up to ${mib(LIMITS.fileBytes)}`, 'move large constant data into a data parameter and pass it at run time');
}

const CLOSERS = new Set([ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken]);
/** Tokens after which a `/` starts a regular expression rather than a division. */
const ENDS_OPERAND = new Set([
  ts.SyntaxKind.Identifier, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.RegularExpressionLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.SuperKeyword, ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword,
]);

/**
 * Keywords of statements that nest without braces (`if (a) if (b) ...`, else-if chains): each
 * counts as much as a bracket does against the limits (the parsers and absad's lowering spend
 * more stack on a nested statement than on an operator).
 */
const STATEMENT_KEYWORDS = new Set([ts.SyntaxKind.IfKeyword, ts.SyntaxKind.ElseKeyword, ts.SyntaxKind.ForKeyword, ts.SyntaxKind.WhileKeyword, ts.SyntaxKind.DoKeyword, ts.SyntaxKind.WithKeyword]);
const STATEMENT_WEIGHT = Math.floor(LIMITS.syntaxDepth / LIMITS.bracketDepth);

/**
 * ABS1007 before parsing, at the first token that nests too deeply. Works on both languages
 * (TypeScript's scanner reads JavaScript too) and on text that does not parse.
 */
export function scanNesting(text: string, file: string): Diagnostic | null {
  const k = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  // One entry per open bracket: what opened it and how many operators its current statement has.
  const stack: { template: boolean; run: number }[] = [{ template: false, run: 0 }];
  let total = 0; // sum of the runs on the stack
  let previous: T.SyntaxKind = k.Unknown;
  const tooDeep = (message: string, hint: string): Diagnostic => makeDiagnostic('nesting-too-deep', spanAt(text, file, scanner.getTokenStart(), Math.max(1, scanner.getTokenEnd() - scanner.getTokenStart())), message, hint);
  const resetRun = () => {
    const top = stack[stack.length - 1];
    total -= top.run;
    top.run = 0;
  };
  // A statement ends at `;` or `}` unless `else` follows: `if (a) s = 1; else if (b) ...` nests
  // each `if` in the previous one's else branch, so an else-if chain is one long run.
  let statementEnded = false;
  for (let t = scanner.scan(); t !== k.EndOfFileToken; previous = t, t = scanner.scan()) {
    if (statementEnded && t !== k.ElseKeyword) resetRun();
    statementEnded = false;
    if ((t === k.SlashToken || t === k.SlashEqualsToken) && !ENDS_OPERAND.has(previous)) t = scanner.reScanSlashToken();
    if (t === k.CloseBraceToken && stack[stack.length - 1].template) t = scanner.reScanTemplateToken(false);
    if (t === k.OpenParenToken || t === k.OpenBracketToken || t === k.OpenBraceToken || t === k.TemplateHead) {
      stack.push({ template: t === k.TemplateHead, run: 0 });
      if (stack.length - 1 > LIMITS.bracketDepth) {
        return tooDeep(`more than ${LIMITS.bracketDepth} brackets are open here; absad reads programs nested up to ${LIMITS.bracketDepth} deep`, 'name intermediate results with `const` instead of nesting them');
      }
    } else if (t === k.TemplateMiddle) {
      resetRun();
    } else if (CLOSERS.has(t) || t === k.TemplateTail) {
      if (stack.length > 1) total -= stack.pop()!.run;
      statementEnded = t === k.CloseBraceToken;
    } else if (t === k.SemicolonToken) {
      statementEnded = true;
    } else if (t === k.CommaToken) {
      resetRun();
    } else if (t >= k.FirstPunctuation && t <= k.LastPunctuation || t >= k.FirstKeyword && t <= k.LastKeyword) {
      const weight = STATEMENT_KEYWORDS.has(t) ? STATEMENT_WEIGHT : 1;
      stack[stack.length - 1].run += weight;
      total += weight;
    }
    if (stack.length - 1 + total > LIMITS.syntaxDepth) {
      return tooDeep(`this statement nests more than ${LIMITS.syntaxDepth} operators, keywords and brackets deep; absad reads up to ${LIMITS.syntaxDepth}`, 'split long expressions and `else if` chains into several statements, or use a loop');
    }
  }
  return null;
}

/** What the tree checks need to know about one syntax tree, whichever parser made it. */
interface TreeView<N> {
  children(n: N): N[];
  isFunction(n: N): boolean;
  /** Where a diagnostic about node n points (a function: its name). */
  span(n: N): Span;
}

/** ABS1007 for a syntax tree deeper than the limit; ABS1008 for each function with too many nodes. */
function checkTree<N>(root: N, view: TreeView<N>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const size = new Map<N, number>();
  // Iterative on purpose: the tree may be deeper than the stack allows recursion to go.
  const stack: { n: N; depth: number; fn: N | null }[] = [{ n: root, depth: 1, fn: null }];
  let deepest: { n: N; depth: number } | null = null;
  while (stack.length > 0) {
    const { n, depth, fn } = stack.pop()!;
    if (depth > LIMITS.syntaxDepth && deepest === null) deepest = { n, depth };
    const owner = fn ?? (view.isFunction(n) ? n : null);
    if (owner !== null) size.set(owner, (size.get(owner) ?? 0) + 1);
    for (const c of view.children(n)) stack.push({ n: c, depth: depth + 1, fn: owner });
  }
  if (deepest) {
    out.push(makeDiagnostic('nesting-too-deep', view.span(deepest.n), `the syntax tree is more than ${LIMITS.syntaxDepth} levels deep here; absad reads programs nested up to ${LIMITS.syntaxDepth} deep`, 'split long expressions into several statements'));
  }
  for (const [fn, nodes] of size) {
    if (nodes > LIMITS.functionNodes) {
      out.push(makeDiagnostic('function-too-large', view.span(fn), `this function has ${nodes} syntax nodes; absad compiles functions of up to ${LIMITS.functionNodes}`, 'write repeated work as a loop over arrays, or split the function into helpers'));
    }
  }
  return out;
}

/** The tree checks on a TypeScript source file (before the type checker runs). */
export function checkTsTree(sf: T.SourceFile, file: string): Diagnostic[] {
  const spanOf = (n: T.Node): Span => {
    const start = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    const end = sf.getLineAndCharacterOfPosition(n.getEnd());
    return { file, line: start.line + 1, col: start.character + 1, endLine: end.line + 1, endCol: end.character + 1 };
  };
  return checkTree<T.Node>(sf, {
    children: (n) => {
      const cs: T.Node[] = [];
      n.forEachChild((c) => {
        cs.push(c);
      });
      return cs;
    },
    isFunction: (n) => ts.isFunctionLike(n),
    span: (n) => spanOf(ts.isFunctionLike(n) && n.name ? n.name : n),
  });
}

/** An ESTree node as acorn makes it (with `locations: true`). */
export interface EstreeNode {
  type: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  id?: EstreeNode | null;
  [k: string]: unknown;
}

function isEstreeNode(x: unknown): x is EstreeNode {
  return typeof x === 'object' && x !== null && typeof (x as EstreeNode).type === 'string' && 'loc' in (x as object);
}

/** The tree checks on an acorn tree (before it is converted, recursively, to the common tree). */
export function checkEstree(program: EstreeNode, file: string): Diagnostic[] {
  const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
  const spanOf = (n: EstreeNode): Span => ({ file, line: n.loc.start.line, col: n.loc.start.column + 1, endLine: n.loc.end.line, endCol: n.loc.end.column + 1 });
  return checkTree<EstreeNode>(program, {
    children: (n) => {
      const cs: EstreeNode[] = [];
      for (const [key, v] of Object.entries(n)) {
        if (key === 'loc') continue;
        if (Array.isArray(v)) for (const c of v) if (isEstreeNode(c)) cs.push(c);
        if (isEstreeNode(v)) cs.push(v);
      }
      return cs;
    },
    isFunction: (n) => FUNCTIONS.has(n.type),
    span: (n) => spanOf(FUNCTIONS.has(n.type) && n.id ? n.id : n),
  });
}

/** ABS1008 for each exported function whose IR, with its helpers inlined, is over the limit. */
export function checkInlinedSize(m: Module): Diagnostic[] {
  const byName = new Map(m.funcs.map((f) => [f.name, f]));
  const inlined = new Map<string, number>();
  // Counted without inlining anything: the sizes multiply along the call graph (a DAG here,
  // recursion having been rejected), so they are memoized per function.
  const sizeOf = (f: Func): number => {
    const known = inlined.get(f.name);
    if (known !== undefined) return known;
    let n = 0;
    const count = (ops: Op[]): void => {
      for (const op of ops) {
        n++;
        const callee = op.opcode === 'call' ? byName.get(String(op.attrs.callee)) : undefined;
        if (callee) n += sizeOf(callee);
        for (const r of op.regions) count(r.ops);
      }
    };
    count(f.body.ops);
    inlined.set(f.name, n);
    return n;
  };
  return m.funcs
    .filter((f) => f.exported && sizeOf(f) > LIMITS.inlinedOps)
    .map((f) =>
      makeDiagnostic('function-too-large', f.span, `'${f.name}' has ${sizeOf(f) >= 1e15 ? sizeOf(f).toExponential(2) : sizeOf(f)} IR operations once its helpers are inlined; absad compiles functions of up to ${LIMITS.inlinedOps}`, 'call helpers inside a loop instead of writing out each call, so the code is generated once'),
    );
}
