/**
 * The one table of absad diagnostics.
 *
 * Every error or warning absad can print is listed here with a stable code (`ABS` + 4 digits)
 * and a kebab-case name. Codes are grouped by phase, as in style.md:
 *   1xxx frontend (syntax, types, the subset), 2xxx internal / IR, 3xxx analysis,
 *   4xxx code generation, 5xxx command line and plugin.
 * A code never changes meaning once released; retired codes stay reserved.
 * `Record<DiagnosticName, ...>` makes the compiler reject a code used but not listed.
 */

export interface DiagnosticInfo {
  code: string;
  /** One line for `absad --help`-style listings and the README table. */
  summary: string;
}

export const DIAGNOSTICS = {
  // --- 10xx: the file itself -------------------------------------------------------------
  'syntax-error': { code: 'ABS1001', summary: 'the file does not parse' },
  'type-error': { code: 'ABS1002', summary: 'the TypeScript checker rejects the file' },
  'no-exported-function': { code: 'ABS1003', summary: 'the file exports no function to compile' },
  'import-not-found': { code: 'ABS1004', summary: 'an imported module or name cannot be found' },
  'unsupported-import': { code: 'ABS1005', summary: 'only named imports of local modules are supported' },
  'unsupported-top-level': { code: 'ABS1006', summary: 'a module-level statement outside the subset' },
  'nesting-too-deep': { code: 'ABS1007', summary: 'brackets, operators or statements nested beyond absad\'s limits (frontend/limits.ts)' },
  'function-too-large': { code: 'ABS1008', summary: 'a function larger than absad compiles, in syntax nodes or in IR operations once helpers are inlined' },

  // --- 11xx: control flow -----------------------------------------------------------------
  'data-dependent-loop': { code: 'ABS1101', summary: 'a while/do loop (its exit may depend on data)' },
  'non-static-loop-bound': { code: 'ABS1102', summary: 'a for-loop bound that is not a static integer' },
  'unsupported-loop-form': { code: 'ABS1103', summary: 'a for loop that is not `for (let i = A; i < B; i += k)`' },
  'data-dependent-branch': { code: 'ABS1104', summary: 'an if/?: whose condition depends on floating-point data' },
  'loop-counter-modified': { code: 'ABS1105', summary: 'a loop counter or bound assigned inside the loop' },
  'break-continue': { code: 'ABS1106', summary: 'break/continue (the trip count must be static)' },
  'return-in-loop': { code: 'ABS1107', summary: 'return inside a loop' },
  'missing-return': { code: 'ABS1108', summary: 'a path through the function returns no value' },
  'unsupported-statement': { code: 'ABS1109', summary: 'a statement outside the subset (switch, try, throw, label)' },
  'unreachable-code': { code: 'ABS1110', summary: 'statements after a return' },

  // --- 12xx: discontinuous operations on floating-point values ----------------------------
  'discontinuous-elemental': { code: 'ABS1201', summary: 'Math.sign/floor/ceil/round/trunc on a floating-point value' },
  'remainder-on-float': { code: 'ABS1202', summary: '`%` on a floating-point value' },
  'comparison-as-number': { code: 'ABS1203', summary: 'a comparison or boolean used as a number' },
  'bitwise-operator': { code: 'ABS1204', summary: 'a bitwise operator (it truncates to an integer)' },
  'logical-on-float': { code: 'ABS1205', summary: '`&&`, `||`, `??` or `!` on a floating-point value' },

  // --- 13xx: language features outside the subset -----------------------------------------
  'recursion': { code: 'ABS1301', summary: 'a function that calls itself, directly or not' },
  'closure-mutation': { code: 'ABS1302', summary: 'a nested function that assigns a captured variable' },
  'generator': { code: 'ABS1303', summary: 'a generator function' },
  'async': { code: 'ABS1304', summary: 'an async function or await' },
  'class': { code: 'ABS1305', summary: 'a class' },
  'this': { code: 'ABS1306', summary: '`this`' },
  'unsupported-new': { code: 'ABS1307', summary: '`new` other than Float64Array/Float32Array/Array' },
  'object-literal': { code: 'ABS1308', summary: 'an object literal' },
  'property-write': { code: 'ABS1309', summary: 'a write to a property that is not an array element' },
  'string': { code: 'ABS1310', summary: 'a string or template literal' },
  'eval': { code: 'ABS1311', summary: '`eval` or `Function`' },
  'nondeterministic': { code: 'ABS1312', summary: 'Math.random, Date or performance' },
  'global': { code: 'ABS1313', summary: 'a global other than Math (console, process, window ...)' },
  'unknown-math-function': { code: 'ABS1314', summary: 'a Math member absad does not know' },
  'unsupported-expression': { code: 'ABS1315', summary: 'an expression form outside the subset' },
  'destructuring': { code: 'ABS1316', summary: 'destructuring or spread' },
  'unsupported-parameter': { code: 'ABS1317', summary: 'a default, optional or rest parameter' },
  'nested-function': { code: 'ABS1318', summary: 'a function expression that is not a `const` helper' },
  'unsupported-call': { code: 'ABS1319', summary: 'a call to something that is not Math or a helper' },

  // --- 14xx: values, arrays and types -----------------------------------------------------
  'float-array-size': { code: 'ABS1401', summary: 'an array size that depends on floating-point data' },
  'float-index': { code: 'ABS1402', summary: 'an array index that depends on floating-point data' },
  'parameter-write': { code: 'ABS1403', summary: 'a write to an element of an input array' },
  'array-alias': { code: 'ABS1404', summary: 'an array bound to a second name' },
  'undefined-name': { code: 'ABS1405', summary: 'a name that is not declared' },
  'unsupported-parameter-type': { code: 'ABS1406', summary: 'a parameter type outside the subset' },
  'unsupported-return-type': { code: 'ABS1407', summary: 'a return type other than number or a numeric array' },
  'uninitialized-variable': { code: 'ABS1408', summary: 'a `let` without an initializer' },
  'type-mismatch': { code: 'ABS1409', summary: 'an array where a number is needed, or the reverse' },
  'const-reassign': { code: 'ABS1410', summary: 'an assignment to a `const`' },
  'constant-out-of-range': { code: 'ABS1411', summary: 'a constant index outside a constant array' },
  'wrong-arity': { code: 'ABS1412', summary: 'a helper or Math function called with the wrong number of arguments' },
  'non-integer-constant': { code: 'ABS1413', summary: 'a non-integer constant used as a size, bound or index' },
  'literal-out-of-range': { code: 'ABS1414', summary: 'a numeric literal too large (it reads as Infinity) or too small (it reads as 0) for a double' },

  // --- 2xxx: internal -------------------------------------------------------------------
  'internal-error': { code: 'ABS2001', summary: 'a bug in absad' },
  'verifier-failed': { code: 'ABS2002', summary: 'a pass produced IR that breaks an invariant' },
  'ir-parse-error': { code: 'ABS2003', summary: 'IR text that does not parse' },

  // --- 3xxx: analysis (warnings on the nonsmooth structure) --------------------------------
  'structurally-zero-switch': { code: 'ABS3001', summary: 'a switching variable that is identically zero, e.g. max(x, x)' },
  'merged-switch': { code: 'ABS3002', summary: 'switches equal up to sign, merged into one switching variable (e.g. relu(x) - relu(-x))' },
  'nested-switch': { code: 'ABS3003', summary: 'a switch fed directly by another switch, e.g. abs(abs(u))' },
  'duplicate-switch': { code: 'ABS3004', summary: 'the same switch evaluated twice and not merged: LIKQ fails wherever it is active' },
  'recomputed-switch': { code: 'ABS3005', summary: 'a nonsmooth subexpression written twice, merged by CSE' },
  'non-lipschitz-elemental': { code: 'ABS3006', summary: 'sqrt, cbrt, hypot or a fractional power whose argument can be 0' },
  'singular-elemental': { code: 'ABS3007', summary: 'log or a division by a value that depends on the differentiated input' },
  'nan-select': { code: 'ABS3008', summary: 'a select with an arm that can be NaN or infinite, which can poison the gradient' },

  // --- 4xxx: code generation -------------------------------------------------------------
  'generated-name-clash': { code: 'ABS4001', summary: 'an exported name equals a generated one (f and f_grad)' },
  'bad-wrt': { code: 'ABS4002', summary: '--wrt names no parameter, or one that cannot be differentiated' },
  'wgsl-array-result': { code: 'ABS4003', summary: 'the WGSL target needs a function that returns a number' },
  'wgsl-matrix-parameter': { code: 'ABS4004', summary: 'a number[][] parameter has no flat layout in a WGSL buffer' },
  'wgsl-bad-shared': { code: 'ABS4005', summary: '--shared names no float data parameter of a --batch data kernel' },
  'wgsl-nothing-batched': { code: 'ABS4006', summary: 'no parameter varies per batch element (e.g. --batch data on a function without data)' },

  // --- 5xxx: command line -----------------------------------------------------------------
  'usage': { code: 'ABS5001', summary: 'the command line is not understood' },
  'file-not-found': { code: 'ABS5002', summary: 'the input file cannot be read' },
  'function-not-found': { code: 'ABS5003', summary: '--fn names no exported function' },
  'bad-vector': { code: 'ABS5004', summary: 'a --at vector that is not numbers' },
  'argument-mismatch': { code: 'ABS5005', summary: 'arguments that do not fit the function parameters' },
  'unknown-pass': { code: 'ABS5006', summary: '--after names no pass' },
  'unsupported-file-type': { code: 'ABS5007', summary: 'the input is not .ts, .mts, .js or .mjs' },
  'cannot-write': { code: 'ABS5008', summary: 'an output file cannot be written (nothing is written then)' },
  'input-too-large': { code: 'ABS5009', summary: 'a source file larger than absad reads (frontend/limits.ts)' },
} satisfies Record<string, DiagnosticInfo>;

export type DiagnosticName = keyof typeof DIAGNOSTICS;

export function codeOf(name: DiagnosticName): string {
  return DIAGNOSTICS[name].code;
}
