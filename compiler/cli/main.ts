/**
 * The `absad` command line. Takes argv; writes to stdout/stderr; returns the exit code:
 * 0 success, 1 a user error (diagnostics printed with codes and locations), 2 an internal error.
 * No stack trace is printed for user errors (set ABSAD_DEBUG=1 to see them for internal ones).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as Api from '../api.js';
import { DIAGNOSTICS } from '../diagnostics/codes.js';
import { type Diagnostic, makeDiagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { printModule } from '../ir/print.js';
import type { RValue } from '../ir/interpret.js';
import type { Trace } from '../../runtime/trace.js';
import type { Func, Module } from '../ir/types.js';
import { VerifyError } from '../ir/verify.js';
import { PASS_NAMES } from '../pipeline.js';
import { VERSION } from '../version.js';
import { bindArguments, jsonNumber, type Json, parseVector, UsageError } from './args.js';
import { writeOutputs } from './write.js';
import type { SampleValues } from './sample-cli.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
  /** Redraws a one-line progress display on stderr ('' clears it); only set when stderr is a terminal. */
  progress?: (line: string) => void;
}

const HELP = `absad: a compiler for nonsmooth (abs-smooth) numerical functions

Usage:
  absad compile FILE... [--fn NAME] [--out-dir DIR] [--wrt P[,Q]] [--abs-kink K]
                [--target js|wgsl] [--batch x|data] [--shared P[,Q]]
                          write FILE.absad.js (f, f_grad, f_active), .d.ts and source map;
                          --target wgsl also FILE.absad.wgsl.js and .d.ts: batched WGSL
                          value-and-gradient kernels and their WebGPU loader
  absad grad FILE [--fn NAME] --at VEC [--arg NAME=VEC ...] [--json] [--wrt P] [--abs-kink K]
                          value, gradient and active switches through the generated code
  absad anf FILE [--fn NAME] --at VEC [--arg NAME=VEC ...] [--json] [--sparse] [--check]
                          abs-normal form, active switches, LIKQ and the certified gradient
  absad ir FILE [--fn NAME] [--after PASS]
                          print the IR (after the whole pipeline, or after PASS)
  absad eval FILE [--fn NAME] --at VEC [--arg NAME=VEC ...] [--json]
                          the value through the reference interpreter
  absad report FILE [--fn NAME] [--format pretty|json|sarif|html] [-o OUT]
                          static report: switching sites, multiplicities, hazards
                          (sarif: SARIF 2.1.0 for code scanning; html: one page with the
                          source, the switch dependence graph and a plot of f)
      [--format html [--around VEC] [--slice I,J] [--radius R] [--n N] [--arg NAME=VEC]]
                          plot f over x[I], x[J] (default 0,1; a line for one input) through
                          --around (default 0) on a window of half-width R (default 2), with
                          the kink set (z_i = 0) in red; an array x has the size of --around,
                          else --n, else 1 + its largest constant index (at least 4 when it
                          is read in loops)
      [--sample N [--seed S] [--box lo,hi | --around VEC [--radius R]] [--n N] [--arg NAME=VEC]]
                          also find N kink points on random lines (z_i = 0), check LIKQ
                          and plain AD there (box default -1,1; array size --n, default 10)

Vectors: --at 1,2,3 or --at @point.json (a JSON array, or an object naming every parameter).
--at binds the first parameter (or all parameters when they are all numbers); pass the others
with --arg NAME=VEC, e.g. --arg A=@A.json --arg m=4.

Options:
  -h, --help       this help
  -v, --version    the version
  --fn NAME        the exported function (default: all for ir; required for eval when the
                   file exports more than one)
  --after PASS     stop after PASS: ${PASS_NAMES.join(', ')}
  --json           machine-readable output
  --out-dir DIR    where compile writes (default: next to FILE)
  --wrt P[,Q]      the parameters to differentiate (default: the first)
  --abs-kink K     abs'(0) at exact kinks: 0 (default; max/min split ties 1/2-1/2), 1 or -1
  --target T       what compile generates: js (default) or wgsl (WebGPU kernels and loader)
  --batch B        with --target wgsl, what varies per batch element: x (default; the
                   differentiated parameters, many points) or data (the data parameters, one
                   row per element; the differentiated ones are shared: training)
  --shared P[,Q]   with --batch data: data parameters that are the same for every element

Exit codes: 0 success, 1 an error in the input or the command line, 2 an internal error.
Colour is used on a terminal unless NO_COLOR is set.

Environment: ABSAD_CODE_CACHE=DIR|off  where V8's bytecode for TypeScript is kept between
runs (default: a directory of yours in the system's temporary directory); ABSAD_TS_LIB=full
type-checks against the whole lib.es2022 at once instead of its core first.`;


