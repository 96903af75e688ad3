/**
 * A fuzzing campaign: `count` programs from a master seed, every differential check on each,
 * and for each new kind of failure a shrunk reproducer saved as tests/regressions/<hash>.ts.
 * Used by the CLI (main.ts, `npm run fuzz`) and by tests/fuzz.test.ts.
 *
 * Program i of seed S is generated from programSeed(S, i), so any single program can be
 * regenerated without the ones before it. Failures are grouped by a key (check + the shape of
 * the message, numbers removed); each key is shrunk once per campaign, at most MAX_SHRINKS in all.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECK_NAMES, type CheckName, runChecks } from './checks/index.js';
import { closeWgsl, wgslAvailability, type WgslAvailability } from './checks/wgsl.js';
import { generateProgram } from './generator.js';
import { caseOf, formatReproducer } from './program.js';
import { shrink } from './shrink.js';

export interface CampaignOptions {
  count: number;
  seed: number;
  /** Shrink failures and save reproducers here (null: report only). */
  saveDir: string | null;
  /** Shrink failing programs (default true). */
  shrink?: boolean;
  /** Run the WGSL check on every k-th program only (default 1: all); it builds a GPU pipeline per program. */
  wgslEvery?: number;
  /** Called after each program. */
  onProgress?: (done: number, summary: Summary) => void;
}

export interface FailureRecord {
  program: number;
  programSeed: number;
  check: CheckName;
  message: string;
  key: string;
  /** The shrunk program's source, when this failure was shrunk. */
  shrunk?: string;
  /** Where the reproducer was saved. */
  file?: string;
}

export interface Summary {
  programs: number;
  checks: Record<CheckName, { pass: number; skip: number; fail: number }>;
  skipReasons: Record<string, number>;
  failures: FailureRecord[];
  wgsl: WgslAvailability | null;
  wgslEvery: number;
  seconds: number;
}

const MAX_SHRINKS = 10;

/** The seed of program i of a campaign (a 32-bit mix, so neighbouring programs are unrelated). */
export function programSeed(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The kind of a failure: its check and the wording of its message without the numbers. */
export function failureKey(check: CheckName, message: string): string {
  if (check === 'compile') {
    const code = /error (ABS\d+)/.exec(message);
    return `compile:${code ? code[1] : message.split('\n')[0].replace(/\d+/g, '#').slice(0, 40)}`;
  }
  // Drop the point (` at x = [...]`, whose length is the input count) and the numbers.
  return `${check}:${message.split(' at x = ')[0].replace(/-?\d[\d.e+-]*/g, '#').slice(0, 40)}`;
}

function emptySummary(): Summary {
  const checks = Object.fromEntries(CHECK_NAMES.map((c) => [c, { pass: 0, skip: 0, fail: 0 }])) as Summary['checks'];
  return { programs: 0, checks, skipReasons: {}, failures: [], wgsl: null, wgslEvery: 1, seconds: 0 };
}

export async function runCampaign(opts: CampaignOptions): Promise<Summary> {
  const start = performance.now();
  const summary = emptySummary();
  summary.wgsl = await wgslAvailability();
  summary.wgslEvery = Math.max(1, opts.wgslEvery ?? 1);
  const withoutWgsl = CHECK_NAMES.filter((c) => c !== 'wgsl');
  const shrunkKeys = new Set<string>();
  for (let i = 0; i < opts.count; i++) {
    const ps = programSeed(opts.seed, i);
    const tree = generateProgram(ps);
    const report = await runChecks(caseOf(tree, ps), i % summary.wgslEvery === 0 ? undefined : withoutWgsl);
    summary.programs++;
    for (const [name, o] of Object.entries(report.outcomes)) {
      summary.checks[name as CheckName][o.status]++;
      if (o.status === 'skip') summary.skipReasons[`${name}: ${o.reason}`] = (summary.skipReasons[`${name}: ${o.reason}`] ?? 0) + 1;
    }
    for (const f of report.failures) {
      const record: FailureRecord = { program: i, programSeed: ps, check: f.check, message: f.message, key: failureKey(f.check, f.message) };
      summary.failures.push(record);
      if (opts.shrink === false || shrunkKeys.has(record.key) || shrunkKeys.size >= MAX_SHRINKS) continue;
      shrunkKeys.add(record.key);
      const still = async (q: typeof tree) => {
        const r = await runChecks(caseOf(q, ps), [f.check]);
        return r.failures.some((g) => g.check === f.check && failureKey(g.check, g.message) === record.key);
      };
      const small = await shrink(tree, still);
      const smallCase = caseOf(small.program, ps);
      const confirm = (await runChecks(smallCase, [f.check])).failures.find((g) => g.check === f.check);
      record.shrunk = smallCase.source;
      if (opts.saveDir && confirm) {
        const text = formatReproducer({ fuzzCase: smallCase, check: f.check, message: confirm.message }, `found by: npm run fuzz -- --seed ${opts.seed} (program ${i}, program seed ${ps}); shrunk in ${small.steps} steps`);
        const hash = createHash('sha1').update(smallCase.source).digest('hex').slice(0, 10);
        fs.mkdirSync(opts.saveDir, { recursive: true });
        record.file = path.join(opts.saveDir, `${hash}.ts`);
        fs.writeFileSync(record.file, text);
      }
    }
    summary.seconds = (performance.now() - start) / 1000;
    opts.onProgress?.(i + 1, summary);
  }
  summary.seconds = (performance.now() - start) / 1000;
  await closeWgsl();
  return summary;
}

/** The summary as the CLI prints it. */
export function formatSummary(s: Summary, seed: number): string {
  const lines = [`absad fuzz: ${s.programs} programs from seed ${seed} in ${s.seconds.toFixed(1)} s (${((1000 * s.seconds) / Math.max(1, s.programs)).toFixed(0)} ms per program)`];
  lines.push('checks:');
  for (const name of CHECK_NAMES) {
    const c = s.checks[name];
    if (name === 'wgsl' && s.wgsl && !s.wgsl.available) {
      lines.push(`  wgsl      unavailable (${s.wgsl.reason})`);
      continue;
    }
    const sampled = name === 'wgsl' && s.wgslEvery > 1 ? ` (every ${s.wgslEvery}th program)` : '';
    lines.push(`  ${name.padEnd(9)} ${String(c.pass + c.fail).padStart(6)} run, ${String(c.fail).padStart(4)} failed, ${String(c.skip).padStart(6)} skipped${sampled}`);
  }
  // Where WebGPU is unavailable every program skips WGSL for the one reason printed above.
  const reasons = Object.entries(s.skipReasons).filter(([k]) => s.wgsl?.available || !k.startsWith('wgsl:')).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) lines.push('skipped because:', ...reasons.map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`));
  const keys = new Map<string, FailureRecord[]>();
  for (const f of s.failures) keys.set(f.key, [...(keys.get(f.key) ?? []), f]);
  lines.push(`failures: ${s.failures.length}${s.failures.length > 0 ? ` (${keys.size} kinds)` : ''}`);
  for (const [key, fs_] of keys) {
    const first = fs_[0];
    lines.push(`  ${key}  x${fs_.length}  (first: program ${first.program}, seed ${first.programSeed})`);
    lines.push(...first.message.split('\n').slice(0, 4).map((l) => `      ${l.slice(0, 300)}`));
    const saved = fs_.find((f) => f.file);
    if (saved) lines.push(`      reproducer: ${saved.file}`);
  }
  return lines.join('\n');
}
