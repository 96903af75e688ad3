/**
 * Lowering: the common syntax tree (ast.ts) -> IR (ir/types.ts), checking the subset as it goes.
 *
 * Takes the parsed programs of an entry file and the local modules it imports; returns a Module
 * with one IR function per exported function plus one per helper they call (calls stay `call`
 * ops; the `inline` pass removes them), and the diagnostics found. Each problem is reported
 * once with its code and location; the statement it occurs in is skipped so that later
 * statements are still checked (all problems in a file in one run).
 *
 * Technique: an environment maps each variable to its current SSA value. Assignments rebind;
 * loops carry every outer variable the body assigns (block arguments of the `for` body); static
 * `if`s merge the variables either branch assigns (results of the `if` op). An `if` whose branch
 * returns early takes the rest of the statement list into both branches, so every region ends in
 * one structured `yield`. Static integers (indices, sizes, loop counters) get type `int`; numeric
 * literals stay untyped until an operation decides whether they are `int` or `f64`.
 *
 * Why one long file: lowering is one recursive walk whose statement and expression cases share
 * the environment, the builder and the diagnostics of the function being lowered. The natural
 * split (statements, expressions, Math calls) is a pending clean-up, not a design choice.
 */
import { Builder } from '../ir/builder.js';
import { SMOOTH_MATH } from '../ir/ops.js';
import type { Block, Func, Module, Op, Span, Type, Value } from '../ir/types.js';
import type { DiagnosticName } from '../diagnostics/codes.js';
import { type Diagnostic, DiagnosticThrow, makeDiagnostic } from '../diagnostics/diagnostic.js';
import { type Node, type Program, type TypeNote, walk } from './ast.js';
import { LIMITS } from './limits.js';
import {
  arrayUse,
  assignedNames,
  assignmentsTo,
  containsReturn,
  declaredNames,
  identifierNames,
  integerContextNames,
  lineStartsOf,
  shapeKey,
} from './infer.js';

/** A lowered expression: an SSA value, an untyped numeric literal, or a boolean literal. */
type Ex = Value | number | boolean;

const isValue = (e: Ex): e is Value => typeof e === 'object';

interface VarBinding {
  kind: 'var';
  value: Value;
  mutable: boolean;
  decl: 'let' | 'const' | 'param' | 'counter';
  /** The array was created here (alloc, literal, helper result): element writes are allowed. */
  owned: boolean;
}
interface ArrowBinding {
  kind: 'arrow';
  node: Node;
  scopes: Map<string, Binding>[];
  /** Already reported (closure mutation): calls evaluate their arguments and report nothing more. */
  poisoned?: boolean;
}
type Binding = VarBinding | ArrowBinding;

type ConstVal = { kind: 'num'; value: number } | { kind: 'arr'; value: number[] } | { kind: 'mat'; value: number[][] };

interface FnDecl {
  name: string;
  node: Node;
  exported: boolean;
  scope: ModuleScope;
}

/** What one source file declares at module level. */
interface ModuleScope {
  file: string;
  program: Program;
  lineStarts: number[];
  functions: Map<string, FnDecl>;
  constants: Map<string, ConstVal>;
  imports: Map<string, { file: string; name: string }>;
  /** Local names of imports that were reported as not found (their uses report nothing more). */
  unresolved: Set<string>;
}

export interface LowerInput {
  entry: string;
  programs: Map<string, Program>;
  /** Resolves an import specifier written in `from` to a file in `programs`, or null. */
  resolve: (from: string, specifier: string) => string | null;
}

export interface LowerResult {
  module: Module;
  diagnostics: Diagnostic[];
}

const MATH_CONSTANTS: Record<string, number> = {
  PI: Math.PI, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E, SQRT2: Math.SQRT2, SQRT1_2: Math.SQRT1_2,
};
const DISCONTINUOUS = new Set(['sign', 'floor', 'ceil', 'round', 'trunc']);
const KNOWN_GLOBALS = new Set(['console', 'process', 'window', 'globalThis', 'document', 'global', 'require', 'module', 'exports', 'fetch', 'setTimeout', 'JSON', 'Object', 'Reflect', 'Symbol', 'Promise', 'Map', 'Set', 'String', 'Boolean', 'parseFloat', 'parseInt', 'isNaN', 'isFinite']);
const NONDETERMINISTIC = new Set(['Date', 'performance', 'crypto']);

/** Node types that are outside the subset wherever they appear, with their diagnostic. */
const UNSUPPORTED_NODES: Record<string, [DiagnosticName, string, string?]> = {
  ClassDeclaration: ['class', 'classes are not supported', 'write a plain exported function'],
  ClassExpression: ['class', 'classes are not supported', 'write a plain exported function'],
  ThisExpression: ['this', '`this` is not supported', 'pass values as parameters'],
  Super: ['this', '`super` is not supported'],
  WhileStatement: ['data-dependent-loop', 'while loops are not supported: the trip count must be static', 'write `for (let i = 0; i < n; i++)` with a bound absad can compute before the loop'],
  DoWhileStatement: ['data-dependent-loop', 'do-while loops are not supported: the trip count must be static', 'write `for (let i = 0; i < n; i++)` with a bound absad can compute before the loop'],
  BreakStatement: ['break-continue', '`break` is not supported: every loop runs its full static trip count', 'compute the bound before the loop, or use Math.max/Math.min to select values'],
  ContinueStatement: ['break-continue', '`continue` is not supported: every loop runs its full static trip count', 'wrap the rest of the body in an `if` on loop counters, or select values with Math.max/Math.min'],
  SwitchStatement: ['unsupported-statement', '`switch` is not supported', 'use `if` on static integers'],
  TryStatement: ['unsupported-statement', '`try` is not supported'],
  ThrowStatement: ['unsupported-statement', '`throw` is not supported'],
  LabeledStatement: ['unsupported-statement', 'labelled statements are not supported'],
  ForInStatement: ['unsupported-loop-form', '`for...in` is not supported', 'use `for (let i = 0; i < a.length; i++)` or `for (const v of a)`'],
  TemplateLiteral: ['string', 'strings are not supported'],
  TaggedTemplateExpression: ['string', 'strings are not supported'],
  ObjectExpression: ['object-literal', 'object literals are not supported', 'pass numbers and arrays as separate parameters'],
  SpreadElement: ['destructuring', 'spread is not supported'],
  ObjectPattern: ['destructuring', 'destructuring is not supported', 'read each element into its own variable'],
  ArrayPattern: ['destructuring', 'destructuring is not supported', 'read each element into its own variable'],
  RestElement: ['destructuring', 'rest elements are not supported'],
  AwaitExpression: ['async', '`await` is not supported'],
  YieldExpression: ['generator', '`yield` is not supported'],
  ChainExpression: ['unsupported-expression', 'optional chaining (`?.`) is not supported'],
  SequenceExpression: ['unsupported-expression', 'the comma operator is not supported'],
  'TS:EnumDeclaration': ['unsupported-top-level', 'enums are not supported'],
  'TS:ModuleDeclaration': ['unsupported-top-level', 'namespaces are not supported'],
  'TS:PrivateIdentifier': ['class', 'private names are not supported'],
  'TS:ExportAssignment': ['unsupported-top-level', '`export =` / `export default` expressions are not supported'],
  'TS:ExportDeclaration': ['unsupported-top-level', '`export { ... }` lists are not supported', 'write `export function NAME(...)`'],
  ExportDefaultDeclaration: ['unsupported-top-level', '`export default` is not supported', 'write `export function NAME(...)`'],
};

export function lower(input: LowerInput): LowerResult {
  return new ModuleLowerer(input).run();
}

class ModuleLowerer {
  readonly diagnostics: Diagnostic[] = [];
  readonly scopes = new Map<string, ModuleScope>();
  readonly funcs: Func[] = [];
  private lowered = new Map<FnDecl, Func>();
  private inProgress = new Set<FnDecl>();
  private usedNames = new Set<string>();
  /** Modules whose top level is being read: an import of one of them is a cycle. */
  private building = new Set<string>();

  constructor(readonly input: LowerInput) {}

  report(name: DiagnosticName, span: Span, message: string, hint?: string): void {
    this.diagnostics.push(makeDiagnostic(name, span, message, hint));
  }

  run(): LowerResult {
    const entry = this.moduleScope(this.input.entry);
    for (const program of this.input.programs.values()) this.checkNodes(program);
    const exported = [...entry.functions.values()].filter((f) => f.exported);
    if (exported.length === 0 && this.diagnostics.length === 0) {
      this.report('no-exported-function', { file: entry.file, line: 1, col: 1, endLine: 1, endCol: 2 }, 'the file exports no function to compile', 'write `export function NAME(x: Float64Array): number { ... }`');
    }
    for (const f of exported) this.func(f, null);
    const order = [...exported.map((f) => this.lowered.get(f)!), ...this.funcs.filter((f) => !f.exported)];
    return { module: { file: entry.file, funcs: order.filter(Boolean) }, diagnostics: this.diagnostics };
  }

