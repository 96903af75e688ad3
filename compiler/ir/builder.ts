/**
 * Building IR: fresh SSA values and ops appended to a current block.
 *
 * The frontend and every pass build IR through a Builder, so value ids are unique within a
 * function and result types follow the op table.
 */
import { opDef } from './ops.js';
import type { Attrs, Block, Op, Span, Type, Value } from './types.js';

export class Builder {
  private nextId: number;
  /** The block new ops are appended to. */
  block: Block;

  constructor(firstId = 0, block: Block = { args: [], ops: [] }) {
    this.nextId = firstId;
    this.block = block;
  }

  value(type: Type, hint?: string): Value {
    const v: Value = { id: this.nextId++, type };
    if (hint) v.hint = hint;
    return v;
  }

  /** Append an op with explicit result types. */
  op(opcode: string, operands: Value[], resultTypes: Type[], attrs: Attrs, span: Span, regions: Block[] = [], hints: (string | undefined)[] = []): Op {
    opDef(opcode); // throws on a typo: every opcode must be in the table
    const results = resultTypes.map((t, i) => this.value(t, hints[i]));
    const op: Op = { opcode, operands, results, attrs, regions, span };
    this.block.ops.push(op);
    return op;
  }

  /** Append a single-result op whose result type comes from the op table (or `type`). */
  emit(opcode: string, operands: Value[], span: Span, attrs: Attrs = {}, type?: Type, hint?: string): Value {
    const t = type ?? opDef(opcode).result;
    if (!t) throw new Error(`op '${opcode}' needs an explicit result type`);
    return this.op(opcode, operands, [t], attrs, span, [], [hint]).results[0];
  }

  /** Append a terminator (`yield` or `return`), which defines no value. */
  terminator(opcode: 'yield' | 'return', operands: Value[], span: Span): Op {
    return this.op(opcode, operands, [], {}, span);
  }

  constant(value: number | boolean, type: Type, span: Span): Value {
    return this.emit('const', [], span, { value }, type);
  }

  /** Run `fn` with ops appended to `block`, then restore the current block. */
  inBlock<T>(block: Block, fn: () => T): T {
    const saved = this.block;
    this.block = block;
    try {
      return fn();
    } finally {
      this.block = saved;
    }
  }
}
