/**
 * The JavaScript backend: an IR Module -> one ES module, its `.d.ts` and a source map.
 *
 * For every exported function `f(...)` the module exports
 *   f(...)                 the primal, computing exactly what the source computes;
 *   f_grad(..., gOut?)     (scalar f) returns f and writes the gradient with respect to the
 *                          differentiated parameters into gOut, one after another (allocated
 *                          when omitted);
 *   f_vjp(..., yBar, gOut?) (array f) returns f and writes yBar^T J into gOut;
 *   f_active(...)          the switching variables that are exactly zero at a point, as
 *                          { z, id } with the stable id `file:line:col[i=3]`;
 *   f_kinks()              how many had no sign (exactly zero, or NaN) in the last f_grad
 *                          call: 0 certifies the gradient as classical at no extra cost;
 *   f_trace(...)           the evaluation trace at a point (runtime/trace.ts), from which the
 *                          runtime derives the abs-normal form, LIKQ and certified gradients.
 * The kink convention abs'(0) and the differentiated parameters are fixed at compile time and
 * written in the module's header. Code size does not depend on n: loops stay loops.
 */
import { GenMapping, setSourceContent, toEncodedMap, addMapping } from '@jridgewell/gen-mapping';
import { type Diagnostic, makeDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Func, Module, Type } from '../../ir/types.js';
import { emitFunction, type EmittedFunction } from './function.js';
import type { Lines } from './lines.js';
import { commentText, HELPERS } from './names.js';

export interface JsOptions {
  /** Differentiated parameters by name (default: the first parameter of each function). */
  wrt?: string[];
  /** abs'(0) used by f_grad at exact kinks: 0 (default), 1 or -1. */
  absKink?: number;
  /** Only this exported function (default: all). */
  fn?: string;
  /** File name of the generated module (for the source map). */
  outFile: string;
  /** Source texts by file name (embedded in the source map). */
  sources: Map<string, string>;
  version: string;
}

export interface JsOutput {
  code: string;
  dts: string;
  map: string;
}

export type JsResult = { ok: true; output: JsOutput } | { ok: false; diagnostics: Diagnostic[] };

export function resolveWrt(f: Func, wrt: string[] | undefined): number[] | Diagnostic {
  const names = wrt && wrt.length > 0 ? wrt : [f.params[0]?.name];
  const out: number[] = [];
  for (const name of names) {
    const i = f.params.findIndex((p) => p.name === name);
    const p = f.params[i];
    if (!p) return makeDiagnostic('bad-wrt', f.span, `'${f.name}' has no parameter '${String(name)}' to differentiate`, `parameters: ${f.params.map((q) => q.name).join(', ')}`);
    if (p.value.type !== 'f64' && p.value.type !== 'arr') {
      return makeDiagnostic('bad-wrt', f.span, `parameter '${name}' of '${f.name}' is ${p.value.type === 'int' ? 'an integer (used as a size or index)' : p.value.type === 'mat' ? 'a matrix' : 'a boolean'}, so it cannot be differentiated`, 'choose a number or a one-dimensional array with --wrt');
    }
    if (!out.includes(i)) out.push(i);
  }
  return out;
}

/**
 * The evaluation trace recorder used by f_trace (the format of absad's runtime/trace.ts): node
 * values, parents and partials in CSR form, abs nodes for the switching variables. While it
 * records, the columns are typed arrays that double when full (pushing onto plain arrays of a
 * hundred thousand entries got slower per entry as they grew: 5.4 ms for a trace of chained LQ
 * at n = 1000, 35x the time at n = 100) and are kept for the next trace, so calls after the
 * first allocate no columns; tfinish hands back plain arrays of the exact length.
 */