function usage(message: string, hint?: string): never {
  throw new UsageError('usage', message, hint ?? 'see `absad --help`');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const sources = new Map<string, string>();
  try {
    return await run(argv, io, sources);
  } catch (e) {
    if (e instanceof UsageError) {
      const d = makeDiagnostic(e.diagnosticName, { file: 'absad', line: 0, col: 0, endLine: 0, endCol: 0 }, e.message, e.hint);
      io.err(formatDiagnostics([d], { color: io.color, source: () => undefined }));
      return 1;
    }
    const code = e instanceof VerifyError ? DIAGNOSTICS['verifier-failed'].code : DIAGNOSTICS['internal-error'].code;
    io.err(`internal error ${code}: ${(e as Error).message}\nThis is a bug in absad, please report it with the input file.`);
    if (process.env.ABSAD_DEBUG) io.err(String((e as Error).stack));
    return 2;
  }
}

const COMMANDS = ['ir', 'eval', 'compile', 'grad', 'anf', 'report'] as const;
type Command = (typeof COMMANDS)[number];

/** Which options each command takes (anything else is a usage error). */
const ALLOWED: Record<Command, string[]> = {
  ir: ['fn', 'after'],
  eval: ['fn', 'at', 'arg', 'json'],
  compile: ['fn', 'out-dir', 'wrt', 'abs-kink', 'target', 'batch', 'shared'],
  grad: ['fn', 'at', 'arg', 'json', 'wrt', 'abs-kink'],
  anf: ['fn', 'at', 'arg', 'json', 'sparse', 'check', 'abs-kink'],
  report: ['fn', 'format', 'o', 'sample', 'seed', 'box', 'around', 'radius', 'n', 'arg', 'slice'],
};

