/**
 * The `--sample` part of `absad report`: takes the command-line values, the report and io;
 * checks the sampling options (a UsageError naming the option for a bad value), compiles the
 * file to JavaScript once and imports it, binds each reported function's other parameters
 * (--arg NAME=VEC), runs compiler/report/sample.ts and stores the summary as
 * FunctionReport.sample. Returns the exit code: 0, or 1 after printing diagnostics.
 *
 *   --sample N          random lines (positive integer)
 *   --seed S            the generator's seed (non-negative integer; default 1)
 *   --box lo,hi         every coordinate in [lo, hi] (default -1,1)
 *   --around VEC        every coordinate within --radius R (default 0.1) of VEC; fixes the size
 *   --n N               size of an array parameter with --box (default 10)
 *   --arg NAME=VEC      values of the other parameters, as for `absad grad`
 * The sampled parameter is the first one (the differentiated one); a `number` has size 1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileJs } from '../api.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { RValue } from '../ir/interpret.js';
import type { Func } from '../ir/types.js';
import type { Report } from '../report/analyze.js';
import { sampleKinks, type SampleDomain } from '../report/sample.js';
import type { Trace } from '../../runtime/trace.js';
import { bindArguments, type Json, parseVector, UsageError } from './args.js';
import type { Io } from './main.js';

export interface SampleValues {
  sample?: string;
  seed?: string;
  box?: string;
  around?: string;
  radius?: string;
  n?: string;
  arg?: string[];
}

/** Size of an array parameter sampled in a --box when --n is not given. */
export const DEFAULT_N = 10;
const DEFAULT_RADIUS = 0.1;

export interface Flags {
  count: number;
  seed: number;
  box: [number, number] | null;
  around: number[] | null;
  radius: number;
  n: number | null;
  named: Map<string, Json>;
}

function bad(option: string, message: string, hint?: string): never {
  throw new UsageError('usage', `${option}: ${message}`, hint ?? 'see `absad --help`');
}

function integer(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(text);
  const range = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `an integer >= ${min}`) : `an integer from ${min} to ${max}`;
  if (!/^\s*\d+\s*$/.test(text) || v < min || v > max) bad(option, `takes ${range}, got '${text}'`);
  return v;
}

function positive(option: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) bad(option, `takes a positive number, got '${text}'`);
  return v;
}

/** Checks every sampling option (none may appear without --sample). */
export function parseSampleFlags(values: SampleValues): Flags | null {
  if (values.sample === undefined) {
    const stray = (['seed', 'box', 'around', 'radius', 'n', 'arg'] as const).find((k) => values[k] !== undefined);
    if (stray) bad(`--${stray}`, 'only applies to sampling', 'add --sample N');
    return null;
  }
  const count = integer('--sample', values.sample, 1);
  const seed = values.seed === undefined ? 1 : integer('--seed', values.seed, 0, 2 ** 32 - 1);
  if (values.box !== undefined && values.around !== undefined) bad('--box', 'choose --box or --around, not both');
  let box: [number, number] | null = null;
  if (values.box !== undefined) {
    const parts = values.box.split(',').map((p) => p.trim());
    const nums = parts.map(Number);
    if (parts.length !== 2 || parts.some((p) => p === '') || !nums.every(Number.isFinite) || !(nums[0] < nums[1])) {
      bad('--box', `takes lo,hi: two finite numbers with lo < hi, got '${values.box}'`, 'e.g. --box -1,1');
    }
    box = [nums[0], nums[1]];
  }
  let around: number[] | null = null;
  if (values.around !== undefined) {
    const v = parseVector(values.around, '--around');
    if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === 'number' && Number.isFinite(e))) bad('--around', 'takes a vector of finite numbers (1,2,3 or @point.json holding an array)');
    around = v as number[];
  }
  if (values.radius !== undefined && around === null) bad('--radius', 'only applies with --around VEC');
  const radius = values.radius === undefined ? DEFAULT_RADIUS : positive('--radius', values.radius);
  const n = values.n === undefined ? null : integer('--n', values.n, 1);
  if (n !== null && around !== null && n !== around.length) bad('--around', `has ${around.length} values but --n is ${n}`);
  const named = new Map<string, Json>();
  for (const a of values.arg ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) bad('--arg', `takes NAME=VEC, got '${a}'`);
    named.set(a.slice(0, eq), parseVector(a.slice(eq + 1), `--arg ${a.slice(0, eq)}`));
  }
  return { count, seed, box, around, radius, n, named };
}

type Generated = Record<string, (...a: unknown[]) => unknown>;