const TRACE_HELPERS = [
  '/** A typed array with room for `need` entries: `a` itself, or a copy twice as long. */',
  `function ${HELPERS.tgrow}(a, need) {`,
  '  if (need <= a.length) return a;',
  '  const b = new a.constructor(Math.max(need, 2 * a.length));',
  '  b.set(a);',
  '  return b;',
  '}',
  '',
  '/** The columns of the last trace, reused by the next one (grown as needed, never shrunk). */',
  `let ${HELPERS.tbuffers} = null;`,
  '',
  '/** Starts an evaluation trace whose inputs (nodes 0..n-1) are the entries of x. */',
  `function ${HELPERS.tstart}(x) {`,
  '  const n = x.length;',
  `  const B = ${HELPERS.tbuffers} ?? { values: new Float64Array(1024), start: new Int32Array(1025), parents: new Int32Array(2048), partials: new Float64Array(2048), isAbs: new Uint8Array(1024) };`,
  `  const values = ${HELPERS.tgrow}(B.values, n + 1);`,
  '  values.set(x);',
  `  const isAbs = ${HELPERS.tgrow}(B.isAbs, values.length);`,
  '  isAbs.fill(0, 0, n);',
  `  const start = ${HELPERS.tgrow}(B.start, values.length + 1);`,
  '  start.fill(0, 0, n + 1);',
  '  return { n, size: n, edges: 0, values, start, parents: B.parents, partials: B.partials, isAbs, switches: [], outputs: [], merged: new Map() };',
  '}',
  '',
  '/** Appends a node whose parents end at T.edges; returns its index. isAbs and start stay as long as values (start one longer). */',
  `function ${HELPERS.tpush}(T, value, abs) {`,
  '  if (T.size + 1 >= T.values.length) {',
  `    T.values = ${HELPERS.tgrow}(T.values, T.size + 2);`,
  `    T.isAbs = ${HELPERS.tgrow}(T.isAbs, T.values.length);`,
  `    T.start = ${HELPERS.tgrow}(T.start, T.values.length + 1);`,
  '  }',
  '  T.values[T.size] = value;',
  '  T.isAbs[T.size] = abs;',
  '  T.start[T.size + 1] = T.edges;',
  '  return T.size++;',
  '}',
  '',
  '/** Appends an edge (parent node, partial) of the node about to be pushed. */',
  `function ${HELPERS.tedge}(T, parent, partial) {`,
  '  if (T.edges === T.parents.length) {',
  `    T.parents = ${HELPERS.tgrow}(T.parents, T.edges + 1);`,
  `    T.partials = ${HELPERS.tgrow}(T.partials, T.edges + 1);`,
  '  }',
  '  T.parents[T.edges] = parent;',
  '  T.partials[T.edges++] = partial;',
  '}',
  '',
  '/** Records a node with its parents (nodes, -1 for constants) and partials; -1 if it has no parent. */',
  `function ${HELPERS.tnode}(T, value, parents, partials) {`,
  '  const first = T.edges;',
  `  for (let k = 0; k < parents.length; k++) if (parents[k] >= 0) ${HELPERS.tedge}(T, parents[k], partials[k]);`,
  '  if (T.edges === first) return -1;',
  `  return ${HELPERS.tpush}(T, value, 0);`,
  '}',
  '',
  '/** Records a switching variable z and w = |z|; returns w (shared by merged switches). */',
  `function ${HELPERS.tswitch}(T, z, parents, zCoef, key, id, kind, loc, site) {`,
  '  if (key !== null && T.merged.has(key)) return T.merged.get(key);',
  `  const zNode = ${HELPERS.tnode}(T, z, parents, zCoef);`,
  '  if (zNode < 0) return -1;',
  `  ${HELPERS.tedge}(T, zNode, 0);`,
  `  const w = ${HELPERS.tpush}(T, Math.abs(z), 1);`,
  '  T.switches.push({ w, z: zNode, id, kind, loc, site });',
  '  if (key !== null) T.merged.set(key, w);',
  '  return w;',
  '}',
  '',
  '/** The node of an output: its own node, or a constant node when it does not depend on x. */',
  `function ${HELPERS.tout}(T, value, node) {`,
  `  return node >= 0 ? node : ${HELPERS.tpush}(T, value, 0);`,
  '}',
  '',
  '/** The first `n` entries of a typed array as a plain array (of booleans when `bool`). */',
  `function ${HELPERS.tlist}(a, n, bool) {`,
  '  const out = new Array(n);',
  '  if (bool) for (let i = 0; i < n; i++) out[i] = a[i] === 1;',
  '  else for (let i = 0; i < n; i++) out[i] = a[i];',
  '  return out;',
  '}',
  '',
  '/** The finished trace, with plain arrays of the recorded length. */',
  `function ${HELPERS.tfinish}(T) {`,
  '  const n = T.size;',
  `  ${HELPERS.tbuffers} = { values: T.values, start: T.start, parents: T.parents, partials: T.partials, isAbs: T.isAbs };`,
  '  return {',
  '    n: T.n,',
  `    values: ${HELPERS.tlist}(T.values, n, false),`,
  `    start: ${HELPERS.tlist}(T.start, n + 1, false),`,
  `    parents: ${HELPERS.tlist}(T.parents, T.edges, false),`,
  `    partials: ${HELPERS.tlist}(T.partials, T.edges, false),`,
  `    isAbs: ${HELPERS.tlist}(T.isAbs, n, true),`,
  '    switches: T.switches,',
  '    outputs: T.outputs,',
  '  };',
  '}',
  '',
];

