/**
 * The JavaScript names a generated module uses, and how source names are kept out of their way.
 *
 * A generated module mixes names from two places: the user's (exported function names, which
 * are the module's API, and parameter names, kept so the module and its .d.ts read like the
 * source) and absad's own (helpers, tapes, counters, the extra parameters gOut and yBar, the
 * trace T). The invariant: no source name can shadow, redeclare or replace a generated one.
 *
 *  - Every module-level name absad makes contains a `$` (`absad$zero`, `f_grad$tape1`,
 *    `f_grad$kinks`), and so does every function-level counter (`kinks$`, `it$1`, `k$out`).
 *  - Other locals are `hint_k`, fresh per function; parameters are named first, so a parameter
 *    called `s_1` simply pushes the local to `s_2`.
 *  - A parameter keeps its source name unless that name contains `$` or is in RESERVED; then
 *    `$` becomes `_` and `_` is appended until the name is free (`gOut` -> `gOut_`).
 *  - An exported function is never renamed: emitJs reports ABS4001 when its name equals a
 *    generated module-level name (only possible with a `$` in it, e.g. `absad$zero`).
 */

/** The module-level helper functions every generated module defines (see module.ts). */
export const HELPERS = {
  zero: 'absad$zero',
  grow: 'absad$grow',
  tgrow: 'absad$tgrow',
  tbuffers: 'absad$tbuffers',
  tstart: 'absad$tstart',
  tpush: 'absad$tpush',
  tedge: 'absad$tedge',
  tnode: 'absad$tnode',
  tswitch: 'absad$tswitch',
  tout: 'absad$tout',
  tlist: 'absad$tlist',
  tfinish: 'absad$tfinish',
} as const;

/**
 * Names a function body uses that have no `$`: its extra parameters and locals, and the
 * globals it calls. A parameter with one of these names would shadow it (or, for `gOut`,
 * declare the same parameter twice, a syntax error in a module).
 */
export const RESERVED: ReadonlySet<string> = new Set([
  // extra parameters and fixed locals of f_grad / f_vjp / f_active / f_trace
  'gOut', 'yBar', 'T', 'active',
  // globals the generated code reads
  'Math', 'Float64Array', 'Int32Array', 'Array', 'NaN', 'Infinity', 'undefined',
  // not bindable in strict-mode code
  'arguments', 'eval',
]);

/** The JavaScript name of a source parameter, given the parameter names already taken. */
export function parameterName(name: string, taken: ReadonlySet<string>): string {
  let js = name.replace(/\$/g, '_');
  while (RESERVED.has(js) || taken.has(js)) js = `${js}_`;
  return js;
}

/** Text safe inside a `//` comment: line terminators (including U+2028/2029) escaped. */
export function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
