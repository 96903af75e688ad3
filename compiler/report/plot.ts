/**
 * The data behind the HTML report's plot: f and its switching variables z_i sampled through the
 * reference interpreter (compiler/ir/interpret.ts reports every switching operation it runs,
 * with its z and loop indices), on a line (one input) or a grid (two inputs, or a 2-D slice of
 * more through a base point).
 *
 * Takes the compiled module, one exported function and the plot request (base point, slice,
 * radius, values of the other parameters); returns a Plot, or a `none` plot saying why not.
 *
 *   inputs      the first parameter: an array x (its elements are the inputs), or a number; when
 *               every parameter is a number, all of them (as `absad eval --at` binds them).
 *   n           for an array x: the length of --around, else --n, else 1 + the largest
 *               constant index when every read of x has a constant index (x[0], x[1]), else
 *               max(4, that).
 *   base point  --around, else 0; the window is base +- radius (default 2) on each axis.
 *   slice       --slice i,j (0-based input indices), default 0,1.
 *   kinks       the zero set of each switching variable: in 1-D the sign changes between
 *               samples refined by bisection, exact zeros at samples, and intervals of exact
 *               zeros; in 2-D the zero-level lines of z_i on the grid (contour.ts). Switches merged by canonicalization
 *               (equal |z| number) are one switching variable; structurally zero ones
 *               (max(u, u)) have no zero *set* to draw and are listed instead.
 *
 * Control flow is static (subset.md), so every point runs the same switching operations in
 * the same order: the k-th event at one point is the same switching variable as at any other.
 */
import { InterpretError, Interpreter, type RValue, type SwitchEvent } from '../ir/interpret.js';
import { isSwitch } from '../ir/ops.js';
import type { Block, Func, Module, Op } from '../ir/types.js';
import { bindArguments, type Json } from '../cli/args.js';
import { zeroSegments } from './contour.js';

export interface PlotRequest {
  /** Base point (binds the inputs, as --at does). */
  around?: number[];
  /** Two 0-based input indices for a 2-D slice. */
  slice?: [number, number];
  /** Half-width of the window on each axis. */
  radius?: number;
  /** Size of an array x when there is no base point. */
  n?: number;
  /** Values of the parameters that are not inputs (--arg NAME=VEC). */
  args?: Map<string, Json>;
}

export const DEFAULT_RADIUS = 2;
export const DEFAULT_N = 4;
export const LINE_SAMPLES = 401;
export const GRID_NODES = 61;

export interface Axis {
  /** 0-based input index. */
  index: number;
  /** `x[3]` for an array input, the parameter name for a scalar one. */
  name: string;
  lo: number;
  hi: number;
}

/** One switching variable of the sampled function: site number, loop indices, readable label. */
export interface SwitchKey {
  label: string;
  site: number;
  kind: string;
}

export interface LinePlot {
  kind: 'line';
  n: number;
  base: number[];
  axis: Axis;
  xs: number[];
  f: number[];
  /** Points where some z_i is 0, each with the switching variables zero there. */
  kinks: { x: number; switches: string[] }[];
  /** Intervals where a switching variable is exactly 0 at consecutive samples (||x| - x| for x >= 0). */
  zeroIntervals: { from: number; to: number; switch: string }[];
  /** Switching variables that are 0 at every sample (structurally zero): no zero set to draw. */
  alwaysZero: string[];
  switches: SwitchKey[];
}

export interface HeatPlot {
  kind: 'heat';
  n: number;
  base: number[];
  axes: [Axis, Axis];
  xs: number[];
  ys: number[];
  /** f at (xs[i], ys[j]) is f[j * xs.length + i]. */
  f: Float64Array;
  /** Zero-level lines of each switching variable: segments x1, y1, x2, y2, ... */
  kinkLines: { label: string; site: number; segments: number[] }[];
  alwaysZero: string[];
  switches: SwitchKey[];
}

export interface NoPlot {
  kind: 'none';
  reason: string;
  /** The request does not fit the function (a user error when the function was named with --fn). */
  inputError: boolean;
}

export type Plot = LinePlot | HeatPlot | NoPlot;

const none = (reason: string, inputError = false): NoPlot => ({ kind: 'none', reason, inputError });

// ---------------------------------------------------------------------------------------------
// Inputs, their number and the base point

interface Inputs {
  /** The input parameters (one array, or one or more scalars). */
  params: Func['params'];
  array: boolean;
  n: number;
  names: string[];
}

