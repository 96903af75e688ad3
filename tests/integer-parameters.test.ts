/**
 * Integer parameters (subset.md: "`n: number` used in loop bounds ... detected and treated as
 * non-differentiable"), found also through helpers: a `number` parameter passed where a helper
 * takes an integer (an index, size or loop bound there) is an integer parameter of the caller,
 * through any chain of helpers and across an import. Floating-point data passed there is still
 * ABS1402; recursion through such a call is reported once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, evaluate } from '../compiler/api.js';
import { cloneArgs, compileOk } from './util/compile.js';
import { importGenerated } from './util/generated.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-intparam-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const PROGRAM = `
function partial(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += Math.abs(x[i]);
  return s;
}

function middle(x: Float64Array, k: number): number {
  return partial(x, k) + x[k];
}

export function direct(x: Float64Array, m: number): number {
  return partial(x, m) + x[0] * x[0];
}

export function twoDeep(x: Float64Array, m: number): number {
  return middle(x, m - 1);
}

export function alsoData(x: Float64Array, m: number): number {
  return partial(x, m) * m + x[1];
}
`;

/** The same functions, run by Node. */
function partial(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += Math.abs(x[i]);
  return s;
}
const NODE: Record<string, (x: Float64Array, m: number) => number> = {
  direct: (x, m) => partial(x, m) + x[0] * x[0],
  twoDeep: (x, m) => partial(x, m - 1) + x[m - 1],
  alsoData: (x, m) => partial(x, m) * m + x[1],
};

describe('a number parameter passed where a helper takes an integer', () => {
  const file = write('program.ts', PROGRAM);

  it('is an integer parameter of the caller, directly, two helpers deep, and when also used as data', () => {
    const m = compileOk(file, { after: 'frontend' });
    for (const name of ['direct', 'twoDeep', 'alsoData']) {
      const f = m.funcs.find((g) => g.name === name)!;
      expect(f.params.map((p) => p.value.type), name).toEqual(['arr', 'int']);
    }
  });

  it('evaluates as Node does and differentiates as central differences say', async () => {
    const module = compileOk(file);
    const { mod } = await importGenerated(file);
    const x = new Float64Array([0.7, -1.3, 2.1, -0.4, 1.9]);
    for (const [name, native] of Object.entries(NODE)) {
      for (const m of [1, 2, 4]) {
        expect(evaluate(module, name, cloneArgs([x, m]) as [Float64Array, number]), `${name} m=${m}`).toBe(native(x, m));
        expect(mod[name](Float64Array.from(x), m), `${name} m=${m}`).toBe(native(x, m));
        const g = new Float64Array(x.length);
        mod[`${name}_grad`](Float64Array.from(x), m, g);
        for (let j = 0; j < x.length; j++) {
          const h = 1e-6;
          const up = Float64Array.from(x);
          const down = Float64Array.from(x);
          up[j] += h;
          down[j] -= h;
          expect(g[j], `${name} m=${m} d/dx${j}`).toBeCloseTo((native(up, m) - native(down, m)) / (2 * h), 6);
        }
      }
    }
  });

  it('works across an import', () => {
    write('helpers.ts', 'export function head(x: Float64Array, m: number): number {\n  let s = 0;\n  for (let i = 0; i < m; i++) s += Math.max(x[i], 0);\n  return s;\n}\n');
    const main = write('uses-import.ts', "import { head } from './helpers.ts';\n\nexport function f(x: Float64Array, m: number): number {\n  return head(x, m);\n}\n");
    const module = compileOk(main);
    expect(evaluate(module, 'f', [new Float64Array([1, -2, 3]), 3])).toBe(4);
    expect(module.funcs.find((g) => g.name === 'f')!.params[1].value.type).toBe('int');
  });

  it('floating-point data passed there is still ABS1402 float-index, at the argument', () => {
    const bad = write('bad.ts', 'function pick(x: Float64Array, k: number): number {\n  return x[k];\n}\n\nexport function f(x: Float64Array): number {\n  return pick(x, x[0] * 2);\n}\n');
    const r = compile({ file: bad });
    expect(r.module).toBeNull();
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col}`)).toEqual(['ABS1402 6:18']);
  });

  it('recursion through such a call is reported once', () => {
    const rec = write('rec.ts', 'function walk(x: Float64Array, m: number): number {\n  let s = 0;\n  for (let i = 0; i < m; i++) s += x[i];\n  return s + walk(x, m - 1);\n}\n\nexport function f(x: Float64Array, m: number): number {\n  return walk(x, m);\n}\n');
    const r = compile({ file: rec });
    expect(r.module).toBeNull();
    expect(r.diagnostics.filter((d) => d.name === 'recursion')).toHaveLength(1);
  });
});
