/**
 * Options of the absad build plugin and the per-import query that overrides them:
 *
 *   import { loss, loss_grad } from './loss.ts?absad'
 *   import { loss_grad } from './loss.ts?abs-kink=1&wrt=w,b&absad'
 *   import { createLoss } from './loss.ts?target=wgsl&batch=data&absad'   (WebGPU loader)
 *
 * `absad` may stand anywhere in the query; ending the query with it keeps the import
 * type-checked by `absad/client` (`*?absad`, `*&absad`).
 */
import * as path from 'node:path';

export type ReportFormat = 'json' | 'sarif';
export type Pattern = string | RegExp;

export interface AbsadPluginOptions {
  /** abs'(0) used by the generated gradients at exact kinks: 0 (default), 1 or -1. */
  absKink?: number;
  /** Differentiated parameters by name (default: the first of each function). */
  wrt?: string[] | string;
  /** Only files matching one of these (RegExp on the absolute path, or a glob relative to the working directory). */
  include?: Pattern | Pattern[];
  /** Never files matching one of these. */
  exclude?: Pattern | Pattern[];
  /** Writes `NAME.absad-report.json` (or `.sarif`) with the diagnostics next to the build output. */
  report?: ReportFormat;
  /** `target=wgsl` imports: where the loader imports the WebGPU runtime from (default 'absad/runtime/webgpu.js'). */
  runtimeImport?: string;
}

/** What one `?absad` import compiles with. */
export interface ImportOptions {
  absKink?: number;
  wrt?: string[];
  fn?: string;
  target: 'js' | 'wgsl';
  /** target=wgsl: which parameters vary per batch element ('x', the default, or 'data'). */
  batch?: 'x' | 'data';
  /** target=wgsl, batch=data: data parameters shared by every element. */
  shared?: string[];
  report?: ReportFormat;
}

export const QUERY_MARK = /[?&]absad(?:[=&]|$)/;

/** Query parameters bundlers add on their own (Vite's HMR timestamp, import marker, version hash). */
const BUNDLER_PARAMS = new Set(['t', 'v', 'import', 'direct', 'used']);

export function splitId(id: string): { file: string; query: string } {
  const q = id.indexOf('?');
  return q < 0 ? { file: id, query: '' } : { file: id.slice(0, q), query: id.slice(q + 1) };
}

export function isAbsadId(id: string): boolean {
  return QUERY_MARK.test(id.replace(/#.*$/, ''));
}

function parseKink(v: unknown, where: string): number {
  const k = typeof v === 'number' ? v : Number(v);
  if (k !== 0 && k !== 1 && k !== -1) throw new Error(`${where}: abs-kink must be 0, 1 or -1 (got '${String(v)}')`);
  return k;
}

function parseWrt(v: string | string[]): string[] {
  const list = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  return list;
}

/** The plugin options merged with one import's query; throws an Error with a clear message when the query is wrong. */
export function importOptions(base: AbsadPluginOptions, query: string): ImportOptions {
  const out: ImportOptions = { target: 'js' };
  if (base.absKink !== undefined) out.absKink = parseKink(base.absKink, 'absad plugin option absKink');
  if (base.wrt !== undefined) out.wrt = parseWrt(base.wrt);
  if (base.report !== undefined) {
    if (base.report !== 'json' && base.report !== 'sarif') throw new Error(`absad plugin option report must be 'json' or 'sarif' (got '${String(base.report)}')`);
    out.report = base.report;
  }
  for (const [key, value] of new URLSearchParams(query)) {
    switch (key) {
      case 'absad':
        break;
      case 'abs-kink':
      case 'absKink':
        out.absKink = parseKink(value, `?absad query`);
        break;
      case 'wrt':
        out.wrt = parseWrt(value);
        break;
      case 'fn':
        out.fn = value;
        break;
      case 'report':
        if (value !== 'json' && value !== 'sarif') throw new Error(`?absad query: report must be 'json' or 'sarif' (got '${value}')`);
        out.report = value;
        break;
      case 'target':
        if (value !== 'js' && value !== 'wgsl') throw new Error(`?absad query: unknown target '${value}' (absad generates 'js' and 'wgsl')`);
        out.target = value;
        break;
      case 'batch':
        if (value !== 'x' && value !== 'data') throw new Error(`?absad query: batch must be 'x' or 'data' (got '${value}')`);
        out.batch = value;
        break;
      case 'shared':
        out.shared = parseWrt(value);
        break;
      default:
        if (!BUNDLER_PARAMS.has(key)) throw new Error(`?absad query: unknown option '${key}' (known: abs-kink, wrt, fn, target, batch, shared, report)`);
    }
  }
  if (out.target !== 'wgsl' && (out.batch !== undefined || out.shared !== undefined)) throw new Error(`?absad query: batch and shared apply to target=wgsl only`);
  return out;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** include/exclude as a predicate on absolute file paths (no query). */
export function fileFilter(include: Pattern | Pattern[] | undefined, exclude: Pattern | Pattern[] | undefined): (file: string) => boolean {
  const toTests = (p: Pattern | Pattern[] | undefined): ((file: string) => boolean)[] =>
    (p === undefined ? [] : Array.isArray(p) ? p : [p]).map((pat) => {
      if (pat instanceof RegExp) return (file: string) => pat.test(file);
      const re = globToRegExp(path.resolve(pat).split(path.sep).join('/'));
      return (file: string) => re.test(file.split(path.sep).join('/'));
    });
  const inc = toTests(include);
  const exc = toTests(exclude);
  return (file) => (inc.length === 0 || inc.some((t) => t(file))) && !exc.some((t) => t(file));
}