function inputsOf(f: Func, req: PlotRequest): Inputs | NoPlot {
  const first = f.params[0];
  if (!first) return none(`${f.name} has no parameters`);
  if (first.value.type === 'arr') {
    const reads = constantReads(f);
    // Without --around or --n: the elements read, when all reads have constant indices.
    const fallback = reads.dynamic || reads.maxIndex < 0 ? Math.max(DEFAULT_N, reads.maxIndex + 1) : reads.maxIndex + 1;
    const n = req.around?.length ?? req.n ?? fallback;
    if (n <= reads.maxIndex) {
      return none(`${f.name} reads ${first.name}[${reads.maxIndex}], so ${first.name} needs at least ${reads.maxIndex + 1} values, but ${req.around ? `--around has ${n}` : `--n is ${n}`}`, true);
    }
    return { params: [first], array: true, n, names: Array.from({ length: n }, (_, i) => `${first.name}[${i}]`) };
  }
  if (first.value.type !== 'f64') return none(`its first parameter '${first.name}' is not a number or an array of numbers`);
  const scalars = f.params.every((p) => p.value.type === 'f64') ? f.params : [first];
  if (req.n !== undefined && req.n !== scalars.length) return none(`--n ${req.n} does not fit: its inputs are the ${scalars.length} number${scalars.length === 1 ? '' : 's'} ${scalars.map((p) => p.name).join(', ')}`, true);
  return { params: scalars, array: false, n: scalars.length, names: scalars.map((p) => p.name) };
}

/** The largest constant index at which x (the first parameter) is read, and whether it is also read otherwise. */
function constantReads(f: Func): { maxIndex: number; dynamic: boolean } {
  const x = f.params[0].value;
  const constants = new Map<number, number>();
  let maxIndex = -1;
  let dynamic = false;
  walk(f.body, [], (op) => {
    if (op.opcode === 'const' && typeof op.attrs.value === 'number') constants.set(op.results[0].id, op.attrs.value);
    if (op.operands[0]?.id !== x.id) return;
    if (op.opcode === 'load') {
      const k = constants.get(op.operands[1].id);
      if (k === undefined) dynamic = true;
      else maxIndex = Math.max(maxIndex, k);
    } else dynamic = true;
  });
  return { maxIndex, dynamic };
}

function walk(block: Block, loops: Op[], visit: (op: Op, loops: Op[]) => void): void {
  for (const op of block.ops) {
    visit(op, loops);
    const inner = op.opcode === 'for' ? [...loops, op] : loops;
    for (const r of op.regions) walk(r, inner, visit);
  }
}

// ---------------------------------------------------------------------------------------------
// Sampling

/** Evaluates f and all switching variables at a point of the input space. */
class Sampler {
  private interp: Interpreter;
  private events: SwitchEvent[] = [];
  private args: RValue[];
  private x: Float64Array;

  constructor(module: Module, private f: Func, private inputs: Inputs, fixed: RValue[]) {
    this.interp = new Interpreter(module, { onSwitch: (e) => this.events.push(e) });
    this.args = fixed;
    this.x = inputs.array ? (fixed[0] as Float64Array) : new Float64Array(inputs.n);
  }

  /** f(x) and every switching variable z, in evaluation order (an InterpretError propagates). */
  at(x: ArrayLike<number>): { f: number; z: number[]; events: SwitchEvent[] } {
    for (let i = 0; i < this.inputs.n; i++) this.x[i] = x[i];
    if (!this.inputs.array) this.inputs.params.forEach((_, i) => (this.args[i] = x[i]));
    this.events = [];
    const value = this.interp.call(this.f.name, this.args) as number;
    return { f: value, z: this.events.map((e) => e.z), events: this.events };
  }
}

/** Numbering of the switch ops of f as the report numbers its sites (evaluation order of the IR). */
function siteNumbers(f: Func): Map<Op, { site: number; kind: string; counters: string[] }> {
  const sites = new Map<Op, { site: number; kind: string; counters: string[] }>();
  walk(f.body, [], (op, loops) => {
    if (!isSwitch(op.opcode)) return;
    sites.set(op, { site: sites.size + 1, kind: String(op.attrs.origin ?? op.opcode), counters: loops.map((l) => l.regions[0].args[0].hint ?? 'i') });
  });
  return sites;
}

