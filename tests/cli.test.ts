/**
 * The `absad` command line as a user runs it: help, version, `ir` (whole pipeline and
 * --after each pass), `eval` (plain and --json, bit-exact against Node), exit codes 0/1 for
 * success and user errors, no stack traces, colour only when allowed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PASS_NAMES } from '../compiler/api.js';
import { chainedLQ } from '../samples/chained-lq.js';
import { l1Loss } from '../samples/l1-regression.js';
import { absad, STACK_TRACE } from './util/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-cli-'));
const writeJson = (name: string, value: unknown) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, JSON.stringify(value));
  return p;
};

describe('absad --help / --version', () => {
  it('prints usage and exits 0', () => {
    const r = absad(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^absad: a compiler for nonsmooth/);
    expect(r.stdout).toContain('absad ir FILE [--fn NAME] [--after PASS]');
    expect(r.stdout).toContain('absad compile FILE... [--fn NAME] [--out-dir DIR]');
    expect(r.stdout).toContain('absad eval FILE [--fn NAME] --at VEC');
  });
  it('prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const r = absad(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('absad ir', () => {
  it('prints the IR of a sample after the whole pipeline', () => {
    const r = absad(['ir', 'samples/chained-lq.ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^module "samples\/chained-lq.ts"/);
    expect(r.stdout).toMatch(/max %\S+, %\S+ \{origin="max", z=1\}/);
    expect(r.stderr).toBe('');
  });
  it('stops after any named pass', () => {
    const outputs = PASS_NAMES.map((p) => absad(['ir', 'samples/kinks.ts', '--fn', 'e2', '--after', p]));
    for (const r of outputs) expect(r.code).toBe(0);
    expect(outputs[0].stdout).toContain('call ');
    expect(outputs[PASS_NAMES.indexOf('inline')].stdout).not.toContain('call ');
    expect(outputs[PASS_NAMES.indexOf('lower-nonsmooth')].stdout).toContain('relu ');
    expect(outputs[PASS_NAMES.length - 1].stdout).toContain('z=-1');
  });
  it('stops quietly when its reader does (`absad anf F | head -1`): exit 0, no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    // The reading end is closed before absad writes anything, so every write meets EPIPE.
    const child = spawn(process.execPath, ['bin/absad.js', 'anf', 'samples/chained-lq.ts', '--at', '-0.5,-0.5,-0.5,-0.5'], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
  it('rejects an unknown pass with ABS5006', () => {
    const r = absad(['ir', 'samples/kinks.ts', '--after', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error ABS5006 unknown-pass');
  });
  it('reports a missing file with ABS5002', () => {
    const r = absad(['ir', 'samples/missing.ts']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error ABS5002 file-not-found');
  });
  it('reports an unknown command and bad flags as usage errors', () => {
    for (const args of [['frobnicate'], ['ir', 'samples/kinks.ts', '--bogus'], ['ir']]) {
      const r = absad(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error ABS5001 usage');
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });
  it('reports user errors with location, frame and exit 1, and no stack trace', () => {
    const file = path.join(tmp, 'bad.ts');
    fs.writeFileSync(file, 'export function f(x: Float64Array): number {\n  let s = 0;\n  if (x[0] > 0) s = x[0];\n  return s;\n}\n');
    const r = absad(['ir', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:7 error ABS1104 data-dependent-branch`);
    expect(r.stderr).toContain(' > 3 |   if (x[0] > 0) s = x[0];');
    expect(r.stderr).toContain('|       ^^^^^^^^');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toBe('');
  });
  it('uses colour only when allowed', () => {
    const file = path.join(tmp, 'bad2.ts');
    fs.writeFileSync(file, 'export function f(x: Float64Array): number {\n  return Math.sign(x[0]);\n}\n');
    const plain = absad(['ir', file], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain.stderr).not.toContain('\u001b[');
    const coloured = absad(['ir', file], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(coloured.stderr).toContain('\u001b[');
    expect(coloured.stderr).toContain('ABS1201');
  });
});

describe('absad eval on every sample equals Node', () => {
  it('one case per sample file, arguments passed as a JSON object', async () => {
    const { SAMPLE_CASES } = await import('./sample-manifest.js');
    const { mulberry32 } = await import('./util/rng.js');
    const { spawn } = await import('node:child_process');
    const files = [...new Set(SAMPLE_CASES.map((c) => c.file))];
    const jobs = files.map((file) => {
      const c = SAMPLE_CASES.find((k) => k.file === file)!;
      const args = c.makeArgs(mulberry32(5));
      const json = Object.fromEntries(c.params.map((p, i) => [p, args[i] instanceof Float64Array ? Array.from(args[i] as Float64Array) : args[i]]));
      return { c, args, at: writeJson(`${c.fn}.json`, json) };
    });
    const run = (job: (typeof jobs)[number]) =>
      new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, ['bin/absad.js', 'eval', job.c.file, '--fn', job.c.fn, '--at', `@${job.at}`, '--json'], { env: { ...process.env, NO_COLOR: '1' } });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('close', async (code) => {
          try {
            expect(code).toBe(0);
            const native = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(job.c.file)).href)) as Record<string, (...a: unknown[]) => number>;
            const expected = native[job.c.fn](...job.args);
            expect((JSON.parse(out) as { value: number }).value, job.c.fn).toBe(expected);
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });
    for (let i = 0; i < jobs.length; i += 2) await Promise.all(jobs.slice(i, i + 2).map(run));
  });
});

describe('absad eval', () => {
  it('prints the value, bit-exact against Node', () => {
    const x = [0.3, -1.7, 2.25, 1e-3, -0.5];
    const r = absad(['eval', 'samples/chained-lq.ts', '--fn', 'chainedLQ', '--at', x.join(',')]);
    expect(r.code).toBe(0);
    expect(Number(r.stdout.trim())).toBe(chainedLQ(Float64Array.from(x)));
  });
  it('runs the README command: vectors may start with a minus sign', () => {
    const r = absad(['eval', 'samples/chained-lq.ts', '--at', '-0.5,-0.5,-0.5,-0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('3');
  });
  it('--json gives function, n and value', () => {
    const x = [0.1, 0.2, 0.3];
    const r = absad(['eval', 'samples/chained-lq.ts', '--fn', 'chainedLQ', '--at', x.join(','), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { function: string; n: number; value: number };
    expect(out).toEqual({ function: 'chainedLQ', n: 3, value: chainedLQ(Float64Array.from(x)) });
  });
  it('binds data parameters from --arg and from a JSON object', () => {
    const w = [0.5, -1.25];
    const A = [1, 2, 3, 4, 5, 6];
    const b = [0.5, 1, -2];
    const expected = l1Loss(Float64Array.from(w), Float64Array.from(A), Float64Array.from(b), 3);
    const viaArgs = absad(['eval', 'samples/l1-regression.ts', '--fn', 'l1Loss', '--at', w.join(','), '--arg', `A=${A.join(',')}`, '--arg', `b=@${writeJson('b.json', b)}`, '--arg', 'm=3', '--json']);
    expect(viaArgs.code).toBe(0);
    expect((JSON.parse(viaArgs.stdout) as { value: number }).value).toBe(expected);
    const viaObject = absad(['eval', 'samples/l1-regression.ts', '--fn', 'l1Loss', '--at', `@${writeJson('args.json', { w, A, b, m: 3 })}`]);
    expect(viaObject.code).toBe(0);
    expect(Number(viaObject.stdout.trim())).toBe(expected);
  });
  it('reports missing and malformed arguments', () => {
    const missing = absad(['eval', 'samples/l1-regression.ts', '--fn', 'l1Loss', '--at', '1,2']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error ABS5005 argument-mismatch: no value for parameters 'A', 'b', 'm'");
    const bad = absad(['eval', 'samples/chained-lq.ts', '--at', '1,two,3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error ABS5004 bad-vector: --at: 'two' is not a number");
    const notInt = absad(['eval', 'samples/l1-regression.ts', '--fn', 'l1Loss', '--at', '1', '--arg', 'A=1', '--arg', 'b=1', '--arg', 'm=1.5']);
    expect(notInt.code).toBe(1);
    expect(notInt.stderr).toContain('must be an integer');
    const noFn = absad(['eval', 'samples/kinks.ts', '--at', '0']);
    expect(noFn.code).toBe(1);
    expect(noFn.stderr).toContain('choose one with --fn');
    const wrongFn = absad(['eval', 'samples/kinks.ts', '--fn', 'e99', '--at', '0']);
    expect(wrongFn.code).toBe(1);
    expect(wrongFn.stderr).toContain("error ABS5003 function-not-found: 'samples/kinks.ts' exports no function 'e99'");
    for (const r of [missing, bad, notInt, noFn, wrongFn]) expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
