/**
 * The static report: every switching site of every exported function, how often it switches,
 * what it depends on, and the structural hazards (theory.md §2) found in the IR.
 *
 *   analyzeFile(file)            -> Report (runs the pipeline three times: after `fold`, after
 *                                   `lower-nonsmooth`, and in full)
 *   analyzeModules(final, pre)   -> Report from already compiled modules
 *
 * Everything here is structural (no evaluation point): a site is a switch op of the final IR;
 * its multiplicity is the product of the trip counts of its enclosing `for` ops, written from
 * the bound values (their hints, parameters, lengths, constants). Output is deterministic.
 */
import { compile } from '../api.js';
import { DIAGNOSTICS, type DiagnosticName } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { opDef, isSwitch } from '../ir/ops.js';
import type { Block, Func, Module, Op, Span, Value } from '../ir/types.js';
import type { SampleSummary } from './sample.js';

export type HazardSeverity = 'warning' | 'info';

export interface Site {
  /** 1-based, in evaluation order of the final IR. */
  index: number;
  /** The switching variable number (±k: sites with the same |k| were merged). */
  z: number;
  /** abs | max | min | relu | clamp | pattern (the `origin` attribute). */
  kind: string;
  opcode: string;
  loc: string;
  span: Span;
  /** How many switching variables this site makes per call: product of enclosing trip counts. */
  multiplicity: string;
  dependsOn: { inputs: string[]; sites: number[] };
  /** 1 + the longest chain of earlier sites reaching it (static sites, loops not unrolled). */
  depth: number;
  /** The site reaches itself through a loop-carried value (its depth grows with the trip count). */
  loopCarried: boolean;
  zero: boolean;
}

export interface Hazard {
  code: string;
  name: DiagnosticName;
  severity: HazardSeverity;
  loc: string;
  span: Span;
  message: string;
  fix: string;
}

export interface FunctionReport {
  name: string;
  loc: string;
  params: string[];
  sites: Site[];
  /** Distinct switching variables per call, as a formula in the loop bounds. */
  switchCount: string;
  /** Longest chain of sites; `grows` when a chain runs through a loop-carried value. */
  depth: number;
  depthGrowsWithLoops: boolean;
  piecewiseLinear: boolean;
  /** Why the function is not piecewise linear (op and loc), empty when it is. */
  nonlinear: string[];
  hazards: Hazard[];
  verdict: string;
  /** Kink points found by sampling (`absad report --sample N`, compiler/report/sample.ts). */
  sample?: SampleSummary;
}