/**
 * Groups the events of one evaluation into switching variables: one per |z| number (sites
 * merged by canonicalization share it, and their zero sets are the same) and loop indices.
 * Returns, per group, its key and the index of the first event, where its z is read.
 */
function switchGroups(events: SwitchEvent[], sites: ReturnType<typeof siteNumbers>): { key: SwitchKey; event: number }[] {
  const groups = new Map<string, { key: SwitchKey; event: number }>();
  events.forEach((e, k) => {
    const info = sites.get(e.op);
    const zNumber = Math.abs(Number(e.op.attrs.z ?? 0));
    const where = e.loopIndices.length > 0 ? `[${e.loopIndices.map((v, i) => `${info?.counters[i] ?? 'i'}=${v}`).join(', ')}]` : '';
    const id = `${zNumber > 0 ? `z${zNumber}` : `site${info?.site ?? k}`}${where}`;
    if (groups.has(id)) return;
    const label = `${zNumber > 0 ? `z${zNumber}` : `z of site #${info?.site ?? '?'}`}${where}`;
    groups.set(id, { key: { label, site: info?.site ?? 0, kind: info?.kind ?? e.op.opcode }, event: k });
  });
  return [...groups.values()];
}

export function samplePlot(module: Module, f: Func, req: PlotRequest): Plot {
  if (f.resultType !== 'f64') return none(`${f.name} returns an array; the plot needs a scalar function`);
  const inputs = inputsOf(f, req);
  if ('kind' in inputs) return inputs;
  if (req.around && req.around.length !== inputs.n) {
    return none(`--around has ${req.around.length} value${req.around.length === 1 ? '' : 's'}, but ${f.name} takes ${inputs.n} input${inputs.n === 1 ? '' : 's'} (${inputs.names.join(', ')})`, true);
  }
  const inputNames = new Set(inputs.params.map((p) => p.name));
  const others = f.params.filter((p) => !inputNames.has(p.name));
  const missing = others.filter((p) => !req.args?.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    return none(`it needs values for ${missing.map((m) => `'${m}'`).join(', ')}: pass --fn ${f.name} ${missing.map((m) => `--arg ${m}=VEC`).join(' ')}`);
  }
  const base = req.around ?? new Array<number>(inputs.n).fill(0);
  // The inputs bind like --at (an array, or a value per scalar parameter), the others like --arg.
  const named = new Map<string, Json>(others.map((p) => [p.name, req.args!.get(p.name)!]));
  const at: Json = inputs.array ? base : Object.fromEntries(inputs.params.map((p, i) => [p.name, base[i]]));
  const fixed = bindArguments(f, at, named);

  const radius = req.radius ?? DEFAULT_RADIUS;
  let axes: number[];
  if (req.slice) {
    const [i, j] = req.slice;
    const bad = [i, j].find((k) => !(Number.isInteger(k) && k >= 0 && k < inputs.n));
    if (bad !== undefined) return none(`--slice ${i},${j}: ${f.name} has inputs 0..${inputs.n - 1} (${inputs.names.join(', ')}), so ${bad} is not one of them`, true);
    if (i === j) return none(`--slice ${i},${j} names the same input twice`, true);
    axes = [i, j];
  } else axes = inputs.n === 1 ? [0] : [0, 1];
  const axis = (k: number): Axis => ({ index: k, name: inputs.names[k], lo: base[k] - radius, hi: base[k] + radius });

  const sampler = new Sampler(module, f, inputs, fixed);
  const sites = siteNumbers(f);
  try {
    const first = sampler.at(base);
    const groups = switchGroups(first.events, sites);
    const eventCount = first.events.length;
    const point = Float64Array.from(base);
    const evalAt = (coords: number[]) => {
      axes.forEach((k, m) => (point[k] = coords[m]));
      const r = sampler.at(point);
      if (r.z.length !== eventCount) throw new InterpretError(`it ran ${r.z.length} switching operations at one point and ${eventCount} at another`);
      return r;
    };
    const plot = axes.length === 1 ? linePlot(inputs.n, base, axis(axes[0]), groups, evalAt) : heatPlot(inputs.n, base, [axis(axes[0]), axis(axes[1])], groups, evalAt);
    if (!Array.from(plot.f).some(Number.isFinite)) return none(`${f.name} is NaN or infinite everywhere on the window (are the data parameters the right size?)`);
    return plot;
  } catch (e) {
    // The interpreter rejects some argument shapes only when it runs (a row index out of range).
    if (e instanceof InterpretError) return none(`evaluating ${f.name} failed: ${e.message}`, true);
    throw e;
  }
}

