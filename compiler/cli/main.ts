/**
 * The `absad` command line. Takes argv; writes to stdout/stderr; returns the exit code:
 * 0 success, 1 a user error (diagnostics printed with codes and locations), 2 an internal error.
 * No stack trace is printed for user errors (set ABSAD_DEBUG=1 to see them for internal ones).
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type * as Api from '../api.js';
import { DIAGNOSTICS } from '../diagnostics/codes.js';
import { type Diagnostic, makeDiagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { printModule } from '../ir/print.js';
import type { Func, Module } from '../ir/types.js';
import { VerifyError } from '../ir/verify.js';
import { PASS_NAMES } from '../pipeline.js';
import { VERSION } from '../version.js';
import { bindArguments, jsonNumber, type Json, parseVector, UsageError } from './args.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

const HELP = `absad: a compiler for nonsmooth (abs-smooth) numerical functions

Usage:
  absad ir FILE [--fn NAME] [--after PASS]      print the IR (after the whole pipeline, or a pass)
  absad eval FILE --fn NAME --at VEC [--arg NAME=VEC ...] [--json]
                                                the value through the reference interpreter

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

Exit codes: 0 success, 1 an error in the input or the command line, 2 an internal error.
Colour is used on a terminal unless NO_COLOR is set.`;


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
  if (command !== 'ir' && command !== 'eval') usage(`unknown command '${command}'`);
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
  if (positionals.length !== 1) usage(`'absad ${command}' takes one FILE, got ${positionals.length}`);
  const file = positionals[0];
  if (!/\.(m|c)?(ts|js)$/.test(file)) throw new UsageError('unsupported-file-type', `'${file}' is not a .ts, .mts, .js or .mjs file`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError('file-not-found', `cannot read '${file}'`);
  if (values.after !== undefined && !PASS_NAMES.includes(values.after)) {
    throw new UsageError('unknown-pass', `there is no pass '${values.after}'`, `passes: ${PASS_NAMES.join(', ')}`);
  }
  if (command === 'ir' && (values.at !== undefined || values.arg !== undefined || values.json)) usage("'absad ir' takes only --fn and --after");
  if (command === 'eval' && values.after !== undefined) usage("'absad eval' does not take --after");

  // Loaded here, not at start-up: it brings in the TypeScript compiler (most of absad's start time).
  const { compile, evaluate } = (await import('../api.js')) as typeof Api;
  const result = compile({ file }, { after: command === 'ir' ? values.after : undefined });
  for (const [k, v] of result.sources) sources.set(k, v);
  printDiagnostics(result.diagnostics, io, sources);
  if (!result.module) return 1;
  const module = result.module;
  const exported = module.funcs.filter((f) => f.exported);
  const pick = (): Func => {
    if (values.fn === undefined) {
      if (exported.length === 1) return exported[0];
      usage(`'${file}' exports ${exported.length} functions; choose one with --fn (${exported.map((f) => f.name).join(', ')})`);
    }
    const f = exported.find((g) => g.name === values.fn);
    if (!f) throw new UsageError('function-not-found', `'${file}' exports no function '${values.fn}'`, `exported: ${exported.map((g) => g.name).join(', ')}`);
    return f;
  };

  if (command === 'ir') {
    const shown: Module = values.fn === undefined ? module : { ...module, funcs: [pick(), ...module.funcs.filter((f) => !f.exported)] };
    io.out(printModule(shown).trimEnd());
    return 0;
  }

  // eval
  const f = pick();
  if (values.at === undefined) usage("'absad eval' needs --at VEC");
  const at = parseVector(values.at, '--at');
  const named = new Map<string, Json>();
  for (const a of values.arg ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) usage(`--arg takes NAME=VEC, got '${a}'`);
    named.set(a.slice(0, eq), parseVector(a.slice(eq + 1), `--arg ${a.slice(0, eq)}`));
  }
  const args = bindArguments(f, at, named);
  const value = evaluate(module, f.name, args);
  const first = args[0];
  const n = typeof first === 'number' ? 1 : (first as ArrayLike<number>).length;
  if (values.json) {
    const v = typeof value === 'number' ? jsonNumber(value) : Array.from(value as ArrayLike<number>, jsonNumber);
    io.out(JSON.stringify({ function: f.name, n, value: v }));
  } else {
    io.out(typeof value === 'number' ? String(value) : Array.from(value as ArrayLike<number>).join(','));
  }
  return 0;
}

/** `--at -0.5,1` would read as an unknown flag `-0.5,1`: glue such values to their option. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if ((a === '--at' || a === '--arg') && next !== undefined && /^-[\d.]|^-(Infinity|NaN)/.test(next)) {
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

