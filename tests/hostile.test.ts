/**
 * Hostile input (issue 8, part 3): files written to break the compiler must be rejected cleanly,
 * and programs that merely look dangerous must compile correctly.
 *
 * tests/hostile/NNN-kind-name.{ts,js} (kind: syntax, type, unsupported, limit, clash) open with
 *     // expect: ABS1001 syntax-error 4:16
 * lines, as tests/rejected/ does (after a byte-order mark, and ending the way the file's lines
 * end). `absad compile FILE --out-dir DIR` must exit 1 with exactly those located diagnostics,
 * print nothing on stdout, no stack trace, no raw control character, and write nothing.
 * Most files run through the built CLI's main() in this process; one real `absad compile` runs
 * over the whole corpus, and the giants (a 10^5-line function, 10^4-deep nesting, a 10^6-digit
 * literal, a 9 MiB file, ...) are generated into a temporary directory and run as real
 * processes whose time and peak memory are measured.
 *
 * tests/hostile/accepted/ holds programs that are hostile only in appearance (names of the
 * generated code's helpers and locals, Object.prototype names, Unicode, `$`, shadowed globals,
 * BOM, CRLF and CR line endings). Their `// check: NAME [args]` lines name calls whose value
 * must equal the source run by Node and the interpreter, and whose gradient must equal the one
 * the abs-normal-form runtime derives from the interpreter's trace.
 * Just under each limit of compiler/frontend/limits.ts a program compiles and runs; just over,
 * it is rejected.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify, compile, compileJs, DIAGNOSTICS, evaluate, traceAt, type RValue } from '../compiler/api.js';
import { LIMITS } from '../compiler/frontend/limits.js';
import { STACK_TRACE } from './util/cli.js';
import { cliMain, ensureBuilt, type CliRun } from './util/dist.js';
import { linesOf, readCorpus, showExpected } from './util/corpus.js';

const DIR = 'tests/hostile';
/** A located error header as the formatter prints it. */
const HEADER = /^(.+?):(\d+):(\d+) error (ABS\d{4}) ([a-z0-9-]+): /;
/** Raw terminal controls (C0 but tab and newline, DEL, C1) and bidirectional overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-hostile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
/** A fresh, empty output directory. */
const freshDir = (): string => fs.mkdtempSync(path.join(tmp, `out${dirs++}-`));

/** Each file's expectations as `CODE name line:col`, the form headersFor returns. */
const CASES = readCorpus(DIR).map((c) => ({ ...c, expected: c.expected.map(showExpected) }));

/** `CODE name line:col` of every located error header in a command's stderr, for `file`. */
function headersFor(stderr: string, file: string): string[] {
  return stderr
    .split('\n')
    .map((l) => HEADER.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === file)
    .map((m) => `${m[4]} ${m[5]} ${m[2]}:${m[3]}`);
}

/** What every rejected run must satisfy besides its diagnostics. */
function cleanFailure(r: CliRun, outDir: string): string[] {
  const problems: string[] = [];
  if (r.code !== 1) problems.push(`exit code ${r.code}, expected 1`);
  if (r.stdout !== '') problems.push(`stdout: ${r.stdout.slice(0, 200)}`);
  if (STACK_TRACE.test(r.stderr)) problems.push('a stack trace');
  if (/internal error|ABS2\d{3}|RangeError|Maximum call stack/.test(r.stderr)) problems.push('an internal error');
  if (RAW_CONTROL.test(r.stderr)) problems.push('a raw control character');
  const written = fs.readdirSync(outDir);
  if (written.length > 0) problems.push(`files written: ${written.join(', ')}`);
  return problems;
}

beforeAll(ensureBuilt, 180_000);