export interface Report {
  file: string;
  /** abs'(0) convention of plain AD (the report always states it). */
  absKink: number;
  functions: FunctionReport[];
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export function locOf(span: Span, file: string): string {
  return `${span.file || file}:${span.line}:${span.col}`;
}

/** Compiles FILE and reports on it; null module (errors) gives a report with no functions. */
export function analyzeFile(file: string, text?: string, fn?: string): Report {
  const input = text === undefined ? { file } : { file, text };
  const final = compile(input);
  if (!final.module) return { file, absKink: 0, functions: [], diagnostics: final.diagnostics, sources: final.sources };
  const preCse = compile(input, { after: 'fold' }).module;
  const lowered = compile(input, { after: 'lower-nonsmooth' }).module;
  const functions = analyzeModules(final.module, lowered, preCse, fn);
  return { file, absKink: 0, functions, diagnostics: final.diagnostics, sources: final.sources };
}

export function analyzeModules(final: Module, lowered: Module | null, preCse: Module | null, fn?: string): FunctionReport[] {
  const out: FunctionReport[] = [];
  for (const f of final.funcs) {
    if (!f.exported || (fn !== undefined && f.name !== fn)) continue;
    const low = lowered?.funcs.find((g) => g.name === f.name) ?? null;
    const pre = preCse?.funcs.find((g) => g.name === f.name) ?? null;
    out.push(analyzeFunction(f, low, pre, final.file));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Walking the structured IR

interface Visited {
  op: Op;
  /** Enclosing for/if ops, outermost first (with the region index taken). */
  enclosing: { op: Op; region: number }[];
}

function walk(block: Block, enclosing: { op: Op; region: number }[], visit: (v: Visited) => void): void {
  for (const op of block.ops) {
    visit({ op, enclosing });
    op.regions.forEach((r, i) => walk(r, [...enclosing, { op, region: i }], visit));
  }
}

/** Where each value comes from: an op result, a block argument of an op's region, or a parameter. */
interface Def {
  op?: Op;
  result?: number;
  owner?: Op;
  arg?: number;
  param?: string;
}

function definitions(f: Func): Map<number, Def> {
  const defs = new Map<number, Def>();
  for (const p of f.params) defs.set(p.value.id, { param: p.name });
  f.body.args.forEach((a, i) => defs.has(a.id) || defs.set(a.id, { param: f.params[i]?.name ?? a.hint ?? `arg${i}` }));
  walk(f.body, [], ({ op }) => {
    op.results.forEach((r, i) => defs.set(r.id, { op, result: i }));
    for (const region of op.regions) region.args.forEach((a, i) => defs.set(a.id, { owner: op, arg: i }));
  });
  return defs;
}

// ---------------------------------------------------------------------------------------------
// Integer expressions for trip counts

interface Expr {
  text: string;
  /** 3 atom, 2 product, 1 sum. */
  prec: number;
}

function intExpr(v: Value, defs: Map<number, Def>, depth = 0): Expr {
  const d = defs.get(v.id);
  if (!d) return { text: v.hint ?? `%${v.id}`, prec: 3 };
  if (d.param !== undefined) return { text: d.param, prec: 3 };
  if (d.owner) return { text: v.hint ?? `%${v.id}`, prec: 3 };
  const op = d.op!;
  if (op.opcode === 'const') return { text: String(op.attrs.value), prec: 3 };
  // A named source variable (const n = x.length) prints as its name.
  if (v.hint && depth > 0) return { text: v.hint, prec: 3 };
  if (depth > 8) return { text: v.hint ?? `%${v.id}`, prec: 3 };
  const sub = (i: number) => intExpr(op.operands[i], defs, depth + 1);
  const wrap = (e: Expr, min: number) => (e.prec < min ? `(${e.text})` : e.text);
  switch (op.opcode) {
    case 'iadd':
      return { text: `${wrap(sub(0), 1)} + ${wrap(sub(1), 2)}`, prec: 1 };
    case 'isub':
      return { text: `${wrap(sub(0), 1)} - ${wrap(sub(1), 2)}`, prec: 1 };
    case 'imul':
      return { text: `${wrap(sub(0), 2)} * ${wrap(sub(1), 3)}`, prec: 2 };
    case 'idiv':
      return { text: `floor(${sub(0).text} / ${sub(1).text})`, prec: 3 };
    case 'irem':
      return { text: `${wrap(sub(0), 3)} % ${wrap(sub(1), 3)}`, prec: 2 };
    case 'ineg':
      return { text: `-${wrap(sub(0), 3)}`, prec: 2 };
    case 'iabs':
      return { text: `abs(${sub(0).text})`, prec: 3 };
    case 'imin':
    case 'imax':
      return { text: `${op.opcode.slice(1)}(${op.operands.map((_, i) => sub(i).text).join(', ')})`, prec: 3 };
    case 'len':
      return { text: `len(${sub(0).text})`, prec: 3 };
    case 'rows':
      return { text: `rows(${sub(0).text})`, prec: 3 };
    default:
      return { text: v.hint ?? `%${v.id}`, prec: 3 };
  }
}

/** The trip count of a `for` op as an expression: `hi - lo`, `ceil((hi - lo) / k)`, ... */
function tripCount(op: Op, defs: Map<number, Def>): Expr {
  const lo = intExpr(op.operands[0], defs, 1);
  const hi = intExpr(op.operands[1], defs, 1);
  const step = typeof op.attrs.step === 'number' ? op.attrs.step : 1;
  const inclusive = op.attrs.cmp === '<=';
  let span: Expr;
  if (lo.text === '0') span = hi;
  else if (/^\d+$/.test(lo.text) && /^\d+$/.test(hi.text)) span = { text: String(Number(hi.text) - Number(lo.text)), prec: 3 };
  else span = { text: `${hi.prec < 1 ? `(${hi.text})` : hi.text} - ${lo.prec < 2 ? `(${lo.text})` : lo.text}`, prec: 1 };
  if (inclusive) span = /^\d+$/.test(span.text) ? { text: String(Number(span.text) + 1), prec: 3 } : { text: `${span.text} + 1`, prec: 1 };
  if (step === 1) return span;
  if (/^\d+$/.test(span.text)) return { text: String(Math.max(0, Math.ceil(Number(span.text) / step))), prec: 3 };
  return { text: `ceil((${span.text}) / ${step})`, prec: 3 };
}

/** Product of the trip counts of the enclosing loops; a bound using an outer counter becomes a sum. */
function multiplicity(enclosing: { op: Op; region: number }[], defs: Map<number, Def>): string {
  const loops = enclosing.filter((e) => e.op.opcode === 'for').map((e) => e.op);
  let text = '1';
  let prec = 3;
  // Build from the innermost loop outwards, so a trip count that mentions an outer counter can
  // be summed over that counter.
  for (let k = loops.length - 1; k >= 0; k--) {
    const loop = loops[k];
    const counter = loop.regions[0].args[0];
    const counterName = counter.hint ?? `%${counter.id}`;
    const trip = tripCount(loop, defs);
    const inner = text;
    const mentions = new RegExp(`(^|[^\\w.])${counterName.replace(/[.$]/g, '\\$&')}([^\\w.]|$)`).test(inner);
    if (mentions) {
      text = `sum(${counterName} < ${trip.text}: ${inner})`;
      prec = 3;
    } else if (inner === '1') {
      text = trip.text;
      prec = trip.prec;
    } else {
      text = `${trip.prec < 2 ? `(${trip.text})` : trip.text} * ${prec < 2 ? `(${inner})` : inner}`;
      prec = 2;
    }
  }
  return text;
}

/** Sum of multiplicities, with equal terms grouped: `2 + 3 * (n - 1)`. */
function sumFormula(terms: string[]): string {
  if (terms.length === 0) return '0';
  let constant = 0;
  const counts = new Map<string, number>();
  for (const t of terms) {
    if (/^\d+$/.test(t)) constant += Number(t);
    else counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const parts: string[] = [];
  for (const [t, c] of counts) {
    const needParens = c > 1 && /[+-]/.test(t.replace(/^sum\(.*\)$/, ''));
    parts.push(c === 1 ? t : `${c} * ${needParens ? `(${t})` : t}`);
  }
  if (constant > 0 || parts.length === 0) parts.push(String(constant));
  return parts.join(' + ');
}

// ---------------------------------------------------------------------------------------------
// Structural keys: equal keys mean the same computation (up to value numbering)

/**
 * A key for each value that does not depend on SSA numbering or spans: two copies of the same
 * expression (even inside two copies of the same loop nest) get the same key. Block arguments
 * key as their owner loop's key plus position; a loop's key covers its bounds, inits and body.
 * `upToSign` strips a leading `neg`, so the keys of u and -u agree.
 */
class Keys {
  private memo = new Map<number, string>();
  private loopMemo = new Map<Op, string>();
  constructor(private defs: Map<number, Def>) {}

  key(v: Value): string {
    const m = this.memo.get(v.id);
    if (m !== undefined) return m;
    const k = this.compute(v);
    this.memo.set(v.id, k);
    return k;
  }

  private compute(v: Value): string {
    const d = this.defs.get(v.id);
    if (!d) return `?${v.id}`;
    if (d.param !== undefined) return `p:${d.param}`;
    if (d.owner) return `arg${d.arg}(${this.opKey(d.owner)})`;
    const op = d.op!;
    if (op.regions.length > 0) return `res${d.result}(${this.opKey(op)})`;
    return this.plainKey(op);
  }

  private plainKey(op: Op): string {
    const attrs = Object.keys(op.attrs)
      .filter((a) => a !== 'z' && a !== 'zero')
      .sort()
      .map((a) => `${a}=${JSON.stringify(op.attrs[a])}`);
    let args = op.operands.map((o) => this.key(o));
    if (op.opcode === 'add' || op.opcode === 'mul' || op.opcode === 'iadd' || op.opcode === 'imul') args = [...args].sort();
    return `${op.opcode}[${attrs.join(',')}](${args.join(',')})`;
  }

  /** Key of an op with regions: its operands, attrs and everything its regions yield. */
  opKey(op: Op): string {
    const m = this.loopMemo.get(op);
    if (m !== undefined) return m;
    // Placeholder first: body values refer back to the loop through its block arguments.
    this.loopMemo.set(op, `${op.opcode}@${this.loopMemo.size}`);
    const head = `${op.opcode}[${JSON.stringify(op.attrs)}](${op.operands.map((o) => this.key(o)).join(',')})`;
    // Block args key by position inside the loop, so the body key does not depend on numbering.
    const anon = `${op.opcode}:${head}`;
    this.loopMemo.set(op, anon);
    const bodies = op.regions.map((r) => {
      const term = r.ops[r.ops.length - 1];
      return term ? term.operands.map((o) => this.key(o)).join(',') : '';
    });
    const full = `${anon}{${bodies.join('|')}}`;
    this.loopMemo.set(op, full);
    return full;
  }

  /** The key of a switch's switching variable up to sign (z = operand, or a - b for max/min). */
  zKey(op: Op): string {
    const strip = (v: Value): string => {
      const d = this.defs.get(v.id);
      if (d?.op && d.op.opcode === 'neg') return this.key(d.op.operands[0]);
      return this.key(v);
    };
    if (op.operands.length === 1) return `z(${strip(op.operands[0])})`;
    const [a, b] = op.operands.map((o) => this.key(o));
    return `z(${[a, b].sort().join('-')})`;
  }
}

/** Key of the loop/if nest around an op (so equal keys in different nests stay distinct). */
function nestKey(enclosing: { op: Op; region: number }[], keys: Keys): string {
  return enclosing.map((e) => `${keys.opKey(e.op)}#${e.region}`).join('/');
}

// ---------------------------------------------------------------------------------------------
// Per function

interface Deps {
  inputs: Set<string>;
  sites: Set<number>;
  /** Depends on the first (differentiated) parameter. */
  active: boolean;
}

const STATIC = new Set(['int', 'bool']);

function analyzeFunction(f: Func, lowered: Func | null, preCse: Func | null, file: string): FunctionReport {
  const defs = definitions(f);
  const x = f.params[0]?.name;
  const deps = new Map<number, Deps>();
  const sites: Site[] = [];
  const siteOf = new Map<Op, Site>();
  const nonlinear: string[] = [];
  const hazards: Hazard[] = [];
  const loc = (s: Span) => locOf(s, file);
  const hazard = (name: DiagnosticName, severity: HazardSeverity, span: Span, message: string, fix: string) =>
    hazards.push({ code: DIAGNOSTICS[name].code, name, severity, loc: loc(span), span, message, fix });

  for (const p of f.params) deps.set(p.value.id, { inputs: STATIC.has(p.value.type) ? new Set() : new Set([p.name]), sites: new Set(), active: p.name === x && !STATIC.has(p.value.type) });
  const get = (v: Value): Deps => deps.get(v.id) ?? { inputs: new Set(), sites: new Set(), active: false };
  const union = (vs: Value[]): Deps => {
    const d: Deps = { inputs: new Set(), sites: new Set(), active: false };
    for (const v of vs) {
      if (STATIC.has(v.type)) continue;
      const e = get(v);
      e.inputs.forEach((i) => d.inputs.add(i));
      e.sites.forEach((s) => d.sites.add(s));
      d.active ||= e.active;
    }
    return d;
  };
  const same = (a: Deps, b: Deps) => a.active === b.active && a.inputs.size === b.inputs.size && a.sites.size === b.sites.size;

  // Dataflow over the structured IR; a loop body is revisited until its carried values settle.
  const flowBlock = (block: Block, enclosing: { op: Op; region: number }[], record: boolean): void => {
    for (const op of block.ops) {
      if (op.opcode === 'for') {
        const body = op.regions[0];
        const inits = op.operands.slice(2);
        body.args.forEach((a, i) => i > 0 && deps.set(a.id, union([inits[i - 1]])));
        for (let round = 0; round < 64; round++) {
          flowBlock(body, [...enclosing, { op, region: 0 }], false);
          const y = body.ops[body.ops.length - 1];
          let changed = false;
          body.args.forEach((a, i) => {
            if (i === 0) return;
            const next = union([inits[i - 1], y.operands[i - 1]]);
            if (!same(next, get(a))) changed = true;
            deps.set(a.id, next);
          });
          if (!changed) break;
        }
        if (record) flowBlock(body, [...enclosing, { op, region: 0 }], true);
        const y = body.ops[body.ops.length - 1];
        op.results.forEach((r, i) => deps.set(r.id, union([inits[i], y.operands[i]])));
        continue;
      }
      if (op.opcode === 'if') {
        op.regions.forEach((r, i) => flowBlock(r, [...enclosing, { op, region: i }], record));
        op.results.forEach((r, i) => deps.set(r.id, union(op.regions.map((reg) => reg.ops[reg.ops.length - 1].operands[i]))));
        continue;
      }
      const d = union(op.operands);
      if (isSwitch(op.opcode)) {
        const site = siteOf.get(op);
        if (site) {
          site.dependsOn.inputs = [...d.inputs].sort();
          site.loopCarried = d.sites.has(site.index);
          site.dependsOn.sites = [...d.sites].filter((s) => s !== site.index).sort((a, b) => a - b);
          d.sites.add(site.index);
        }
      }
      if (record) checkSmoothness(op, d);
      op.results.forEach((r) => deps.set(r.id, { inputs: new Set(d.inputs), sites: new Set(d.sites), active: d.active }));
    }
  };

  /** Piecewise linearity and the elemental hazards: only ops that depend on the input x count. */
  const checkSmoothness = (op: Op, d: Deps): void => {
    const def = opDef(op.opcode);
    const act = (i: number) => op.operands[i] !== undefined && get(op.operands[i]).active;
    const constOf = (v: Value): number | null => {
      const dd = defs.get(v.id);
      return dd?.op?.opcode === 'const' && typeof dd.op.attrs.value === 'number' ? dd.op.attrs.value : null;
    };
    const where = `${op.opcode} at ${loc(op.span)}`;
    if (!d.active) return;
    if (op.opcode === 'mul' && act(0) && act(1)) nonlinear.push(where);
    else if (op.opcode === 'div' && act(1)) {
      nonlinear.push(where);
      hazard('singular-elemental', 'warning', op.span, 'division by a value that depends on the input: undefined, and not abs-smooth, where the divisor is 0', 'keep the divisor away from 0 (e.g. add a positive constant) or check it is never 0 on the domain');
    } else if (op.opcode === 'pow') {
      const p = constOf(op.operands[1]);
      if (p !== 1) nonlinear.push(where);
      if (act(0) && (p === null || (p > 0 && p < 2 && !Number.isInteger(p)) || p < 0)) {
        hazard('non-lipschitz-elemental', 'warning', op.span, p === null ? 'a power with a variable exponent: it needs log of the base, undefined where the base is 0' : `x ** ${p} is not Lipschitz (or not defined) where its base is 0`, 'use an integer exponent, or keep the base positive (e.g. x ** p with x = Math.abs(u) + eps)');
      }
    } else if (def.group === 'elemental') {
      nonlinear.push(where);
      if (op.opcode === 'sqrt' || op.opcode === 'cbrt') hazard('non-lipschitz-elemental', 'warning', op.span, `Math.${op.opcode} is not Lipschitz where its argument is 0 (infinite derivative)`, op.opcode === 'sqrt' ? 'if the argument is u * u, write Math.abs(u); otherwise keep it positive (add a small constant)' : 'keep the argument away from 0');
      else if (op.opcode === 'hypot') hazard('non-lipschitz-elemental', 'warning', op.span, 'Math.hypot (a 2-norm) has a round kink at 0 that is not abs-smooth', 'use a 1-norm or max-norm (sums of Math.abs), or keep the arguments away from 0');
      else if (op.opcode.startsWith('log')) hazard('singular-elemental', 'warning', op.span, `Math.${op.opcode} is undefined at ${op.opcode === 'log1p' ? '-1' : '0'} and has an unbounded derivative near it`, 'keep the argument positive (e.g. Math.log(u + eps))');
    }
    if (op.opcode === 'select') {
      const bad = op.operands.slice(1).find((v) => {
        const dd = defs.get(v.id);
        const oc = dd?.op?.opcode;
        return oc === 'div' || oc === 'sqrt' || oc === 'log' || oc === 'pow' || oc === 'log2' || oc === 'log10';
      });
      if (bad) hazard('nan-select', 'warning', op.span, 'one arm of this select is computed by an op that can give NaN or Infinity; both arms are evaluated, and in the reverse sweep 0 * Infinity = NaN reaches the gradient', 'compute the risky value only from safe arguments (e.g. divide by Math.max(d, eps))');
    }
  };

  // Sites first (evaluation order), so the dataflow can name them from the first round.
  walk(f.body, [], ({ op, enclosing }) => {
    if (!isSwitch(op.opcode)) return;
    const site: Site = {
      index: sites.length + 1,
      z: typeof op.attrs.z === 'number' ? op.attrs.z : 0,
      kind: String(op.attrs.origin ?? op.opcode),
      opcode: op.opcode,
      loc: loc(op.span),
      span: op.span,
      multiplicity: multiplicity(enclosing, defs),
      dependsOn: { inputs: [], sites: [] },
      depth: 1,
      loopCarried: false,
      zero: op.attrs.zero === true,
    };
    sites.push(site);
    siteOf.set(op, site);
  });
  flowBlock(f.body, [], true);

  // Depth in the site dependence graph (loop-carried self-dependence excluded; cycles capped).
  for (let round = 0; round <= sites.length; round++) {
    let changed = false;
    for (const s of sites) {
      const dd = 1 + Math.max(0, ...s.dependsOn.sites.map((j) => sites[j - 1]?.depth ?? 0));
      if (dd !== s.depth && dd <= sites.length) {
        s.depth = dd;
        changed = true;
      }
    }
    if (!changed) break;
  }

  structuralHazards(f, lowered, preCse, sites, hazard, loc);

  const distinct = new Map<number, Site>();
  for (const s of sites) if (!distinct.has(Math.abs(s.z))) distinct.set(Math.abs(s.z), s);
  const switchCount = sumFormula([...distinct.values()].map((s) => s.multiplicity));
  const depth = Math.max(0, ...sites.map((s) => s.depth));
  const depthGrowsWithLoops = sites.some((s) => s.loopCarried);
  const piecewiseLinear = nonlinear.length === 0;
  hazards.sort((a, b) => a.span.line - b.span.line || a.span.col - b.span.col || a.code.localeCompare(b.code));
  return {
    name: f.name,
    loc: loc(f.span),
    params: f.params.map((p) => p.name),
    sites,
    switchCount,
    depth,
    depthGrowsWithLoops,
    piecewiseLinear,
    nonlinear,
    hazards,
    verdict: verdict(sites, hazards, piecewiseLinear),
  };
}

/**
 * The hazards that compare the IR before and after canonicalization.
 *   ABS3001 a switch marked zero=true by merge-switches (z is identically 0).
 *   ABS3002 sites of the lowered IR (before canonicalization) with equal switching variables up
 *           to sign (relu(x) - relu(-x), |x| and |-x|): absad merged them (info).
 *   ABS3003 an abs/relu whose operand is directly an abs/relu result (||u||, relu(|u|)): its z is
 *           |z_inner| >= 0; info when canonicalization removed it, a warning when it survived.
 *   ABS3004 two sites of the final IR with equal switching variables (up to sign, same loop nest
 *           structure) but different z numbers: LIKQ fails wherever they are active (warning).
 *   ABS3005 two nonsmooth ops of the pre-CSE IR that compute the same thing (|x| - |x|): CSE
 *           merged them (info), unless ABS3004 already reports the pair.
 */
function structuralHazards(
  f: Func,
  lowered: Func | null,
  preCse: Func | null,
  sites: Site[],
  hazard: (name: DiagnosticName, severity: HazardSeverity, span: Span, message: string, fix: string) => void,
  loc: (s: Span) => string,
): void {
  for (const s of sites) {
    if (s.zero) hazard('structurally-zero-switch', 'warning', s.span, `this ${s.kind} compares a value with itself, so its switching variable is identically zero; LIKQ fails wherever it is evaluated`, 'remove the redundant max/min (max(u, u) is u)');
  }
  const finalSpans = new Set(sites.map((s) => s.loc));

  // ABS3004 on the final IR.
  const reported = new Set<string>();
  {
    const defs = definitions(f);
    const keys = new Keys(defs);
    const groups = new Map<string, { op: Op; z: number }[]>();
    walk(f.body, [], ({ op, enclosing }) => {
      if (!isSwitch(op.opcode) || op.attrs.zero === true) return;
      const k = `${nestKey(enclosing, keys)}::${keys.zKey(op)}`;
      const g = groups.get(k) ?? [];
      g.push({ op, z: Math.abs(Number(op.attrs.z ?? 0)) });
      groups.set(k, g);
    });
    for (const g of groups.values()) {
      const first = g[0];
      for (const other of g.slice(1)) {
        if (other.z === first.z) continue;
        reported.add(loc(other.op.span));
        reported.add(loc(first.op.span));
        hazard('duplicate-switch', 'warning', other.op.span, `this ${String(other.op.attrs.origin ?? other.op.opcode)} (z${other.z}) computes the same switching variable as the one at ${loc(first.op.span)} (z${first.z}), evaluated again: LIKQ fails wherever they are active`, 'compute the shared value once and reuse it (e.g. evaluate the network once and store the result)');
      }
    }
  }

  if (lowered) {
    const defs = definitions(lowered);
    const keys = new Keys(defs);
    const groups = new Map<string, Op[]>();
    walk(lowered.body, [], ({ op, enclosing }) => {
      if (!isSwitch(op.opcode)) return;
      // ABS3003: an abs/relu of an abs/relu result.
      const inner = defs.get(op.operands[0]?.id ?? -1)?.op;
      if ((op.opcode === 'abs' || op.opcode === 'relu') && inner && (inner.opcode === 'abs' || inner.opcode === 'relu')) {
        const survived = finalSpans.has(loc(op.span));
        hazard('nested-switch', survived ? 'warning' : 'info', op.span, `this ${String(op.attrs.origin ?? op.opcode)} is applied to the nonnegative result of the ${String(inner.attrs.origin ?? inner.opcode)} at ${loc(inner.span)}: its switching variable is zero exactly when the inner one is, so LIKQ fails there${survived ? '' : '; absad canonicalized it away'}`, `drop the outer ${String(op.attrs.origin ?? op.opcode)} (|abs(u)| = abs(u))`);
      }
      const k = `${nestKey(enclosing, keys)}::${keys.zKey(op)}`;
      const g = groups.get(k) ?? [];
      g.push(op);
      groups.set(k, g);
    });
    for (const g of groups.values()) {
      for (const other of g.slice(1)) {
        if (reported.has(loc(other.span))) continue;
        hazard('merged-switch', 'info', other.span, `this ${String(other.attrs.origin ?? other.opcode)} switches on the same variable, up to sign, as the one at ${loc(g[0].span)}; absad merged them into one switching variable (written as two, LIKQ would fail wherever they are active, and plain AD could return a wrong gradient)`, 'nothing to do for absad; other AD tools need the two written as one (e.g. relu(x) - relu(-x) is x)');
      }
    }
  }

  if (preCse) {
    const defs = definitions(preCse);
    const keys = new Keys(defs);
    const groups = new Map<string, Op[]>();
    walk(preCse.body, [], ({ op, enclosing }) => {
      if (!opDef(op.opcode).kink) return;
      const k = `${nestKey(enclosing, keys)}::${keys.key(op.results[0])}`;
      const g = groups.get(k) ?? [];
      g.push(op);
      groups.set(k, g);
    });
    for (const g of groups.values()) {
      for (const other of g.slice(1)) {
        if (reported.has(loc(other.span)) || loc(other.span) === loc(g[0].span)) continue;
        hazard('recomputed-switch', 'info', other.span, `this ${other.opcode.replace(/^math\./, '')} recomputes the one at ${loc(g[0].span)}; absad merged them (CSE), but evaluated twice they would be two equal switching variables and LIKQ would fail wherever they are active`, 'compute the value once and reuse it');
      }
    }
  }
}

function verdict(sites: Site[], hazards: Hazard[], pl: boolean): string {
  const warn = hazards.filter((h) => h.severity === 'warning');
  const codes = new Set(warn.map((h) => h.name));
  const parts: string[] = [];
  if (sites.length === 0) parts.push('smooth: no switching site, so plain AD gives the classical gradient wherever the function is differentiable.');
  else {
    if (codes.has('structurally-zero-switch') || codes.has('duplicate-switch') || codes.has('nested-switch')) {
      parts.push('NOT safe for plain AD at kinks: LIKQ fails structurally wherever the flagged switches are active, so a plain backward sweep may return a vector outside the Clarke gradient there; absad detects this at run time and returns a `completion`-certified gradient instead.');
    } else {
      parts.push('no structural LIKQ failure: away from kinks the gradient is classical; at kinks absad checks LIKQ at the point and certifies the result (`likq`), or falls back to signature completion.');
    }
    parts.push(pl ? 'The function is piecewise linear.' : 'The function is abs-smooth (piecewise smooth), not piecewise linear.');
  }
  if (codes.has('non-lipschitz-elemental') || codes.has('singular-elemental') || codes.has('nan-select')) parts.push('Some smooth elementals leave the abs-smooth class where their argument is 0; gradients there are not certified.');
  return parts.join(' ');
}