  /** Reports node types that are outside the subset wherever they appear. */
  private checkNodes(program: Program): void {
    // `Array.from({ length: k }, fn)` is the subset's one object literal (arrayFrom checks its shape).
    const lengthObjects = new Set<Node>();
    const visit = (n: Node): void => {
      if (n.type === 'CallExpression' && isArrayFrom(n) && (n.arguments as Node[])[0]?.type === 'ObjectExpression') lengthObjects.add((n.arguments as Node[])[0]);
      const bad = lengthObjects.has(n) ? undefined : UNSUPPORTED_NODES[n.type];
      if (bad) {
        this.report(bad[0], n.span, bad[1], bad[2]);
        return;
      }
      if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression')) {
        if (n.async) this.report('async', n.span, 'async functions are not supported');
        if (n.generator) this.report('generator', n.span, 'generator functions are not supported');
      }
      if (n.type === 'Literal' && (typeof n.value === 'string' || n.regex || n.bigint)) {
        this.report('string', n.span, n.bigint ? 'BigInt literals are not supported' : n.regex ? 'regular expressions are not supported' : 'strings are not supported');
      }
      if (n.type === 'Literal' && typeof n.value === 'number') this.checkLiteralRange(n, n.value, String(n.raw ?? ''));
      for (const [k, v] of Object.entries(n)) {
        if (k === 'span') continue;
        if (n.type === 'ImportDeclaration' && k === 'source') continue;
        if (Array.isArray(v)) v.forEach((c) => typeof c === 'object' && c && 'span' in c && visit(c as Node));
        else if (typeof v === 'object' && v && 'span' in v && 'type' in v) visit(v as Node);
      }
    };
    visit(program);
  }

  /**
   * A literal outside the range of a double silently reads as Infinity or 0 in JavaScript:
   * almost always a typo, never what a loss function means. (The digits are not echoed: the
   * literal may be a million characters long.)
   */
  private checkLiteralRange(n: Node, value: number, raw: string): void {
    if (!Number.isFinite(value)) {
      this.report('literal-out-of-range', n.span, 'this literal is larger than the largest double (1.7976931348623157e308), so JavaScript reads it as Infinity', 'write `Infinity` if that is what you mean');
      return;
    }
    const digits = raw.replace(/_/g, '');
    const decimal = !/^0[xXoObB]/.test(digits);
    if (value === 0 && decimal && /[1-9]/.test(digits.split(/[eE]/)[0])) {
      this.report('literal-out-of-range', n.span, 'this literal is smaller than the smallest double (5e-324), so JavaScript reads it as 0', 'write 0 if that is what you mean');
    }
  }

  moduleScope(file: string): ModuleScope {
    const existing = this.scopes.get(file);
    if (existing) return existing;
    const program = this.input.programs.get(file)!;
    const scope: ModuleScope = { file, program, lineStarts: lineStartsOf(program.source), functions: new Map(), constants: new Map(), imports: new Map(), unresolved: new Set() };
    this.scopes.set(file, scope);
    this.building.add(file);
    for (const stmt of program.body) this.topLevel(stmt, scope);
    this.building.delete(file);
    return scope;
  }

  private topLevel(stmt: Node, scope: ModuleScope): void {
    let s = stmt;
    let exported = false;
    if (s.type === 'ExportNamedDeclaration' && s.declaration) {
      s = s.declaration as Node;
      exported = true;
    }
    switch (s.type) {
      case 'FunctionDeclaration': {
        if (!s.id) {
          this.report('unsupported-top-level', s.span, '`export default` of a function without a name is not supported', 'write `export function NAME(...)`');
          return;
        }
        const name = (s.id as Node).name as string;
        scope.functions.set(name, { name, node: s, exported, scope });
        return;
      }
      case 'VariableDeclaration': {
        for (const d of s.declarations as Node[]) {
          const id = d.id as Node;
          if (id.type !== 'Identifier') continue; // reported by checkNodes
          const name = id.name as string;
          const init = d.init as Node | null;
          if (init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) {
            scope.functions.set(name, { name, node: init, exported, scope });
            continue;
          }
          if (s.kind !== 'const') {
            this.report('unsupported-top-level', s.span, `module-level \`${String(s.kind)}\` variables are not supported: module state must be constant`, 'declare it with `const`');
            continue;
          }
          if (!init) continue;
          try {
            scope.constants.set(name, this.constant(init, scope));
          } catch (e) {
            if (!(e instanceof DiagnosticThrow)) throw e;
            this.diagnostics.push(e.diagnostic);
          }
        }
        return;
      }
      case 'ImportDeclaration':
        this.importDecl(s, scope);
        return;
      case 'TSTypeOnly':
      case 'EmptyStatement':
        return;
      default:
        if (UNSUPPORTED_NODES[s.type]) return; // reported by checkNodes
        this.report('unsupported-top-level', s.span, 'only functions, constants and imports are allowed at module level');
    }
  }

  private importDecl(s: Node, scope: ModuleScope): void {
    if (s.typeOnly) return;
    const spec = (s.source as Node).value as string;
    const target = this.input.resolve(scope.file, spec);
    if (!target) {
      this.report('import-not-found', (s.source as Node).span, `cannot find local module '${spec}'`, 'absad follows relative imports of .ts/.js files only');
      for (const sp of s.specifiers as Node[]) scope.unresolved.add((sp.local as Node).name as string);
      return;
    }
    if (this.building.has(target)) {
      // Its names are not all declared yet, so any import from it would look missing.
      const what = target === scope.file ? 'a module cannot import itself' : `'${spec}' imports this module back (an import cycle)`;
      this.report('unsupported-import', (s.source as Node).span, what, 'move the shared helpers into a third module that both import');
      for (const sp of s.specifiers as Node[]) scope.unresolved.add((sp.local as Node).name as string);
      return;
    }
    const other = this.moduleScope(target);
    for (const sp of s.specifiers as Node[]) {
      if (sp.type !== 'ImportSpecifier') {
        this.report('unsupported-import', sp.span, 'only named imports are supported', `write \`import { name } from '${spec}'\``);
        scope.unresolved.add((sp.local as Node).name as string);
        continue;
      }
      const imported = (sp.imported as Node).name as string;
      const local = (sp.local as Node).name as string;
      if (!other.functions.has(imported) && !other.constants.has(imported)) {
        this.report('import-not-found', sp.span, `'${spec}' exports no function or constant named '${imported}'`);
        scope.unresolved.add(local);
        continue;
      }
      scope.imports.set(local, { file: target, name: imported });
    }
  }

  /** Resolves a module-level name through imports. */
  lookupModule(scope: ModuleScope, name: string): { fn?: FnDecl; constant?: ConstVal } | null {
    const imp = scope.imports.get(name);
    if (imp) return this.lookupModule(this.moduleScope(imp.file), imp.name);
    const fn = scope.functions.get(name);
    if (fn) return { fn };
    const constant = scope.constants.get(name);
    if (constant) return { constant };
    return null;
  }

  /** Evaluates a module-level constant initializer at compile time (JavaScript semantics). */
  constant(n: Node, scope: ModuleScope): ConstVal {
    const fail = (): never => {
      throw new DiagnosticThrow(makeDiagnostic('unsupported-top-level', n.span, 'a module-level constant must be a number, an array of numbers or a matrix computable at compile time'));
    };
    const num = (x: Node): number => {
      const v = this.constant(x, scope);
      return v.kind === 'num' ? v.value : fail();
    };
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'number' ? { kind: 'num', value: n.value } : fail();
      case 'Identifier': {
        if (n.name === 'Infinity') return { kind: 'num', value: Infinity };
        if (n.name === 'NaN') return { kind: 'num', value: NaN };
        const found = this.lookupModule(scope, n.name as string);
        return found?.constant ?? fail();
      }
      case 'UnaryExpression':
        if (n.operator === '-') return { kind: 'num', value: -num(n.argument as Node) };
        if (n.operator === '+') return { kind: 'num', value: +num(n.argument as Node) };
        return fail();
      case 'BinaryExpression': {
        const a = num(n.left as Node);
        const b = num(n.right as Node);
        const r = foldBinary(n.operator as string, a, b);
        return typeof r === 'number' ? { kind: 'num', value: r } : fail();
      }
      case 'MemberExpression': {
        const obj = n.object as Node;
        if (obj.type === 'Identifier' && obj.name === 'Math' && !n.computed) {
          const v = MATH_CONSTANTS[(n.property as Node).name as string];
          return v !== undefined ? { kind: 'num', value: v } : fail();
        }
        return fail();
      }
      case 'CallExpression': {
        const callee = n.callee as Node;
        if (callee.type === 'MemberExpression' && (callee.object as Node).name === 'Math' && !callee.computed) {
          const fname = (callee.property as Node).name as string;
          const fn = (Math as unknown as Record<string, (...a: number[]) => number>)[fname];
          if (typeof fn === 'function' && fname !== 'random') return { kind: 'num', value: fn(...(n.arguments as Node[]).map(num)) };
        }
        return fail();
      }
      case 'ArrayExpression': {
        const items = (n.elements as Node[]).map((e) => this.constant(e, scope));
        if (items.every((i) => i.kind === 'num')) return { kind: 'arr', value: items.map((i) => i.value as number) };
        if (items.every((i) => i.kind === 'arr')) return { kind: 'mat', value: items.map((i) => i.value as number[]) };
        return fail();
      }
      case 'NewExpression': {
        const callee = n.callee as Node;
        const args = n.arguments as Node[];
        if (callee.type === 'Identifier' && callee.name === 'Float64Array' && args.length === 1) {
          const v = this.constant(args[0], scope);
          if (v.kind === 'arr') return v;
          if (v.kind === 'num' && Number.isInteger(v.value) && v.value >= 0) return { kind: 'arr', value: new Array<number>(v.value).fill(0) };
        }
        return fail();
      }
      default:
        return fail();
    }
  }

  /** The lowered helper, lowering it now; null (and nothing reported) while it is being lowered. */
  helper(decl: FnDecl, site: Node): Func | null {
    return this.inProgress.has(decl) ? null : this.func(decl, site);
  }

  /** Lowers a function declaration once; `site` is the call that asked for it (for recursion errors). */
  func(decl: FnDecl, site: Node | null): Func | null {
    const done = this.lowered.get(decl);
    if (done) return done;
    if (this.inProgress.has(decl)) {
      this.report('recursion', site?.span ?? decl.node.span, `'${decl.name}' calls itself (directly or through other functions); recursion is not supported`, 'write the computation as a loop with a static bound');
      return null;
    }
    // Lowering a helper lowers its callees first, recursively: bound the chain (limits.ts).
    if (this.inProgress.size > LIMITS.helperDepth) {
      this.report('nesting-too-deep', site?.span ?? decl.node.span, `this call reaches helpers more than ${LIMITS.helperDepth} calls deep ('${decl.name}' is called from a chain of helpers that long)`, 'call the helpers one after another from one function instead of through each other');
      return null;
    }
    this.inProgress.add(decl);
    // The source name, Unicode and all: an exported function's name is the generated module's API.
    let name = decl.name;
    for (let k = 2; this.usedNames.has(name); k++) name = `${decl.name}_${k}`;
    this.usedNames.add(name);
    // A function exported by an imported module is a helper here: only the entry's exports are targets.
    const asLowered = decl.scope.file === this.input.entry ? decl : { ...decl, exported: false };
    const f = new FunctionLowerer(this, asLowered, name).run();
    this.inProgress.delete(decl);
    this.lowered.set(decl, f);
    this.funcs.push(f);
    return f;
  }
}

export function foldBinary(op: string, a: number, b: number): number | boolean | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '**': return a ** b;
    case '%': return a % b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': case '===': return a === b;
    case '!=': case '!==': return a !== b;
    default: return undefined;
  }
}

const CMP_TO_PRED: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '===': 'eq', '!=': 'ne', '!==': 'ne' };
const ARITHMETIC = new Set(['+', '-', '*', '/', '**', '%']);
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

class FunctionLowerer {
  private b = new Builder();
  private scopes: Map<string, Binding>[] = [];
  /** Arrays created in this function (alloc, literals, helper results and their updates). */
  private owned = new Set<number>();
  private loopDepth = 0;
  private file: string;
  private paramNames = new Set<string>();

  constructor(private m: ModuleLowerer, private decl: FnDecl, private irName: string) {
    this.file = decl.scope.file;
  }

