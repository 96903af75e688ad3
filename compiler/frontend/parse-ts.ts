/**
 * TypeScript (`.ts`, `.mts`) -> the common tree of ast.ts, through TypeScript's checker.
 *
 * Takes source text and a file name; returns the Program plus any syntax and type errors the
 * TypeScript checker reports (as ABS1001 / ABS1002 diagnostics). Type-only syntax (annotations,
 * `as`, `!`, interfaces, type aliases) is dropped; parameter and return types are resolved with
 * the checker and attached as TypeNotes. Syntax absad does not support is kept as a node named
 * after its ESTree type (or `TS:<SyntaxKind>`), so the lowering can report it precisely.
 *
 * Two libraries: the file is first checked against the core library (core-lib-gen.ts: the part
 * of lib.es2022 the subset reaches, an eighth of it, verbatim), which is what makes a small
 * compile fast. When the checker reports anything at all there, the file is checked again
 * against the full lib.es2022 in ts-morph's project, and only that check's diagnostics and types
 * are used: a user never sees a message that the core library's absence of something caused.
 * `ABSAD_TS_LIB=full` skips the first check.
 */
import type { Project, ts as T } from 'ts-morph';
import { loadTsMorph, ts } from './typescript.js';
import type { Span } from '../ir/types.js';
import type { Node, Program, TypeNote } from './ast.js';
import { type Diagnostic, makeDiagnostic } from '../diagnostics/diagnostic.js';
import { checkTsTree } from './limits.js';
import { CORE_LIB } from './core-lib.js';

export type TsLib = 'core' | 'full';

const OPTIONS: T.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  types: [],
};

let sharedProject: Project | undefined;

/** One project for the whole process: creating it (and loading lib.d.ts) is the slow part. */
function project(): Project {
  sharedProject ??= new (loadTsMorph().Project)({ useInMemoryFileSystem: true, compilerOptions: { ...OPTIONS, lib: ['lib.es2022.d.ts'] } });
  return sharedProject;
}

/** The full library: ts-morph's in-memory project with lib.es2022 (and the files' imports). */
function fullProgram(source: string, absPath: string, others: Map<string, string>): T.Program {
  const p = project();
  for (const sf of p.getSourceFiles()) p.removeSourceFile(sf);
  try {
    for (const [path, text] of others) if (path !== absPath) p.createSourceFile(path, text, { overwrite: true });
    p.createSourceFile(absPath, source, { overwrite: true });
    return p.getProgram().compilerObject;
  } catch (e) {
    for (const sf of p.getSourceFiles()) p.removeSourceFile(sf);
    throw e;
  }
}

const CORE_LIB_FILE = '/absad-core-lib/lib.core.d.ts';
/** Parsed and bound once per process; TypeScript reuses an unchanged SourceFile across programs. */
let coreLibFile: T.SourceFile | undefined;

/** The core library: a program of its own over the file, its imports and core-lib.ts. */
function coreProgram(source: string, absPath: string, others: Map<string, string>): T.Program {
  coreLibFile ??= ts.createSourceFile(CORE_LIB_FILE, CORE_LIB, ts.ScriptTarget.ES2022, false);
  const texts = new Map(others);
  texts.set(absPath, source);
  const host: T.CompilerHost = {
    getSourceFile: (name, languageVersion) => {
      if (name === CORE_LIB_FILE) return coreLibFile;
      const text = texts.get(name);
      return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
    },
    fileExists: (name) => texts.has(name) || name === CORE_LIB_FILE,
    readFile: (name) => (name === CORE_LIB_FILE ? CORE_LIB : texts.get(name)),
    getDefaultLibFileName: () => CORE_LIB_FILE,
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  return ts.createProgram({ rootNames: [CORE_LIB_FILE, ...texts.keys()], options: { ...OPTIONS, noLib: true }, host });
}

/** Anything the checker says about the core program, wherever it says it. */
function coreComplains(program: T.Program, file: T.SourceFile): boolean {
  return (
    program.getOptionsDiagnostics().length > 0 ||
    program.getGlobalDiagnostics().length > 0 ||
    program.getSyntacticDiagnostics(file).length > 0 ||
    program.getSemanticDiagnostics(file).length > 0
  );
}

export interface TsParseResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** The library the reported diagnostics and types were checked against. */
  lib: TsLib;
}

/** `ABSAD_TS_LIB=full` checks against the full library only. */
function firstLib(): TsLib {
  return process.env.ABSAD_TS_LIB === 'full' ? 'full' : 'core';
}