describe('the hostile corpus', () => {
  it('has at least 60 files named NNN-kind-name, each headed by expectations whose codes are in codes.ts', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const numbers = CASES.map((c) => path.basename(c.file).slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const c of CASES) {
      expect(path.basename(c.file)).toMatch(/^\d{3}-(syntax|type|unsupported|limit|clash)-[a-z0-9-]+\.(ts|js)$/);
      expect(c.expected.length, c.file).toBeGreaterThan(0);
      for (const e of c.expected) {
        const [code, name] = e.split(' ');
        expect((DIAGNOSTICS as Record<string, { code: string }>)[name]?.code, `${c.file}: ${e}`).toBe(code);
      }
    }
  });

  it('covers every kind of hostile input the issue names', () => {
    const kinds = CASES.map((c) => path.basename(c.file).split('-')[1]);
    for (const k of ['syntax', 'type', 'unsupported', 'limit', 'clash']) expect(kinds.filter((x) => x === k).length, k).toBeGreaterThanOrEqual(2);
    const codes = new Set(CASES.flatMap((c) => c.expected.map((e) => e.split(' ')[0])));
    for (const code of ['ABS1001', 'ABS1002', 'ABS1007', 'ABS1008', 'ABS1414', 'ABS4001']) expect(codes, code).toContain(code);
    const raw = (f: string) => fs.readFileSync(path.join(DIR, f));
    const files = fs.readdirSync(DIR).filter((f) => /\.(ts|js)$/.test(f));
    expect(files.some((f) => raw(f).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])))).toBe(true); // BOM
    expect(files.some((f) => raw(f).includes('\r\n'))).toBe(true); // CRLF
    expect(files.some((f) => raw(f).includes('\r') && !raw(f).includes('\r\n'))).toBe(true); // CR only
  });
});

describe.each(CASES.map((c) => [path.basename(c.file), c] as const))('%s', (_name, c) => {
  it('exits 1 with exactly the expected located diagnostics, no stack trace, no raw control character and no file', async () => {
    const out = freshDir();
    const r = await cliMain(['compile', c.file, '--out-dir', out]);
    expect(cleanFailure(r, out)).toEqual([]);
    expect(headersFor(r.stderr, c.file)).toEqual(c.expected);
    for (const e of c.expected) {
      const [line, col] = e.split(' ')[2].split(':').map(Number);
      expect(line, e).toBeLessThanOrEqual(c.lines.length);
      expect(col, e).toBeLessThanOrEqual(c.lines[line - 1].length + 1);
    }
  });
});

// ----- real processes ---------------------------------------------------------------------

interface Measured extends CliRun {
  ms: number;
  maxRssKb: number;
}

/** Runs bin/absad.js in a child process; its peak memory comes from tests/util/max-rss.mjs. */
function absadProcess(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.resolve('tests/util/max-rss.mjs')).href, 'bin/absad.js', ...args], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /\nmax-rss-kb (\d+)\n$/.exec(stderr);
      resolve({ code: code ?? -1, stdout, stderr: m ? stderr.slice(0, m.index) : stderr, ms: Date.now() - start, maxRssKb: m ? Number(m[1]) : NaN });
    });
  });
}

/** Bounds on one rejected giant: generous for a busy 2-core machine, far below a runaway. */
const MAX_MS = 90_000;
const MAX_RSS_KB = 1024 * 1024;

describe('the real command line on the whole corpus', () => {
  it('one `absad compile` over every file: exit 1, every expected header, no stack trace, nothing written', async () => {
    const out = freshDir();
    const r = await absadProcess(['compile', ...CASES.map((c) => c.file), '--out-dir', out]);
    expect(cleanFailure(r, out)).toEqual([]);
    for (const c of CASES) expect(headersFor(r.stderr, c.file), c.file).toEqual(c.expected);
    expect(r.maxRssKb).toBeLessThan(MAX_RSS_KB);
  }, 300_000);
});

interface Giant {
  what: string;
  file: string;
  text: () => string | Buffer;
  /** The expected diagnostic: exact `CODE name line:col`, or a code, name and line with the column in a range. */
  expect: string | { code: string; line: number; cols: [number, number] };
}

