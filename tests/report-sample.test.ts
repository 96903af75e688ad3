/**
 * `absad report --sample N` (compiler/report/sample.ts, kink-check.ts, compiler/cli/sample-cli.ts):
 * the sampled points lie exactly on kinks (checked with the reference interpreter's trace), LIKQ
 * failures are found where theory.md §7a says and blamed on the right sites, plain AD is judged
 * against the Clarke set (wrong at 0 for E5, never for agnostic AD on a ReLU batch), the output
 * is deterministic for a seed, and bad option values are usage errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceAt, type Module, type RValue, type Trace } from '../compiler/api.js';
import { main } from '../compiler/cli/main.js';
import { analyzeFile, type FunctionReport } from '../compiler/report/analyze.js';
import { inHull } from '../compiler/report/kink-check.js';
import { sampleKinks, type SampleOptions, type SampleSummary } from '../compiler/report/sample.js';
import { absad, STACK_TRACE } from './util/cli.js';
import { compileOk } from './util/compile.js';
import { type GeneratedModule, importGenerated } from './util/generated.js';

const KINKS = 'samples/kinks.ts';
const kinksLines = fs.readFileSync(KINKS, 'utf8').split('\n');

/** `samples/kinks.ts:LINE:COL` of the k-th `Math.abs` on the line that returns from `name`. */
function absLoc(name: string, k: number): string {
  const line = kinksLines.findIndex((l) => l.includes(`function ${name}(`)) + 1;
  let col = -1;
  for (let i = 0; i <= k; i++) col = kinksLines[line].indexOf('Math.abs', col + 1);
  expect(col).toBeGreaterThanOrEqual(0);
  return `${KINKS}:${line + 1}:${col + 1}`;
}

interface Sampled {
  summary: SampleSummary;
  points: { x: Float64Array; target: number; exact: boolean }[];
}

const modules = new Map<string, { gen: GeneratedModule; ir: Module; report: FunctionReport[] }>();
async function load(file: string) {
  let m = modules.get(file);
  if (!m) {
    m = { gen: (await importGenerated(file)).mod, ir: compileOk(file), report: analyzeFile(file).functions };
    modules.set(file, m);
  }
  return m;
}

/** Samples `fn` of `file` in process, with the other arguments `rest`; collects every point. */
async function sample(file: string, fn: string, n: number, opts: Partial<SampleOptions> = {}, rest: RValue[] = []): Promise<Sampled> {
  const m = await load(file);
  const site = m.report.find((f) => f.name === fn)!;
  const points: Sampled['points'] = [];
  const target = {
    n,
    trace: (x: Float64Array) => m.gen[`${fn}_trace`](x, ...rest) as Trace,
    grad: (x: Float64Array) => {
      const g = new Float64Array(n);
      m.gen[`${fn}_grad`](x, ...rest, g);
      return Array.from(g);
    },
  };
  const summary = sampleKinks(target, site.sites, {
    count: 100,
    seed: 1,
    domain: { kind: 'box', lo: -1, hi: 1 },
    ...opts,
    onPoint: (p) => points.push({ ...p, x: Float64Array.from(p.x) }),
  });
  return { summary, points };
}

/** Every exact point has z_target == 0 in the reference interpreter's trace (not the generated one). */
function expectOnKinks(file: string, fn: string, s: Sampled, rest: RValue[] = []) {
  const ir = modules.get(file)!.ir;
  const exact = s.points.filter((p) => p.exact);
  expect(exact.length).toBe(s.summary.exact);
  for (const p of exact) {
    const t = traceAt(ir, fn, [p.x, ...rest]);
    expect(t.values[t.switches[p.target].z]).toBe(0);
  }
  // A near point still has z_target of rounding size.
  for (const p of s.points.filter((q) => !q.exact)) {
    const t = traceAt(ir, fn, [p.x, ...rest]);
    expect(Math.abs(t.values[t.switches[p.target].z])).toBeLessThan(1e-12);
  }
}