/**
 * `absPath` is where the file lives (imports resolve from there), `file` the name diagnostics
 * show. `others` holds the text of every local module it imports (absolute path -> text), so
 * the checker sees the same sources the lowering reads.
 */
export function parseTs(source: string, absPath: string, file: string, others: Map<string, string> = new Map(), lib: TsLib = firstLib()): TsParseResult {
  let program: T.Program;
  try {
    program = lib === 'core' ? coreProgram(source, absPath, others) : fullProgram(source, absPath, others);
  } catch (e) {
    // The parser recurses once per nesting level; limits.ts rejects deep files before this, so
    // this is the fallback for a shape its scan does not foresee.
    if (!(e instanceof RangeError)) throw e;
    const span: Span = { file, line: 1, col: 1, endLine: 1, endCol: 1 };
    return { program: emptyProgram(file, source), diagnostics: [makeDiagnostic('nesting-too-deep', span, 'this file nests too deeply for the TypeScript parser (it ran out of stack)', 'split long expressions and deeply nested statements')], lib };
  }
  const tsFile = program.getSourceFile(absPath)!;

  // Depth and function size before the checker and the converter, both recursive and both slow
  // on very large functions.
  const limits = checkTsTree(tsFile, file);
  if (limits.length > 0) return { program: emptyProgram(file, source), diagnostics: limits, lib };
  if (lib === 'core' && coreComplains(program, tsFile)) return parseTs(source, absPath, file, others, 'full');

  const diagnostics: Diagnostic[] = [];
  const toDiag = (d: T.Diagnostic, name: 'syntax-error' | 'type-error') => {
    if (!d.file || d.file.fileName !== tsFile.fileName) return;
    const start = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const end = d.file.getLineAndCharacterOfPosition((d.start ?? 0) + (d.length ?? 1));
    const span: Span = { file, line: start.line + 1, col: start.character + 1, endLine: end.line + 1, endCol: end.character + 1 };
    diagnostics.push(makeDiagnostic(name, span, ts.flattenDiagnosticMessageText(d.messageText, ' '), `TypeScript TS${d.code}`));
  };
  const syntactic = program.getSyntacticDiagnostics(tsFile);
  syntactic.forEach((d) => toDiag(d, 'syntax-error'));
  if (syntactic.length === 0) program.getSemanticDiagnostics(tsFile).forEach((d) => toDiag(d, 'type-error'));

  const converter = new Converter(tsFile, file, program.getTypeChecker());
  const out = converter.convert(tsFile) as Program;
  out.source = source;
  return { program: out, diagnostics, lib };
}

/**
 * The name of a SyntaxKind. `ts.SyntaxKind[kind]` gives the enum's last alias, which for some
 * kinds is a range marker (DebuggerStatement reads as `LastStatement`).
 */
const KIND_NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(ts.SyntaxKind)) {
  if (typeof value === 'number' && !/^(First|Last)/.test(name) && !KIND_NAMES.has(value)) KIND_NAMES.set(value, name);
}
function kindName(kind: T.SyntaxKind): string {
  return KIND_NAMES.get(kind) ?? String(kind);
}

/** The program returned with a diagnostic that stops compilation (nothing is lowered from it). */
function emptyProgram(file: string, source: string): Program {
  return { type: 'Program', span: { file, line: 1, col: 1, endLine: 1, endCol: 1 }, body: [], source };
}

const ASSIGN_OPS = new Map<T.SyntaxKind, string>([
  [ts.SyntaxKind.EqualsToken, '='],
  [ts.SyntaxKind.PlusEqualsToken, '+='],
  [ts.SyntaxKind.MinusEqualsToken, '-='],
  [ts.SyntaxKind.AsteriskEqualsToken, '*='],
  [ts.SyntaxKind.SlashEqualsToken, '/='],
  [ts.SyntaxKind.PercentEqualsToken, '%='],
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken, '**='],
  [ts.SyntaxKind.AmpersandEqualsToken, '&='],
  [ts.SyntaxKind.BarEqualsToken, '|='],
  [ts.SyntaxKind.CaretEqualsToken, '^='],
  [ts.SyntaxKind.LessThanLessThanEqualsToken, '<<='],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, '>>='],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, '>>>='],
  [ts.SyntaxKind.AmpersandAmpersandEqualsToken, '&&='],
  [ts.SyntaxKind.BarBarEqualsToken, '||='],
  [ts.SyntaxKind.QuestionQuestionEqualsToken, '??='],
]);

