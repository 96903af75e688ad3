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
  const lines = [`${c.bold(escapeControls(where))} ${sevColor(d.severity)} ${c.bold(d.code)} ${d.name}: ${escapeControls(d.message)}`];
  const text = d.span.line > 0 ? opts.source(d.span.file) : undefined;
  if (text !== undefined) lines.push(...codeFrame(text, d, c));
  if (d.hint) lines.push(` ${c.cyan('hint:')} ${escapeControls(d.hint)}`);
  return lines.join('\n');
}

/** Line terminators as TypeScript and acorn count them (spans use their line numbers). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
/**
 * Control characters (C0, C1 with its CSI) in a file name, a message or a source line would
 * reach the terminal as escape sequences, and bidirectional overrides would reorder what the
 * frame shows ("Trojan Source"); they are shown escaped instead (in code frames as U+FFFD, one
 * character wide, so carets stay aligned). Tabs stay in frames: carets copy them.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escapeControls = (s: string): string =>
  s.replace(/[\n\r\u2028\u2029\t]/g, (ch) => JSON.stringify(ch).slice(1, -1)).replace(CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
/** Longest source line shown whole; longer ones are cut to a window around the column. */
const FRAME_WIDTH = 160;

/** The lines of the last source text framed (a file with many errors is split once). */
let lastSplit: { text: string; lines: string[] } | null = null;

function sourceLines(text: string): string[] {
  if (lastSplit?.text !== text) lastSplit = { text, lines: text.replace(/^\uFEFF/, '').split(LINE_BREAK) };
  return lastSplit.lines;
}

function codeFrame(text: string, d: Diagnostic, c: InstanceType<typeof Chalk>): string[] {
  const src = sourceLines(text);
  const line = d.span.line;
  if (line < 1 || line > src.length) return [];
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const lineText = src[line - 1];
  const start = Math.max(1, d.span.col);
  // A long line is shown as a window of FRAME_WIDTH characters around the column (the
  // previous line, when it is long too, through the same window).
  const from = lineText.length <= FRAME_WIDTH ? 0 : Math.max(0, Math.min(start - 1 - FRAME_WIDTH / 4, lineText.length - FRAME_WIDTH));
  const cut = (s: string): string => {
    if (s.length <= FRAME_WIDTH) return s;
    const shown = s.slice(from, from + FRAME_WIDTH);
    return `${from > 0 ? '...' : ''}${shown}${from + FRAME_WIDTH < s.length ? '...' : ''}`;
  };
  const out: string[] = [];
  for (let l = first; l <= line; l++) {
    const marker = l === line ? c.red('>') : ' ';
    out.push(` ${marker} ${String(l).padStart(width)} | ${cut(src[l - 1]).replace(CONTROLS, '\uFFFD')}`);
  }
  const end = d.span.endLine === line ? Math.max(d.span.endCol, start + 1) : lineText.length + 1;
  const lastShown = from === 0 && lineText.length <= FRAME_WIDTH ? lineText.length + 1 : Math.min(lineText.length + 1, from + FRAME_WIDTH + 1);
  const caretCount = Math.max(1, Math.min(end, lastShown) - start);
  const pad = (from > 0 ? '   ' : '') + lineText.slice(from, start - 1).replace(/[^\t]/g, ' ');
  out.push(`   ${' '.repeat(width)} | ${pad}${c.red('^'.repeat(caretCount))}`);
  return out;
}

/** At most this many diagnostics are formatted: a binary or garbled file can have tens of thousands. */
export const MAX_FORMATTED = 100;

export function formatDiagnostics(ds: Diagnostic[], opts: FormatOptions): string {
  const shown = ds.slice(0, MAX_FORMATTED).map((d) => formatDiagnostic(d, opts));
  if (ds.length > MAX_FORMATTED) shown.push(`... and ${ds.length - MAX_FORMATTED} more not shown`);
  return shown.join('\n\n');
}