describe('sampled points lie on kinks', () => {
  it('chained LQ (n = 20): every exact point has z_i == 0 in the interpreter; LIKQ never fails', async () => {
    const s = await sample('samples/chained-lq.ts', 'chainedLQ', 20);
    expect(s.summary.switches).toBe(19);
    expect(s.summary.kinkPoints + s.summary.missed).toBe(100);
    expect(s.summary.kinkPoints).toBeGreaterThanOrEqual(95);
    expect(s.summary.exact / s.summary.kinkPoints).toBeGreaterThanOrEqual(0.8);
    expect(s.summary.exact + s.summary.near).toBe(s.summary.kinkPoints);
    expectOnKinks('samples/chained-lq.ts', 'chainedLQ', s);
    expect(s.summary.likq.failures).toBe(0);
    expect(s.summary.plainAd.compared).toBe(s.summary.exact);
    expect(s.summary.plainAd.clarkeByLikq).toBe(s.summary.exact);
    expect(s.summary.sites).toEqual([{ site: 1, loc: 'samples/chained-lq.ts:12:10', kind: 'max', active: s.summary.kinkPoints, failures: 0 }]);
    // The points are spread over the switches (ids differ), not one kink found again and again.
    expect(new Set(s.points.map((p) => p.target)).size).toBeGreaterThan(10);
  });

  it('points stay inside the --around box', async () => {
    const center = [0.7, 0.7, -0.2, 0.1];
    const s = await sample('samples/chained-lq.ts', 'chainedLQ', 4, { domain: { kind: 'around', center, radius: 0.05 } });
    expect(s.summary.kinkPoints).toBeGreaterThan(0);
    for (const p of s.points) p.x.forEach((v, j) => expect(Math.abs(v - center[j])).toBeLessThanOrEqual(0.05 + 1e-15));
    // Near (0.7, 0.7) only the first switch (x1^2 + x2^2 = 1) can be crossed.
    expect(new Set(s.points.map((p) => p.target))).toEqual(new Set([0]));
  });

  it('PL examples are hit exactly (E1, E7, E8)', async () => {
    for (const [fn, n] of [['e1', 1], ['e7', 2], ['e8', 2]] as const) {
      const s = await sample(KINKS, fn, n);
      expect(s.summary.exact).toBe(s.summary.kinkPoints);
      expectOnKinks(KINKS, fn, s);
    }
  });
});

describe('LIKQ failures, their sites, and plain AD (theory.md §7a)', () => {
  it('E5 = ||x| - x| - |-x|: fails on x >= 0; the outer abs always involved, both at x = 0, where plain AD is wrong', async () => {
    const s = await sample(KINKS, 'e5', 1, { count: 200 });
    const outer = absLoc('e5', 0);
    const inner = absLoc('e5', 1);
    expect(s.summary.kinkPoints).toBe(200);
    expect(s.summary.likq.failures).toBe(200);
    expectOnKinks(KINKS, 'e5', s);
    const bySite = new Map(s.summary.sites.map((x) => [x.loc, x]));
    expect(bySite.get(outer)!.failures).toBe(200);
    const atZero = s.points.filter((p) => p.x[0] === 0).length;
    expect(atZero).toBeGreaterThan(20);
    expect(bySite.get(inner)!.failures).toBe(atZero);
    // x = 0: Clarke set {-1}, AD(0) = 0 (wrong, decided exactly: one input); x > 0: AD = -1.
    expect(s.summary.plainAd.wrong).toBe(atZero);
    expect(s.summary.plainAd.equalsCertified).toBe(200 - atZero);
    for (const e of s.summary.examples) {
      expect(e.x[0]).toBeGreaterThanOrEqual(0);
      expect(e.plainAd!.verdict).toBe(e.x[0] === 0 ? 'wrong' : 'equals-certified');
      expect(e.plainAd!.certified).toEqual([-1]);
      expect(e.involved).toEqual(e.x[0] === 0 ? [inner, outer] : [outer]);
    }
  });

  it('E4 = max(x, x): z is identically 0, LIKQ fails at every point, plain AD is right', async () => {
    const s = await sample(KINKS, 'e4', 1, { count: 50 });
    expect(s.summary.kinkPoints).toBe(50);
    expect(s.summary.likq.failures).toBe(50);
    expect(s.summary.plainAd.wrong + s.summary.plainAd.undecided).toBe(0);
    expect(s.summary.examples[0].likq.reason).toMatch(/zero row/);
  });

  it('E6 and E10: failures on x >= 0; plain AD is right for E6 (in [-2, 0]) and wrong for E10 at 0', async () => {
    const e6 = await sample(KINKS, 'e6', 1, { count: 100 });
    expect(e6.summary.likq.failures).toBe(100);
    expect(e6.summary.plainAd.wrong).toBe(0);
    const e10 = await sample(KINKS, 'e10', 1, { count: 100 });
    expect(e10.summary.likq.failures).toBe(100);
    expect(e10.summary.plainAd.wrong).toBe(e10.points.filter((p) => p.x[0] === 0).length);
    expect(e10.summary.plainAd.wrong).toBeGreaterThan(0);
  });

  it('canonicalized examples (E1, E2, E3, E11) and E7, E8 have no LIKQ failure on random lines', async () => {
    for (const [fn, n] of [['e1', 1], ['e2', 1], ['e3', 1], ['e11', 1], ['e7', 2], ['e8', 2]] as const) {
      const s = await sample(KINKS, fn, n);
      expect(s.summary.kinkPoints, fn).toBeGreaterThan(90);
      expect(s.summary.likq.failures, fn).toBe(0);
      expect(s.summary.plainAd.clarkeByLikq, fn).toBe(s.summary.exact);
    }
  });

  it('ReLU MLP: single sample never fails LIKQ; a batch with a duplicated sample fails, yet plain AD stays in the Clarke hull', async () => {
    const x = Float64Array.from([0.5, -1, 2]);
    const single = await sample('samples/relu-mlp.ts', 'mlpLossSingle', 11, {}, [x, 0.3, 2]);
    expect(single.summary.kinkPoints).toBeGreaterThan(50);
    expect(single.summary.likq.failures).toBe(0);
    expectOnKinks('samples/relu-mlp.ts', 'mlpLossSingle', single, [x, 0.3, 2]);
    const X = Float64Array.from([0.5, -1, 2, 0.5, -1, 2]);
    const batch = await sample('samples/relu-mlp.ts', 'mlpLoss', 11, {}, [X, Float64Array.from([0.3, 0.4]), 3, 2]);
    expect(batch.summary.likq.failures).toBeGreaterThan(50);
    expect(batch.summary.plainAd.wrong).toBe(0);
    expect(batch.summary.plainAd.undecided).toBe(0);
    expect(batch.summary.plainAd.inSampledHull + batch.summary.plainAd.equalsCertified).toBe(batch.summary.likq.failures - batch.summary.likq.failuresAtNear);
    // The duplicated sample's two switches of one hidden unit are what is blamed.
    for (const e of batch.summary.examples) {
      expect(e.involved).toHaveLength(2);
      expect(e.involved[0].replace('s=0', 's=1')).toBe(e.involved[1]);
    }
  });
});

