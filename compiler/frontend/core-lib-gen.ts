/**
 * The core library: the part of TypeScript's `lib.es2022.d.ts` a program in absad's subset can
 * reach, for the fast type check in parse-ts.ts. Takes TypeScript's lib files (name -> text, as
 * bundled with ts-morph) and returns the declarations, copied verbatim, that the roots below
 * need, transitively; core-lib.ts holds the result (tests/core-lib.test.ts regenerates it with
 * UPDATE_GOLDEN=1 and fails when it is out of date).
 *
 * Why: parsing and binding the whole library costs the checker about 250 ms per run, more than
 * absad's own passes on a 300-line file; the core is an eighth of it. It is sound to check with it
 * first because it only leaves things out: every declaration it keeps is TypeScript's own text,
 * interfaces with all their members and overloads from every file that declares them, except
 * members that mention a namespace in EXCLUDED and, for the interfaces of KEEP_MEMBERS, members
 * outside the subset. A program that reaches anything missing gets a checker error, and
 * parse-ts.ts then checks it again against the full library, whose diagnostics are the ones
 * reported. Leaving members out could also make the checker accept one type where another is
 * expected (typing is structural): KEEP_MEMBERS keeps the members that tell the subset's types
 * apart, and tests/core-lib.test.ts compares the verdicts on every pair of them.
 */
import type { ts as T } from 'ts-morph';
import { ts } from './typescript.js';

/** What the subset's programs use, and what the checker itself asks for without a lib. */
export const ROOTS = [
  // parameters, locals and constants of the subset (subset.md)
  'Math', 'Number', 'NumberConstructor', 'NaN', 'Infinity', 'isFinite', 'isNaN',
  'Array', 'ArrayConstructor', 'ReadonlyArray', 'ArrayLike',
  'Float64Array', 'Float64ArrayConstructor', 'Float32Array', 'Float32ArrayConstructor',
  // global types the checker looks up for any program (noLib requires them)
  'Boolean', 'Function', 'CallableFunction', 'NewableFunction', 'IArguments', 'Object', 'RegExp',
  'String', 'Symbol', 'SymbolConstructor', 'TemplateStringsArray', 'ImportMeta',
  // for..of and spreads: the iteration protocol
  'Iterable', 'Iterator', 'IterableIterator', 'IteratorObject', 'ArrayIterator', 'IteratorResult',
  'BuiltinIteratorReturn',
  // utility types people write in signatures
  'Readonly', 'Partial', 'Required', 'Record', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable',
  'ReturnType', 'Parameters',
];

/** Namespaces left out: a member mentioning one is dropped (Intl alone is a third of the library). */
export const EXCLUDED = new Set(['Intl']);

/**
 * Interfaces of which only these members are kept (every declaration of the interface, each
 * member by its name; `[n]` an index signature, `new`/`()` construct and call signatures,
 * `[iterator]` a member named by a well-known symbol). The rest of their members (map, reduce,
 * sort, ...) are outside the subset, so a program using one is rejected anyway, after the full
 * check. What is kept also keeps each type apart from the others as in the full library
 * (tests/core-lib.test.ts checks assignability between every pair of array types): Array has
 * push (ReadonlyArray, typed arrays and ArrayLike do not), ReadonlyArray and Array have concat
 * (typed arrays do not), typed arrays have buffer (arrays do not) and their own toStringTag.
 */
export const KEEP_MEMBERS: Record<string, readonly string[]> = {
  Array: ['length', '[n]', 'push', 'concat', 'fill', '[iterator]'],
  ReadonlyArray: ['length', '[n]', 'concat', '[iterator]'],
  Float64Array: ['length', '[n]', 'fill', 'BYTES_PER_ELEMENT', 'buffer', 'byteLength', 'byteOffset', '[iterator]', '[toStringTag]'],
  Float32Array: ['length', '[n]', 'fill', 'BYTES_PER_ELEMENT', 'buffer', 'byteLength', 'byteOffset', '[iterator]', '[toStringTag]'],
  ArrayConstructor: ['new', '()', 'prototype', 'isArray', 'from'],
  Float64ArrayConstructor: ['new', 'prototype', 'BYTES_PER_ELEMENT'],
  Float32ArrayConstructor: ['new', 'prototype', 'BYTES_PER_ELEMENT'],
  // global types the checker requires, outside the subset
  String: ['length', '[n]', 'toString', 'valueOf'],
  StringConstructor: ['new', '()', 'prototype'],
  ObjectConstructor: ['new', '()', 'prototype'],
  RegExp: ['source', 'flags', 'lastIndex'],
  RegExpConstructor: ['new', '()', 'prototype'],
};

export interface LibFile {
  fileName: string;
  text: string;
}

