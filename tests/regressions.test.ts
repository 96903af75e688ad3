/**
 * Replays the fuzzer's reproducers (tests/regressions/*.ts). Each file is a program on which a
 * differential check once failed, shrunk by tests/fuzz/shrink.ts, with the check and its message
 * in the header and the data the checks need on its `// fuzz-case:` line. Once the bug is fixed,
 * every check must pass on it, and the check that failed must have run (not been skipped), so
 * the file keeps testing what it was saved for (WGSL reproducers: where WebGPU is available).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from './fuzz/checks/index.js';
import { closeWgsl, wgslAvailability } from './fuzz/checks/wgsl.js';
import { parseReproducer } from './fuzz/program.js';

const dir = 'tests/regressions';
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

afterAll(closeWgsl);

describe('fuzz reproducers pass every differential check', () => {
  it('there are reproducers to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file, async () => {
      const r = parseReproducer(fs.readFileSync(path.join(dir, file), 'utf8'));
      const report = await runChecks(r.fuzzCase);
      expect(report.failures, `${file} (originally: ${r.check}: ${r.message})`).toEqual([]);
      // A WGSL reproducer needs WebGPU; where there is none the check reports why it skipped.
      const wgsl = await wgslAvailability();
      const expected = r.check === 'wgsl' && !wgsl.available ? 'skip' : 'pass';
      expect(report.outcomes[r.check as keyof typeof report.outcomes]?.status, `the ${r.check} check did not run on ${file}`).toBe(expected);
    });
  }
});
