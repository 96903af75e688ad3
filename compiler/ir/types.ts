/**
 * The absad IR: plain data, no behaviour.
 *
 * A Module holds functions; a function has a body Block whose arguments are the parameters.
 * A Block is a list of Ops ended by a terminator (`return` in a function body, `yield` in a
 * region). Ops take SSA Values as operands and define Values as results. Control flow is
 * structured, as in MLIR's `scf` dialect: `for` and `if` are ops that own regions (Blocks);
 * there is no CFG and there are no phis. Loop-carried values are block arguments of the loop
 * body, and the `for` op's results are their final values.
 *
 * Arrays are values too: `store` returns a new array value rather than mutating its operand.
 * The verifier checks that every local array is used linearly (a store is the last use of the
 * array it consumes), so code generators and the interpreter may update in place.
 *
 * Every op carries the source span it came from, so diagnostics, reports and switch ids can
 * point back to the user's code. Passes build new IR rather than mutate their input.
 */

/** Scalar and aggregate value types. `int` and `bool` are static (never differentiated). */
export type Type = 'f64' | 'int' | 'bool' | 'arr' | 'mat';

export const TYPES: readonly Type[] = ['f64', 'int', 'bool', 'arr', 'mat'];

/** A half-open source range, 1-based lines and columns (columns count UTF-16 units, as editors do). */
export interface Span {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface Value {
  /** Unique within a function; assigned by the builder. */
  id: number;
  type: Type;
  /** A readable hint from the source (a variable name), used when printing. */
  hint?: string;
}

export type AttrValue = number | string | boolean | number[] | number[][];
export type Attrs = Record<string, AttrValue>;

export interface Op {
  opcode: string;
  operands: Value[];
  results: Value[];
  attrs: Attrs;
  /** Regions: `for` has one (the body), `if` has two (then, else). */
  regions: Block[];
  span: Span;
}

export interface Block {
  args: Value[];
  ops: Op[];
}

export interface Param {
  name: string;
  value: Value;
}

export interface Func {
  name: string;
  exported: boolean;
  params: Param[];
  resultType: Type;
  body: Block;
  span: Span;
}

export interface Module {
  /** The source file the module was compiled from (spans in other files print their file). */
  file: string;
  funcs: Func[];
}

export const NO_SPAN: Span = { file: '', line: 0, col: 0, endLine: 0, endCol: 0 };