type EvalAt = (coords: number[]) => { f: number; z: number[] };

const grid = (lo: number, hi: number, count: number) => Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));

function linePlot(n: number, base: number[], axis: Axis, groups: { key: SwitchKey; event: number }[], evalAt: EvalAt): LinePlot {
  const xs = grid(axis.lo, axis.hi, LINE_SAMPLES);
  const samples = xs.map((x) => evalAt([x]));
  const found = new Map<number, Set<string>>();
  const addKink = (x: number, label: string) => {
    // Merge points closer than 1e-9 of the window (the same kink found by two switches).
    const near = [...found.keys()].find((k) => Math.abs(k - x) <= 1e-9 * (axis.hi - axis.lo));
    const at = near ?? x;
    if (!found.has(at)) found.set(at, new Set());
    found.get(at)!.add(label);
  };
  const alwaysZero: string[] = [];
  const zeroIntervals: LinePlot['zeroIntervals'] = [];
  for (const g of groups) {
    const z = samples.map((s) => s.z[g.event]);
    if (z.every((v) => v === 0)) {
      alwaysZero.push(g.key.label);
      continue;
    }
    for (let i = 0; i < xs.length; i++) {
      if (z[i] === 0) {
        // A run of exact zeros (|x| - x for x >= 0) is an interval of the zero set.
        let last = i;
        while (last + 1 < xs.length && z[last + 1] === 0) last++;
        if (last > i) zeroIntervals.push({ from: xs[i], to: xs[last], switch: g.key.label });
        else addKink(xs[i], g.key.label);
        i = last;
      } else if (i + 1 < xs.length && z[i + 1] !== 0 && Number.isFinite(z[i]) && Number.isFinite(z[i + 1]) && Math.sign(z[i]) !== Math.sign(z[i + 1])) {
        addKink(bisect(xs[i], xs[i + 1], z[i], (x) => evalAt([x]).z[g.event]), g.key.label);
      }
    }
  }
  const kinks = [...found.entries()].sort((a, b) => a[0] - b[0]).map(([x, s]) => ({ x, switches: [...s] }));
  return { kind: 'line', n, base, axis, xs, f: samples.map((s) => s.f), kinks, zeroIntervals, alwaysZero, switches: groups.map((g) => g.key) };
}

/** A zero of z in (a, b), where z(a) has the sign of za and z(b) the other sign. */
function bisect(a: number, b: number, za: number, z: (x: number) => number): number {
  let lo = a;
  let hi = b;
  for (let k = 0; k < 60 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); k++) {
    const mid = (lo + hi) / 2;
    const zm = z(mid);
    if (zm === 0) return mid;
    if (Math.sign(zm) === Math.sign(za)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function heatPlot(n: number, base: number[], axes: [Axis, Axis], groups: { key: SwitchKey; event: number }[], evalAt: EvalAt): HeatPlot {
  const xs = grid(axes[0].lo, axes[0].hi, GRID_NODES);
  const ys = grid(axes[1].lo, axes[1].hi, GRID_NODES);
  const f = new Float64Array(xs.length * ys.length);
  const z = groups.map(() => new Float64Array(xs.length * ys.length));
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const r = evalAt([xs[i], ys[j]]);
      f[j * xs.length + i] = r.f;
      groups.forEach((g, k) => (z[k][j * xs.length + i] = r.z[g.event]));
    }
  }
  const kinkLines: HeatPlot['kinkLines'] = [];
  const alwaysZero: string[] = [];
  groups.forEach((g, k) => {
    if (z[k].every((v) => v === 0)) {
      alwaysZero.push(g.key.label);
      return;
    }
    // Inside is z > 0; a z that is never positive (x - |x|) is traced as -z, so the edge of a
    // region where it is exactly 0 is still drawn.
    const field = z[k].some((v) => v > 0) ? z[k] : z[k].map((v) => -v);
    const segments = zeroSegments(field, xs, ys);
    if (segments.length > 0) kinkLines.push({ label: g.key.label, site: g.key.site, segments });
  });
  return { kind: 'heat', n, base, axes, xs, ys, f, kinkLines, alwaysZero, switches: groups.map((g) => g.key) };
}