/** The lib files `root` references, itself included, in dependency order. */
function libClosure(files: Map<string, string>, root: string): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    const text = files.get(name);
    if (text === undefined) throw new Error(`lib file ${name} is missing`);
    for (const m of text.matchAll(/<reference lib="([^"]+)"\s*\/>/g)) visit(`lib.${m[1]!.toLowerCase()}.d.ts`);
    order.push(name);
  };
  visit(root);
  return order;
}

/** The names a top-level statement declares. */
function declaredNames(s: T.Statement): string[] {
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isModuleDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
    return s.name && ts.isIdentifier(s.name) ? [s.name.text] : [];
  }
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}

/** Identifiers a node mentions that could name a global (declaration names are not mentions). */
function mentions(node: T.Node, into: Set<string>): Set<string> {
  const visit = (n: T.Node) => {
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isOwnName = p !== undefined && 'name' in p && (p as { name?: T.Node }).name === n && !ts.isQualifiedName(p) && !ts.isPropertyAccessExpression(p);
      const isRightOfDot = p !== undefined && ((ts.isQualifiedName(p) && p.right === n) || (ts.isPropertyAccessExpression(p) && p.name === n));
      if (!isOwnName && !isRightOfDot) into.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return into;
}

/** The name KEEP_MEMBERS knows a member by. */
function memberName(m: T.TypeElement, sf: T.SourceFile): string {
  if (ts.isIndexSignatureDeclaration(m)) return '[n]';
  if (ts.isConstructSignatureDeclaration(m)) return 'new';
  if (ts.isCallSignatureDeclaration(m)) return '()';
  const name = m.name;
  if (name === undefined) return '';
  if (ts.isComputedPropertyName(name)) {
    const e = name.expression;
    return ts.isPropertyAccessExpression(e) ? `[${e.name.text}]` : `[${e.getText(sf)}]`;
  }
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText(sf);
}

/** Interface members (and nothing else) are pruned: those mentioning an excluded namespace, and those KEEP_MEMBERS does not list. */
function pruned(s: T.Statement, sf: T.SourceFile): string {
  const text = s.getText(sf);
  if (!ts.isInterfaceDeclaration(s)) return text;
  const keep = KEEP_MEMBERS[s.name.text];
  const drop = s.members.filter((m) => (keep !== undefined && !keep.includes(memberName(m, sf))) || [...mentions(m, new Set())].some((n) => EXCLUDED.has(n)));
  if (drop.length === 0) return text;
  let out = '';
  let at = s.getStart(sf);
  for (const m of drop) {
    out += sf.text.slice(at, m.getStart(sf));
    at = m.getEnd();
  }
  return out + sf.text.slice(at, s.getEnd());
}

export function buildCoreLib(libFiles: readonly LibFile[], root = 'lib.es2022.d.ts'): string[] {
  const files = new Map(libFiles.map((f) => [f.fileName, f.text]));
  const statements: { names: string[]; text: string; uses: Set<string> }[] = [];
  for (const name of libClosure(files, root)) {
    const sf = ts.createSourceFile(name, files.get(name)!, ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      const names = declaredNames(s);
      if (names.length === 0) continue;
      const text = pruned(s, sf);
      const uses = new Set<string>();
      if (text === s.getText(sf)) mentions(s, uses);
      else mentions(ts.createSourceFile('member.d.ts', text, ts.ScriptTarget.ES2022, true), uses);
      statements.push({ names, text, uses });
    }
  }
  const byName = new Map<string, typeof statements>();
  for (const st of statements) for (const n of st.names) byName.set(n, [...(byName.get(n) ?? []), st]);
  const keep = new Set<(typeof statements)[number]>();
  const queue = [...ROOTS];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || EXCLUDED.has(name)) continue;
    seen.add(name);
    const decls = byName.get(name);
    if (!decls) {
      if (ROOTS.includes(name)) throw new Error(`core lib root ${name} is not declared in ${root}`);
      continue;
    }
    for (const st of decls) {
      keep.add(st);
      for (const u of st.uses) if (!seen.has(u)) queue.push(u);
      for (const n of st.names) if (!seen.has(n)) queue.push(n);
    }
  }
  return statements.filter((st) => keep.has(st)).map((st) => st.text);
}

/** The text of core-lib.ts for the declarations `buildCoreLib` returned. */
export function coreLibModule(declarations: readonly string[], typescriptVersion: string): string {
  return [
    '/**',
    ` * Generated by core-lib-gen.ts from the lib files of TypeScript ${typescriptVersion} (bundled with ts-morph):`,
    ' * the declarations of lib.es2022.d.ts that absad programs can reach. Do not edit; regenerate with',
    ' * `UPDATE_GOLDEN=1 npx vitest run tests/core-lib.test.ts`.',
    ' */',
    `export const CORE_LIB_TYPESCRIPT_VERSION = ${JSON.stringify(typescriptVersion)};`,
    '',
    'export const CORE_LIB = [',
    ...declarations.map((d) => `  ${JSON.stringify(d)},`),
    "].join('\\n');",
    '',
  ].join('\n');
}