const fn = (body: string) => `export function f(x: Float64Array): number {\n${body}\n}\n`;
const GIANTS: Giant[] = [
  {
    what: 'a function of 10^5 lines',
    file: 'long-function.ts',
    text: () => fn(['  let s = 0;', ...Array.from({ length: 100_000 }, (_, i) => `  s += Math.abs(x[${i % 7}] - ${i});`), '  return s;'].join('\n')),
    expect: 'ABS1008 function-too-large 1:17',
  },
  {
    what: 'parentheses nested 10^4 deep',
    file: 'deep-parens.ts',
    text: () => fn(`  return ${'('.repeat(10_000)}x[0]${')'.repeat(10_000)};`),
    // `{` of the body is the first bracket; the 256th parenthesis (column 10 + 255) the 257th.
    expect: `ABS1007 nesting-too-deep 2:${10 + LIMITS.bracketDepth - 1}`,
  },
  {
    what: 'blocks nested 10^4 deep (JavaScript)',
    file: 'deep-blocks.js',
    text: () => `export function f(x) {\n  let s = 0;\n${'{'.repeat(10_000)}s += x[0];${'}'.repeat(10_000)}\n  return s;\n}\n`,
    expect: `ABS1007 nesting-too-deep 3:${LIMITS.bracketDepth}`,
  },
  {
    what: 'a sum of 10^5 terms in one expression',
    file: 'long-sum.js',
    text: () => `export function f(x) {\n  return x[0]${' + x[0]'.repeat(100_000)};\n}\n`,
    expect: { code: 'ABS1007 nesting-too-deep', line: 2, cols: [10, 10 + 7 * 100_000] },
  },
  {
    what: 'an else-if chain of 10^4 branches',
    file: 'else-if.ts',
    text: () => fn(`  let s = 0;\n  ${Array.from({ length: 10_000 }, (_, i) => `if (x.length > ${i}) s = x[0];`).join(' else ')}\n  return s;`),
    expect: { code: 'ABS1007 nesting-too-deep', line: 3, cols: [3, 400_000] },
  },
  {
    what: 'a literal of 10^6 digits',
    file: 'huge-literal.ts',
    text: () => fn(`  return x[0] * ${'7'.repeat(1_000_000)};`),
    expect: 'ABS1414 literal-out-of-range 2:17',
  },
  {
    what: 'helpers calling helpers 10^3 deep',
    file: 'helper-chain.ts',
    text: () => `${Array.from({ length: 1000 }, (_, i) => `function h${i}(t: number): number {\n  return h${i + 1}(t) + 1;\n}`).join('\n')}\nfunction h1000(t: number): number {\n  return Math.abs(t);\n}\n${fn('  return h0(x[0]);')}`,
    // f, h0 .. h99 are being lowered when h99 calls h100: line 3 * 99 + 2, after `  return `.
    expect: `ABS1007 nesting-too-deep ${3 * LIMITS.helperDepth - 1}:10`,
  },
  {
    what: 'helpers that double 40 times when inlined',
    file: 'doubling.js',
    text: () => `${Array.from({ length: 40 }, (_, i) => `function h${i}(t) { return h${i + 1}(t) - h${i + 1}(-t); }`).join('\n')}\nfunction h40(t) { return Math.max(t, 1); }\nexport function f(x) {\n  return h0(x[0]);\n}\n`,
    expect: 'ABS1008 function-too-large 42:8',
  },
  {
    what: 'a 9 MiB file',
    file: 'nine-mib.ts',
    text: () => `${fn('  return x[0];')}// ${'padding '.repeat((9 * 1024 * 1024) / 8)}\n`,
    expect: 'ABS5009 input-too-large 1:1',
  },
  {
    what: 'a syntax error in a line of 10^5 characters',
    file: 'long-line.ts',
    text: () => fn(`  return x[0]${' + x[0]'.repeat(900)} +* 1; ${'/* pad */ '.repeat(10_000)}`),
    // `  return x[0]` ends at column 13; 900 times ` + x[0]`; then ` +*`: the `*` is unexpected.
    expect: `ABS1001 syntax-error 2:${13 + 7 * 900 + 3}`,
  },
];