async function run(argv: string[], io: Io, sources: Map<string, string>): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(VERSION);
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) usage(`unknown command '${command}'`);
  const cmd = command as Command;
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(rest),
      allowPositionals: true,
      strict: true,
      options: {
        fn: { type: 'string' },
        after: { type: 'string' },
        at: { type: 'string' },
        arg: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'out-dir': { type: 'string' },
        wrt: { type: 'string' },
        'abs-kink': { type: 'string' },
        target: { type: 'string' },
        batch: { type: 'string' },
        shared: { type: 'string' },
        sparse: { type: 'boolean' },
        check: { type: 'boolean' },
        format: { type: 'string' },
        o: { type: 'string', short: 'o' },
        sample: { type: 'string' },
        seed: { type: 'string' },
        box: { type: 'string' },
        around: { type: 'string' },
        radius: { type: 'string' },
        n: { type: 'string' },
        slice: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    usage((e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  for (const key of Object.keys(values)) {
    if (key !== 'help' && !ALLOWED[cmd].includes(key)) usage(`'absad ${cmd}' does not take --${key}`);
  }
  const multiple = cmd === 'compile';
  if (positionals.length === 0 || (!multiple && positionals.length !== 1)) usage(`'absad ${cmd}' takes ${multiple ? 'one or more FILEs' : 'one FILE'}, got ${positionals.length}`);
  for (const file of positionals) {
    if (!/\.(m|c)?(ts|js)$/.test(file)) throw new UsageError('unsupported-file-type', `'${file}' is not a .ts, .mts, .js or .mjs file`);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError('file-not-found', `cannot read '${file}'`);
  }
  if (values.after !== undefined && !PASS_NAMES.includes(values.after)) {
    throw new UsageError('unknown-pass', `there is no pass '${values.after}'`, `passes: ${PASS_NAMES.join(', ')}`);
  }
  let absKink = 0;
  if (values['abs-kink'] !== undefined) {
    absKink = Number(values['abs-kink']);
    if (![0, 1, -1].includes(absKink) || values['abs-kink'].trim() === '') usage(`--abs-kink takes 0, 1 or -1, got '${values['abs-kink']}'`);
  }
  const wrt = values.wrt?.split(',').map((w) => w.trim()).filter(Boolean);
  if (cmd === 'compile') compileTarget(values);

  if (cmd === 'report') return reportCommand(positionals[0], values, io);
  // Loaded here, not at start-up: they bring in the TypeScript compiler (most of absad's start
  // time); `ir` needs only the frontend and the passes, not the code generators.
  const { compile } = await import('../compile.js');
  if (cmd === 'compile') {
    const api = (await import('../api.js')) as typeof Api;
    let status = 0;
    for (const file of positionals) status = Math.max(status, compileCommand(api, file, values, { wrt, absKink }, io, sources, positionals));
    return status;
  }
  const file = positionals[0];
  const result = compile({ file }, { after: cmd === 'ir' ? values.after : undefined });
  for (const [k, v] of result.sources) sources.set(k, v);
  printDiagnostics(result.diagnostics.filter((d) => d.severity === 'error' || cmd !== 'grad'), io, sources);
  if (!result.module) return 1;
  const module = result.module;
  const f = cmd === 'ir' && values.fn === undefined ? null : pickFunction(module, file, values.fn);

  if (cmd === 'ir') {
    const shown: Module = f === null ? module : { ...module, funcs: [f, ...module.funcs.filter((g) => !g.exported)] };
    io.out(printModule(shown).trimEnd());
    return 0;
  }
  const api = (await import('../api.js')) as typeof Api;
  const args = bindCommandArguments(f!, values);
  const first = args[0];
  const n = typeof first === 'number' ? 1 : (first as ArrayLike<number>).length;
  if (cmd === 'eval') {
    const value = api.evaluate(module, f!.name, args);
    if (values.json) io.out(JSON.stringify({ function: f!.name, n, value: jsonValue(value) }));
    else io.out(typeof value === 'number' ? String(value) : Array.from(value as ArrayLike<number>).join(','));
    return 0;
  }
  if (cmd === 'anf') {
    const generated = await loadGenerated(api, file, f!.name, { wrt: undefined, absKink }, io);
    if (!generated) return 1;
    const trace = generated[`${f!.name}_trace`](...args) as Trace;
    return anfCommand(api, module, f!, args, trace, values, absKink, io);
  }
  return gradCommand(api, file, module, f!, args, values, { wrt, absKink }, io);
}

/** Compressed sparse rows of a dense matrix (only the nonzeros). */
function csr(a: number[][]): { rows: number; cols: number; rowPtr: number[]; colIdx: number[]; values: number[] } {
  const rowPtr = [0];
  const colIdx: number[] = [];
  const vals: number[] = [];
  for (const row of a) {
    row.forEach((v, j) => {
      if (v !== 0) {
        colIdx.push(j);
        vals.push(v);
      }
    });
    rowPtr.push(colIdx.length);
  }
  return { rows: a.length, cols: a[0]?.length ?? 0, rowPtr, colIdx, values: vals };
}

/** `absad anf`: the abs-normal form at a point, the active set, LIKQ and the certified gradient. */
function anfCommand(api: typeof Api, module: Module, f: Func, args: RValue[], trace: Trace, values: { json?: boolean; sparse?: boolean; check?: boolean }, absKink: number, io: Io): number {
  const a = api.anf(trace);
  const cert = api.certify(trace, absKink);
  // The analysis command always runs the LIKQ test, however many switches are active.
  cert.likq = api.likq(trace);
  // Indices are 1-based, as z_1 .. z_s: switches, their dependencies on earlier switches, active.
  const switches = trace.switches.map((sw, i) => ({
    index: i + 1,
    id: sw.id,
    kind: sw.kind,
    loc: sw.loc,
    dependsOn: { inputs: a.deps[i].inputs, switches: a.deps[i].switches.map((j) => j + 1) },
    depth: a.deps[i].depth,
  }));
  const active = a.sigma.map((sg, i) => (sg === 0 ? i + 1 : 0)).filter((i) => i > 0);
  let checkFailed = false;
  const checks: string[] = [];
  if (values.check) {
    // The model at dx = 0 reproduces z and y; along random directions its error shrinks like h^2.
    const at0 = api.evaluateModel(a, new Array<number>(a.n).fill(0));
    const exact = at0.z.every((z, i) => Object.is(z + 0, a.z[i] + 0) || Math.abs(z - a.z[i]) <= 1e-12 * Math.max(1, Math.abs(a.z[i]))) && at0.y.every((y, i) => Math.abs(y - a.y[i]) <= 1e-12 * Math.max(1, Math.abs(a.y[i])));
    checks.push(`model at dx = 0 reproduces z and y: ${exact ? 'yes' : 'NO'}`);
    if (!exact) checkFailed = true;
    const x0 = args[0];
    const ratios: number[] = [];
    for (const h of [1e-1, 1e-2, 1e-3]) {
      const d = a.x.map((_, i) => Math.sin(7 * i + 1));
      const dx = d.map((v) => h * v);
      const shifted = [typeof x0 === 'number' ? (x0 as number) + dx[0] : Float64Array.from(x0 as ArrayLike<number>, (v, i) => v + dx[i]), ...args.slice(1)];
      const fx = api.evaluate(module, f.name, shifted as RValue[]) as number;
      const model = api.evaluateModel(a, dx).y[0];
      ratios.push(Math.abs(fx - model) / (h * h));
    }
    checks.push(`|f(x + h d) - model(h d)| / h^2 for h = 0.1, 0.01, 0.001: ${ratios.map((r) => r.toExponential(2)).join(', ')}`);
    if (!(ratios[2] <= 10 * Math.max(ratios[0], 1e-12) + 1e-6)) checkFailed = true;
  }
  if (values.json) {
    const out: Record<string, unknown> = {
      function: f.name, n: a.n, m: a.m, s: a.s, nu: a.nu, x: a.x, y: a.y, z: a.z, sigma: a.sigma, cz: a.cz, cy: a.cy, Z: a.Z, L: a.L, J: a.J, Y: a.Y,
      switches, active,
      likq: { holds: cert.likq.holds, rank: cert.likq.rank, activeCount: cert.likq.activeCount, tolerance: cert.likq.tolerance, condition: jsonNumber(cert.likq.condition) },
      gradient: { value: cert.gradient, certificate: cert.certificate },
    };
    if (values.sparse) out.sparse = { Z: csr(a.Z), L: csr(a.L), J: csr(a.J), Y: csr(a.Y) };
    if (values.check) out.check = { passed: !checkFailed, notes: checks };
    io.out(JSON.stringify(out));
  } else {
    io.out(`${f.name}: n = ${a.n}, m = ${a.m}, s = ${a.s} switching variables, switching depth ${a.nu}`);
    io.out(`active    ${active.length === 0 ? 'none' : active.map((i) => `z${i} (${switches[i - 1].id})`).join(', ')}`);
    io.out(`LIKQ      ${cert.likq.activeCount === 0 ? 'holds (no active switch)' : cert.likq.holds ? `holds (rank ${cert.likq.rank} of ${cert.likq.activeCount})` : `fails (rank ${cert.likq.rank} of ${cert.likq.activeCount}${cert.likq.reason ? `: ${cert.likq.reason}` : ''})`}`);
    io.out(`gradient  [${cert.gradient.join(', ')}]  certificate: ${cert.certificate}`);
    if (a.s <= 12 && a.n <= 12) {
      const show = (name: string, m: number[][]) => io.out(`${name} = [${m.map((r) => `[${r.join(', ')}]`).join(', ')}]`);
      io.out(`z = [${a.z.join(', ')}]`);
      show('Z', a.Z);
      show('L', a.L);
      show('J', a.J);
      show('Y', a.Y);
    }
    for (const c of checks) io.out(`check     ${c}`);
  }
  return checkFailed ? 1 : 0;
}

function pickFunction(module: Module, file: string, fn: string | undefined): Func {
  const exported = module.funcs.filter((f) => f.exported);
  if (fn === undefined) {
    if (exported.length === 1) return exported[0];
    usage(`'${file}' exports ${exported.length} functions; choose one with --fn (${exported.map((f) => f.name).join(', ')})`);
  }
  const f = exported.find((g) => g.name === fn);
  if (!f) throw new UsageError('function-not-found', `'${file}' exports no function '${fn}'`, `exported: ${exported.map((g) => g.name).join(', ')}`);
  return f;
}

function bindCommandArguments(f: Func, values: { at?: string; arg?: string[] }): RValue[] {
  if (values.at === undefined) usage('this command needs --at VEC');
  const at = parseVector(values.at, '--at');
  const named = new Map<string, Json>();
  for (const a of values.arg ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) usage(`--arg takes NAME=VEC, got '${a}'`);
    named.set(a.slice(0, eq), parseVector(a.slice(eq + 1), `--arg ${a.slice(0, eq)}`));
  }
  return bindArguments(f, at, named);
}

function jsonValue(value: RValue): unknown {
  return typeof value === 'number' ? jsonNumber(value) : Array.from(value as ArrayLike<number>, jsonNumber);
}

interface CodegenFlags {
  wrt: string[] | undefined;
  absKink: number;
}

type CompileValues = { fn?: string; 'out-dir'?: string; target?: string; batch?: string; shared?: string };

/** --target, --batch and --shared, checked before anything is compiled or written. */
function compileTarget(values: CompileValues): { target: 'js' | 'wgsl'; batch?: 'x' | 'data'; shared?: string[] } {
  const target = values.target ?? 'js';
  if (target !== 'js' && target !== 'wgsl') usage(`--target takes js or wgsl, got '${target}'`);
  if (target === 'js') {
    if (values.batch !== undefined || values.shared !== undefined) usage(`--${values.batch !== undefined ? 'batch' : 'shared'} applies to --target wgsl`);
    return { target };
  }
  const batch = values.batch ?? 'x';
  if (batch !== 'x' && batch !== 'data') usage(`--batch takes x or data, got '${batch}'`, 'x: the differentiated parameters vary per element; data: the data parameters do');
  if (values.shared !== undefined && batch !== 'data') usage('--shared applies to --batch data');
  const shared = values.shared?.split(',').map((s) => s.trim()).filter(Boolean);
  return { target, batch, shared };
}

/**
 * `absad compile`: writes NAME.absad.js, NAME.absad.d.ts and NAME.absad.js.map; with --target
 * wgsl also NAME.absad.wgsl.js and NAME.absad.wgsl.d.ts (the loader imports NAME.absad.js for
 * the f64 path of flagged elements).
 */
function compileCommand(api: typeof Api, file: string, values: CompileValues, flags: CodegenFlags, io: Io, sources: Map<string, string>, commandInputs: string[]): number {
  const { target, batch, shared } = compileTarget(values);
  const outDir = values['out-dir'] ?? path.dirname(file);
  const base = path.basename(file).replace(/\.(m|c)?(ts|js)$/, '');
  const outFile = path.join(outDir, `${base}.absad.js`);
  const options = { fn: values.fn, wrt: flags.wrt, absKink: flags.absKink, outFile };
  const r = target === 'wgsl' ? api.compileWgsl({ file }, { ...options, batch, shared }) : { ...api.compileJs({ file }, options), wgsl: null };
  for (const [k, v] of r.sources) sources.set(k, v);
  printDiagnostics(r.diagnostics, io, sources);
  if (!r.js || (target === 'wgsl' && !r.wgsl)) return 1;
  if (values.fn !== undefined && r.module && !r.module.funcs.some((f) => f.exported && f.name === values.fn)) pickFunction(r.module, file, values.fn);
  const outputs: [string, string][] = [
    [outFile, r.js.code],
    [path.join(outDir, `${base}.absad.d.ts`), r.js.dts],
    [`${outFile}.map`, r.js.map],
  ];
  if (r.wgsl) {
    outputs.push([path.join(outDir, `${base}.absad.wgsl.js`), r.wgsl.loader], [path.join(outDir, `${base}.absad.wgsl.d.ts`), r.wgsl.dts]);
  }
  // All or nothing, atomically, never over this command's inputs or the modules they import (write.ts).
  writeOutputs(outputs, [...r.sources.keys(), ...commandInputs]);
  io.out(`${file} -> ${r.wgsl ? `${outputs[3][0]} (and ${outFile})` : outFile}`);
  return 0;
}

/** `absad report`: the static report on the nonsmooth structure (compiler/report). */
async function reportCommand(file: string, values: { fn?: string; format?: string; o?: string; slice?: string } & SampleValues, io: Io): Promise<number> {
  const format = values.format ?? 'pretty';
  if (!['pretty', 'json', 'sarif', 'html'].includes(format)) usage(`--format takes pretty, json, sarif or html, got '${format}'`);
  if (values.slice !== undefined && format !== 'html') usage('--slice only applies to --format html');
  // The html plot shares --around, --radius, --n and --arg with --sample; without --sample they are the plot's.
  const plotting = format === 'html' ? await import('./plot-cli.js') : null;
  const plotRequest = plotting?.parsePlotFlags(values) ?? null;
  const sampling = await import('./sample-cli.js');
  const sampleFlags = sampling.parseSampleFlags(plotting && values.sample === undefined ? { ...values, around: undefined, radius: undefined, n: undefined, arg: undefined } : values);
  const { analyzeFile } = await import('../report/analyze.js');
  const { reportToJson } = await import('../report/json.js');
  const { reportToPretty } = await import('../report/pretty.js');
  const report = analyzeFile(file);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    printDiagnostics(errors, io, report.sources);
    return 1;
  }
  if (values.fn !== undefined && !report.functions.some((f) => f.name === values.fn)) {
    const exported = report.functions.map((f) => f.name);
    throw new UsageError('function-not-found', `'${file}' exports no function '${values.fn}'`, `exported: ${exported.join(', ')}`);
  }
  if (values.fn !== undefined) report.functions = report.functions.filter((f) => f.name === values.fn);
  if (sampleFlags && (await sampling.addSamples(file, report, sampleFlags, io)) !== 0) return 1;
  const toFile = values.o !== undefined;
  let text: string;
  if (format === 'sarif') text = (await import('../report/sarif.js')).reportToSarif(report);
  else if (plotting && plotRequest) {
    const { plots, note } = plotting.plotReport(file, report, plotRequest, values.fn !== undefined);
    text = (await import('../report/html.js')).reportToHtml(report, plots, { plotNote: note });
  } else text = format === 'json' ? reportToJson(report) : reportToPretty(report, { color: io.color && !toFile, source: (f) => report.sources.get(f) });
  if (toFile) {
    if (path.resolve(values.o!) === path.resolve(file)) throw new UsageError('usage', `refusing to overwrite the input file '${values.o}'`);
    writeAtomic(values.o!, text.endsWith('\n') ? text : `${text}\n`);
  } else io.out(text);
  return 0;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file (write.ts). */
function writeAtomic(target: string, text: string): void {
  writeOutputs([[target, text]], []);
}

/** `absad grad`: runs the generated module (not the interpreter) and prints value, gradient, active switches. */
type Generated = Record<string, (...a: unknown[]) => unknown>;

/** Compiles FILE's function to JavaScript in a temporary directory and imports the module. */
async function loadGenerated(api: typeof Api, file: string, fn: string, flags: CodegenFlags, io: Io): Promise<Generated | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-run-'));
  try {
    const outFile = path.join(dir, 'module.mjs');
    const r = api.compileJs({ file }, { fn, wrt: flags.wrt, absKink: flags.absKink, outFile });
    if (!r.js) {
      printDiagnostics(r.diagnostics, io, r.sources);
      return null;
    }
    fs.writeFileSync(outFile, r.js.code);
    return (await import(pathToFileURL(outFile).href)) as Generated;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `absad grad`: runs the generated module (not the interpreter) and prints value, gradient, active switches. */
async function gradCommand(api: typeof Api, file: string, module: Module, f: Func, args: RValue[], values: { json?: boolean }, flags: CodegenFlags, io: Io): Promise<number> {
  if (f.resultType !== 'f64') usage(`'${f.name}' returns an array; 'absad grad' needs a scalar function (the module's ${f.name}_vjp gives vector-Jacobian products)`);
  const mod = await loadGenerated(api, file, f.name, flags, io);
  if (!mod) return 1;
  let gOut = new Float64Array(gradientLength(f, args, flags.wrt));
  const value = mod[`${f.name}_grad`](...args, gOut) as number;
  // The certificate: a point where f_grad saw no exact zero is smooth (no further work);
  // otherwise the generated trace gives LIKQ, and where it fails the completed gradient.
  let certificate = 'unchecked';
  const kinks = (mod[`${f.name}_kinks`] as () => number)();
  if (kinks === 0) certificate = 'smooth';
  else if (flags.wrt === undefined || (flags.wrt.length === 1 && flags.wrt[0] === f.params[0].name)) {
    const cert = api.certify(mod[`${f.name}_trace`](...args) as Trace, flags.absKink);
    certificate = cert.certificate;
    gOut = api.reportedGradient(cert, gOut);
  }
  const active = mod[`${f.name}_active`](...args) as { z: number; id: string }[];
  const ids = active.map((a) => a.id);
  const n = typeof args[0] === 'number' ? 1 : (args[0] as ArrayLike<number>).length;
  if (values.json) {
    io.out(JSON.stringify({ function: f.name, n, value: jsonNumber(value), gradient: Array.from(gOut, jsonNumber), certificate, active: ids }));
  } else {
    io.out(`value     ${value}`);
    io.out(`gradient  [${Array.from(gOut).join(', ')}]`);
    io.out(`active    ${ids.length === 0 ? 'none (no switching variable is zero)' : ids.join(' ')}`);
    io.out(`certificate ${certificate}`);
  }
  return 0;
}

function gradientLength(f: Func, args: RValue[], wrt: string[] | undefined): number {
  const names = wrt && wrt.length > 0 ? wrt : [f.params[0].name];
  return names.reduce((sum, name) => {
    const i = f.params.findIndex((p) => p.name === name);
    const a = args[i];
    return sum + (typeof a === 'number' ? 1 : (a as ArrayLike<number>).length);
  }, 0);
}

/** `--at -0.5,1` would read as an unknown flag `-0.5,1`: glue such values to their option. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (['--at', '--arg', '--box', '--around', '--sample', '--seed', '--radius', '--n'].includes(a) && next !== undefined && /^-[\d.]|^-(Infinity|NaN)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function printDiagnostics(ds: Diagnostic[], io: Io, sources: Map<string, string>): void {
  if (ds.length === 0) return;
  io.err(formatDiagnostics(ds, { color: io.color, source: (f) => sources.get(f) }));
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors > 1 ? 's' : ''}`);
  if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''}`);
  io.err(`\n${parts.join(', ')}`);
}

