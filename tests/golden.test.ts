/**
 * Golden IR tests: each program in tests/golden/inputs is compiled and its IR after every pass
 * is compared with tests/golden/<program>/<NN>-<pass>.air (text in, text out). The expected
 * files change only with UPDATE_GOLDEN=1; review their diff before committing.
 * Every golden also round-trips through the IR parser exactly and verifies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS_NAMES, parseModule, printModule, verifyModule } from '../compiler/api.js';
import { runFrontend } from '../compiler/frontend/compile.js';
import { runPipeline } from '../compiler/pipeline.js';

const INPUTS = 'tests/golden/inputs';
const update = process.env.UPDATE_GOLDEN === '1';
const inputs = fs.readdirSync(INPUTS).filter((f) => /\.(ts|js)$/.test(f)).sort();

describe('golden IR after every pass', () => {
  it('covers at least six programs', () => expect(inputs.length).toBeGreaterThanOrEqual(6));
  for (const input of inputs) {
    describe(input, () => {
      const file = path.join(INPUTS, input);
      const front = runFrontend({ file });
      const dir = path.join('tests/golden', input.replace(/\.(ts|js)$/, ''));
      PASS_NAMES.forEach((pass, i) => {
        it(`after ${pass}`, () => {
          expect(front.module, front.diagnostics.map((d) => d.message).join('\n')).not.toBeNull();
          const text = printModule(runPipeline(front.module!, { after: pass }).module);
          const golden = path.join(dir, `${String(i).padStart(2, '0')}-${pass}.air`);
          if (update) {
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(golden, text);
          }
          expect(fs.existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
          expect(text).toBe(fs.readFileSync(golden, 'utf8'));
        });
      });
    });
  }
});

describe('IR text round-trips', () => {
  const goldens = fs
    .readdirSync('tests/golden', { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'inputs')
    .flatMap((d) => fs.readdirSync(path.join('tests/golden', d.name)).map((f) => path.join('tests/golden', d.name, f)));
  it('there are goldens to round-trip', () => expect(goldens.length).toBeGreaterThanOrEqual(inputs.length * PASS_NAMES.length));
  for (const g of goldens) {
    it(g, () => {
      const text = fs.readFileSync(g, 'utf8');
      const m = parseModule(text);
      expect(verifyModule(m)).toEqual([]);
      expect(printModule(m)).toBe(text);
    });
  }
});

describe('IR text of every sample round-trips after every pass', () => {
  const samples = fs.readdirSync('samples').filter((f) => f.endsWith('.ts')).sort();
  for (const sample of samples) {
    it(sample, () => {
      const front = runFrontend({ file: path.join('samples', sample) });
      expect(front.module).not.toBeNull();
      for (const pass of PASS_NAMES) {
        const text = printModule(runPipeline(front.module!, { after: pass }).module);
        const m = parseModule(text);
        expect(verifyModule(m), `${sample} after ${pass}`).toEqual([]);
        expect(printModule(m), `${sample} after ${pass}`).toBe(text);
      }
    });
  }
});
