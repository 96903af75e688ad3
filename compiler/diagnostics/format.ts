/**
 * The one diagnostic formatter:
 *
 *   loss.ts:12:9 error ABS1104 data-dependent-branch: the condition compares floating-point values
 *      11 |   for (let i = 0; i < n; i++) {
 *    > 12 |     if (x[i] > 0) s += x[i];
 *         |         ^^^^^^^^
 *    hint: write `s += Math.max(x[i], 0)`; ...
 *
 * Takes diagnostics and a way to read source text; returns a string. Colour is applied through
 * chalk only when `color` is true (the CLI decides: a terminal and no NO_COLOR).
 */
import { Chalk } from 'chalk';
import type { Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  color: boolean;
  /** Source text of a file, or undefined when it cannot be read. */
  source: (file: string) => string | undefined;
}

export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const sevColor = d.severity === 'error' ? c.red.bold : c.yellow.bold;
  const where = d.span.line > 0 ? `${d.span.file}:${d.span.line}:${d.span.col}` : d.span.file || 'absad';
  const lines = [`${c.bold(where)} ${sevColor(d.severity)} ${c.bold(d.code)} ${d.name}: ${d.message}`];
  const text = d.span.line > 0 ? opts.source(d.span.file) : undefined;
  if (text !== undefined) lines.push(...codeFrame(text, d, c));
  if (d.hint) lines.push(` ${c.cyan('hint:')} ${d.hint}`);
  return lines.join('\n');
}

function codeFrame(text: string, d: Diagnostic, c: InstanceType<typeof Chalk>): string[] {
  const src = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const line = d.span.line;
  if (line < 1 || line > src.length) return [];
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const out: string[] = [];
  for (let l = first; l <= line; l++) {
    const marker = l === line ? c.red('>') : ' ';
    out.push(` ${marker} ${String(l).padStart(width)} | ${src[l - 1]}`);
  }
  const lineText = src[line - 1];
  const start = Math.max(1, d.span.col);
  const end = d.span.endLine === line ? Math.max(d.span.endCol, start + 1) : lineText.length + 1;
  const caretCount = Math.max(1, Math.min(end, lineText.length + 1) - start);
  const pad = lineText.slice(0, start - 1).replace(/[^\t]/g, ' ');
  out.push(`   ${' '.repeat(width)} | ${pad}${c.red('^'.repeat(caretCount))}`);
  return out;
}

export function formatDiagnostics(ds: Diagnostic[], opts: FormatOptions): string {
  return ds.map((d) => formatDiagnostic(d, opts)).join('\n\n');
}