describe('generated giants, as real processes with their time and peak memory measured', () => {
  it.each(GIANTS.map((g) => [g.what, g] as const))('%s', async (_what, g) => {
    const file = path.join(tmp, g.file);
    fs.writeFileSync(file, g.text());
    const out = freshDir();
    const r = await absadProcess(['compile', file, '--out-dir', out]);
    expect(cleanFailure(r, out)).toEqual([]);
    const headers = headersFor(r.stderr, file);
    expect(headers).toHaveLength(1);
    if (typeof g.expect === 'string') expect(headers[0]).toBe(g.expect);
    else {
      const m = /^(ABS\d{4} [a-z0-9-]+) (\d+):(\d+)$/.exec(headers[0])!;
      expect(m[1]).toBe(g.expect.code);
      expect(Number(m[2])).toBe(g.expect.line);
      expect(Number(m[3])).toBeGreaterThanOrEqual(g.expect.cols[0]);
      expect(Number(m[3])).toBeLessThanOrEqual(g.expect.cols[1]);
    }
    // The code frame shows a window of the line, not the whole of a megabyte-long one.
    expect(r.stderr.length).toBeLessThan(4000);
    expect(r.ms).toBeLessThan(MAX_MS);
    expect(r.maxRssKb).toBeLessThan(MAX_RSS_KB);
  }, 2 * MAX_MS);

  it('200 KB of random tokens: thousands of syntax errors, at most 100 of them formatted, and a count of the rest', async () => {
    // No brackets: their random walk would open more than 256 at once, one ABS1007 and no parse.
    const tokens = [';', '+', '*', '=', '?', ':', '.', 'x', '1', '#', '@', ' ', '\n', 'let ', 'if '];
    let seed = 12345;
    let text = '';
    while (text.length < 200_000) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += tokens[seed % tokens.length];
    }
    const file = path.join(tmp, 'noise.ts');
    fs.writeFileSync(file, text);
    const out = freshDir();
    const r = await absadProcess(['compile', file, '--out-dir', out]);
    expect(cleanFailure(r, out)).toEqual([]);
    const shown = headersFor(r.stderr, file);
    expect(shown.length).toBe(100);
    expect(shown.every((h) => h.startsWith('ABS1001 syntax-error'))).toBe(true);
    const more = /\.\.\. and (\d+) more not shown/.exec(r.stderr);
    expect(more).not.toBeNull();
    const total = /\n(\d+) errors\n/.exec(r.stderr);
    expect(Number(total![1])).toBe(100 + Number(more![1]));
    expect(Number(total![1])).toBeGreaterThan(1000);
    expect(r.stderr.length).toBeLessThan(100 * 1000);
    expect(r.ms).toBeLessThan(MAX_MS);
    expect(r.maxRssKb).toBeLessThan(MAX_RSS_KB);
  }, 2 * MAX_MS);
});

// ----- accepted hostile programs ------------------------------------------------------------

type Fn = (...args: unknown[]) => unknown;
const ACCEPTED_DIR = `${DIR}/accepted`;
const CHECK = /^\/\/ check: (\S+) (.+)$/;

/** Arguments from JSON: arrays become Float64Arrays, as the functions declare. */
const toArgs = (json: unknown[]): RValue[] => json.map((a) => (Array.isArray(a) ? Float64Array.from(a as number[]) : (a as number)));

/** The source itself run by Node: JavaScript as it is, TypeScript with its types stripped. */
async function importNative(file: string): Promise<Record<string, Fn>> {
  let js = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.ts')) js = ts.transpileModule(js, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const copy = path.join(freshDir(), `${path.basename(file)}.native.mjs`);
  fs.writeFileSync(copy, js);
  return (await import(/* @vite-ignore */ pathToFileURL(copy).href)) as Record<string, Fn>;
}