const LOGICAL_OPS = new Map<T.SyntaxKind, string>([
  [ts.SyntaxKind.AmpersandAmpersandToken, '&&'],
  [ts.SyntaxKind.BarBarToken, '||'],
  [ts.SyntaxKind.QuestionQuestionToken, '??'],
]);

class Converter {
  constructor(private sf: T.SourceFile, private file: string, private checker: T.TypeChecker) {}

  private span(n: T.Node): Span {
    const start = this.sf.getLineAndCharacterOfPosition(n.getStart(this.sf));
    const end = this.sf.getLineAndCharacterOfPosition(n.getEnd());
    return { file: this.file, line: start.line + 1, col: start.character + 1, endLine: end.line + 1, endCol: end.character + 1 };
  }

  private node(type: string, n: T.Node, fields: Record<string, unknown> = {}): Node {
    return { type, span: this.span(n), ...fields };
  }

  private exported(n: T.Node): boolean {
    return (ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  }

  private hasModifier(n: T.Node, kind: T.SyntaxKind): boolean {
    return (ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : []).some((m) => m.kind === kind);
  }

  typeNote(t: T.Type, declared: boolean): TypeNote {
    const text = this.checker.typeToString(t);
    if (text === 'number') return 'number';
    if (text === 'boolean') return 'bool';
    if (text === 'any') return declared ? { unsupported: 'any' } : 'none';
    const arr = /^(Float64Array|Float32Array)(<.*>)?$|^(readonly )?number\[\]$|^ArrayLike<number>$/;
    if (arr.test(text)) return 'arr';
    const mat = /^(readonly )?\(?(readonly )?number\[\]\)?\[\]$|^(readonly )?(Float64Array|Float32Array)(<.*>)?\[\]$|^number\[\]\[\]$/;
    if (mat.test(text)) return 'mat';
    return { unsupported: text };
  }

  convert(n: T.Node): Node {
    const k = ts.SyntaxKind;
    const c = (x: T.Node) => this.convert(x);
    switch (n.kind) {
      case k.SourceFile:
        return this.node('Program', n, { body: (n as T.SourceFile).statements.map(c) });
      case k.FunctionDeclaration:
      case k.FunctionExpression:
      case k.ArrowFunction: {
        const f = n as T.FunctionDeclaration | T.FunctionExpression | T.ArrowFunction;
        const type = n.kind === k.FunctionDeclaration ? 'FunctionDeclaration' : n.kind === k.ArrowFunction ? 'ArrowFunctionExpression' : 'FunctionExpression';
        const body = f.body ? c(f.body) : null;
        const sig = this.checker.getSignatureFromDeclaration(f);
        const node = this.node(type, n, {
          id: f.name ? c(f.name) : null,
          params: f.parameters.map((p) => this.param(p)),
          body,
          expression: f.body !== undefined && !ts.isBlock(f.body),
          async: this.hasModifier(n, k.AsyncKeyword),
          generator: 'asteriskToken' in f && f.asteriskToken !== undefined,
          returnNote: sig ? this.typeNote(sig.getReturnType(), f.type !== undefined) : 'none',
          returnTypeSpan: f.type ? this.span(f.type) : undefined,
        });
        if (n.kind === k.FunctionDeclaration && this.exported(n)) return this.node('ExportNamedDeclaration', n, { declaration: node });
        return node;
      }
      case k.VariableStatement: {
        const v = n as T.VariableStatement;
        const decl = this.varList(v.declarationList, n);
        if (this.exported(n)) return this.node('ExportNamedDeclaration', n, { declaration: decl });
        return decl;
      }
      case k.VariableDeclarationList:
        return this.varList(n as T.VariableDeclarationList, n);
      case k.Block:
        return this.node('BlockStatement', n, { body: (n as T.Block).statements.map(c) });
      case k.ExpressionStatement:
        return this.node('ExpressionStatement', n, { expression: c((n as T.ExpressionStatement).expression) });
      case k.ReturnStatement: {
        const e = (n as T.ReturnStatement).expression;
        return this.node('ReturnStatement', n, { argument: e ? c(e) : null });
      }
      case k.IfStatement: {
        const s = n as T.IfStatement;
        return this.node('IfStatement', n, { test: c(s.expression), consequent: c(s.thenStatement), alternate: s.elseStatement ? c(s.elseStatement) : null });
      }
      case k.ForStatement: {
        const s = n as T.ForStatement;
        return this.node('ForStatement', n, {
          init: s.initializer ? c(s.initializer) : null,
          test: s.condition ? c(s.condition) : null,
          update: s.incrementor ? c(s.incrementor) : null,
          body: c(s.statement),
        });
      }
      case k.ForOfStatement: {
        const s = n as T.ForOfStatement;
        return this.node('ForOfStatement', n, { left: c(s.initializer), right: c(s.expression), body: c(s.statement), await: s.awaitModifier !== undefined });
      }
      case k.ForInStatement:
        return this.node('ForInStatement', n);
      case k.WhileStatement:
        return this.node('WhileStatement', n);
      case k.DoStatement:
        return this.node('DoWhileStatement', n);
      case k.BreakStatement:
        return this.node('BreakStatement', n);
      case k.ContinueStatement:
        return this.node('ContinueStatement', n);
      case k.EmptyStatement:
        return this.node('EmptyStatement', n);
      case k.SwitchStatement:
        return this.node('SwitchStatement', n);
      case k.TryStatement:
        return this.node('TryStatement', n);
      case k.ThrowStatement:
        return this.node('ThrowStatement', n);
      case k.LabeledStatement:
        return this.node('LabeledStatement', n);
      case k.ClassDeclaration:
        return this.node('ClassDeclaration', n);
      case k.ClassExpression:
        return this.node('ClassExpression', n);
      case k.InterfaceDeclaration:
      case k.TypeAliasDeclaration:
        return this.node('TSTypeOnly', n);
      case k.ImportDeclaration: {
        const d = n as T.ImportDeclaration;
        const specifiers: Node[] = [];
        const clause = d.importClause;
        if (clause?.name) specifiers.push(this.node('ImportDefaultSpecifier', clause.name, { local: c(clause.name) }));
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) specifiers.push(this.node('ImportNamespaceSpecifier', bindings, { local: c(bindings.name) }));
        if (bindings && ts.isNamedImports(bindings)) {
          for (const e of bindings.elements) {
            specifiers.push(this.node('ImportSpecifier', e, { imported: c(e.propertyName ?? e.name), local: c(e.name) }));
          }
        }
        return this.node('ImportDeclaration', n, { specifiers, source: c(d.moduleSpecifier), typeOnly: clause?.isTypeOnly ?? false });
      }
      case k.Identifier:
        return this.node('Identifier', n, { name: (n as T.Identifier).text });
      case k.NumericLiteral:
        return this.node('Literal', n, { value: Number((n as T.NumericLiteral).text), raw: n.getText(this.sf) });
      case k.StringLiteral:
      case k.NoSubstitutionTemplateLiteral:
        return this.node('Literal', n, { value: (n as T.StringLiteral).text, raw: n.getText(this.sf) });
      case k.TemplateExpression:
        return this.node('TemplateLiteral', n);
      case k.TaggedTemplateExpression:
        return this.node('TaggedTemplateExpression', n);
      case k.RegularExpressionLiteral:
        return this.node('Literal', n, { value: n.getText(this.sf), regex: true });
      case k.BigIntLiteral:
        return this.node('Literal', n, { value: n.getText(this.sf), bigint: true });
      case k.TrueKeyword:
      case k.FalseKeyword:
        return this.node('Literal', n, { value: n.kind === k.TrueKeyword, raw: n.getText(this.sf) });
      case k.NullKeyword:
        return this.node('Literal', n, { value: null, raw: 'null' });
      case k.ThisKeyword:
        return this.node('ThisExpression', n);
      case k.SuperKeyword:
        return this.node('Super', n);
      case k.BinaryExpression: {
        const b = n as T.BinaryExpression;
        const opKind = b.operatorToken.kind;
        if (ASSIGN_OPS.has(opKind)) return this.node('AssignmentExpression', n, { operator: ASSIGN_OPS.get(opKind), left: c(b.left), right: c(b.right) });
        if (LOGICAL_OPS.has(opKind)) return this.node('LogicalExpression', n, { operator: LOGICAL_OPS.get(opKind), left: c(b.left), right: c(b.right) });
        if (opKind === k.CommaToken) return this.node('SequenceExpression', n, { expressions: [c(b.left), c(b.right)] });
        return this.node('BinaryExpression', n, { operator: b.operatorToken.getText(this.sf), left: c(b.left), right: c(b.right) });
      }
      case k.PrefixUnaryExpression: {
        const u = n as T.PrefixUnaryExpression;
        const op = ts.tokenToString(u.operator)!;
        if (op === '++' || op === '--') return this.node('UpdateExpression', n, { operator: op, prefix: true, argument: c(u.operand) });
        return this.node('UnaryExpression', n, { operator: op, prefix: true, argument: c(u.operand) });
      }
      case k.PostfixUnaryExpression: {
        const u = n as T.PostfixUnaryExpression;
        return this.node('UpdateExpression', n, { operator: ts.tokenToString(u.operator), prefix: false, argument: c(u.operand) });
      }
      case k.TypeOfExpression:
        return this.node('UnaryExpression', n, { operator: 'typeof', argument: c((n as T.TypeOfExpression).expression) });
      case k.VoidExpression:
        return this.node('UnaryExpression', n, { operator: 'void', argument: c((n as T.VoidExpression).expression) });
      case k.DeleteExpression:
        return this.node('UnaryExpression', n, { operator: 'delete', argument: c((n as T.DeleteExpression).expression) });
      case k.AwaitExpression:
        return this.node('AwaitExpression', n);
      case k.YieldExpression:
        return this.node('YieldExpression', n);
      case k.CallExpression: {
        const e = n as T.CallExpression;
        const call = this.node('CallExpression', n, { callee: c(e.expression), arguments: e.arguments.map(c), optional: e.questionDotToken !== undefined });
        return e.questionDotToken ? this.node('ChainExpression', n, { expression: call }) : call;
      }
      case k.NewExpression: {
        const e = n as T.NewExpression;
        return this.node('NewExpression', n, { callee: c(e.expression), arguments: (e.arguments ?? []).map(c) });
      }
      case k.PropertyAccessExpression: {
        const e = n as T.PropertyAccessExpression;
        if (e.questionDotToken) return this.node('ChainExpression', n, { expression: null });
        if (ts.isPrivateIdentifier(e.name)) return this.node('TS:PrivateIdentifier', e.name);
        return this.node('MemberExpression', n, { object: c(e.expression), property: c(e.name), computed: false });
      }
      case k.ElementAccessExpression: {
        const e = n as T.ElementAccessExpression;
        if (e.questionDotToken) return this.node('ChainExpression', n, { expression: null });
        return this.node('MemberExpression', n, { object: c(e.expression), property: c(e.argumentExpression), computed: true });
      }
      case k.ConditionalExpression: {
        const e = n as T.ConditionalExpression;
        return this.node('ConditionalExpression', n, { test: c(e.condition), consequent: c(e.whenTrue), alternate: c(e.whenFalse) });
      }
      case k.ArrayLiteralExpression:
        return this.node('ArrayExpression', n, { elements: (n as T.ArrayLiteralExpression).elements.map(c) });
      case k.ObjectLiteralExpression:
        return this.node('ObjectExpression', n, { properties: (n as T.ObjectLiteralExpression).properties.map((p) => this.objectProperty(p)) });
      case k.SpreadElement:
        return this.node('SpreadElement', n);
      case k.ParenthesizedExpression:
        return c((n as T.ParenthesizedExpression).expression);
      case k.AsExpression:
      case k.TypeAssertionExpression:
      case k.NonNullExpression:
      case k.SatisfiesExpression:
        return c((n as T.AsExpression).expression);
      case k.ObjectBindingPattern:
        return this.node('ObjectPattern', n);
      case k.ArrayBindingPattern:
        return this.node('ArrayPattern', n);
      case k.OmittedExpression:
        return this.node('TS:OmittedExpression', n);
      default:
        return this.node(`TS:${kindName(n.kind)}`, n);
    }
  }

