/**
 * `absad report`: switching sites with their source positions, kinds and multiplicities, the
 * structural hazards of theory.md §2 (E2, E3, E4, E5, E11), duplicate network evaluations, and
 * the CLI's JSON shape.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, type FunctionReport } from '../compiler/report/analyze.js';
import { absad } from './util/cli.js';

const KINKS = 'samples/kinks.ts';
const kinksText = fs.readFileSync(KINKS, 'utf8');
const kinksLines = kinksText.split('\n');
const kinks = analyzeFile(KINKS);
const fn = (name: string): FunctionReport => {
  const f = kinks.functions.find((g) => g.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};

/** 1-based line and column of the n-th (0-based) `needle` on the line that contains `anchor`. */
function at(anchor: string, needle: string, n = 0): string {
  const line = kinksLines.findIndex((l) => l.includes(anchor));
  expect(line).toBeGreaterThanOrEqual(0);
  let col = -1;
  for (let i = 0; i <= n; i++) col = kinksLines[line].indexOf(needle, col + 1);
  expect(col).toBeGreaterThanOrEqual(0);
  return `${KINKS}:${line + 1}:${col + 1}`;
}

const RELU = at('return Math.max(u, 0)', 'Math.max');
const ret = (name: string) => kinksLines[kinksLines.findIndex((l) => l.includes(`function ${name}(`)) + 1];

// Expected final sites (after canonicalization and CSE) per function: [loc, kind].
const EXPECTED: Record<string, [string, string][]> = {
  e1: [[at(ret('e1'), 'Math.abs'), 'abs']],
  e2: [[RELU, 'relu'], [RELU, 'relu']],
  e3: [[at(ret('e3'), 'Math.abs', 0), 'abs']],
  e4: [[at(ret('e4'), 'Math.max'), 'max']],
  e5: [[at(ret('e5'), 'Math.abs', 1), 'abs'], [at(ret('e5'), 'Math.abs', 0), 'abs']],
  e6: [[at(ret('e6'), 'Math.abs', 1), 'abs'], [at(ret('e6'), 'Math.abs', 0), 'abs']],
  e7: [[at(ret('e7'), 'Math.abs', 1), 'abs'], [at(ret('e7'), 'Math.abs', 2), 'abs'], [at(ret('e7'), 'Math.abs', 0), 'abs']],
  e8: [[at(ret('e8'), 'Math.abs'), 'abs'], [RELU, 'relu']],
  e9: [[at(ret('e9'), 'Math.max', 1), 'relu'], [at(ret('e9'), 'Math.max', 0), 'relu']],
  e10: [[at(ret('e10'), 'Math.abs', 1), 'abs'], [at(ret('e10'), 'Math.abs', 0), 'abs']],
  e11: [[at(ret('e11'), 'Math.abs', 1), 'abs']],
};

describe('report on samples/kinks.ts (theory.md §7a)', () => {
  it('reports every exported function', () => {
    expect(kinks.functions.map((f) => f.name)).toEqual(Object.keys(EXPECTED));
  });
  for (const [name, sites] of Object.entries(EXPECTED)) {
    it(`${name}: every site with its kind, line and column`, () => {
      const f = fn(name);
      expect(f.sites.map((s) => [s.loc, s.kind])).toEqual(sites);
      for (const s of f.sites) {
        expect(s.multiplicity).toBe('1');
        expect(s.dependsOn.inputs).toEqual(['x']);
      }
    });
  }

  const codes = (name: string) => fn(name).hazards.map((h) => h.code);
  it('E2: relu(x) - relu(-x) is reported as merged switches', () => {
    expect(codes('e2')).toContain('ABS3002');
    expect(new Set(fn('e2').sites.map((s) => Math.abs(s.z))).size).toBe(1);
    expect(fn('e2').switchCount).toBe('1');
  });
  it('E3: |x| - |x| is reported as a recomputed switch', () => {
    const h = fn('e3').hazards.find((x) => x.code === 'ABS3005');
    expect(h?.loc).toBe(at(ret('e3'), 'Math.abs', 1));
  });
  it('E4: max(x, x) is structurally zero (a warning)', () => {
    const h = fn('e4').hazards.find((x) => x.code === 'ABS3001');
    expect(h?.severity).toBe('warning');
    expect(h?.loc).toBe(at(ret('e4'), 'Math.max'));
    expect(fn('e4').sites[0].zero).toBe(true);
    expect(fn('e4').verdict).toMatch(/NOT safe/);
  });
  it('E5: |-x| merged with |x|', () => {
    const h = fn('e5').hazards.find((x) => x.code === 'ABS3002');
    expect(h?.loc).toBe(at(ret('e5'), 'Math.abs', 2));
  });
  it('E11: ||x|| is a nested switch', () => {
    const h = fn('e11').hazards.find((x) => x.code === 'ABS3003');
    expect(h?.loc).toBe(at(ret('e11'), 'Math.abs', 0));
  });
  it('E1, E6-E9 have no hazards; depth and dependencies follow the nesting', () => {
    for (const name of ['e1', 'e6', 'e7', 'e8', 'e9']) expect(codes(name)).toEqual([]);
    expect(fn('e7').depth).toBe(2);
    expect(fn('e7').sites[2].dependsOn.sites).toEqual([1, 2]);
    expect(fn('e1').depth).toBe(1);
  });
  it('piecewise linearity: E9 multiplies x2 by itself', () => {
    expect(fn('e1').piecewiseLinear).toBe(true);
    expect(fn('e9').piecewiseLinear).toBe(false);
  });
});

