/**
 * The evaluation trace: a function evaluated at one point, recorded as a linear list of nodes
 * with their local partial derivatives, with every switching operation cut into
 *   z = sum(zCoef * operands)      (a linear node: the switching variable)
 *   w = |z|                        (an abs node: the only nonsmooth node kind)
 *   y = sum(yCoef * operands) + absCoef * w
 * This is the evaluation procedure of theory.md §1.1 with the abs nodes made explicit, so the
 * abs-normal form (anf.ts), the LIKQ test (likq.ts) and the certified gradient (certify.ts) are
 * plain sweeps over it. It is plain data: usable from JavaScript without the compiler.
 *
 * Nodes 0..n-1 are the independent inputs (the differentiated parameter's entries). Each later
 * node has parents (earlier nodes) and partials in CSR form. Abs nodes have one parent (their
 * z node) and no partial: the sweeps decide what |.| contributes.
 */

export interface Switch {
  /** The abs node w = |z|. */
  w: number;
  /** The node holding z. */
  z: number;
  /** Stable id: `file:line:col` of the source site plus loop indices, e.g. `loss.ts:12:7[i=3]`. */
  id: string;
  /** abs, max, min, relu, clamp or pattern. */
  kind: string;
  /** `file:line:col` of the source site. */
  loc: string;
  /** The site's switch number from the compiler (z=k), the same for every loop iteration. */
  site: number;
}

export interface Trace {
  /** Number of independent inputs (nodes 0..n-1). */
  n: number;
  /** Value of every node. */
  values: number[];
  /** CSR: parents of node i are parents[start[i] .. start[i+1]). */
  start: number[];
  parents: number[];
  partials: number[];
  /** isAbs[i]: node i is w = |parent|. */
  isAbs: boolean[];
  /** The switching variables in evaluation order (z_1 .. z_s). */
  switches: Switch[];
  /** The output nodes (y), and their values. */
  outputs: number[];
}

/** Incremental builder used by the tracing interpreter. */
export class TraceBuilder {
  readonly t: Trace;

  constructor(x: ArrayLike<number>) {
    const n = x.length;
    this.t = { n, values: Array.from(x), start: new Array<number>(n + 1).fill(0), parents: [], partials: [], isAbs: new Array<boolean>(n).fill(false), switches: [], outputs: [] };
  }

  /** A node v = sum(partials[k] * parents[k]) + (nonlinear part); `value` is its value. */
  node(value: number, parents: number[], partials: number[], isAbs = false): number {
    const t = this.t;
    const id = t.values.length;
    t.values.push(value);
    for (let k = 0; k < parents.length; k++) {
      if (parents[k] < 0) continue; // a constant or inactive operand contributes nothing
      t.parents.push(parents[k]);
      t.partials.push(partials[k]);
    }
    t.isAbs.push(isAbs);
    t.start.push(t.parents.length);
    return id;
  }
}
