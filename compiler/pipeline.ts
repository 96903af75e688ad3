/**
 * The compiler pipeline: the passes, in order. Read this file to know what absad does.
 *
 *   frontend               parse and type-check (TypeScript / acorn), check the subset, lower to IR
 *   inline                 splice helper functions into their callers
 *   fold                   constant folding, exact identities
 *   cse                    hash-consing of pure ops
 *   dce                    drop what does not reach the return
 *   lower-nonsmooth        Math.abs/max/min, clamp, ternary patterns -> switching ops
 *   canonicalize-switches  |-u| -> |u|, |c u| -> |c||u|, ||u|| -> |u|
 *   resimplify             fold, cse, dce again, so rewritten switches become one
 *   merge-switches         number switching variables z_k; merge equal up to sign; flag z == 0
 *
 * The verifier runs after every pass. `runPipeline(m, { after })` stops after a named pass
 * (`absad ir --after PASS`).
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { makeDiagnostic } from './diagnostics/diagnostic.js';
import { mapFuncs } from './ir/rewrite.js';
import type { Module } from './ir/types.js';
import { assertValid } from './ir/verify.js';
import { canonicalizeSwitches } from './passes/canonicalize-switches.js';
import { cse } from './passes/cse.js';
import { dce } from './passes/dce.js';
import { fold } from './passes/fold.js';
import { inline } from './passes/inline.js';
import { lowerNonsmooth } from './passes/lower-nonsmooth.js';
import { mergeSwitches } from './passes/merge-switches.js';

export interface PassContext {
  /** Warnings found by passes (e.g. structurally-zero switches). */
  diagnostics: Diagnostic[];
}

export interface Pass {
  name: string;
  summary: string;
  run(m: Module, ctx: PassContext): Module;
}

const simplify = (m: Module) => mapFuncs(mapFuncs(mapFuncs(m, fold), cse), dce);

export const PASSES: readonly Pass[] = [
  { name: 'inline', summary: 'splice helper functions into their callers', run: (m) => inline(m) },
  { name: 'fold', summary: 'constant folding and exact identities', run: (m) => mapFuncs(m, fold) },
  { name: 'cse', summary: 'common-subexpression elimination', run: (m) => mapFuncs(m, cse) },
  { name: 'dce', summary: 'dead-code elimination', run: (m) => mapFuncs(m, dce) },
  { name: 'lower-nonsmooth', summary: 'max/min/relu/clamp/abs/ternary patterns -> switching ops', run: (m) => mapFuncs(m, lowerNonsmooth) },
  { name: 'canonicalize-switches', summary: '|-u| -> |u|, |c u| -> |c||u|, ||u|| -> |u|', run: (m) => mapFuncs(m, canonicalizeSwitches) },
  { name: 'resimplify', summary: 'fold, cse and dce again after the rewrites', run: simplify },
  {
    name: 'merge-switches',
    summary: 'number switching variables, merge those equal up to sign, flag z == 0',
    run: (m, ctx) =>
      mapFuncs(m, (f) => {
        const { func, zeroSwitches } = mergeSwitches(f);
        for (const op of zeroSwitches) {
          ctx.diagnostics.push(
            makeDiagnostic('structurally-zero-switch', op.span, `this ${String(op.attrs.origin ?? op.opcode)} compares a value with itself, so its switching variable is identically zero`, 'it is harmless for values and plain AD, but LIKQ fails wherever it is evaluated; remove the redundant max/min', 'warning'),
          );
        }
        return func;
      }),
  },
];

export const PASS_NAMES = ['frontend', ...PASSES.map((p) => p.name)];

export interface PipelineOptions {
  /** Stop after this pass ('frontend' for the IR straight from lowering). */
  after?: string;
}

export function runPipeline(m: Module, opts: PipelineOptions = {}): { module: Module; diagnostics: Diagnostic[] } {
  const ctx: PassContext = { diagnostics: [] };
  assertValid(m, 'frontend');
  if (opts.after === 'frontend') return { module: m, diagnostics: ctx.diagnostics };
  for (const pass of PASSES) {
    m = pass.run(m, ctx);
    assertValid(m, pass.name);
    if (opts.after === pass.name) break;
  }
  return { module: m, diagnostics: ctx.diagnostics };
}