  private objectProperty(p: T.ObjectLiteralElementLike): Node {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      return this.node('Property', p, { key: this.node('Identifier', p.name, { name: p.name.text }), value: this.convert(p.initializer), computed: false });
    }
    return this.node('TS:ObjectMember', p);
  }

  private varList(list: T.VariableDeclarationList, at: T.Node): Node {
    const flags = list.flags;
    const kind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
    return this.node('VariableDeclaration', at, {
      kind,
      declarations: list.declarations.map((d) =>
        this.node('VariableDeclarator', d, { id: this.convert(d.name), init: d.initializer ? this.convert(d.initializer) : null }),
      ),
    });
  }

  private param(p: T.ParameterDeclaration): Node {
    const base = this.convert(p.name);
    // `k?: number` is `number | undefined` to the checker; the optional mark is reported on its own.
    const t = this.checker.getTypeAtLocation(p);
    base.typeNote = this.typeNote(p.questionToken ? this.checker.getNonNullableType(t) : t, p.type !== undefined);
    if (p.dotDotDotToken) base.paramProblem = 'rest parameter';
    else if (p.initializer) base.paramProblem = 'default value';
    else if (p.questionToken) base.paramProblem = 'optional parameter';
    base.paramSpan = this.span(p);
    return base;
  }
}
