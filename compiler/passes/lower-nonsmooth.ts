/**
 * lower-nonsmooth: every nonsmooth choice becomes a switching op (abs, max, min, relu).
 *
 * Takes a Func with source-level `math.abs`, n-ary `math.max` / `math.min` and `clamp`;
 * returns a Func where each is a binary switching op whose abs-normal-form identity is in the
 * op table (overview.md):
 *   max(u, v) = (u + v + |u - v|)/2,  min(u, v) = (u + v - |u - v|)/2,  z = u - v,
 *   relu(t) = max(t, 0), z = t;  clamp(x, lo, hi) = min(max(x, lo), hi);
 *   n-ary max/min fold left: max(a, b, c) = max(max(a, b), c).
 * The ops still compute their primal exactly as the source did (Math.max, or the ternary it
 * came from, recorded in `tern`); only their derivative and ANF follow the identities.
 * Every switching op records where it came from in `origin` (abs, max, min, relu, clamp,
 * pattern) for reports and switch ids.
 */
import type { Builder } from '../ir/builder.js';
import { rewriteFunc } from '../ir/rewrite.js';
import type { Attrs, Func, Op, Span, Value } from '../ir/types.js';

export function lowerNonsmooth(f: Func): Func {
  const positiveZero = new Set<Value>();
  return rewriteFunc(f, {
    op(op, ctx) {
      const b = ctx.b;
      if (op.opcode === 'const') {
        const nu = ctx.copy(op);
        if (op.results[0].type === 'f64' && Object.is(op.attrs.value, 0)) positiveZero.add(nu.results[0]);
        return true;
      }
      const args = op.operands.map((v) => ctx.map(v));
      const pattern = op.attrs.tern !== undefined;
      const origin = (o: string): Attrs => (pattern ? { tern: op.attrs.tern, origin: 'pattern' } : { origin: o });
      switch (op.opcode) {
        case 'math.abs':
          ctx.bind(op.results[0], b.emit('abs', args, op.span, origin('abs')));
          return true;
        case 'math.max':
        case 'math.min': {
          const kind = op.opcode === 'math.max' ? 'max' : 'min';
          if (args.length === 0) {
            ctx.bind(op.results[0], b.constant(kind === 'max' ? -Infinity : Infinity, 'f64', op.span));
            return true;
          }
          let acc = args[0];
          for (let i = 1; i < args.length; i++) acc = binary(b, kind, acc, args[i], op, origin(kind), positiveZero);
          ctx.bind(op.results[0], acc);
          return true;
        }
        case 'clamp': {
          const [x, lo, hi] = args;
          const mx = binary(b, 'max', x, lo, op, { origin: 'clamp' }, positiveZero);
          ctx.bind(op.results[0], binary(b, 'min', mx, hi, op, { origin: 'clamp' }, positiveZero));
          return true;
        }
        default:
          return false;
      }
    },
  });
}

/** A binary max/min; `max(t, +0)` and `max(+0, t)` are relu (Math.max is symmetric, even at ±0). */
function binary(b: Builder, kind: 'max' | 'min', u: Value, v: Value, op: Op, attrs: Attrs, zero: Set<Value>): Value {
  const span: Span = op.span;
  if (kind === 'max') {
    const tern = attrs.tern;
    if (zero.has(v)) return b.emit('relu', [u], span, { ...attrs, origin: tern === undefined ? 'relu' : 'pattern' });
    if (zero.has(u) && tern === undefined) return b.emit('relu', [v], span, { ...attrs, origin: 'relu' });
  }
  return b.emit(kind, [u, v], span, attrs);
}