  private fail(name: DiagnosticName, n: Node, message: string, hint?: string): never {
    throw new DiagnosticThrow(makeDiagnostic(name, n.span, message, hint));
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof DiagnosticThrow)) throw e;
      this.m.diagnostics.push(e.diagnostic);
    }
  }

  run(): Func {
    const node = this.decl.node;
    const scope = new Map<string, Binding>();
    this.scopes.push(scope);
    const body = node.body as Node;
    const intNames = integerContextNames(body);
    for (const name of this.helperIntegerArguments(body)) intNames.add(name);
    const params: Func['params'] = [];
    for (const p of node.params as Node[]) {
      if (p.type !== 'Identifier') {
        this.m.report('destructuring', p.span, 'destructured parameters are not supported', 'take the array or number itself as a parameter');
        continue;
      }
      const name = p.name as string;
      if (p.paramProblem) this.m.report('unsupported-parameter', (p.paramSpan as Span) ?? p.span, `${String(p.paramProblem)}s are not supported`, 'every parameter must be passed explicitly');
      const type = this.paramType(p, p.typeNote as TypeNote, body, intNames.has(name));
      const v = this.b.value(type, name);
      params.push({ name, value: v });
      this.paramNames.add(name);
      scope.set(name, { kind: 'var', value: v, mutable: type === 'f64' || type === 'int', decl: 'param', owned: false });
    }
    const entry: Block = { args: params.map((p) => p.value), ops: [] };
    const diagnosticsBefore = this.m.diagnostics.length;
    this.b.block = entry;
    let result: Ex | null = null;
    let resultNode: Node = node;
    if (node.expression) {
      this.guard(() => {
        result = this.expr(body);
        resultNode = body;
      });
    } else {
      result = this.statements((body.body as Node[]) ?? [], 0);
    }
    let resultType: Type = 'f64';
    if (result === null) {
      if (this.m.diagnostics.length === diagnosticsBefore) {
        this.m.report('missing-return', node.span, `function '${this.decl.name}' does not return a value on every path`, 'end the function with `return <number or array>`');
      }
      this.b.terminator('return', [this.b.constant(NaN, 'f64', node.span)], node.span);
    } else {
      const r: Ex = result;
      resultType = isValue(r) ? r.type : typeof r === 'number' ? 'f64' : 'bool';
      if (this.decl.exported && resultType === 'int') resultType = 'f64';
      // The final `return` (emitted by `statements`): problems with the result are reported there.
      const ops = this.b.block.ops;
      const last = ops[ops.length - 1];
      const span = last?.opcode === 'return' ? last.span : resultNode.span;
      const noted = node.returnNote as TypeNote;
      if (typeof noted === 'object' || resultType === 'mat' || (resultType === 'bool' && this.decl.exported)) {
        // A declared type outside the subset is reported at the annotation, naming it.
        const annotated = typeof noted === 'object' && node.returnTypeSpan !== undefined;
        const what = typeof noted === 'object' ? `, not '${noted.unsupported}'` : '';
        this.m.report('unsupported-return-type', annotated ? (node.returnTypeSpan as Span) : span, `function '${this.decl.name}' must return a number or a numeric array${what}`);
      }
      // Replace the final `return` by one of the decided type.
      if (last?.opcode === 'return') ops.pop();
      const v = this.convert(r, resultType, resultNode);
      if (resultType === 'arr' && !this.owned.has(v.id)) {
        this.m.report('array-alias', span, 'a function may only return an array it created', 'copy the values into `new Float64Array(n)` and return that');
      }
      this.b.terminator('return', [v], span);
    }
    return { name: this.irName, exported: this.decl.exported, params, resultType, body: entry, span: node.span };
  }

  /**
   * Names in the arguments of calls to module-level helpers where the helper takes an integer
   * (an index, size or bound there), so `n` in `partial(x, n)` is an integer parameter here too.
   * Lowers those helpers first (each is lowered once, and the call would lower it anyway).
   */
  private helperIntegerArguments(body: Node): Set<string> {
    const out = new Set<string>();
    walk(body, (n) => {
      if (n.type !== 'CallExpression' || (n.callee as Node).type !== 'Identifier') return;
      const fn = this.m.lookupModule(this.decl.scope, (n.callee as Node).name as string)?.fn;
      // A call back into a function being lowered is recursion, which the call itself reports.
      const f = fn ? this.m.helper(fn, n) : null;
      if (!f) return;
      (n.arguments as Node[]).forEach((a, i) => {
        if (f.params[i]?.value.type === 'int') identifierNames(a, out);
      });
    });
    return out;
  }

  private paramType(p: Node, note: TypeNote, body: Node, intUse: boolean): Type {
    if (typeof note === 'object') {
      this.m.report('unsupported-parameter-type', p.span, `parameter '${String(p.name)}' has type '${note.unsupported}'`, 'use number, Float64Array, Float32Array, number[] or number[][]');
      return 'f64';
    }
    if (note === 'arr' || note === 'mat') return note;
    if (note === 'bool') return 'bool';
    if (note === 'none') {
      const use = arrayUse(body, p.name as string);
      if (use) return use;
    }
    return intUse ? 'int' : 'f64';
  }

  // ----- environment -------------------------------------------------------------------

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }

  private withScope<T>(fn: () => T): T {
    this.scopes.push(new Map());
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** Outer variable bindings that `names` refers to, in order (for loop carry and if merge). */
  private outerVars(names: string[]): [string, VarBinding][] {
    const out: [string, VarBinding][] = [];
    for (const n of names) {
      const b = this.lookup(n);
      if (b?.kind === 'var' && (b.mutable || b.owned)) out.push([n, b]);
    }
    return out;
  }

  // ----- conversions -------------------------------------------------------------------

  private f64(e: Ex, n: Node): Value {
    if (typeof e === 'number') return this.b.constant(e, 'f64', n.span);
    if (typeof e === 'boolean') return this.fail('comparison-as-number', n, 'a boolean is used as a number', 'booleans may only be used as conditions on static integers');
    if (e.type === 'f64') return e;
    if (e.type === 'int') return this.b.emit('itof', [e], n.span);
    if (e.type === 'bool') return this.fail('comparison-as-number', n, 'a comparison is used as a number', 'use Math.max/Math.min/Math.abs to express the choice');
    return this.fail('type-mismatch', n, 'an array is used where a number is needed');
  }

  private int(e: Ex, n: Node, role: 'index' | 'size' | 'bound'): Value {
    if (typeof e === 'number') {
      if (!Number.isInteger(e)) this.fail('non-integer-constant', n, `${e} is not an integer, so it cannot be used as ${role === 'index' ? 'an index' : role === 'size' ? 'an array size' : 'a loop bound'}`);
      return this.b.constant(e, 'int', n.span);
    }
    if (typeof e === 'boolean') return this.fail('comparison-as-number', n, 'a boolean is used as a number');
    if (e.type === 'int') return e;
    if (e.type === 'f64') {
      if (role === 'index') this.fail('float-index', n, 'the index depends on floating-point data; indices must be static integers (loop counters, lengths, integer parameters)', 'data-dependent indexing (argmax, gather) is discontinuous; use Math.max over the candidates instead');
      if (role === 'size') this.fail('float-array-size', n, 'the array size depends on floating-point data; sizes must be static integers');
      this.fail('non-static-loop-bound', n, 'the loop bound depends on floating-point data; bounds must be static integers (constants, lengths, integer parameters, outer loop counters)', 'loop over the full range and select values with Math.max/Math.min');
    }
    return this.fail('type-mismatch', n, 'an array is used where an integer is needed');
  }

  private bool(e: Ex, n: Node): Value {
    if (typeof e === 'boolean') return this.b.constant(e, 'bool', n.span);
    if (typeof e === 'number') return this.b.constant(e !== 0 && !Number.isNaN(e), 'bool', n.span);
    if (e.type === 'bool') return e;
    if (e.type === 'int') return this.b.emit('icmp', [e, this.b.constant(0, 'int', n.span)], n.span, { pred: 'ne' });
    return this.fail('data-dependent-branch', n, 'the condition depends on floating-point data, which absad may differentiate', 'select values with Math.max/Math.min/Math.abs instead of branching');
  }

  /** Converts to a given type (f64, int, bool, arr, mat). */
  private convert(e: Ex, t: Type, n: Node): Value {
    if (t === 'f64') return this.f64(e, n);
    if (t === 'int') return this.int(e, n, 'index');
    if (t === 'bool') return this.bool(e, n);
    if (!isValue(e) || e.type !== t) return this.fail('type-mismatch', n, `expected ${t === 'arr' ? 'an array' : 'a matrix'} here`);
    return e;
  }

  private isIntLike(e: Ex): boolean {
    return (typeof e === 'number' && Number.isInteger(e)) || (isValue(e) && e.type === 'int');
  }

  // ----- statements ----------------------------------------------------------------------

  /** Lowers stmts[from..]; returns the returned value if every path returns, else null. */
  private statements(stmts: Node[], from: number): Ex | null {
    for (let i = from; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.type === 'ReturnStatement') {
        if (i < stmts.length - 1) this.m.report('unreachable-code', stmts[i + 1].span, 'this code is after a `return` and never runs');
        return this.returnStmt(s);
      }
      if ((s.type === 'IfStatement' || s.type === 'BlockStatement') && containsReturn(s)) {
        if (this.loopDepth > 0) {
          this.m.report('return-in-loop', s.span, '`return` inside a loop is not supported', 'accumulate into a variable and return after the loop');
          continue;
        }
        if (s.type === 'BlockStatement') return this.withScope(() => this.statements([...(s.body as Node[]), ...stmts.slice(i + 1)], 0));
        let out: Ex | null = null;
        this.guard(() => {
          out = this.returningIf(s, stmts.slice(i + 1));
        });
        return out ?? this.b.constant(NaN, 'f64', s.span);
      }
      const savedRest = this.enclosingRest;
      this.enclosingRest = stmts.slice(i);
      this.guard(() => this.statement(s));
      this.enclosingRest = savedRest;
    }
    return null;
  }

  private returnStmt(s: Node): Ex | null {
    if (this.loopDepth > 0) {
      this.m.report('return-in-loop', s.span, '`return` inside a loop is not supported', 'accumulate into a variable and return after the loop');
      return null;
    }
    if (!s.argument) {
      this.m.report('missing-return', s.span, '`return` without a value', 'return a number or an array');
      return null;
    }
    let out: Ex | null = null;
    this.guard(() => {
      out = this.expr(s.argument as Node);
    });
    if (out === null) return null;
    const e: Ex = out;
    // Literals are materialized here; callers still see the literal to decide result types.
    const v = isValue(e) ? e : typeof e === 'number' ? this.b.constant(e, 'f64', s.span) : this.b.constant(e, 'bool', s.span);
    this.b.terminator('return', [v], s.span);
    return e;
  }

  /** `if (c) { ...return } rest`: both branches take `rest`, so each ends in a return. */
  private returningIf(s: Node, rest: Node[]): Ex {
    const cond = this.bool(this.expr(s.test as Node), s.test as Node);
    const branch = (stmt: Node | null): { block: Block; value: Ex | null; node: Node } => {
      const block: Block = { args: [], ops: [] };
      const saved = this.snapshot();
      const list = stmt === null ? [] : stmt.type === 'BlockStatement' ? (stmt.body as Node[]) : [stmt];
      // The rest of the list runs after this branch only if the branch can fall through.
      const full = alwaysReturns(list) ? list : [...list, ...rest];
      const value = this.b.inBlock(block, () => this.withScope(() => this.statements(full, 0)));
      this.restore(saved);
      return { block, value, node: stmt ?? s };
    };
    const t = branch(s.consequent as Node);
    const e = branch((s.alternate as Node | null) ?? null);
    for (const br of [t, e]) {
      if (br.value === null) this.fail('missing-return', br.node, 'this path through the function returns no value', 'end every path with `return`');
    }
    const tv = t.value!;
    const ev = e.value!;
    const type: Type =
      this.isIntLike(tv) && this.isIntLike(ev) && (isValue(tv) || isValue(ev)) ? 'int' : isValue(tv) && tv.type === 'arr' ? 'arr' : 'f64';
    for (const br of [t, e]) {
      this.b.inBlock(br.block, () => {
        const ret = br.block.ops.pop()!; // the branch's own `return`
        const v = this.convert(br.value!, type, br.node);
        this.b.terminator('yield', [v], ret.span);
      });
    }
    const op = this.b.op('if', [cond], [type], {}, s.span, [t.block, e.block]);
    if (type === 'arr') this.owned.add(op.results[0].id);
    this.b.terminator('return', [op.results[0]], s.span);
    return op.results[0];
  }

  private snapshot(): Map<VarBinding, Value> {
    const out = new Map<VarBinding, Value>();
    for (const scope of this.scopes) for (const b of scope.values()) if (b.kind === 'var') out.set(b, b.value);
    return out;
  }
  private restore(s: Map<VarBinding, Value>): void {
    for (const [b, v] of s) b.value = v;
  }

  private statement(s: Node): void {
    switch (s.type) {
      case 'VariableDeclaration':
        return this.varDecl(s);
      case 'ExpressionStatement':
        return this.exprStatement(s.expression as Node);
      case 'IfStatement':
        return this.ifStmt(s);
      case 'ForStatement':
        return this.forStmt(s);
      case 'ForOfStatement':
        return this.forOf(s);
      case 'BlockStatement':
        return this.withScope(() => {
          const r = this.statements(s.body as Node[], 0);
          if (r !== null) this.fail('internal-error', s, 'unexpected return in block');
        });
      case 'EmptyStatement':
        return;
      case 'FunctionDeclaration':
        return this.bindArrow((s.id as Node).name as string, s);
      default: {
        const bad = UNSUPPORTED_NODES[s.type];
        if (bad) throw new DiagnosticThrow(makeDiagnostic(bad[0], s.span, bad[1], bad[2]));
        return this.fail('unsupported-statement', s, `this statement (${s.type.replace(/^TS:/, '')}) is not supported`);
      }
    }
  }

  private varDecl(s: Node): void {
    const stmts = this.enclosingRest ?? [];
    for (const d of s.declarations as Node[]) {
      try {
        this.declarator(s, d, stmts);
      } catch (e) {
        // Bind the name anyway, so its later uses do not report a second, misleading error.
        const id = d.id as Node;
        if (id.type === 'Identifier' && !this.scopes[this.scopes.length - 1].has(id.name as string)) {
          const poison = this.b.constant(NaN, 'f64', d.span);
          this.scopes[this.scopes.length - 1].set(id.name as string, { kind: 'var', value: poison, mutable: true, decl: 'let', owned: false });
        }
        throw e;
      }
    }
  }

  private declarator(s: Node, d: Node, stmts: Node[]): void {
    {
      const id = d.id as Node;
      if (id.type !== 'Identifier') this.fail('destructuring', id, 'destructuring is not supported', 'read each element into its own variable');
      const name = id.name as string;
      const init = d.init as Node | null;
      if (!init) this.fail('uninitialized-variable', d, `'${name}' has no initial value`, `write \`let ${name} = 0;\``);
      if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') {
        this.bindArrow(name, init);
        return;
      }
      const e = this.expr(init);
      const scope = this.scopes[this.scopes.length - 1];
      if (isValue(e) && (e.type === 'arr' || e.type === 'mat')) {
        const owned = this.owned.has(e.id);
        e.hint ??= name;
        scope.set(name, { kind: 'var', value: e, mutable: false, decl: s.kind === 'const' ? 'const' : 'let', owned });
        // Bound before reporting, so uses of the second name add no follow-on errors.
        if (owned && init.type === 'Identifier') this.fail('array-alias', init, `binding the array '${String(init.name)}' to a second name is not supported`, 'use the original name');
        return;
      }
      let v: Value;
      if (s.kind === 'const') {
        v = typeof e === 'number' ? (Number.isInteger(e) ? this.b.constant(e, 'int', init.span) : this.b.constant(e, 'f64', init.span)) : isValue(e) ? e : this.bool(e, init);
        if (typeof e === 'number' && Number.isInteger(e)) {
          // An integer literal const may be used as a float too: keep it untyped via a literal binding.
          scope.set(name, { kind: 'var', value: v, mutable: false, decl: 'const', owned: false });
          this.literalConsts.set(v.id, e);
          return;
        }
      } else {
        const isInt = this.isIntLike(e) && this.letStaysInt(name, stmts);
        v = isInt ? this.int(e, init, 'index') : typeof e === 'boolean' || (isValue(e) && e.type === 'bool') ? this.bool(e, init) : this.f64(e, init);
      }
      v.hint ??= name;
      scope.set(name, { kind: 'var', value: v, mutable: s.kind !== 'const', decl: s.kind === 'const' ? 'const' : 'let', owned: false });
    }
  }

  /** Integer-valued `const` literals, so `const N = 3; x * N` stays a float multiply by 3. */
  private literalConsts = new Map<number, number>();
  /** The statements after the one being lowered, in its block (for let-type inference). */
  private enclosingRest: Node[] | null = null;

  /** A `let` initialised with an integer stays `int` only if every assignment keeps it integral. */
  private letStaysInt(name: string, scope: Node[]): boolean {
    const body = (this.decl.node.body as Node);
    const all = assignmentsTo(scope.length > 0 ? scope : [body], name);
    return all.every(({ op, rhs }) => {
      if (op === '++' || op === '--') return true;
      if (op === '/=' || op === '**=') return false;
      return rhs !== null && this.syntacticInt(rhs, name);
    });
  }

  /** Conservative syntactic check that an expression is a static integer. */
  private syntacticInt(n: Node, self: string): boolean {
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'number' && Number.isInteger(n.value);
      case 'Identifier': {
        if (n.name === self) return true;
        const b = this.lookup(n.name as string);
        if (b?.kind === 'var') return b.value.type === 'int';
        const c = this.m.lookupModule(this.decl.scope, n.name as string)?.constant;
        return c?.kind === 'num' && Number.isInteger(c.value);
      }
      case 'MemberExpression':
        return !n.computed && (n.property as Node).name === 'length';
      case 'BinaryExpression':
        return ['+', '-', '*', '%'].includes(n.operator as string) && this.syntacticInt(n.left as Node, self) && this.syntacticInt(n.right as Node, self);
      case 'UnaryExpression':
        return n.operator === '-' && this.syntacticInt(n.argument as Node, self);
      case 'ConditionalExpression':
        return this.syntacticInt(n.consequent as Node, self) && this.syntacticInt(n.alternate as Node, self);
      default:
        return false;
    }
  }

  private bindArrow(name: string, node: Node): void {
    const params = new Set((node.params as Node[]).map((p) => p.name as string));
    const own = declaredNames(node.body as Node);
    const binding: ArrowBinding = { kind: 'arrow', node, scopes: [...this.scopes] };
    this.scopes[this.scopes.length - 1].set(name, binding);
    for (const assigned of assignedNames(node.body as Node)) {
      if (!params.has(assigned) && !own.has(assigned)) {
        binding.poisoned = true;
        this.fail('closure-mutation', node, `the nested function assigns '${assigned}', a variable of the enclosing function`, 'return the new value and assign it in the enclosing function');
      }
    }
  }

  private exprStatement(e: Node): void {
    if (e.type === 'AssignmentExpression') return this.assign(e);
    if (e.type === 'UpdateExpression') return this.update(e);
    if (e.type === 'CallExpression') {
      this.expr(e);
      const callee = e.callee as Node;
      const target = callee.type === 'Identifier' ? this.lookup(callee.name as string) : undefined;
      if (target?.kind === 'arrow' && target.poisoned) return; // its closure-mutation error explains the call
      return this.fail('unsupported-statement', e, 'a call whose result is not used has no effect (functions cannot change their arguments)');
    }
    const bad = UNSUPPORTED_NODES[e.type];
    if (bad) throw new DiagnosticThrow(makeDiagnostic(bad[0], e.span, bad[1], bad[2]));
    this.fail('unsupported-statement', e, 'this expression statement has no effect');
  }

  private varForWrite(target: Node): VarBinding {
    const name = target.name as string;
    const b = this.lookup(name);
    if (!b) {
      if (this.m.lookupModule(this.decl.scope, name)) this.fail('const-reassign', target, `'${name}' is a module constant and cannot be assigned`);
      return this.fail('undefined-name', target, `'${name}' is not declared`);
    }
    if (b.kind === 'arrow') return this.fail('const-reassign', target, `'${name}' is a function and cannot be assigned`);
    if (b.value.type === 'arr' || b.value.type === 'mat') this.fail('array-alias', target, `assigning a new array to '${name}' is not supported`, 'write into its elements instead');
    if (b.decl === 'const') this.fail('const-reassign', target, `'${name}' is a const and cannot be assigned`);
    if (b.decl === 'counter') this.fail('loop-counter-modified', target, `the loop counter '${name}' is assigned inside its loop`, 'the loop header alone may change the counter');
    if (!b.mutable) this.fail('const-reassign', target, `'${name}' cannot be assigned`);
    return b;
  }

  private assign(e: Node): void {
    const op = e.operator as string;
    const target = e.left as Node;
    const binop = op === '=' ? null : op.slice(0, -1);
    if (binop && !['+', '-', '*', '/', '**', '%'].includes(binop)) {
      if (['&', '|', '^', '<<', '>>', '>>>'].includes(binop)) this.fail('bitwise-operator', e, `\`${op}\` is a bitwise operator, which truncates to an integer`);
      this.fail('logical-on-float', e, `\`${op}\` is not supported`);
    }
    if (target.type === 'Identifier') {
      const b = this.varForWrite(target);
      const rhs = this.expr(e.right as Node);
      const value = binop ? this.binary(binop, b.value, rhs, e) : rhs;
      b.value = this.keepType(b.value.type, value, e, target.name as string);
      return;
    }
    if (target.type === 'MemberExpression' && target.computed) {
      const { binding, index } = this.elementTarget(target);
      const rhs = this.expr(e.right as Node);
      let value: Ex = rhs;
      if (binop) {
        const old = this.b.emit('load', [binding.value, index], target.span);
        value = this.binary(binop, old, rhs, e);
      }
      this.storeElement(binding, index, this.f64(value, e.right as Node), e);
      return;
    }
    if (target.type === 'MemberExpression') this.fail('property-write', target, 'writing to a property is not supported; only elements of local arrays can be assigned');
    this.fail('unsupported-expression', target, 'this assignment target is not supported');
  }

  private update(e: Node): void {
    const target = e.argument as Node;
    const delta = e.operator === '++' ? '+' : '-';
    if (target.type === 'Identifier') {
      const b = this.varForWrite(target);
      b.value = this.keepType(b.value.type, this.binary(delta, b.value, 1, e), e, target.name as string);
      return;
    }
    if (target.type === 'MemberExpression' && target.computed) {
      const { binding, index } = this.elementTarget(target);
      const old = this.b.emit('load', [binding.value, index], target.span);
      this.storeElement(binding, index, this.f64(this.binary(delta, old, 1, e), e), e);
      return;
    }
    this.fail('property-write', target, 'only variables and elements of local arrays can be incremented');
  }

  private keepType(type: Type, value: Ex, n: Node, name: string): Value {
    if (type === 'int' && !this.isIntLike(value)) {
      this.fail('type-mismatch', n, `'${name}' holds an integer (it was initialised with one) but is assigned a floating-point value here`, `initialise it with a floating-point expression, e.g. \`let ${name} = 0 * x[0]\`, or keep integer and float values apart`);
    }
    return this.convert(value, type, n);
  }

  private elementTarget(target: Node): { binding: VarBinding; index: Value } {
    const obj = target.object as Node;
    if (obj.type !== 'Identifier') this.fail('property-write', target, 'only elements of local one-dimensional arrays can be assigned');
    const name = obj.name as string;
    const b = this.lookup(name);
    if (!b) {
      if (this.m.lookupModule(this.decl.scope, name)) this.fail('parameter-write', target, `'${name}' is a module constant; its elements cannot be written`);
      this.fail('undefined-name', obj, `'${name}' is not declared`);
    }
    if (b.kind !== 'var' || b.value.type !== 'arr') return this.fail('type-mismatch', obj, `'${name}' is not an array`);
    if (!b.owned) {
      if (b.decl === 'param') this.fail('parameter-write', target, `'${name}' is an input array; absad functions do not write to their inputs`, `copy it first: \`const local = new Float64Array(${name}.length)\``);
      this.fail('parameter-write', target, `'${name}' refers to an array this function did not create, so its elements cannot be written`);
    }
    const index = this.int(this.expr(target.property as Node), target.property as Node, 'index');
    return { binding: b, index };
  }

  private storeElement(b: VarBinding, index: Value, value: Value, n: Node): void {
    const next = this.b.emit('store', [b.value, index, value], n.span, {}, 'arr', b.value.hint);
    this.owned.add(next.id);
    b.value = next;
  }

  private ifStmt(s: Node): void {
    const cond = this.bool(this.expr(s.test as Node), s.test as Node);
    const names = assignedNames(s);
    const merged = this.outerVars(names);
    const branch = (stmt: Node | null): Block => {
      const block: Block = { args: [], ops: [] };
      const saved = this.snapshot();
      this.b.inBlock(block, () => {
        if (stmt) this.withScope(() => this.guardedBody(stmt));
        this.b.terminator('yield', [], s.span);
        block.ops[block.ops.length - 1].operands = merged.map(([, b]) => b.value);
      });
      this.restore(saved);
      return block;
    };
    const then = branch(s.consequent as Node);
    const otherwise = branch((s.alternate as Node | null) ?? null);
    const op = this.b.op('if', [cond], merged.map(([, b]) => b.value.type), {}, s.span, [then, otherwise], merged.map(([n]) => n));
    merged.forEach(([, b], i) => {
      b.value = op.results[i];
      if (b.value.type === 'arr') this.owned.add(b.value.id);
    });
  }

  private guardedBody(stmt: Node): void {
    const list = stmt.type === 'BlockStatement' ? (stmt.body as Node[]) : [stmt];
    const r = this.statements(list, 0);
    if (r !== null) this.fail('internal-error', stmt, 'unexpected return');
  }

  private forStmt(s: Node): void {
    const init = s.init as Node | null;
    const test = s.test as Node | null;
    const update = s.update as Node | null;
    const form = 'write loops as `for (let i = A; i < B; i++)` (also <=, >, >=, i--, i += k)';
    if (!init || init.type !== 'VariableDeclaration' || (init.declarations as Node[]).length !== 1) this.fail('unsupported-loop-form', s, 'the loop must declare exactly one counter', form);
    const decl = (init.declarations as Node[])[0];
    if ((decl.id as Node).type !== 'Identifier' || !decl.init) this.fail('unsupported-loop-form', init, 'the loop counter needs a name and a start value', form);
    const counter = (decl.id as Node).name as string;
    if (!test || test.type !== 'BinaryExpression' || !FLIP[test.operator as string]) this.fail('unsupported-loop-form', test ?? s, 'the loop condition must compare the counter with a bound using <, <=, > or >=', form);
    let cmp = test.operator as string;
    let boundNode = test.right as Node;
    const isCounter = (n: Node) => n.type === 'Identifier' && n.name === counter;
    if (!isCounter(test.left as Node)) {
      if (!isCounter(test.right as Node)) this.fail('unsupported-loop-form', test, `the loop condition must compare the counter '${counter}' with a bound`, form);
      cmp = FLIP[cmp];
      boundNode = test.left as Node;
    }
    const step = this.loopStep(update, counter, form, s);
    if ((step > 0) !== (cmp === '<' || cmp === '<=')) this.fail('unsupported-loop-form', update ?? s, `the counter moves away from its bound (step ${step} with \`${cmp}\`), so the loop would not end`, form);
    const body = s.body as Node;
    const assigned = assignedNames(body);
    if (assigned.includes(counter)) {
      const where = findAssignment(body, counter) ?? body;
      this.fail('loop-counter-modified', where, `the loop counter '${counter}' is assigned inside the loop`, 'the loop header alone may change the counter');
    }
    const boundNames = new Set<string>();
    collectNames(boundNode, boundNames);
    for (const n of assigned) {
      // Element writes (`out[i] = ...` under `i < out.length`) leave the bound as it is.
      const whole = boundNames.has(n) ? findAssignment(body, n, true) : null;
      if (whole) this.fail('loop-counter-modified', whole, `'${n}' appears in the loop bound and is assigned inside the loop`, 'compute the bound once before the loop');
    }
    const lo = this.int(this.expr(decl.init as Node), decl.init as Node, 'bound');
    const hi = this.int(this.expr(boundNode), boundNode, 'bound');
    this.emitFor(lo, hi, cmp, step, s, counter, (iv) => {
      this.scopes[this.scopes.length - 1].set(counter, { kind: 'var', value: iv, mutable: false, decl: 'counter', owned: false });
      this.guardedBody(body);
    }, assigned);
  }

  private loopStep(update: Node | null, counter: string, form: string, s: Node): number {
    if (!update) return this.fail('unsupported-loop-form', s, 'the loop has no update', form);
    const target = (update.type === 'UpdateExpression' ? update.argument : update.left) as Node | undefined;
    if (!target || target.type !== 'Identifier' || target.name !== counter) this.fail('unsupported-loop-form', update, `the update must change the counter '${counter}'`, form);
    if (update.type === 'UpdateExpression') return update.operator === '++' ? 1 : -1;
    if (update.type === 'AssignmentExpression') {
      const op = update.operator as string;
      let stepNode: Node | null = null;
      let sign = 1;
      if (op === '+=' || op === '-=') {
        stepNode = update.right as Node;
        sign = op === '+=' ? 1 : -1;
      } else if (op === '=' && (update.right as Node).type === 'BinaryExpression') {
        const r = update.right as Node;
        if ((r.operator === '+' || r.operator === '-') && (r.left as Node).type === 'Identifier' && (r.left as Node).name === counter) {
          stepNode = r.right as Node;
          sign = r.operator === '+' ? 1 : -1;
        }
      }
      if (stepNode) {
        let k: number | null = null;
        try {
          const c = this.m.constant(stepNode, this.decl.scope);
          if (c.kind === 'num') k = c.value;
        } catch {
          k = null;
        }
        if (k === null || !Number.isInteger(k) || k === 0) this.fail('unsupported-loop-form', stepNode, 'the loop step must be a nonzero integer constant', form);
        return sign * k;
      }
    }
    return this.fail('unsupported-loop-form', update, 'the loop update must be i++, i--, i += k or i -= k', form);
  }

  /**
   * Emits a `for` op. Every outer variable named in `assigned` is loop-carried: it enters as a
   * body argument, the body's final value is yielded, and after the loop it is the op's result.
   */
  private emitFor(lo: Value, hi: Value, cmp: string, step: number, s: Node, counter: string, body: (iv: Value) => void, assigned: string[]): void {
    const carried = this.outerVars(assigned);
    const iv = this.b.value('int', counter);
    const args = carried.map(([n, b]) => this.b.value(b.value.type, n));
    const block: Block = { args: [iv, ...args], ops: [] };
    const inits = carried.map(([, b]) => b.value);
    carried.forEach(([, b], k) => {
      b.value = args[k];
      if (b.owned) this.owned.add(args[k].id);
    });
    this.loopDepth++;
    try {
      this.b.inBlock(block, () =>
        this.withScope(() => {
          body(iv);
          this.b.terminator('yield', [], s.span);
          block.ops[block.ops.length - 1].operands = carried.map(([, b]) => b.value);
        }),
      );
    } finally {
      this.loopDepth--;
    }
    const op: Op = { opcode: 'for', operands: [lo, hi, ...inits], results: carried.map(([n, b]) => this.b.value(b.value.type, n)), attrs: { cmp, step }, regions: [block], span: s.span };
    this.b.block.ops.push(op);
    carried.forEach(([, b], k) => {
      b.value = op.results[k];
      if (b.owned) this.owned.add(op.results[k].id);
    });
  }

  private forOf(s: Node): void {
    const left = s.left as Node;
    if (left.type !== 'VariableDeclaration' || (left.declarations as Node[]).length !== 1 || ((left.declarations as Node[])[0].id as Node).type !== 'Identifier') {
      this.fail('unsupported-loop-form', left, '`for...of` must declare one variable: `for (const v of a)`');
    }
    const name = (((left.declarations as Node[])[0].id as Node).name) as string;
    const arr = this.expr(s.right as Node);
    if (!isValue(arr) || (arr.type !== 'arr' && arr.type !== 'mat')) this.fail('type-mismatch', s.right as Node, '`for...of` needs an array');
    const body = s.body as Node;
    const assigned = assignedNames(body);
    if (assigned.includes(name)) this.fail('loop-counter-modified', findAssignment(body, name) ?? body, `the loop variable '${name}' is assigned inside the loop`);
    const arrName = (s.right as Node).type === 'Identifier' ? ((s.right as Node).name as string) : null;
    if (arrName && assigned.includes(arrName)) this.fail('loop-counter-modified', findAssignment(body, arrName) ?? body, `the array '${arrName}' is written while \`for...of\` walks over it`);
    const lo = this.b.constant(0, 'int', s.span);
    const hi = this.b.emit(arr.type === 'arr' ? 'len' : 'rows', [arr], (s.right as Node).span);
    this.emitFor(lo, hi, '<', 1, s, `${name}_i`, (iv) => {
      const v = this.b.emit(arr.type === 'arr' ? 'load' : 'row', [arr, iv], left.span, {}, undefined, name);
      this.scopes[this.scopes.length - 1].set(name, { kind: 'var', value: v, mutable: false, decl: 'const', owned: false });
      this.guardedBody(body);
    }, assigned);
  }

  // ----- expressions ----------------------------------------------------------------------

  expr(n: Node): Ex {
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'number') return n.value;
        if (typeof n.value === 'boolean') return n.value;
        if (n.value === null) return this.fail('unsupported-expression', n, '`null` is not supported');
        return this.fail('string', n, 'strings are not supported');
      case 'Identifier':
        return this.identifier(n);
      case 'BinaryExpression':
        return this.binaryExpr(n);
      case 'LogicalExpression': {
        const op = n.operator as string;
        if (op === '??') this.fail('logical-on-float', n, '`??` is not supported');
        const a = this.expr(n.left as Node);
        const b = this.expr(n.right as Node);
        const isBool = (e: Ex) => typeof e === 'boolean' || (isValue(e) && e.type === 'bool');
        if (!isBool(a) || !isBool(b)) this.fail('logical-on-float', n, `\`${op}\` needs two conditions on static integers`, 'to combine numbers use Math.max/Math.min');
        if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&&' ? a && b : a || b;
        return this.b.emit(op === '&&' ? 'and' : 'or', [this.bool(a, n.left as Node), this.bool(b, n.right as Node)], n.span);
      }
      case 'UnaryExpression':
        return this.unary(n);
      case 'ConditionalExpression':
        return this.conditional(n);
      case 'MemberExpression':
        return this.member(n);
      case 'CallExpression':
        return this.call(n);
      case 'NewExpression':
        return this.newExpr(n);
      case 'ArrayExpression':
        return this.arrayLiteral(n);
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return this.fail('unsupported-expression', n, 'assignments inside expressions are not supported', 'write the assignment as its own statement');
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fail('nested-function', n, 'a function expression can only be bound to a `const` name', 'write `const helper = (t: number) => ...;` and call `helper(...)`');
      default: {
        const bad = UNSUPPORTED_NODES[n.type];
        if (bad) throw new DiagnosticThrow(makeDiagnostic(bad[0], n.span, bad[1], bad[2]));
        return this.fail('unsupported-expression', n, `this expression (${n.type.replace(/^TS:/, '')}) is not supported`);
      }
    }
  }

  private identifier(n: Node): Ex {
    const name = n.name as string;
    const b = this.lookup(name);
    if (b?.kind === 'var') {
      const lit = this.literalConsts.get(b.value.id);
      return lit !== undefined ? lit : b.value;
    }
    if (b?.kind === 'arrow') return this.fail('unsupported-expression', n, `the function '${name}' can only be called`);
    const mod = this.m.lookupModule(this.decl.scope, name);
    if (mod?.constant) {
      const c = mod.constant;
      if (c.kind === 'num') return c.value;
      return this.b.emit('const', [], n.span, { value: c.value }, c.kind, name);
    }
    if (mod?.fn) return this.fail('unsupported-expression', n, `the function '${name}' can only be called`);
    if (name === 'Infinity') return Infinity;
    if (name === 'NaN') return NaN;
    if (name === 'undefined') return this.fail('unsupported-expression', n, '`undefined` is not supported');
    if (this.decl.scope.unresolved.has(name)) return NaN; // reported at its import
    return this.unknownName(n, name);
  }

  private unknownName(n: Node, name: string): never {
    if (name === 'eval' || name === 'Function') this.fail('eval', n, `\`${name}\` is not supported`);
    if (NONDETERMINISTIC.has(name)) this.fail('nondeterministic', n, `\`${name}\` is not deterministic; absad functions must be pure`);
    if (KNOWN_GLOBALS.has(name)) this.fail('global', n, `the global \`${name}\` is not available in absad functions`, 'absad functions may use only their parameters, module constants and Math');
    if (name === 'Math') this.fail('unsupported-expression', n, '`Math` can only be used as `Math.NAME`');
    return this.fail('undefined-name', n, `'${name}' is not declared`);
  }

  private binaryExpr(n: Node): Ex {
    const op = n.operator as string;
    if (['&', '|', '^', '<<', '>>', '>>>'].includes(op)) this.fail('bitwise-operator', n, `\`${op}\` is a bitwise operator, which truncates to an integer`);
    if (op === 'in' || op === 'instanceof') this.fail('unsupported-expression', n, `\`${op}\` is not supported`);
    if (ARITHMETIC.has(op)) for (const side of [n.left as Node, n.right as Node]) this.noConditionAsNumber(side);
    const a = this.expr(n.left as Node);
    const b = this.expr(n.right as Node);
    return this.binary(op, a, b, n);
  }

  /** `(a > b) * 2`, `-(a < b)`: a condition used as a number is ABS1203, whatever it compares. */
  private noConditionAsNumber(n: Node): void {
    const isCondition = (n.type === 'BinaryExpression' && CMP_TO_PRED[n.operator as string] !== undefined) || n.type === 'LogicalExpression' || (n.type === 'UnaryExpression' && n.operator === '!');
    if (isCondition) this.fail('comparison-as-number', n, 'a comparison is used as a number', 'use Math.max/Math.min/Math.abs to express the choice');
  }

  private binary(op: string, a: Ex, b: Ex, n: Node): Ex {
    const left = (n.left as Node | undefined) ?? n;
    const right = (n.right as Node | undefined) ?? n;
    if (typeof a === 'number' && typeof b === 'number') {
      const r = foldBinary(op, a, b);
      if (r === undefined) this.fail('unsupported-expression', n, `\`${op}\` is not supported`);
      return r!;
    }
    if (CMP_TO_PRED[op]) {
      if (this.isIntLike(a) && this.isIntLike(b)) {
        return this.b.emit('icmp', [this.int(a, left, 'index'), this.int(b, right, 'index')], n.span, { pred: CMP_TO_PRED[op] });
      }
      const boolish = (e: Ex) => typeof e === 'boolean' || (isValue(e) && e.type === 'bool');
      if (boolish(a) || boolish(b)) this.fail('comparison-as-number', n, 'comparing booleans is not supported');
      return this.fail('data-dependent-branch', n, 'this comparison depends on floating-point data, which absad may differentiate; only the patterns `a > b ? a : b`, `a < b ? a : b`, `x < 0 ? -x : x` and `x > 0 ? x : 0` may compare them', 'select values with Math.max/Math.min/Math.abs instead of branching');
    }
    if (op === '%') {
      if (this.isIntLike(a) && this.isIntLike(b)) return this.b.emit('irem', [this.int(a, left, 'index'), this.int(b, right, 'index')], n.span);
      return this.fail('remainder-on-float', n, '`%` of a floating-point value is discontinuous', 'absad supports `%` on static integers (loop counters, sizes) only');
    }
    if ((op === '+' || op === '-' || op === '*') && this.isIntLike(a) && this.isIntLike(b)) {
      const code = op === '+' ? 'iadd' : op === '-' ? 'isub' : 'imul';
      return this.b.emit(code, [this.int(a, left, 'index'), this.int(b, right, 'index')], n.span);
    }
    const code = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow' }[op];
    if (!code) return this.fail('unsupported-expression', n, `\`${op}\` is not supported`);
    return this.b.emit(code, [this.f64(a, left), this.f64(b, right)], n.span);
  }

  private unary(n: Node): Ex {
    const op = n.operator as string;
    if (op === '~') this.fail('bitwise-operator', n, '`~` is a bitwise operator, which truncates to an integer');
    if (op === 'typeof' || op === 'void' || op === 'delete') this.fail('unsupported-expression', n, `\`${op}\` is not supported`);
    if (op === '-' || op === '+') this.noConditionAsNumber(n.argument as Node);
    const a = this.expr(n.argument as Node);
    if (op === '!') {
      if (typeof a === 'boolean' || typeof a === 'number') return !a;
      if (isValue(a) && a.type === 'bool') return this.b.emit('not', [a], n.span);
      if (isValue(a) && a.type === 'int') return this.b.emit('not', [this.bool(a, n.argument as Node)], n.span);
      return this.fail('logical-on-float', n, '`!` needs a condition on static integers');
    }
    if (typeof a === 'number') return op === '-' ? -a : +a;
    if (typeof a === 'boolean') return this.fail('comparison-as-number', n, `\`${op}\` turns a boolean into a number`);
    if (op === '+') return a.type === 'f64' || a.type === 'int' ? a : this.f64(a, n);
    if (a.type === 'int') return this.b.emit('ineg', [a], n.span);
    return this.b.emit('neg', [this.f64(a, n)], n.span);
  }

  /** `c ? a : b`: a static select, or one of the value patterns that mean max/min/abs/relu. */
  private conditional(n: Node): Ex {
    const pattern = this.ternaryPattern(n);
    if (pattern) return pattern;
    const c = this.expr(n.test as Node);
    const cond = this.bool(c, n.test as Node);
    const a = this.expr(n.consequent as Node);
    const b = this.expr(n.alternate as Node);
    if (typeof c === 'boolean') return c ? a : b;
    const bothInt = this.isIntLike(a) && this.isIntLike(b);
    const bothBool = [a, b].every((e) => typeof e === 'boolean' || (isValue(e) && e.type === 'bool'));
    const t: Type = bothInt ? 'int' : bothBool ? 'bool' : 'f64';
    return this.b.emit('select', [cond, this.convert(a, t, n.consequent as Node), this.convert(b, t, n.alternate as Node)], n.span, {}, t);
  }

  private key(n: Node): string {
    return shapeKey(n, this.decl.scope.program.source, this.decl.scope.lineStarts);
  }

  private ternaryPattern(n: Node): Ex | null {
    const test = n.test as Node;
    if (test.type !== 'BinaryExpression' || !FLIP[test.operator as string]) return null;
    let op = test.operator as string;
    let L = test.left as Node;
    let R = test.right as Node;
    const C = n.consequent as Node;
    const A = n.alternate as Node;
    const [kL, kR, kC, kA] = [L, R, C, A].map((x) => this.key(x));
    const isZero = (k: string) => k === '0' || k === '0.0';
    // Decide first whether the comparison is static; static ternaries are ordinary selects.
    const probe = () => {
      const a = this.expr(L);
      const b = this.expr(R);
      return { a, b, static: this.isIntLike(a) && this.isIntLike(b) };
    };
    if (kC === kL && kA === kR) {
      // L op R ? L : R
    } else if (kC === kR && kA === kL) {
      [L, R] = [R, L];
      op = FLIP[op];
    } else {
      // abs: x op 0 ? -x : x  (or mirrored 0 op x)
      let x = L;
      let zeroOther = isZero(kR);
      if (!zeroOther && isZero(kL)) {
        x = R;
        op = FLIP[op];
        zeroOther = true;
      }
      if (!zeroOther) return null;
      const kx = this.key(x);
      const neg = (k: string) => k === `-${kx}` || k === `-(${kx})`;
      let tern: string | null = null;
      if (neg(kC) && kA === kx && (op === '<' || op === '<=')) tern = op; // negate when x op 0
      if (kC === kx && neg(kA) && (op === '>' || op === '>=')) tern = op === '>=' ? '<' : '<='; // negate when !(x op 0)
      if (!tern) return null;
      const v = this.expr(x);
      if (this.isIntLike(v)) return null;
      return this.b.emit('math.abs', [this.f64(v, x)], n.span, { tern });
    }
    const p = probe();
    if (p.static) return null;
    const kind = op === '>' || op === '>=' ? 'math.max' : 'math.min';
    return this.b.emit(kind, [this.f64(p.a, L), this.f64(p.b, R)], n.span, { tern: op });
  }

  private member(n: Node): Ex {
    const obj = n.object as Node;
    if (obj.type === 'Identifier' && !this.lookup(obj.name as string) && this.decl.scope.unresolved.has(obj.name as string)) return NaN; // reported at its import
    if (!n.computed) {
      const prop = (n.property as Node).name as string;
      if (obj.type === 'Identifier' && obj.name === 'Math' && !this.lookup('Math')) {
        if (prop in MATH_CONSTANTS) return MATH_CONSTANTS[prop];
        if (prop === 'random') this.fail('nondeterministic', n, '`Math.random` is not deterministic; absad functions must be pure', 'pass random numbers in as a data parameter');
        return this.fail('unknown-math-function', n, `\`Math.${prop}\` is not supported here`);
      }
      if (prop === 'length') {
        const a = this.expr(obj);
        if (isValue(a) && a.type === 'arr') return this.b.emit('len', [a], n.span);
        if (isValue(a) && a.type === 'mat') return this.b.emit('rows', [a], n.span);
        return this.fail('type-mismatch', obj, '`.length` needs an array');
      }
      if (obj.type === 'Identifier' && !this.lookup(obj.name as string) && !this.m.lookupModule(this.decl.scope, obj.name as string)) this.unknownName(obj, obj.name as string);
      // Report a problem inside the object first (`this.k`, `process.env.K`).
      if (obj.type !== 'Identifier') this.expr(obj);
      return this.fail('unsupported-expression', n, `the property \`.${prop}\` is not supported`);
    }
    const a = this.expr(obj);
    const idxNode = n.property as Node;
    if (!isValue(a) || (a.type !== 'arr' && a.type !== 'mat')) return this.fail('type-mismatch', obj, 'only arrays can be indexed');
    const idx = this.expr(idxNode);
    const len = typeof idx === 'number' && Number.isInteger(idx) ? this.constantLength(obj) : null;
    if (len !== null && ((idx as number) < 0 || (idx as number) >= len)) {
      this.fail('constant-out-of-range', idxNode, `index ${idx as number} is outside the constant array, which has ${len} element${len === 1 ? '' : 's'}`, `valid indices are 0 to ${len - 1}`);
    }
    const i = this.int(idx, idxNode, 'index');
    return this.b.emit(a.type === 'arr' ? 'load' : 'row', [a, i], n.span);
  }

  /** The length of a module-constant array that `n` names (or of every row of a constant matrix `M[i]`), if known. */
  private constantLength(n: Node): number | null {
    const named = (x: Node) => (x.type === 'Identifier' && !this.lookup(x.name as string) ? this.m.lookupModule(this.decl.scope, x.name as string)?.constant : undefined);
    const c = named(n);
    if (c && c.kind !== 'num') return c.value.length;
    const m = n.type === 'MemberExpression' && n.computed ? named(n.object as Node) : undefined;
    if (m?.kind === 'mat' && m.value.length > 0 && m.value.every((r) => r.length === m.value[0].length)) return m.value[0].length;
    return null;
  }

  private call(n: Node): Ex {
    const callee = n.callee as Node;
    const args = n.arguments as Node[];
    if (callee.type === 'MemberExpression' && !callee.computed) {
      const obj = callee.object as Node;
      const prop = (callee.property as Node).name as string;
      if (obj.type === 'Identifier' && obj.name === 'Math' && !this.lookup('Math')) return this.mathCall(prop, args, n);
      if (prop === 'fill' && obj.type === 'NewExpression' && (obj.callee as Node).type === 'Identifier' && (obj.callee as Node).name === 'Array') {
        return this.arrayFill(obj, args, n);
      }
      if (obj.type === 'Identifier' && obj.name === 'Array' && prop === 'from') return this.arrayFrom(args, n);
      if (obj.type === 'Identifier' && !this.lookup(obj.name as string) && !this.m.lookupModule(this.decl.scope, obj.name as string)) {
        if (this.decl.scope.unresolved.has(obj.name as string)) return this.unresolvedCall(args);
        this.unknownName(obj, obj.name as string);
      }
      // Report a problem inside the object first (`new Date().getTime()` is about Date).
      if (obj.type !== 'Identifier') this.expr(obj);
      return this.fail('unsupported-call', n, `calling \`.${prop}(...)\` is not supported`, 'absad functions may call Math functions and helper functions');
    }
    if (callee.type !== 'Identifier') return this.fail('unsupported-call', n, 'only Math functions and helper functions can be called');
    const name = callee.name as string;
    const local = this.lookup(name);
    if (local?.kind === 'arrow' && local.poisoned) return this.unresolvedCall(args);
    if (local?.kind === 'arrow') return this.inlineArrow(local, args, n);
    if (local?.kind === 'var') return this.fail('unsupported-call', callee, `'${name}' is not a function`);
    const mod = this.m.lookupModule(this.decl.scope, name);
    if (mod?.fn) return this.helperCall(mod.fn, args, n);
    if (this.decl.scope.unresolved.has(name)) return this.unresolvedCall(args);
    if (name === 'Number' || name === 'Boolean') this.fail('comparison-as-number', n, `\`${name}(...)\` conversions are not supported`, 'use Math.max/Math.min/Math.abs to express choices');
    return this.unknownName(callee, name);
  }

  /** A call to something already reported (an import not found, a poisoned helper): check the arguments only. */
  private unresolvedCall(args: Node[]): Ex {
    for (const a of args) this.expr(a);
    return NaN;
  }

  private mathCall(fname: string, argNodes: Node[], n: Node): Ex {
    const args = argNodes.map((a) => this.expr(a));
    const arity = (k: number) => {
      if (args.length !== k) this.fail('wrong-arity', n, `Math.${fname} takes ${k} argument${k === 1 ? '' : 's'}, got ${args.length}`);
    };
    const allLit = args.every((a) => typeof a === 'number');
    const mathFn = (Math as unknown as Record<string, (...a: number[]) => number>)[fname];
    if (fname === 'random') this.fail('nondeterministic', n, '`Math.random` is not deterministic; absad functions must be pure', 'pass random numbers in as a data parameter');
    if (fname === 'min' && argNodes.length === 2 && isMathCall(argNodes[0], 'max', 2) && !args.every((a) => this.isIntLike(a))) {
      // Math.min(Math.max(x, lo), hi) is a clamp: reports call it one, lowering keeps min(max()).
      // The inner max was just emitted for this argument and nothing else uses it yet.
      const ops = this.b.block.ops;
      const at = ops.findIndex((o) => o.results[0] === args[0]);
      const inner = ops[at];
      if (inner?.opcode === 'math.max' && inner.attrs.tern === undefined && inner.operands.length === 2) {
        ops.splice(at, 1);
        return this.b.emit('clamp', [...inner.operands, this.f64(args[1], argNodes[1])], n.span);
      }
    }
    if (fname === 'abs' || fname === 'max' || fname === 'min') {
      if (fname === 'abs') arity(1);
      if (allLit) return mathFn(...(args as number[]));
      if (args.every((a) => this.isIntLike(a))) {
        const ints = args.map((a, i) => this.int(a, argNodes[i], 'index'));
        return this.b.emit(fname === 'abs' ? 'iabs' : fname === 'max' ? 'imax' : 'imin', ints, n.span);
      }
      return this.b.emit(`math.${fname}`, args.map((a, i) => this.f64(a, argNodes[i])), n.span);
    }
    if (DISCONTINUOUS.has(fname)) {
      arity(1);
      if (allLit) return mathFn(args[0] as number);
      if (this.isIntLike(args[0]) && fname !== 'sign') return args[0];
      const inner = argNodes[0];
      if (fname === 'floor' && inner.type === 'BinaryExpression' && inner.operator === '/') {
        const a = this.expr(inner.left as Node);
        const b = this.expr(inner.right as Node);
        if (this.isIntLike(a) && this.isIntLike(b)) return this.b.emit('idiv', [this.int(a, inner.left as Node, 'index'), this.int(b, inner.right as Node, 'index')], n.span);
      }
      return this.fail('discontinuous-elemental', n, `\`Math.${fname}\` of a floating-point value is discontinuous, so it has no generalized gradient`, fname === 'sign' ? 'write the product `Math.sign(u) * v` as a function of Math.abs, e.g. soft-thresholding `u - (Math.abs(u + l) - Math.abs(u - l)) / 2`' : 'absad allows it on static integers only');
    }
    if (fname === 'pow' || fname === 'atan2') {
      arity(2);
      if (allLit) return mathFn(...(args as number[]));
      return this.b.emit(fname, args.map((a, i) => this.f64(a, argNodes[i])), n.span);
    }
    if (fname === 'hypot') {
      if (allLit) return Math.hypot(...(args as number[]));
      return this.b.emit('hypot', args.map((a, i) => this.f64(a, argNodes[i])), n.span);
    }
    if (SMOOTH_MATH.has(fname)) {
      arity(1);
      if (allLit) return mathFn(args[0] as number);
      return this.b.emit(fname, [this.f64(args[0], argNodes[0])], n.span);
    }
    return this.fail('unknown-math-function', n, `\`Math.${fname}\` is not supported`, 'see the list of supported elementals in the README');
  }

  private helperCall(fn: FnDecl, argNodes: Node[], n: Node): Ex {
    const f = this.m.func(fn, n);
    if (!f) return NaN;
    if (argNodes.length !== f.params.length) this.fail('wrong-arity', n, `'${fn.name}' takes ${f.params.length} argument${f.params.length === 1 ? '' : 's'}, got ${argNodes.length}`);
    const args = argNodes.map((a, i) => {
      const e = this.expr(a);
      const t = f.params[i].value.type;
      if (t === 'int' && !this.isIntLike(e)) {
        this.fail('float-index', a, `parameter '${f.params[i].name}' of '${fn.name}' is used as an integer (an index, size or bound), but this argument is floating-point data`);
      }
      return this.convert(e, t, a);
    });
    const r = this.b.emit('call', args, n.span, { callee: f.name }, f.resultType);
    if (r.type === 'arr') this.owned.add(r.id);
    return r;
  }

  /** Nested `const h = (t) => ...` helpers are expanded in place with their arguments bound. */
  private inlineArrow(b: ArrowBinding, argNodes: Node[], n: Node): Ex {
    const params = b.node.params as Node[];
    if (argNodes.length !== params.length) this.fail('wrong-arity', n, `the function takes ${params.length} argument${params.length === 1 ? '' : 's'}, got ${argNodes.length}`);
    const args = argNodes.map((a) => this.expr(a));
    const savedScopes = this.scopes;
    this.scopes = [...b.scopes, new Map()];
    try {
      params.forEach((p, i) => {
        if (p.type !== 'Identifier') this.fail('destructuring', p, 'destructured parameters are not supported');
        const a = args[i];
        const v = isValue(a) ? a : typeof a === 'number' ? this.b.constant(a, Number.isInteger(a) ? 'int' : 'f64', argNodes[i].span) : this.bool(a, argNodes[i]);
        if (typeof a === 'number' && Number.isInteger(a)) this.literalConsts.set(v.id, a);
        this.scopes[this.scopes.length - 1].set(p.name as string, { kind: 'var', value: v, mutable: false, decl: 'const', owned: false });
      });
      const body = b.node.body as Node;
      if (b.node.expression) return this.expr(body);
      if (this.loopDepth > 0 && containsReturn(body)) {
        // Returns inside a nested helper are fine: they return from the helper, not the loop.
      }
      const savedDepth = this.loopDepth;
      this.loopDepth = 0;
      try {
        const r = this.statementsInline(body.body as Node[], n);
        return r;
      } finally {
        this.loopDepth = savedDepth;
      }
    } finally {
      this.scopes = savedScopes;
    }
  }

  /** Lowers a nested helper's block body in place; its final `return` gives the value. */
  private statementsInline(stmts: Node[], site: Node): Ex {
    const block: Block = { args: [], ops: [] };
    const r = this.b.inBlock(block, () => this.statements(stmts, 0));
    if (r === null) this.fail('missing-return', site, 'the nested function does not return a value on every path');
    // Splice the ops into the current block, dropping the helper's own `return`.
    const ret = block.ops.pop();
    if (!ret || ret.opcode !== 'return') this.fail('internal-error', site, 'nested function lowering lost its return');
    this.b.block.ops.push(...block.ops);
    return ret!.operands[0];
  }

  private newExpr(n: Node): Ex {
    const callee = n.callee as Node;
    const args = n.arguments as Node[];
    const cname = callee.type === 'Identifier' ? (callee.name as string) : '';
    if (cname === 'Float32Array') {
      // Reported here, then lowered like Float64Array so that uses of the array add no follow-on errors.
      this.m.report('unsupported-new', n.span, '`new Float32Array` rounds every store to single precision; absad computes local arrays in f64', 'write `new Float64Array(k)`');
    }
    if (cname === 'Float64Array' || cname === 'Float32Array' || cname === 'Array') {
      if (args.length === 1 && args[0].type === 'ArrayExpression' && cname !== 'Array') return this.arrayLiteral(args[0]);
      if (args.length !== 1) this.fail('unsupported-new', n, `\`new ${cname}(...)\` takes one size argument`);
      const size = this.expr(args[0]);
      if (isValue(size) && size.type === 'arr') this.fail('unsupported-new', n, `copying an array with \`new ${cname}(other)\` is not supported`, 'allocate with a size and copy in a loop');
      if (cname === 'Array') this.fail('unsupported-new', n, '`new Array(k)` must be followed by `.fill(0)`', 'or write `new Float64Array(k)`');
      const k = this.int(size, args[0], 'size');
      const v = this.b.emit('alloc', [k], n.span);
      this.owned.add(v.id);
      return v;
    }
    if (cname === 'Date') this.fail('nondeterministic', n, '`Date` is not deterministic; absad functions must be pure');
    if (cname === 'Function') this.fail('eval', n, '`new Function` is not supported');
    return this.fail('unsupported-new', n, `\`new ${cname || '...'}\` is not supported`, 'only `new Float64Array(k)` and `new Array(k).fill(0)` create arrays');
  }

  private arrayLiteral(n: Node): Ex {
    const elements = n.elements as (Node | null)[];
    const vals = elements.map((e) => {
      if (!e) this.fail('unsupported-expression', n, 'array holes are not supported');
      if (e!.type === 'SpreadElement') this.fail('destructuring', e!, 'spread is not supported');
      const v = this.expr(e!);
      if (isValue(v) && (v.type === 'arr' || v.type === 'mat')) this.fail('unsupported-expression', e!, 'local arrays of arrays are not supported', 'use a flat Float64Array with row-major indexing');
      return v;
    });
    let arr = this.b.emit('alloc', [this.b.constant(vals.length, 'int', n.span)], n.span);
    vals.forEach((v, i) => {
      arr = this.b.emit('store', [arr, this.b.constant(i, 'int', elements[i]!.span), this.f64(v, elements[i]!)], elements[i]!.span, {}, 'arr');
    });
    this.owned.add(arr.id);
    return arr;
  }

  private arrayFill(newNode: Node, args: Node[], n: Node): Ex {
    const sizeArgs = newNode.arguments as Node[];
    if (sizeArgs.length !== 1 || args.length !== 1) this.fail('unsupported-new', n, 'write `new Array(k).fill(value)`');
    const k = this.int(this.expr(sizeArgs[0]), sizeArgs[0], 'size');
    const fill = this.expr(args[0]);
    let arr = this.b.emit('alloc', [k], n.span);
    if (!(typeof fill === 'number' && Object.is(fill, 0))) {
      const v = this.f64(fill, args[0]);
      arr = this.fillLoop(arr, k, n, () => v);
    }
    this.owned.add(arr.id);
    return arr;
  }

  /** `Array.from({ length: k }, (_, i) => expr)` becomes alloc plus a loop that stores expr. */
  private arrayFrom(args: Node[], n: Node): Ex {
    const obj = args[0];
    const lengthProp = obj?.type === 'ObjectExpression' ? (obj.properties as Node[]).find((p) => (p.key as Node | undefined)?.name === 'length') : undefined;
    if (!lengthProp || (obj.properties as Node[]).length !== 1 || args.length > 2) {
      this.fail('unsupported-call', n, 'only `Array.from({ length: k }, (_, i) => value)` is supported');
    }
    const k = this.int(this.expr(lengthProp!.value as Node), lengthProp!.value as Node, 'size');
    const arr = this.b.emit('alloc', [k], n.span);
    const fn = args[1];
    if (!fn) {
      this.fail('unsupported-call', n, '`Array.from({ length: k })` gives undefined elements; pass a function giving numbers');
    }
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') this.fail('unsupported-call', fn, 'the second argument must be an arrow function');
    const params = fn.params as Node[];
    const result = this.fillLoop(arr, k, n, (iv) => {
      const binding: ArrowBinding = { kind: 'arrow', node: fn, scopes: [...this.scopes] };
      // Bind the index parameter; the element parameter is undefined in JavaScript, so it must be unused.
      const scope = new Map<string, Binding>();
      if (params[1]?.type === 'Identifier') scope.set(params[1].name as string, { kind: 'var', value: iv, mutable: false, decl: 'const', owned: false });
      const savedScopes = this.scopes;
      this.scopes = [...binding.scopes, scope];
      try {
        const body = fn.body as Node;
        const e = fn.expression ? this.expr(body) : this.statementsInline(body.body as Node[], n);
        return this.f64(e, body);
      } finally {
        this.scopes = savedScopes;
      }
    });
    this.owned.add(result.id);
    return result;
  }

  private fillLoop(arr: Value, k: Value, n: Node, value: (iv: Value) => Value): Value {
    const iv = this.b.value('int', 'i');
    const carried = this.b.value('arr', arr.hint);
    const block: Block = { args: [iv, carried], ops: [] };
    this.b.inBlock(block, () => {
      const v = value(iv);
      const next = this.b.emit('store', [carried, iv, v], n.span, {}, 'arr');
      this.b.terminator('yield', [next], n.span);
    });
    const zero = this.b.constant(0, 'int', n.span);
    const op: Op = { opcode: 'for', operands: [zero, k, arr], results: [this.b.value('arr', arr.hint)], attrs: { cmp: '<', step: 1 }, regions: [block], span: n.span };
    this.b.block.ops.push(op);
    return op.results[0];
  }
}

