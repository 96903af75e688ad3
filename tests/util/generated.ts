/**
 * Compiles a sample to JavaScript with the real backend, writes the module to a temporary
 * directory and imports it, so tests run exactly the code users get.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileJs, formatDiagnostics, type JsCompileOptions } from '../../compiler/api.js';

export type GeneratedModule = Record<string, (...args: unknown[]) => unknown>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-gen-'));
let counter = 0;

export async function importGenerated(file: string, opts: JsCompileOptions = {}): Promise<{ mod: GeneratedModule; code: string }> {
  const out = path.join(dir, `${path.basename(file).replace(/\.(ts|js)$/, '')}.${counter++}.mjs`);
  const r = compileJs({ file }, { outFile: out, ...opts });
  if (!r.js) throw new Error(formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) }));
  fs.writeFileSync(out, r.js.code);
  fs.writeFileSync(`${out}.map`, r.js.map);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(out).href)) as GeneratedModule;
  return { mod, code: r.js.code };
}

export async function importNative(file: string): Promise<Record<string, (...args: unknown[]) => number>> {
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(file)).href)) as Record<string, (...args: unknown[]) => number>;
}
