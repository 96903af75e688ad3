/**
 * Every sample compiles, and the IR interpreter computes exactly (bit for bit, -0 and NaN
 * included) what Node computes running the original TypeScript function, at seeded random
 * points and at the kink points of the manifest. It also holds after every single pass,
 * which is how "no pass may change an f64 result" is tested.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, PASS_NAMES, type Module, type RValue } from '../compiler/api.js';
import { runFrontend } from '../compiler/frontend/compile.js';
import { runPipeline } from '../compiler/pipeline.js';
import { SAMPLE_CASES } from './sample-manifest.js';
import { cloneArgs, compileOk } from './util/compile.js';
import { mulberry32 } from './util/rng.js';

const files = [...new Set(SAMPLE_CASES.map((c) => c.file))];
const SEEDS = [1, 2, 3, 4, 5, 6];

/** The original sample module, run natively by Node. */
function importSample(file: string): Promise<unknown> {
  return import(/* @vite-ignore */ pathToFileURL(path.resolve(file)).href);
}

function sameBits(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return false;
}

describe('samples', () => {
  it('the manifest covers at least ten sample files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    describe(file, async () => {
      const module = compileOk(file);
      const native = (await importSample(file)) as Record<string, (...a: unknown[]) => number>;
      for (const c of SAMPLE_CASES.filter((k) => k.file === file)) {
        it(`${c.fn}: interpreter equals Node bit for bit at random points`, () => {
          for (const seed of SEEDS) {
            const args = c.makeArgs(mulberry32(seed));
            const expected = native[c.fn](...cloneArgs(args));
            const got = evaluate(module, c.fn, cloneArgs(args) as RValue[]);
            expect(sameBits(got, expected), `seed ${seed}: got ${String(got)}, Node gives ${expected}`).toBe(true);
          }
        });
        if (c.kinkArgs) {
          it(`${c.fn}: interpreter equals Node at the kink point`, () => {
            const args = c.kinkArgs!();
            const expected = native[c.fn](...cloneArgs(args));
            const got = evaluate(module, c.fn, cloneArgs(args) as RValue[]);
            expect(sameBits(got, expected), `got ${String(got)}, Node gives ${expected}`).toBe(true);
          });
        }
      }
    });
  }
});

describe('no pass changes an f64 result', () => {
  for (const file of files) {
    it(file, async () => {
      const front = runFrontend({ file });
      expect(front.module).not.toBeNull();
      const native = (await importSample(file)) as Record<string, (...a: unknown[]) => number>;
      const cases = SAMPLE_CASES.filter((k) => k.file === file);
      for (const pass of PASS_NAMES) {
        const m: Module = runPipeline(front.module!, { after: pass }).module;
        for (const c of cases) {
          for (const args of [c.makeArgs(mulberry32(77)), ...(c.kinkArgs ? [c.kinkArgs()] : [])]) {
            const expected = native[c.fn](...cloneArgs(args));
            const got = evaluate(m, c.fn, cloneArgs(args) as RValue[]);
            expect(sameBits(got, expected), `${c.fn} after ${pass}: got ${String(got)}, Node gives ${expected}`).toBe(true);
          }
        }
      }
    });
  }
});
