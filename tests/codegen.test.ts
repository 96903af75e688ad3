/**
 * Properties of the generated JavaScript modules beyond correct numbers:
 *  - code size does not depend on n (loops stay loops);
 *  - after the first call, a gradient call allocates no memory that grows with n (only the
 *    boxed double V8 returns), while omitting gOut does allocate a gradient array;
 *  - the code uses no eval, new Function or closures, and ships a .d.ts and a source map;
 *  - `absad compile` writes the three files (never over an input) and `absad grad` runs the
 *    generated module and prints value, gradient and the active switches.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileJs } from '../compiler/api.js';
import { absad, STACK_TRACE } from './util/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-codegen-'));
const CHAINED = ['samples/chained-lq.ts', 'samples/chained-cb3.ts', 'samples/chained-crescent.ts', 'samples/nesterov-chebyshev-rosenbrock.ts', 'samples/chained-mifflin2.ts'];

describe('generated module size does not depend on n', () => {
  for (const file of CHAINED) {
    it(file, () => {
      const text = fs.readFileSync(file, 'utf8').replace(/x\.length/g, 'N');
      const gen = (n: number) => compileJs({ file, text: `const N = ${n};\n${text}` }).js!.code;
      const small = gen(10);
      const large = gen(1_000_000);
      const mask = (t: string) => t.replace(/\d+/g, '#');
      expect(mask(large)).toBe(mask(small));
      expect(large.split('\n').length).toBe(small.split('\n').length);
      expect(small).toMatch(/for \(/);
    });
  }
});

describe('allocation per gradient call', () => {
  const modules = new Map<string, string>();
  for (const [file, name] of [['samples/chained-lq.ts', 'chained-lq'], ['samples/relu-mlp.ts', 'relu-mlp']]) {
    const out = path.join(tmp, `${name}.absad.js`);
    fs.writeFileSync(out, compileJs({ file }, { outFile: out }).js!.code);
    modules.set(name, out);
  }
  const probe = (name: string, fn: string, n: number, omit = false) => {
    const args = ['--expose-gc', 'tests/fixtures/alloc-probe.mjs', pathToFileURL(modules.get(name)!).href, fn, String(n), ...(omit ? ['omit-gOut'] : [])];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { typedArraysPerCall: number; heapBytesPerCall: number };
  };
  for (const [name, fn, sizes] of [['chained-lq', 'chainedLQ', [1_000, 100_000]], ['relu-mlp', 'mlpLoss', [8, 256]]] as const) {
    it(`${fn}: no typed array and O(1) heap bytes per call when gOut is passed`, () => {
      for (const n of sizes) {
        const p = probe(name, fn, n);
        expect(p.typedArraysPerCall, `n = ${n}`).toBe(0);
        // What remains is V8's own boxing of doubles (the result; in some JIT tiers a few loop
        // values), measured at 80-520 bytes whatever n is: far below the 8n bytes of a gradient.
        expect(p.heapBytesPerCall, `n = ${n}`).toBeLessThan(Math.max(2048, 0.05 * 8 * n));
      }
    });
  }
  it('the probe sees allocation: omitting gOut allocates one gradient array per call', () => {
    expect(probe('chained-lq', 'chainedLQ', 1_000, true).typedArraysPerCall).toBe(1);
  });
});

describe('generated code shape', () => {
  it('has no eval, Function constructor or closures, and keeps tapes at module level', () => {
    for (const file of ['samples/relu-mlp.ts', 'samples/chained-lq.ts', 'samples/huber.ts']) {
      const { code, dts, map } = compileJs({ file }).js!;
      expect(code).not.toMatch(/\beval\s*\(|new Function|Function\(|=>/);
      const functions = code.match(/function \w+/g)!;
      expect(functions.filter((f) => f !== 'function grow').every((f) => /_grad$|_active$|_vjp$|_kinks$|_trace$/.test(f) || !f.includes('_'))).toBe(true);
      expect(code).toMatch(/\/\/ L\d+/);
      expect(dts).toMatch(/export declare function \w+_grad\(/);
      const parsed = JSON.parse(map) as { version: number; sources: string[]; mappings: string; sourcesContent: string[] };
      expect(parsed.version).toBe(3);
      expect(parsed.sources).toContain(file);
      expect(parsed.mappings.length).toBeGreaterThan(50);
    }
  });
});

describe('absad compile and absad grad', () => {
  it('compile writes .absad.js, .d.ts and .map into --out-dir, and the module runs', async () => {
    const dir = path.join(tmp, 'out');
    const r = absad(['compile', 'samples/chained-lq.ts', 'samples/l1-regression.ts', '--out-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['chained-lq.absad.js', 'chained-lq.absad.d.ts', 'chained-lq.absad.js.map', 'l1-regression.absad.js']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'chained-lq.absad.js')).href)) as Record<string, (...a: unknown[]) => number>;
    const g = new Float64Array(4);
    expect(mod.chainedLQ_grad(Float64Array.from([-0.5, -0.5, -0.5, -0.5]), g)).toBe(3);
    expect(Array.from(g)).toEqual([-1, -2, -2, -1]);
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
  it('--wrt and --abs-kink are honoured', async () => {
    const dir = path.join(tmp, 'wrt');
    expect(absad(['compile', 'samples/kinks.ts', '--out-dir', dir, '--abs-kink', '1']).code).toBe(0);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'kinks.absad.js')).href)) as Record<string, (...a: unknown[]) => number>;
    const g = new Float64Array(1);
    mod.e1_grad(new Float64Array(1), g);
    expect(g[0]).toBe(1);
    const bad = absad(['compile', 'samples/l1-regression.ts', '--out-dir', dir, '--wrt', 'm']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error ABS4002 bad-wrt');
    const badKink = absad(['compile', 'samples/kinks.ts', '--abs-kink', '2']);
    expect(badKink.code).toBe(1);
    expect(badKink.stderr).toContain('--abs-kink takes 0, 1 or -1');
  });
  it('grad --json prints value, gradient, certificate and active switch ids', () => {
    const r = absad(['grad', 'samples/kinks.ts', '--fn', 'e8', '--at', '0,0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({ function: 'e8', n: 2, value: 0, gradient: [0.5, 0], certificate: 'likq', active: ['samples/kinks.ts:47:22', 'samples/kinks.ts:7:10'] });
    // E5: plain backward mode gives 0 at 0 for abs'(0) = 0, outside the Clarke set {-1}.
    const e5 = JSON.parse(absad(['grad', 'samples/kinks.ts', '--fn', 'e5', '--at', '0', '--json']).stdout) as { gradient: number[]; certificate: string };
    expect([e5.gradient, e5.certificate]).toEqual([[-1], 'completion']);
    const loop = absad(['grad', 'samples/chained-lq.ts', '--at', '1,0,0', '--json']);
    const lq = JSON.parse(loop.stdout) as { active: string[]; gradient: number[]; certificate: string };
    expect(lq.active).toEqual(['samples/chained-lq.ts:12:10[i=0]']);
    const smooth = JSON.parse(absad(['grad', 'samples/chained-lq.ts', '--at', '1,2,3', '--json']).stdout) as { certificate: string; active: string[] };
    expect([smooth.certificate, smooth.active]).toEqual(['smooth', []]);
    expect(loop.stderr).not.toMatch(STACK_TRACE);
  });
  it('grad rejects what it cannot do, with codes', () => {
    const r = absad(['grad', 'samples/kinks.ts', '--fn', 'e1', '--at', '0', '--after', 'cse']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'absad grad' does not take --after");
  });
});
