/**
 * The absad build plugin: one unplugin implementation for Vite, Rollup, esbuild and webpack.
 *
 *   import { loss, loss_grad, loss_active } from './loss.ts?absad'
 *   import { createLoss } from './loss.ts?target=wgsl&absad'      (the WebGPU loader)
 *
 * `resolveId` turns a `?absad` import into the absolute file path plus its query; `load`
 * compiles that file with `compileJs` (read from disk) and returns the generated module and
 * its source map, so stack traces and breakpoints land on the user's lines; with `target=wgsl`
 * it returns `compileWgsl`'s loader, which imports the JavaScript module of the same file as
 * another `?absad` id. The file and the local modules it imports are watch files: editing any
 * of them recompiles the module (Vite invalidates its importers through the module graph). A file with errors never produces a
 * module: the build fails with absad's formatted diagnostics (code, file:line:col, code frame),
 * and on Rollup and Vite with `id`, `loc` and `frame` for their overlays.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HmrContext, ModuleNode } from 'vite';
import { createUnplugin, type UnpluginBuildContext, type UnpluginContext, type UnpluginInstance } from 'unplugin';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';
import type * as Api from '../api.js';
import { type AbsadPluginOptions, fileFilter, type ImportOptions, importOptions, isAbsadId, splitId } from './options.js';
import { renderReport, reportFileName } from './report.js';

export type { AbsadPluginOptions, ReportFormat } from './options.js';

const NAME = 'absad';

type Ctx = UnpluginBuildContext & UnpluginContext & { resolve?: (id: string, importer?: string, opts?: { skipSelf?: boolean }) => Promise<{ id: string; external?: boolean | string } | null> };

export const absad: UnpluginInstance<AbsadPluginOptions | undefined, false> = createUnplugin<AbsadPluginOptions | undefined, false>((userOptions, meta) => {
  const options = userOptions ?? {};
  const accept = fileFilter(options.include, options.exclude);
  const framework = meta.framework;
  /** Errors thrown (not reported through this.error) where this.error does not stop the hook. */
  const throwErrors = framework === 'webpack' || framework === 'rspack';
  /** esbuild's emitFile needs `outdir`; reports for it are written in buildEnd instead. */
  const pendingReports = new Map<string, string>();
  let esbuildOutDir: string | undefined;
  let viteServe = false;
  /** Local module imported by a compiled file -> the `?absad` ids compiled from it (for Vite's dev server). */
  const importersOf = new Map<string, Set<string>>();
  /** Vite drops emitted assets in SSR builds unless build.ssrEmitAssets: reports are then written in writeBundle. */
  let viteSsrNoAssets = false;

  const fail = (ctx: Ctx, message: string, extra: { id?: string; loc?: { file: string; line: number; column: number }; frame?: string } = {}): { code: string } => {
    if (throwErrors) throw new Error(message);
    ctx.error({ message, plugin: NAME, ...extra });
    // Reached only where this.error records instead of throwing (esbuild): the build fails anyway.
    return { code: '' };
  };

  return {
    name: NAME,
    enforce: 'pre',

    buildStart() {
      pendingReports.clear();
    },

    resolveId: {
      filter: { id: /[?&]absad(?:[=&#]|$)/ },
      async handler(this: Ctx, id: string, importer: string | undefined) {
        if (!isAbsadId(id) || id.startsWith('\0')) return null;
        const { file: spec, query } = splitId(id);
        let file: string | null = null;
        if (path.isAbsolute(spec) && fs.existsSync(spec)) file = spec;
        else if ((spec.startsWith('./') || spec.startsWith('../')) && importer) file = path.resolve(path.dirname(splitId(importer).file), spec);
        else if (typeof this.resolve === 'function') {
          const r = await this.resolve(spec, importer, { skipSelf: true });
          if (r && !r.external) file = splitId(r.id).file;
        }
        if (file === null) file = path.resolve(importer ? path.dirname(splitId(importer).file) : process.cwd(), spec.replace(/^\//, ''));
        if (!accept(file)) return null;
        return `${file}?${query}`;
      },
    },

    load: {
      filter: { id: /[?&]absad(?:[=&#]|$)/ },
      async handler(this: Ctx, id: string) {
        if (!isAbsadId(id) || id.startsWith('\0')) return null;
        const { file, query } = splitId(id.replace(/#.*$/, ''));
        if (!accept(file)) return null;
        this.addWatchFile(file);
        let opts;
        try {
          opts = importOptions(options, query);
        } catch (e) {
          return fail(this, `${file}: ${(e as Error).message}`, { id });
        }
        if (!fs.existsSync(file)) return fail(this, `${file}: no such file (imported with ?absad)`, { id });
        const api = await loadCompiler();
        const codegen = { absKink: opts.absKink, wrt: opts.wrt, fn: opts.fn, outFile: `${file.replace(/\.(m|c)?(ts|js)$/, '')}.absad.js` };
        // target=wgsl: the loader module; its f64 host path imports the JavaScript module of the
        // same file with the same options, as another `?absad` import this plugin compiles.
        const r =
          opts.target === 'wgsl'
            ? api.compileWgsl({ file }, { ...codegen, batch: opts.batch, shared: opts.shared, runtimeImport: options.runtimeImport, jsImport: `${file}?${jsQuery(opts)}` })
            : { ...api.compileJs({ file }, codegen), wgsl: null };
        for (const f of r.sources.keys()) {
          const abs = path.resolve(f);
          if (abs === file) continue;
          this.addWatchFile(abs);
          if (!importersOf.has(abs)) importersOf.set(abs, new Set());
          importersOf.get(abs)!.add(id);
        }
        const source = (f: string) => r.sources.get(f) ?? readOrUndefined(f);
        if (opts.report) {
          const name = reportFileName(file, opts.report);
          const text = renderReport(file, r.diagnostics, opts.report);
          if (framework === 'esbuild' || viteSsrNoAssets) pendingReports.set(name, text);
          else if (!viteServe) this.emitFile({ type: 'asset', fileName: name, source: text });
        }
        for (const d of r.diagnostics) {
          if (d.severity === 'warning') this.warn({ message: formatDiagnostic(d, { color: false, source }), plugin: NAME, id, ...locOf(d) });
        }
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0 || !r.js) {
          const first = errors[0];
          const frame = first ? frameOf(first, source) : undefined;
          // Vite prints `frame` under the message itself (terminal and overlay): leave the first frame out of the message there.
          const message =
            errors.map((d, i) => formatDiagnostic(d, { color: false, source: i === 0 && framework === 'vite' ? () => undefined : source })).join('\n\n') ||
            `${file}: absad produced no module`;
          return fail(this, message, { id, ...(first ? locOf(first) : {}), ...(frame ? { frame } : {}) });
        }
        if (opts.target === 'wgsl') return r.wgsl ? { code: r.wgsl.loader } : fail(this, `${file}: absad produced no WGSL loader`, { id });
        const code = r.js.code.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
        return { code, map: JSON.parse(r.js.map) };
      },
    },

    buildEnd() {
      if (framework !== 'esbuild' || pendingReports.size === 0) return;
      writeReports(esbuildOutDir ?? process.cwd(), pendingReports);
    },

    vite: {
      configResolved(config: { command: string; build: { ssr: boolean | string; ssrEmitAssets: boolean; emitAssets?: boolean } }) {
        viteServe = config.command === 'serve';
        viteSsrNoAssets = config.command === 'build' && Boolean(config.build.ssr) && !config.build.ssrEmitAssets && !config.build.emitAssets;
      },
      // Vite invalidates the module of an edited file, but a `?absad` module also depends on the
      // local modules its file imports (inlined into the generated code): invalidate it too, so
      // the next request recompiles it and HMR propagates from it to its importers.
      handleHotUpdate(ctx: HmrContext) {
        const ids = importersOf.get(path.resolve(ctx.file));
        if (!ids || ids.size === 0) return;
        const extra: ModuleNode[] = [];
        for (const id of ids) {
          const mod = ctx.server.moduleGraph.getModuleById(id);
          if (mod) {
            ctx.server.moduleGraph.invalidateModule(mod);
            extra.push(mod);
          }
        }
        return extra.length > 0 ? [...ctx.modules, ...extra] : undefined;
      },
      writeBundle(outputOptions: { dir?: string; file?: string }) {
        if (!viteSsrNoAssets || pendingReports.size === 0) return;
        const dir = outputOptions.dir ?? (outputOptions.file ? path.dirname(outputOptions.file) : process.cwd());
        writeReports(dir, pendingReports);
      },
    },

    esbuild: {
      config(initial) {
        esbuildOutDir = initial.outdir ?? (initial.outfile ? path.dirname(initial.outfile) : undefined);
        if (esbuildOutDir) esbuildOutDir = path.resolve(initial.absWorkingDir ?? process.cwd(), esbuildOutDir);
      },
    },
  };
});

/** The compiler (TypeScript and its checker) loads on the first `?absad` import, not with the bundler config. */
let compiler: Promise<typeof Api> | undefined;
function loadCompiler(): Promise<typeof Api> {
  compiler ??= import('../api.js');
  return compiler;
}

/** The query of the JavaScript module a WGSL loader imports: the options that shape its code. */
function jsQuery(opts: ImportOptions): string {
  const q = new URLSearchParams();
  if (opts.absKink !== undefined) q.set('abs-kink', String(opts.absKink));
  if (opts.wrt !== undefined) q.set('wrt', opts.wrt.join(','));
  if (opts.fn !== undefined) q.set('fn', opts.fn);
  const s = q.toString();
  return s ? `${s}&absad` : 'absad';
}

function writeReports(dir: string, reports: Map<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of reports) fs.writeFileSync(path.join(dir, name), text);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function locOf(d: Diagnostic): { loc?: { file: string; line: number; column: number } } {
  return d.span.line > 0 ? { loc: { file: path.resolve(d.span.file), line: d.span.line, column: d.span.col } } : {};
}

/** The code frame alone (the lines after the header of the formatted diagnostic, hint excluded). */
function frameOf(d: Diagnostic, source: (f: string) => string | undefined): string {
  const lines = formatDiagnostic({ ...d, hint: undefined }, { color: false, source }).split('\n');
  return lines.slice(1).join('\n');
}

export default absad;
