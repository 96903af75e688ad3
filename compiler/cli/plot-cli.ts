/**
 * The plot options of `absad report --format html`: takes the command-line values and the
 * report; checks the options (a UsageError naming the option for a bad value), compiles the
 * file once and samples each reported function (compiler/report/plot.ts). Returns the plots by
 * function name and a one-line note of how they were made.
 *
 *   --around VEC    the base point (binds the first parameter, or every parameter when all
 *                   are numbers); default 0. Its length fixes the size of an array x.
 *   --slice I,J     the two inputs (0-based indices into x) of the 2-D slice; default 0,1
 *   --radius R      the window is the base point +- R on each axis (default 2)
 *   --n N           size of an array x without --around (default: 1 + the largest constant
 *                   index when x is only read at constant indices, else at least 4)
 *   --arg NAME=VEC  values of the other parameters, as for `absad grad`
 * --around, --radius, --n and --arg mean the same for --sample (sample-cli.ts), which shares them.
 * A request that does not fit a function named with --fn is a usage error; without --fn such a
 * function gets a note in the page instead of a plot.
 */
import { compile } from '../api.js';
import type { Report } from '../report/analyze.js';
import { DEFAULT_RADIUS, type Plot, type PlotRequest, samplePlot } from '../report/plot.js';
import { type Json, parseVector, UsageError } from './args.js';

export interface PlotValues {
  around?: string;
  slice?: string;
  radius?: string;
  n?: string;
  arg?: string[];
}

function bad(option: string, message: string, hint?: string): never {
  throw new UsageError('usage', `${option}: ${message}`, hint ?? 'see `absad --help`');
}

export function parsePlotFlags(values: PlotValues): PlotRequest {
  const req: PlotRequest = {};
  if (values.around !== undefined) {
    const v = parseVector(values.around, '--around');
    if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === 'number' && Number.isFinite(e))) bad('--around', 'takes a vector of finite numbers (1,2,3 or @point.json holding an array)');
    req.around = v as number[];
  }
  if (values.slice !== undefined) {
    const parts = values.slice.split(',').map((p) => p.trim());
    if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) bad('--slice', `takes I,J: two input indices counted from 0, got '${values.slice}'`, 'e.g. --slice 0,1 plots f over x[0] and x[1]');
    const [i, j] = parts.map(Number);
    if (i === j) bad('--slice', `names input ${i} twice`);
    req.slice = [i, j];
  }
  if (values.radius !== undefined) {
    const r = Number(values.radius);
    if (values.radius.trim() === '' || !Number.isFinite(r) || r <= 0) bad('--radius', `takes a positive number, got '${values.radius}'`);
    req.radius = r;
  }
  if (values.n !== undefined) {
    const n = Number(values.n);
    if (!/^\s*\d+\s*$/.test(values.n) || n < 1) bad('--n', `takes a positive integer, got '${values.n}'`);
    if (req.around && req.around.length !== n) bad('--around', `has ${req.around.length} values but --n is ${n}`);
    req.n = n;
  }
  if (values.arg !== undefined) {
    const named = new Map<string, Json>();
    for (const a of values.arg) {
      const eq = a.indexOf('=');
      if (eq <= 0) bad('--arg', `takes NAME=VEC, got '${a}'`);
      named.set(a.slice(0, eq), parseVector(a.slice(eq + 1), `--arg ${a.slice(0, eq)}`));
    }
    req.args = named;
  }
  return req;
}

/** Samples every function of the report; `strict` (a function named with --fn) makes misfits errors. */
export function plotReport(file: string, report: Report, req: PlotRequest, strict: boolean): { plots: Map<string, Plot>; note: string } {
  const module = compile({ file }).module;
  if (!module) throw new Error(`'${file}' compiled for the report but not for the plot`);
  for (const name of req.args?.keys() ?? []) {
    if (!report.functions.some((fr) => module.funcs.find((g) => g.name === fr.name)?.params.some((p) => p.name === name))) {
      bad('--arg', `no reported function has a parameter '${name}'`);
    }
  }
  const plots = new Map<string, Plot>();
  for (const fr of report.functions) {
    const f = module.funcs.find((g) => g.exported && g.name === fr.name);
    if (!f) throw new Error(`the compiled module has no function '${fr.name}'`);
    const plot = samplePlot(module, f, req);
    if (plot.kind === 'none' && plot.inputError && strict) throw new UsageError('usage', `cannot plot '${f.name}': ${plot.reason}`, 'see `absad --help` (report --format html)');
    plots.set(fr.name, plot);
  }
  const note = `Plots: through the reference interpreter, around ${req.around ? `(${req.around.join(', ')})` : '0'}, window +-${req.radius ?? DEFAULT_RADIUS}${req.slice ? `, slice ${req.slice.join(',')}` : ''}.`;
  return { plots, note };
}
