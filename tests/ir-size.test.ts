/**
 * Loops are not unrolled: the IR of a chained problem has the same size whatever n is.
 * Each chained sample is compiled twice with its length fixed by a module constant,
 * N = 10 and N = 10^6, and the two IR texts must be identical except for that constant.
 * The samples as written (n = x.length) are also run at n = 10^5 through the interpreter and
 * must equal Node bit for bit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, printModule } from '../compiler/api.js';
import { compileOk } from './util/compile.js';
import { mulberry32, randomArray } from './util/rng.js';

const CHAINED: [string, string[]][] = [
  ['samples/chained-lq.ts', ['chainedLQ']],
  ['samples/chained-cb3.ts', ['chainedCB3I', 'chainedCB3II']],
  ['samples/chained-crescent.ts', ['chainedCrescentI', 'chainedCrescentII']],
  ['samples/nesterov-chebyshev-rosenbrock.ts', ['ncrFirst', 'ncrSecond']],
  ['samples/chained-mifflin2.ts', ['chainedMifflin2']],
];

function withFixedLength(file: string, n: number): string {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(/x\.length/);
  return `const N = ${n};\n${text.replace(/x\.length/g, 'N')}`;
}

describe('IR size does not depend on n', () => {
  for (const [file] of CHAINED) {
    it(file, () => {
      const small = printModule(compileOk(file.replace('.ts', '.n10.ts'), {}, withFixedLength(file, 10)));
      const large = printModule(compileOk(file.replace('.ts', '.n10.ts'), {}, withFixedLength(file, 1_000_000)));
      expect(small.split('\n').length).toBe(large.split('\n').length);
      // Same ops in the same order; only constants derived from N (and spans on its line) differ.
      const mask = (t: string) => t.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#');
      expect(mask(large)).toBe(mask(small));
      expect(small).toMatch(/ = for /);
    });
  }
});

describe('chained samples at n = 100000', () => {
  for (const [file, fns] of CHAINED) {
    it(file, async () => {
      const module = compileOk(file);
      const native = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(file)).href)) as Record<string, (x: Float64Array) => number>;
      const x = randomArray(mulberry32(9), 100_000, -2, 2);
      for (const fn of fns) expect(Object.is(evaluate(module, fn, [x]), native[fn](x))).toBe(true);
    });
  }
});