describe('determinism and hull test', () => {
  it('the same seed gives the same summary; another seed other points', async () => {
    const a = await sample(KINKS, 'e7', 2, { seed: 7 });
    const b = await sample(KINKS, 'e7', 2, { seed: 7 });
    const c = await sample(KINKS, 'e7', 2, { seed: 8 });
    expect(b.summary).toEqual(a.summary);
    expect(b.points).toEqual(a.points);
    expect(c.points[0].x).not.toEqual(a.points[0].x);
  });

  it('inHull: segments, triangles, outside points', () => {
    expect(inHull([[0, 0], [2, 0]], [1, 0])).toBe(true);
    expect(inHull([[0, 0], [2, 0]], [1, 1e-3])).toBe(false);
    expect(inHull([[0, 0], [2, 0], [0, 2]], [0.5, 0.5])).toBe(true);
    expect(inHull([[0, 0], [2, 0], [0, 2]], [1.5, 1.5])).toBe(false);
    expect(inHull([[-1], [1], [1]], [0])).toBe(true);
    expect(inHull([[-1], [-1]], [0])).toBe(false);
  });
});

/** Runs the CLI's main() in process; stdout and stderr joined as the binary would print them. */
async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('absad report --sample (CLI)', () => {
  beforeAll(() => {
    expect(fs.existsSync('dist/compiler/report/sample.js')).toBe(true);
  });

  it('json: the documented sample fields, identical for the same seed', () => {
    const args = ['report', KINKS, '--fn', 'e5', '--format', 'json', '--sample', '40', '--n', '1', '--seed', '3'];
    const r = absad(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { functions: { sample: Record<string, unknown> & { likq: object; plainAd: object; sites: object[]; examples: object[] } }[] };
    const s = j.functions[0].sample;
    expect(Object.keys(s).sort()).toEqual(['domain', 'evaluations', 'exact', 'examples', 'kinkPoints', 'likq', 'missed', 'n', 'near', 'plainAd', 'samples', 'seed', 'sites', 'switches'].sort());
    expect(s).toMatchObject({ samples: 40, seed: 3, n: 1, domain: { kind: 'box', lo: -1, hi: 1 }, switches: 2, kinkPoints: 40 });
    expect(Object.keys(s.likq).sort()).toEqual(['checked', 'failureRate', 'failures', 'failuresAtNear']);
    expect(s.likq).toMatchObject({ checked: 40, failures: 40, failureRate: 1 });
    expect(Object.keys(s.plainAd).sort()).toEqual(['clarkeByLikq', 'compared', 'equalsCertified', 'inSampledHull', 'undecided', 'wrong']);
    expect(Object.keys(s.sites[0]).sort()).toEqual(['active', 'failures', 'kind', 'loc', 'site']);
    expect(Object.keys(s.examples[0]).sort()).toEqual(['active', 'exact', 'involved', 'likq', 'plainAd', 'target', 'x', 'z']);
    expect(absad(args).stdout).toBe(r.stdout);
  });

  it('pretty: a sampled-kinks section; --around fixes the point and size', () => {
    const r = absad(['report', 'samples/chained-lq.ts', '--sample', '30', '--around', '0.7,0.7,0.7', '--radius', '0.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sampled kinks: 30 random lines in the box [0.7, 0.7, 0.7] +- 0.1');
    expect(r.stdout).toMatch(/LIKQ fails at 0 of \d+ \(0\.0 %\)/);
  });

  it('bad option values are located usage errors: exit 1, no stack trace, nothing written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-sample-'));
    const out = path.join(dir, 'r.json');
    const cases: [string[], RegExp][] = [
      [['--sample', '-3'], /--sample: takes a positive integer, got '-3'/],
      [['--sample', '0'], /--sample: takes a positive integer, got '0'/],
      [['--sample', '2.5'], /--sample: takes a positive integer/],
      [['--sample', '5', '--box', '1'], /--box: takes lo,hi/],
      [['--sample', '5', '--box', '1,-1'], /--box: takes lo,hi/],
      [['--sample', '5', '--around', '1,2', '--n', '3'], /--around: has 2 values but --n is 3/],
      [['--sample', '5', '--around', '0', '--fn', 'e7'], /--around: 'e7' is NaN at x = \[0\].*right size/],
      [['--sample', '5', '--around', 'a,b'], /--around: 'a' is not a number/],
      [['--sample', '5', '--radius', '1'], /--radius: only applies with --around/],
      [['--sample', '5', '--around', '0', '--radius', '-1'], /--radius: takes a positive number/],
      [['--seed', '4'], /--seed: only applies to sampling/],
      [['--sample', '5', '--seed', 'x'], /--seed: takes an integer from 0 to 4294967295, got 'x'/],
      [['--sample', '5', '--n', '1', '--arg', 'x=1'], /--arg: 'x' is the sampled parameter/],
    ];
    // In process (the CLI's own code path, without a process start per case) ...
    for (const [extra, message] of cases) {
      const r = await runMain(['report', KINKS, '-o', out, ...extra]);
      expect(r.code, extra.join(' ')).toBe(1);
      expect(r.err, extra.join(' ')).toMatch(message);
      expect(r.err).toMatch(/^absad error ABS500[145] /);
      expect(r.err).not.toMatch(STACK_TRACE);
      expect(r.out).toBe('');
      expect(fs.existsSync(out)).toBe(false);
    }
    // ... and two through the real binary.
    for (const [extra, message] of [cases[0], cases[6]]) {
      const r = absad(['report', KINKS, '-o', out, ...extra]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(fs.existsSync(out)).toBe(false);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a scalar first parameter has size 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-sample-'));
    const file = path.join(dir, 'g.ts');
    fs.writeFileSync(file, 'export function g(a: number, b: number): number {\n  return Math.abs(a - b) + Math.max(a, 0);\n}\n');
    const bad = absad(['report', file, '--sample', '5', '--around', '1,2', '--arg', 'b=0.5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--around: 'a' of 'g' is a number \(size 1\), got size 2/);
    const ok = absad(['report', file, '--sample', '20', '--arg', 'b=0.5', '--format', 'json']);
    expect(ok.code).toBe(0);
    const s = (JSON.parse(ok.stdout) as { functions: { sample: SampleSummary }[] }).functions[0].sample;
    expect(s.n).toBe(1);
    expect(s.kinkPoints).toBe(20);
    expect(s.likq.failures).toBe(0);
    // z = a - b vanishes at a = 0.5, z = a (the relu) at a = 0.
    expect(s.examples.length).toBeGreaterThan(0);
    for (const e of s.examples) expect(e.x).toEqual([e.target.endsWith(':2:10') ? 0.5 : 0]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the progress bar goes to io.progress only, never into the output', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const bar: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), color: false, progress: (s: string) => bar.push(s) };
    const code = await main(['report', KINKS, '--fn', 'e1', '--sample', '50', '--n', '1', '--format', 'json'], io);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(bar.length).toBeGreaterThan(2);
    expect(bar[bar.length - 2]).toMatch(/^sampling e1 \[#+\] 50\/50$/);
    expect(bar[bar.length - 1]).toBe('');
    const j = JSON.parse(out.join('\n')) as { functions: { sample: SampleSummary }[] };
    expect(j.functions[0].sample.kinkPoints).toBe(50);
    // Without a terminal (no io.progress) the CLI's stderr stays empty.
    expect(absad(['report', KINKS, '--fn', 'e1', '--sample', '20', '--n', '1']).stderr).toBe('');
  });
});