function isArrayFrom(n: Node): boolean {
  const callee = n.callee as Node | undefined;
  return callee?.type === 'MemberExpression' && !callee.computed && (callee.object as Node).type === 'Identifier' && (callee.object as Node).name === 'Array' && (callee.property as Node).name === 'from';
}

function isMathCall(n: Node, name: string, arity: number): boolean {
  const callee = n.callee as Node | undefined;
  return (
    n.type === 'CallExpression' &&
    callee?.type === 'MemberExpression' &&
    !callee.computed &&
    (callee.object as Node).type === 'Identifier' &&
    (callee.object as Node).name === 'Math' &&
    (callee.property as Node).name === name &&
    (n.arguments as Node[]).length === arity
  );
}

/** True when every path through the statement list ends in a `return`. */
function alwaysReturns(stmts: Node[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === 'ReturnStatement') return true;
  if (last.type === 'BlockStatement') return alwaysReturns(last.body as Node[]);
  if (last.type === 'IfStatement' && last.alternate) {
    const list = (n: Node) => (n.type === 'BlockStatement' ? (n.body as Node[]) : [n]);
    return alwaysReturns(list(last.consequent as Node)) && alwaysReturns(list(last.alternate as Node));
  }
  return false;
}

function collectNames(n: Node, out: Set<string>): void {
  if (n.type === 'Identifier') out.add(n.name as string);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'span') continue;
    if (n.type === 'MemberExpression' && k === 'property' && !n.computed) continue;
    if (Array.isArray(v)) v.forEach((c) => typeof c === 'object' && c && 'type' in c && collectNames(c as Node, out));
    else if (typeof v === 'object' && v && 'type' in v) collectNames(v as Node, out);
  }
}

/** The first assignment to `name` (or to one of its elements, unless `wholeOnly`) inside `body`. */
function findAssignment(body: Node, name: string, wholeOnly = false): Node | null {
  let found: Node | null = null;
  const visit = (n: Node): void => {
    if (found) return;
    const target = n.type === 'AssignmentExpression' ? (n.left as Node) : n.type === 'UpdateExpression' ? (n.argument as Node) : null;
    if (target) {
      const base = target.type === 'MemberExpression' ? (wholeOnly ? null : (target.object as Node)) : target;
      if (base?.type === 'Identifier' && base.name === name) {
        found = n;
        return;
      }
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'span') continue;
      if (Array.isArray(v)) v.forEach((c) => typeof c === 'object' && c && 'type' in c && visit(c as Node));
      else if (typeof v === 'object' && v && 'type' in v) visit(v as Node);
    }
  };
  visit(body);
  return found;
}