describe.each(fs.readdirSync(ACCEPTED_DIR).sort())('accepted: %s', (name) => {
  const file = `${ACCEPTED_DIR}/${name}`;
  const checks = linesOf(fs.readFileSync(file, 'utf8'))
    .map((l) => CHECK.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ fn: m[1], args: JSON.parse(m[2]) as unknown[] }));

  it('compiles through the command line to a module whose values equal Node and the interpreter, and whose gradients equal the abs-normal-form runtime', async () => {
    expect(checks.length).toBeGreaterThan(0);
    const out = freshDir();
    const r = await cliMain(['compile', file, '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const base = name.replace(/\.(ts|js)$/, '');
    const dts = fs.readFileSync(path.join(out, `${base}.absad.d.ts`), 'utf8');
    const generated = (await import(/* @vite-ignore */ pathToFileURL(path.join(out, `${base}.absad.js`)).href)) as Record<string, Fn>;
    const native = await importNative(file);
    const ir = compile({ file }).module!;
    for (const { fn, args } of checks) {
      const say = `${fn}(${JSON.stringify(args)})`;
      expect(dts, say).toContain(`export declare function ${fn}(`);
      const value = generated[fn](...toArgs(args));
      expect(Object.is(value, native[fn](...toArgs(args))), `${say}: generated ${String(value)}, Node ${String(native[fn](...toArgs(args)))}`).toBe(true);
      expect(Object.is(value, evaluate(ir, fn, toArgs(args))), `${say}: interpreter`).toBe(true);
      const g = new Float64Array((args[0] as number[]).length);
      expect(generated[`${fn}_grad`](...toArgs(args), g)).toBe(value);
      expect((generated[`${fn}_kinks`] as () => number)(), `${say}: the test point must be smooth`).toBe(0);
      const oracle = certify(traceAt(ir, fn, toArgs(args)), 0);
      expect(oracle.certificate).toBe('smooth');
      oracle.gradient.forEach((gi, i) => expect(Math.abs(g[i] - gi), `${say}: d/dx${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gi))));
    }
  });
});

// ----- just under and just over each limit --------------------------------------------------

describe('the limits of compiler/frontend/limits.ts, from both sides', () => {
  const nested = (k: number) => fn(`  return ${'('.repeat(k)}x[0]${')'.repeat(k)};`);
  const chain = (k: number) =>
    `${Array.from({ length: k }, (_, i) => `function h${i}(t: number): number {\n  return ${i + 1 < k ? `h${i + 1}(t)` : 'Math.abs(t)'} + 1;\n}`).join('\n')}\n${fn('  return h0(x[0]);')}`;
  const sum = (k: number) => fn(`  return x[0]${' + x[0]'.repeat(k)};`);
  const codes = (text: string) => compile({ file: 'limits.ts', text }).diagnostics.map((d) => d.code);

  /** Compiles `text` and runs the generated f at x = [-1.5]. */
  async function runAtLimit(text: string): Promise<number> {
    const file = path.join(freshDir(), 'at-limit.ts');
    fs.writeFileSync(file, text);
    const r = compileJs({ file });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
    const out = file.replace(/\.ts$/, '.absad.mjs');
    fs.writeFileSync(out, r.js!.code);
    // The module names its source map: write it, or loading the module warns that it is missing.
    fs.writeFileSync(path.join(path.dirname(out), 'at-limit.absad.js.map'), r.js!.map);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(out).href)) as Record<string, Fn>;
    return mod.f(Float64Array.of(-1.5)) as number;
  }

  it(`${LIMITS.bracketDepth} open brackets compile and run; one more is ABS1007`, async () => {
    // The body's `{` and the `[` of x[0] are brackets too.
    expect(await runAtLimit(nested(LIMITS.bracketDepth - 2))).toBe(-1.5);
    expect(codes(nested(LIMITS.bracketDepth - 1))).toEqual(['ABS1007']);
  });

  it(`a helper chain ${LIMITS.helperDepth} deep compiles and runs; one more is ABS1007`, async () => {
    expect(await runAtLimit(chain(LIMITS.helperDepth))).toBe(1.5 + LIMITS.helperDepth);
    expect(codes(chain(LIMITS.helperDepth + 1))).toEqual(['ABS1007']);
  });

  it('a sum of 900 terms compiles and runs; of 2000 it is ABS1007', async () => {
    expect(await runAtLimit(sum(899))).toBe(-1.5 * 900);
    expect(codes(sum(1999))).toEqual(['ABS1007']);
  });

  it(`a function over ${LIMITS.functionNodes} syntax nodes is ABS1008 before the type checker runs`, () => {
    const statements = Math.ceil(LIMITS.functionNodes / 8);
    const text = fn(['  let s = 0;', ...Array.from({ length: statements }, () => '  s += x[0] * x[1];'), '  return s;'].join('\n'));
    const started = Date.now();
    expect(codes(text)).toEqual(['ABS1008']);
    // The checker alone would take many seconds on this function (and then give up: TS2563).
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