describe('multiplicities and duplicate evaluation', () => {
  it('chained LQ: one max site, n - 1 switching variables', () => {
    const [f] = analyzeFile('samples/chained-lq.ts').functions;
    expect(f.sites).toHaveLength(1);
    expect(f.sites[0].kind).toBe('max');
    expect(f.sites[0].multiplicity).toBe('n - 1');
    expect(f.switchCount).toBe('n - 1');
    expect(f.sites[0].loc).toBe('samples/chained-lq.ts:12:10');
  });

  it('the single-sample MLP loss is not flagged for structural LIKQ failure', () => {
    const r = analyzeFile('samples/relu-mlp.ts');
    const single = r.functions.find((f) => f.name === 'mlpLossSingle')!;
    expect(single.sites).toHaveLength(1);
    expect(single.sites[0].multiplicity).toBe('H');
    expect(single.hazards.filter((h) => h.severity === 'warning')).toEqual([]);
    const batch = r.functions.find((f) => f.name === 'mlpLoss')!;
    expect(batch.sites[0].multiplicity).toBe('B * H');
  });

  it('the same MLP evaluated twice in one loss is flagged', () => {
    const text = `function relu(t: number): number {
  return Math.max(t, 0);
}

function net(theta: Float64Array, x: Float64Array, H: number): number {
  const D = x.length;
  const hidden = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let pre = theta[H * D + h];
    for (let k = 0; k < D; k++) {
      pre += theta[h * D + k] * x[k];
    }
    hidden[h] = relu(pre);
  }
  let out = theta[H * D + 2 * H];
  for (let h = 0; h < H; h++) {
    out += theta[H * D + H + h] * hidden[h];
  }
  return out;
}

export function loss2(theta: Float64Array, x: Float64Array, target: number, H: number): number {
  const z = new Float64Array(H);
  return (net(theta, x, H) - target) * (net(theta, x, H) - target) + z[0];
}
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-report-'));
    const file = path.join(dir, 'mlp2.ts');
    fs.writeFileSync(file, text);
    const [f] = analyzeFile(file).functions;
    expect(f.sites).toHaveLength(2);
    const dup = f.hazards.filter((h) => h.code === 'ABS3004');
    expect(dup).toHaveLength(1);
    expect(dup[0].severity).toBe('warning');
    expect(f.verdict).toMatch(/NOT safe/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags elementals that leave the abs-smooth class at 0', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-report-'));
    const file = path.join(dir, 'el.ts');
    const body = '  return Math.sqrt(x[0]) + Math.log(x[1]) + 1 / x[0] + Math.hypot(x[0], x[1]) + x[1] ** 0.5;';
    fs.writeFileSync(file, `export function f(x: Float64Array): number {\n${body}\n}\n`);
    const [f] = analyzeFile(file).functions;
    const col = (needle: string) => `2:${body.indexOf(needle) + 1}`;
    expect(f.hazards.map((h) => [h.code, h.loc.split(':').slice(1).join(':')])).toEqual([
      ['ABS3006', col('Math.sqrt')],
      ['ABS3007', col('Math.log')],
      ['ABS3007', col('1 / x[0]')],
      ['ABS3006', col('Math.hypot')],
      ['ABS3006', col('x[1] ** 0.5')],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('absad report (CLI)', () => {
  it('json output parses and has the stable fields', () => {
    const r = absad(['report', KINKS, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { version: number; functions: { name: string; sites: { kind: string; loc: string }[]; hazards: { code: string; loc: string; message: string }[] }[] };
    expect(j.version).toBe(1);
    expect(j.functions).toHaveLength(11);
    for (const f of j.functions) {
      for (const s of f.sites) {
        expect(typeof s.kind).toBe('string');
        expect(s.loc).toMatch(/^samples\/kinks\.ts:\d+:\d+$/);
      }
      for (const h of f.hazards) {
        expect(h.code).toMatch(/^ABS3\d{3}$/);
        expect(h.loc).toMatch(/:\d+:\d+$/);
        expect(h.message.length).toBeGreaterThan(0);
      }
    }
  });
  it('--fn picks one function, -o writes the file, pretty is the default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-report-'));
    const out = path.join(dir, 'r.json');
    const r = absad(['report', KINKS, '--fn', 'e4', '--format', 'json', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const j = JSON.parse(fs.readFileSync(out, 'utf8')) as { functions: { name: string; hazards: { code: string }[] }[] };
    expect(j.functions.map((f) => f.name)).toEqual(['e4']);
    expect(j.functions[0].hazards.map((h) => h.code)).toEqual(['ABS3001']);
    const p = absad(['report', 'samples/chained-lq.ts']);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('switching variables n - 1');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('usage errors', () => {
    expect(absad(['report', KINKS, '--format', 'xml']).code).toBe(1);
    expect(absad(['report', KINKS, '--fn', 'nope']).stderr).toContain('ABS5003');
    expect(absad(['report', KINKS, '--at', '1']).code).toBe(1);
  });
});