/** Compiles FILE (all exported functions) and imports the module from a temporary directory. */
async function loadModule(file: string, io: Io): Promise<{ mod: Generated; funcs: Func[] } | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-sample-'));
  try {
    const outFile = path.join(dir, 'module.mjs');
    const r = compileJs({ file }, { outFile });
    if (!r.js || !r.module) {
      io.err(formatDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), { color: io.color, source: (f) => r.sources.get(f) }));
      return null;
    }
    fs.writeFileSync(outFile, r.js.code);
    fs.writeFileSync(`${outFile}.map`, r.js.map); // the module names it; loaders that read maps look for it
    const mod = (await import(/* @vite-ignore */ pathToFileURL(outFile).href)) as Generated;
    return { mod, funcs: r.module.funcs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Size of the sampled parameter and the other arguments, bound once (x is filled per point). */
function bind(f: Func, flags: Flags): { n: number; args: RValue[]; scalar: boolean } {
  const first = f.params[0];
  const type = first?.value.type;
  if (f.resultType !== 'f64') bad('--sample', `'${f.name}' returns an array; sampling needs a scalar function`, 'choose another with --fn');
  if (type !== 'arr' && type !== 'f64') bad('--sample', `the first parameter of '${f.name}' is not a number or an array of numbers, so there is nothing to differentiate`);
  if (flags.named.has(first.name)) bad('--arg', `'${first.name}' is the sampled parameter of '${f.name}'; give its point with --around`);
  const scalar = type === 'f64';
  const n = flags.around?.length ?? flags.n ?? (scalar ? 1 : DEFAULT_N);
  if (scalar && n !== 1) bad(flags.around ? '--around' : '--n', `'${first.name}' of '${f.name}' is a number (size 1), got size ${n}`);
  try {
    return { n, args: bindArguments(f, scalar ? 0 : new Array<number>(n).fill(0), flags.named), scalar };
  } catch (e) {
    // bindArguments' hint names --at, which the report does not take: the point is sampled.
    if (e instanceof UsageError) throw new UsageError(e.diagnosticName, e.message, `give the other parameters with --arg NAME=VEC; '${first.name}' is sampled`);
    throw e;
  }
}

function shortVector(x: Float64Array): string {
  const head = Array.from(x.subarray(0, 4)).join(', ');
  return x.length > 4 ? `${head}, ... (${x.length} values)` : head;
}

/** A one-line progress bar on the terminal (io.progress exists only when stderr is a TTY). */
function progressBar(io: Io, name: string): ((done: number, total: number) => void) | undefined {
  const show = io.progress;
  if (!show) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last) return;
    last = pct;
    const width = 30;
    const full = Math.round((width * done) / total);
    show(`sampling ${name} [${'#'.repeat(full)}${' '.repeat(width - full)}] ${done}/${total}`);
  };
}

export async function addSamples(file: string, report: Report, flags: Flags, io: Io): Promise<number> {
  const loaded = await loadModule(file, io);
  if (!loaded) return 1;
  const domain: SampleDomain = flags.around ? { kind: 'around', center: flags.around, radius: flags.radius } : { kind: 'box', lo: flags.box?.[0] ?? -1, hi: flags.box?.[1] ?? 1 };
  for (const fr of report.functions) {
    const f = loaded.funcs.find((g) => g.exported && g.name === fr.name);
    if (!f) throw new Error(`the generated module has no function '${fr.name}'`);
    const { n, args, scalar } = bind(f, flags);
    const traceFn = loaded.mod[`${f.name}_trace`];
    const gradFn = loaded.mod[`${f.name}_grad`];
    const withX = (x: Float64Array): unknown[] => [scalar ? x[0] : x, ...args.slice(1)];
    const trace = (x: Float64Array) => traceFn(...withX(x)) as Trace;
    // f_grad returns the value and writes the gradient into its last argument.
    const grad = (x: Float64Array): number[] => {
      const g = new Float64Array(n);
      gradFn(...withX(x), g);
      return Array.from(g);
    };
    const center = domain.kind === 'box' ? new Float64Array(n).fill((domain.lo + domain.hi) / 2) : Float64Array.from(domain.center);
    const t0 = trace(center);
    if (Number.isNaN(t0.values[t0.outputs[0]])) {
      bad(flags.around ? '--around' : '--n', `'${f.name}' is NaN at x = [${shortVector(center)}] (the middle of the sampling box): is ${f.params[0].name} the right size (${n})?`, 'set the size with --n N or --around VEC, and the other parameters with --arg NAME=VEC');
    }
    const onProgress = progressBar(io, f.name);
    try {
      fr.sample = sampleKinks({ n, trace, grad }, fr.sites, { count: flags.count, seed: flags.seed, domain, absKink: report.absKink, onProgress });
    } finally {
      if (onProgress) io.progress!('');
    }
  }
  return 0;
}
