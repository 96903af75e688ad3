/**
 * The diagnostics suite: every program in tests/rejected/ is outside the subset, and absad must
 * say exactly why and where.
 *
 * Each corpus file opens with one or more lines
 *     // expect: ABS1104 data-dependent-branch 4:7
 * (code, name, line:col), in source order. Compiling the file must give `module === null` and
 * exactly those diagnostics, in that order (so a file with several problems checks that all of
 * them come out of one run, and a stray follow-on error fails the test). tests/rejected/lib/
 * holds valid helper modules the corpus imports from; it is not part of the corpus.
 *
 * Also: the formatter's exact text (header, two-line code frame, carets, hint; colour only on
 * request), and the real command line on every corpus file (exit code 1, the located header on
 * stderr, no stack trace, nothing on stdout).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/api.js';
import { DIAGNOSTICS } from '../compiler/diagnostics/codes.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic, formatDiagnostics } from '../compiler/diagnostics/format.js';
import { EXPECT, readCorpus, showExpected } from './util/corpus.js';

const DIR = 'tests/rejected';
const CASES = readCorpus(DIR);

const show = showExpected;
const showDiag = (d: Diagnostic) => show({ code: d.code, name: d.name, line: d.span.line, col: d.span.col });

describe('the rejected corpus', () => {
  it('has at least 45 programs, some of them plain JavaScript, named NNN-short-name', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(CASES.filter((c) => c.file.endsWith('.js')).length).toBeGreaterThanOrEqual(3);
    for (const c of CASES) expect(path.basename(c.file)).toMatch(/^\d{3}-[a-z0-9-]+\.(ts|js)$/);
    const numbers = CASES.map((c) => path.basename(c.file).slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('opens every file with well-formed expectations whose code and name agree with codes.ts', () => {
    for (const c of CASES) {
      expect(c.text.split('\n')[0], c.file).toMatch(EXPECT);
      expect(c.expected.length, c.file).toBeGreaterThan(0);
      for (const e of c.expected) {
        const info = (DIAGNOSTICS as Record<string, { code: string }>)[e.name];
        expect(info, `${c.file}: unknown name ${e.name}`).toBeDefined();
        expect(info.code, `${c.file}: ${e.name}`).toBe(e.code);
      }
    }
  });

  it('covers at least 40 distinct codes, and every frontend (ABS1xxx) code in codes.ts', () => {
    const covered = new Set(CASES.flatMap((c) => c.expected.map((e) => e.code)));
    expect(covered.size).toBeGreaterThanOrEqual(40);
    const frontend = Object.values(DIAGNOSTICS)
      .map((d) => d.code)
      .filter((code) => code.startsWith('ABS1'));
    expect(frontend.filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe.each(CASES.map((c) => [path.basename(c.file), c] as const))('%s', (_name, c) => {
  let result: ReturnType<typeof compile>;
  beforeAll(() => {
    result = compile({ file: c.file });
  });
  const lines = c.lines;

  it('is rejected with exactly the expected diagnostics, in order', () => {
    expect(result.module).toBeNull();
    expect(result.diagnostics.map(showDiag)).toEqual(c.expected.map(show));
  });

  it('reports each expected problem with its exact code, name and position', () => {
    for (const e of c.expected) {
      const hit = result.diagnostics.find((d) => d.code === e.code && d.name === e.name && d.span.line === e.line && d.span.col === e.col);
      expect(hit, `${c.file}: no ${show(e)} among ${result.diagnostics.map(showDiag).join(', ')}`).toBeDefined();
    }
  });

  it('gives every diagnostic a severity, a message and a span inside the file', () => {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of result.diagnostics) {
      expect(['error', 'warning']).toContain(d.severity);
      expect(typeof d.message).toBe('string');
      expect(d.message.trim().length).toBeGreaterThan(0);
      expect(d.message).not.toContain('[object ');
      expect(d.code).toBe(DIAGNOSTICS[d.name].code);
      if (d.hint !== undefined) expect(d.hint.trim().length).toBeGreaterThan(0);
      expect(d.span.file).toBe(c.file);
      expect(d.span.line).toBeGreaterThanOrEqual(1);
      expect(d.span.line).toBeLessThanOrEqual(lines.length);
      expect(d.span.col).toBeGreaterThanOrEqual(1);
      expect(d.span.col).toBeLessThanOrEqual(lines[d.span.line - 1].length + 1);
      const ordered = d.span.endLine > d.span.line || (d.span.endLine === d.span.line && d.span.endCol >= d.span.col);
      expect(ordered, `${showDiag(d)} ends at ${d.span.endLine}:${d.span.endCol}`).toBe(true);
    }
  });

  it('sorts the diagnostics by position', () => {
    const ds = result.diagnostics;
    for (let i = 1; i < ds.length; i++) {
      const a = ds[i - 1].span;
      const b = ds[i].span;
      expect(a.line < b.line || (a.line === b.line && a.col <= b.col), `${showDiag(ds[i - 1])} before ${showDiag(ds[i])}`).toBe(true);
    }
  });
});

describe('programs next to the rejected ones stay accepted', () => {
  // Each of these was (or could easily be) rejected by a check that is too broad.
  const accepted: Record<string, string> = {
    'element writes under a bound on the same array': `
      export function twice(x: Float64Array): Float64Array {
        const out = new Float64Array(x.length);
        for (let i = 0; i < out.length; i++) out[i] = 2 * x[i];
        return out;
      }`,
    '`!` on a static integer': `
      export function first(x: Float64Array): number {
        if (!x.length) return 0;
        return x[0];
      }`,
    'a comparison of static integers as a condition': `
      export function evens(x: Float64Array): number {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += i % 2 === 0 ? x[i] : 0;
        return s;
      }`,
    'a constant index inside a constant array': `
      const W = [0.5, 0.25, 0.25];
      export function weighted(x: Float64Array): number {
        return x[0] * W[2] + x[1] * W[0];
      }`,
    'Math.floor of an integer quotient': `
      export function middle(x: Float64Array): number {
        return x[Math.floor(x.length / 2)];
      }`,
    'a value pattern that compares data': `
      export function relu(x: number): number {
        return x > 0 ? x : 0;
      }`,
  };
  for (const [what, text] of Object.entries(accepted)) {
    it(what, () => {
      const r = compile({ file: 'tests/rejected/lib/accepted.ts', text });
      expect(r.diagnostics.map(showDiag)).toEqual([]);
      expect(r.module).not.toBeNull();
    });
  }
});

describe('formatDiagnostic', () => {
  const source = [
    'export function positivePart(x: Float64Array, n: number): number {',
    '  let s = 0;',
    '  for (let i = 0; i < n; i++) {',
    '    if (x[i] > 0) s += x[i];',
    '  }',
    '  return s;',
    '}',
    '',
  ].join('\n');
  const d: Diagnostic = {
    name: 'data-dependent-branch',
    code: 'ABS1104',
    severity: 'error',
    message: 'the condition depends on `x`, which is differentiated',
    span: { file: 'loss.ts', line: 4, col: 9, endLine: 4, endCol: 17 },
    hint: 'write `s += Math.max(x[i], 0)`',
  };
  const plain = { color: false, source: (f: string) => (f === 'loss.ts' ? source : undefined) };

  it('prints the header, two lines of code, carets under the span and the hint', () => {
    expect(formatDiagnostic(d, plain)).toBe(
      [
        'loss.ts:4:9 error ABS1104 data-dependent-branch: the condition depends on `x`, which is differentiated',
        '   3 |   for (let i = 0; i < n; i++) {',
        ' > 4 |     if (x[i] > 0) s += x[i];',
        '     |         ^^^^^^^^',
        ' hint: write `s += Math.max(x[i], 0)`',
      ].join('\n'),
    );
  });

  it('widens the gutter for two-digit lines, keeps tabs under the caret, and labels warnings', () => {
    const text = `${'\n'.repeat(10)}let a = 1;\n\tconst b = max(a, a);\n`;
    const w: Diagnostic = {
      name: 'structurally-zero-switch',
      code: 'ABS3001',
      severity: 'warning',
      message: 'max(a, a) is always a',
      span: { file: 'w.ts', line: 12, col: 12, endLine: 12, endCol: 21 },
    };
    expect(formatDiagnostic(w, { color: false, source: () => text })).toBe(
      [
        'w.ts:12:12 warning ABS3001 structurally-zero-switch: max(a, a) is always a',
        '   11 | let a = 1;',
        ' > 12 | \tconst b = max(a, a);',
        '      | \t          ^^^^^^^^^',
      ].join('\n'),
    );
  });

  it('runs the carets to the end of the line for a span over several lines, and shows line 1 alone', () => {
    const text = 'while (y > 1) {\n  y = y / 2;\n}\n';
    const m: Diagnostic = { ...d, name: 'data-dependent-loop', code: 'ABS1101', message: 'while loops are not supported', span: { file: 'm.ts', line: 1, col: 1, endLine: 3, endCol: 2 } };
    delete m.hint;
    expect(formatDiagnostic(m, { color: false, source: () => text })).toBe(
      ['m.ts:1:1 error ABS1101 data-dependent-loop: while loops are not supported', ' > 1 | while (y > 1) {', '     | ^^^^^^^^^^^^^^^'].join('\n'),
    );
  });

  it('prints only the header and hint when there is no position or no source', () => {
    const noPos: Diagnostic = { ...d, span: { file: 'absad', line: 0, col: 0, endLine: 0, endCol: 0 } };
    expect(formatDiagnostic(noPos, plain)).toBe('absad error ABS1104 data-dependent-branch: the condition depends on `x`, which is differentiated\n hint: write `s += Math.max(x[i], 0)`');
    const noSource = formatDiagnostic(d, { color: false, source: () => undefined });
    expect(noSource.split('\n')).toHaveLength(2);
  });

  it('adds ANSI colour only when asked, without changing the text', () => {
    const coloured = formatDiagnostic(d, { ...plain, color: true });
    expect(coloured).toMatch(/\u001b\[\d+(;\d+)*m/);
    expect(formatDiagnostic(d, plain)).not.toMatch(/\u001b\[/);
    expect(coloured.replace(/\u001b\[\d+(;\d+)*m/g, '')).toBe(formatDiagnostic(d, plain));
  });

  it('formats a real compile result against its own source', () => {
    const file = `${DIR}/001-if-on-data.ts`;
    const r = compile({ file });
    const text = formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^tests\/rejected\/001-if-on-data\.ts:5:9 error ABS1104 data-dependent-branch: \S/);
    expect(lines[1]).toBe('   4 |   for (let i = 0; i < x.length; i++) {');
    expect(lines[2]).toBe(' > 5 |     if (x[i] > 0) s += x[i];');
    expect(lines[3]).toBe('     |         ^^^^^^^^');
    expect(lines[4]).toMatch(/^ hint: \S/);
  });
});

// ----- the command line ---------------------------------------------------------------------

const STACK_LINE = /^\s+at .*\(.*:\d+:\d+\)$/m;

/** Builds dist/ when it is missing or older than the compiler's sources (`npm test` builds first). */
function ensureBuilt(): void {
  const entry = 'dist/compiler/cli/main.js';
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
    }, 0);
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newest('compiler')) return;
  const r = spawnSync('npm', ['run', 'build'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/absad.js', ...args], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `task` over `items`, `width` at a time; results in the order of `items`. */
async function pool<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await task(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

describe('absad ir on the rejected corpus', () => {
  beforeAll(ensureBuilt, 120_000);

  it('exits 1 with each expected located header on stderr, no stack trace and no output', async () => {
    const runs = await pool(CASES, 2, (c) => runCli(['ir', c.file]));
    const problems: string[] = [];
    CASES.forEach((c, k) => {
      const r = runs[k];
      const say = (what: string) => problems.push(`${c.file}: ${what}\n${r.stderr}`);
      if (r.code !== 1) say(`exit code ${r.code}, expected 1`);
      if (r.stdout !== '') say(`unexpected stdout: ${r.stdout}`);
      for (const e of c.expected) {
        const header = `${c.file}:${e.line}:${e.col} error ${e.code} ${e.name}: `;
        if (!r.stderr.split('\n').some((l) => l.startsWith(header))) say(`no line starting '${header}'`);
      }
      if (STACK_LINE.test(r.stderr)) say('a stack trace');
      if (r.stderr.includes('node:internal')) say('node:internal');
      if (/internal error|ABS2\d{3}/.test(r.stderr)) say('an internal error');
    });
    expect(problems).toEqual([]);
  }, 300_000); // ~0.5 s a file on an idle 2-core machine; much more when it is shared
});
