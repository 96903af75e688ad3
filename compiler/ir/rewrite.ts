/**
 * The one way passes rebuild IR: walk a function in order and emit a new one.
 *
 * Takes a Func and a per-op callback; returns a new Func (the input is not mutated). The
 * callback sees each op of the old function with a context to emit replacement ops, map old
 * values to new ones, or fall back to a plain copy (`ctx.copy(op)`), which also rewrites the
 * op's regions with the same callback. Value ids of the new function are fresh.
 */
import { Builder } from './builder.js';
import type { Block, Func, Module, Op, Value } from './types.js';

export interface RewriteCtx {
  b: Builder;
  /** The new value standing for an old one. */
  map(v: Value): Value;
  /** Make `old` stand for `nu` from now on (an op replaced by a value). */
  bind(old: Value, nu: Value): void;
  /** Copy the op with mapped operands, fresh results and rewritten regions; returns the new op. */
  copy(op: Op): Op;
  /** Rewrite a block's ops into the current block (used to splice a region in place). */
  spliceBlock(block: Block): void;
}

export interface RewriteHooks {
  /** Called for each op; do nothing to get the default copy. Return true if the op was handled. */
  op(op: Op, ctx: RewriteCtx): boolean | void;
  /** Called when a region is entered and left (scoped tables, e.g. CSE). */
  enterRegion?(): void;
  exitRegion?(): void;
}

export function rewriteFunc(f: Func, hooks: RewriteHooks): Func {
  const b = new Builder();
  // Keyed by the Value object, not its id: an inlined callee's ids overlap the caller's.
  const map = new Map<Value, Value>();
  const ctx: RewriteCtx = {
    b,
    map(v) {
      const nu = map.get(v);
      if (!nu) throw new Error(`rewrite: value id ${v.id} has no mapping (used before defined?)`);
      return nu;
    },
    bind(old, nu) {
      map.set(old, nu);
    },
    copy(op) {
      const operands = op.operands.map((v) => ctx.map(v));
      const regions = op.regions.map((r) => rewriteRegion(r));
      const nu: Op = {
        opcode: op.opcode,
        operands,
        results: op.results.map((r) => b.value(r.type, r.hint)),
        attrs: { ...op.attrs },
        regions,
        span: op.span,
      };
      b.block.ops.push(nu);
      op.results.forEach((r, i) => map.set(r, nu.results[i]));
      return nu;
    },
    spliceBlock(block) {
      for (const op of block.ops) visit(op);
    },
  };
  const visit = (op: Op) => {
    if (!hooks.op(op, ctx)) ctx.copy(op);
  };
  const rewriteRegion = (r: Block): Block => {
    const nb: Block = { args: r.args.map((a) => b.value(a.type, a.hint)), ops: [] };
    r.args.forEach((a, i) => map.set(a, nb.args[i]));
    hooks.enterRegion?.();
    b.inBlock(nb, () => ctx.spliceBlock(r));
    hooks.exitRegion?.();
    return nb;
  };
  const params = f.params.map((p) => {
    const v = b.value(p.value.type, p.value.hint);
    map.set(p.value, v);
    return { name: p.name, value: v };
  });
  const body: Block = { args: params.map((p) => p.value), ops: [] };
  b.inBlock(body, () => ctx.spliceBlock(f.body));
  return { ...f, params, body };
}

export function mapFuncs(m: Module, fn: (f: Func) => Func): Module {
  return { ...m, funcs: m.funcs.map(fn) };
}

/** Every op of a block and its nested regions, in order. */
export function* allOps(b: Block): Generator<Op> {
  for (const op of b.ops) {
    yield op;
    for (const r of op.regions) yield* allOps(r);
  }
}