const TS_TYPE: Record<Type, string> = { f64: 'number', int: 'number', bool: 'boolean', arr: 'ArrayLike<number>', mat: 'ArrayLike<ArrayLike<number>>' };

/** f_grad for a scalar f, f_vjp for an array-valued one. */
function gradName(f: Func): string {
  return `${f.name}_${f.resultType === 'arr' ? 'vjp' : 'grad'}`;
}

export function emitJs(m: Module, opts: JsOptions): JsResult {
  const funcs = m.funcs.filter((f) => f.exported && (opts.fn === undefined || f.name === opts.fn));
  const diagnostics: Diagnostic[] = [];
  const exported = new Set(m.funcs.filter((f) => f.exported).map((f) => f.name));
  const absKink = opts.absKink ?? 0;
  const parts: { fn: Func; wrt: number[]; emitted: EmittedFunction[] }[] = [];
  for (const f of funcs) {
    for (const generated of [gradName(f), `${f.name}_active`, `${f.name}_trace`, `${f.name}_kinks`]) {
      if (exported.has(generated)) diagnostics.push(makeDiagnostic('generated-name-clash', f.span, `absad generates '${generated}' for '${f.name}', but the file already exports a function with that name`, 'rename one of them'));
    }
    const wrt = resolveWrt(f, opts.wrt);
    if (!Array.isArray(wrt)) {
      diagnostics.push(wrt);
      continue;
    }
    const emitted = [
      emitFunction(f, { mode: 'primal', name: f.name, wrt, absKink, prefix: f.name }),
      emitFunction(f, { mode: 'grad', name: gradName(f), wrt, absKink, prefix: gradName(f) }),
      emitFunction(f, { mode: 'active', name: `${f.name}_active`, wrt, absKink, prefix: `${f.name}_active` }),
      emitFunction(f, { mode: 'trace', name: `${f.name}_trace`, wrt, absKink, prefix: `${f.name}_trace` }),
    ];
    parts.push({ fn: f, wrt, emitted });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  // Exported names are the module's API and are never renamed; generated module-level names all
  // contain `$` (names.ts), so only a source name with a `$` can meet one.
  const generated = new Set<string>(Object.values(HELPERS));
  for (const p of parts) for (const e of p.emitted) for (const d of e.decls) generated.add(/^(?:let|const) ([^\s=]+)/.exec(d)![1]);
  for (const f of m.funcs.filter((g) => g.exported && generated.has(g.name))) {
    diagnostics.push(makeDiagnostic('generated-name-clash', f.span, `'${f.name}' is a name absad generates for the module's own state`, 'rename the function (absad reserves names with a `$` that it generates)'));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const header = [
    `// Generated by absad ${opts.version} from ${commentText(m.file)}. Do not edit: recompile instead.`,
    `// Kink convention: abs'(0) = ${absKink} (max/min split ties ${absKink === 0 ? '1/2-1/2' : 'by that sign'}).`,
    ...parts.map((p) => `// ${p.fn.name}: differentiated with respect to ${p.wrt.map((i) => p.fn.params[i].name).join(', ')}.`),
    '',
    '/** Zeroes a[0..n): a loop for short arrays (a fill() call costs more than the work there). */',
    `function ${HELPERS.zero}(a, n) {`,
    '  if (n < 32) for (let i = 0; i < n; i++) a[i] = 0;',
    '  else a.fill(0, 0, n);',
    '}',
    '',
    ...TRACE_HELPERS,
    '/** Grows a tape, keeping its first `keep` entries (runs only when a call needs more room). */',
    `function ${HELPERS.grow}(tape, need, keep) {`,
    '  const next = new Float64Array(Math.max(need, 2 * tape.length));',
    '  next.set(tape.subarray(0, keep));',
    '  return next;',
    '}',
    '',
  ];
  const gen = new GenMapping({ file: opts.outFile });
  const code: string[] = [...header];
  for (const [file, text] of opts.sources) setSourceContent(gen, file, text);
  for (const p of parts) {
    for (const e of p.emitted) code.push(...e.decls);
  }
  for (const p of parts) {
    for (const e of p.emitted) {
      code.push('');
      renderLines(e.lines, code, gen);
    }
    const grad = gradName(p.fn);
    code.push('', `/** How many switching variables were exactly zero (or NaN) in the last ${grad} call (0: a smooth point). */`);
    code.push(`export function ${p.fn.name}_kinks() {`, `  return ${grad}$kinks;`, '}');
  }
  const dts = [`// Types for the module absad generates from ${commentText(m.file)}.`];
  for (const p of parts) {
    const params = p.fn.params.map((q, i) => `${p.emitted[0].params[i]}: ${TS_TYPE[q.value.type]}`);
    const ret = p.fn.resultType === 'arr' ? 'Float64Array' : 'number';
    dts.push(`export declare function ${p.fn.name}(${params.join(', ')}): ${ret};`);
    const extra = p.fn.resultType === 'arr' ? ['yBar: ArrayLike<number>', 'gOut?: Float64Array'] : ['gOut?: Float64Array'];
    dts.push(`/** Returns ${p.fn.name}(...) and writes the ${p.fn.resultType === 'arr' ? 'vector-Jacobian product' : 'gradient'} with respect to ${p.wrt.map((i) => p.fn.params[i].name).join(', ')} into gOut. */`);
    dts.push(`export declare function ${gradName(p.fn)}(${[...params, ...extra].join(', ')}): ${ret};`);
    dts.push(`export declare function ${p.fn.name}_active(${params.join(', ')}): { z: number; id: string }[];`);
    dts.push(`/** How many switching variables were exactly zero (or NaN) in the last gradient call (0: a smooth point, the gradient is classical). */`);
    dts.push(`export declare function ${p.fn.name}_kinks(): number;`);
    dts.push(`/** The evaluation trace at a point (absad runtime/trace.ts): input to the abs-normal form, LIKQ and certified gradients. */`);
    dts.push(`export declare function ${p.fn.name}_trace(${params.join(', ')}): { n: number; values: number[]; start: number[]; parents: number[]; partials: number[]; isAbs: boolean[]; switches: { w: number; z: number; id: string; kind: string; loc: string; site: number }[]; outputs: number[] };`);
  }
  // A relative URL: characters such as spaces, `#` or line breaks in the file name are escaped.
  const base = opts.outFile.split(/[\\/]/).pop()!;
  const text = `${code.join('\n')}\n//# sourceMappingURL=${encodeURIComponent(`${base}.map`)}\n`;
  return { ok: true, output: { code: text, dts: `${dts.join('\n')}\n`, map: JSON.stringify(toEncodedMap(gen)) } };
}

function renderLines(lines: Lines, out: string[], gen: GenMapping): void {
  let lastLine = -1;
  for (const l of lines.lines) {
    const pad = '  '.repeat(l.indent);
    let text = pad + l.text;
    if (l.span) {
      addMapping(gen, { generated: { line: out.length + 1, column: pad.length }, source: l.span.file, original: { line: l.span.line, column: l.span.col - 1 } });
      if (l.span.line !== lastLine) text += ` // L${l.span.line}`;
      lastLine = l.span.line;
    }
    out.push(text);
  }
}
