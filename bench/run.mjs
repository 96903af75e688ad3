#!/usr/bin/env node
// The absad benchmark: gradient cost relative to the function, against hand-written adjoints
// and TensorFlow.js.
//
// Usage: node bench/run.mjs [--quick] [--json OUT] [--standin] [--filter REGEX]
//   --quick       short timing budgets (a smoke run; numbers are noisier)
//   --json OUT    where to write all numbers (default bench/results.json)
//   --standin     use the finite-difference stand-ins of bench/fixtures/ instead of absad output
//   --filter RE   only the cases whose "function size" matches RE (e.g. --filter chainedLQ)
//
// Steps: (a) `node bin/absad.js compile samples/F.ts --out-dir bench/.out/absad` for every
// sample (falling back, loudly, to the stand-ins when compile is missing or fails); (b) for
// every sample function of tests/sample-manifest.ts at the sizes of bench/args.mjs, time
// in one process, interleaved:
//   f        the original sample (TypeScript types erased), the baseline of every ratio
//   f(gen)   the primal exported by the generated module
//   grad     the generated f_grad(...args, gOut) with a preallocated gOut
//   hand     the hand-written adjoint (bench/handwritten.mjs), where there is one
//   tfjs     the TF.js gradient (bench/tfjs.mjs, CPU backend, float32), where there is one
// Each variant is first warmed up, then run in batches of k calls (k chosen so a batch takes
// about a millisecond, so timer overhead does not matter), one batch of each variant per round,
// rounds alternating until every variant has run for the time target and a minimum number of
// batches; the per-call time is the median over batches. Each variant gets its own call site
// (a fresh function from `new Function`) so no variant pays for another's type feedback.
// (c) print a table and write the JSON.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_CASES, benchArgs } from './args.mjs';
import { HANDWRITTEN } from './handwritten.mjs';
import { initTfjs, makeTfjs, TFJS_FUNCTIONS, TFJS_VERSION } from './tfjs.mjs';
import {
  BENCH_DIR,
  cloneArgs,
  fdCheck,
  fmtErr,
  fmtRatio,
  fmtTime,
  loadCompiled,
  loadOriginals,
  median,
  relErr,
  relErrScalar,
  REPO,
  table,
} from './util.mjs';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string', default: path.join(BENCH_DIR, 'results.json') },
    standin: { type: 'boolean', default: false },
    filter: { type: 'string' },
  },
});

/** Timing budgets in seconds. */
const BUDGET = opts.quick
  ? { target: 0.02, warm: 0.05, batch: 0.5e-3, minReps: 3, maxReps: 200, tfjsWarm: 0.1, tfjsMinReps: 2, tfjsMaxReps: 10, fdCheck: 0.2 }
  : { target: 0.2, warm: 0.1, batch: 1e-3, minReps: 10, maxReps: 5000, tfjsWarm: 0.3, tfjsMinReps: 3, tfjsMaxReps: 200, fdCheck: 1 };

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Results of the calls, summed, so no call is dead code. */
let sink = 0;

/**
 * A batch runner for fn(...args) with its own call site: run(k) calls fn k times. The store
 * into a Float64Array after each call may alias the arguments as far as the JIT knows, so a
 * small inlined f (e.g. Math.abs(x[0])) cannot be hoisted out of the loop and timed as free.
 * @returns {(k: number) => number}
 */
function makeRunner(fn, args) {
  const names = args.map((_, i) => `a${i}`);
  const body = `return function run(k) { let s = 0; for (let i = 0; i < k; i++) { s += fn(${names.join(', ')}); out[0] = s; } return s; };`;
  return new Function('fn', 'out', ...names, body)(fn, new Float64Array(1), ...args);
}

/**
 * @typedef {object} Variant
 * @property {string} name
 * @property {(k: number) => number} run
 * @property {number} minReps
 * @property {number} maxReps
 * @property {number} warm       warm-up seconds
 * @property {number} warmCalls  warm-up calls at least
 */

/**
 * Warm up and calibrate each variant, then time all of them interleaved.
 * @param {Variant[]} variants
 * @returns {Record<string, { median: number, min: number, reps: number, batch: number, total: number } | { error: string }>}
 */
function timeInterleaved(variants) {
  const state = [];
  for (const v of variants) {
    try {
      // Warm-up: at least v.warmCalls calls and v.warm seconds, doubling k until a batch takes
      // BUDGET.batch; the per-call estimate is the fastest batch seen (the JIT only speeds up).
      let k = 1;
      let per = Infinity;
      let calls = 0;
      const t0 = now();
      for (;;) {
        const s = now();
        sink += v.run(k);
        const dt = now() - s;
        calls += k;
        per = Math.min(per, dt / k);
        if (calls >= v.warmCalls && now() - t0 >= v.warm && dt >= BUDGET.batch / 2) break;
        if (dt < BUDGET.batch) k *= 2;
      }
      const batch = Math.max(1, Math.round(BUDGET.batch / per));
      state.push({ v, batch, times: [], total: 0, done: false });
    } catch (e) {
      state.push({ v, error: `${e.name}: ${e.message}`, done: true });
    }
  }
  for (let round = 0; state.some((s) => !s.done); round++) {
    for (let j = 0; j < state.length; j++) {
      const s = state[(j + round) % state.length]; // rotate the order each round
      if (s.done) continue;
      const t0 = now();
      try {
        sink += s.v.run(s.batch);
      } catch (e) {
        s.error = `${e.name}: ${e.message}`;
        s.done = true;
        continue;
      }
      const dt = now() - t0;
      s.times.push(dt / s.batch);
      s.total += dt;
      const reps = s.times.length;
      if ((s.total >= BUDGET.target && reps >= s.v.minReps) || reps >= s.v.maxReps) s.done = true;
    }
  }
  const out = {};
  for (const s of state) {
    out[s.v.name] = s.error
      ? { error: s.error }
      : { median: median(s.times), min: Math.min(...s.times), reps: s.times.length, batch: s.batch, total: s.total };
  }
  return out;
}

const cases = BENCH_CASES.filter((c) => !opts.filter || new RegExp(opts.filter).test(`${c.fn} ${c.size}`));
const files = [...new Set(cases.map((c) => c.file))];

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  v8: process.versions.v8,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  loadavg: os.loadavg().map((x) => +x.toFixed(2)),
};

await initTfjs();
const originals = await loadOriginals(files);
const compiled = await loadCompiled(files, { forceStandin: opts.standin });
const anyStandin = [...compiled.values()].some((c) => c.source === 'stand-in');

console.log(`absad benchmark${opts.quick ? ' (--quick)' : ''}: ${cases.length} cases`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, load ${machine.loadavg.join(' ')}`);
console.log(`TF.js ${TFJS_VERSION} (CPU backend, float32, prod mode); times are per call, median over batches`);
console.log('');

const results = [];
for (const bc of cases) {
  const args = benchArgs(bc);
  const mod = compiled.get(bc.file);
  const f = originals.get(bc.file)[bc.fn];
  const fGen = mod.mod[bc.fn];
  const grad = mod.mod[`${bc.fn}_grad`];
  const hand = HANDWRITTEN[bc.fn];
  const hasTfjs = TFJS_FUNCTIONS.includes(bc.fn);
  const x = /** @type {Float64Array} */ (args[0]);
  const row = { file: bc.file, fn: bc.fn, size: bc.size, n: bc.n, source: mod.source, times: {}, checks: {} };
  process.stderr.write(`  ${bc.fn} ${bc.size} ...`);

  // Correctness first (so a wrong gradient is never reported as fast).
  const value = f(...args);
  if (typeof fGen === 'function') row.checks.fGenValue = relErrScalar(fGen(...cloneArgs(args)), value);
  const gAbsad = new Float64Array(x.length);
  let gradError;
  if (typeof grad !== 'function') gradError = `no ${bc.fn}_grad export`;
  else {
    try {
      const v = grad(...cloneArgs(args), gAbsad);
      row.checks.gradValue = relErrScalar(v, value);
    } catch (e) {
      gradError = `${e.name}: ${e.message}`;
    }
  }
  let gHand;
  if (hand) {
    gHand = new Float64Array(x.length);
    hand(...cloneArgs(args), gHand);
    if (!gradError) row.checks.gradVsHand = relErr(gAbsad, gHand);
  }

  // Timing.
  const std = { minReps: BUDGET.minReps, maxReps: BUDGET.maxReps, warm: BUDGET.warm, warmCalls: 2 };
  const variants = [{ name: 'f', run: makeRunner(f, args), ...std }];
  if (typeof fGen === 'function') variants.push({ name: 'fGen', run: makeRunner(fGen, args), ...std });
  if (!gradError) variants.push({ name: 'grad', run: makeRunner(grad, [...args, new Float64Array(x.length)]), ...std });
  if (hand) variants.push({ name: 'hand', run: makeRunner(hand, [...args, new Float64Array(x.length)]), ...std });
  let tfm;
  if (hasTfjs) {
    tfm = makeTfjs(bc.fn, args);
    const gT = new Float64Array(x.length);
    const vT = tfm.grad(x, gT);
    row.checks.tfjsValue = relErrScalar(vT, value);
    row.checks.tfjsGradVsHand = relErr(gT, gHand);
    // TF.js: a longer warm-up (much more code to JIT), and few repetitions where it is slow.
    variants.push({
      name: 'tfjs',
      run: makeRunner(tfm.grad, [x, new Float64Array(x.length)]),
      minReps: BUDGET.tfjsMinReps,
      maxReps: BUDGET.tfjsMaxReps,
      warm: BUDGET.tfjsWarm,
      warmCalls: 5,
    });
  }
  row.times = timeInterleaved(variants);
  tfm?.dispose();
  if (gradError) row.times.grad = { error: gradError };

  // Without a hand-written adjoint, check the generated gradient against central finite
  // differences: on every coordinate where that is cheap enough, else on as many evenly spaced
  // coordinates as BUDGET.fdCheck seconds allow (at least 8).
  const tF = row.times.f.median;
  if (!gradError && !hand) {
    const c = fdCheck(f, args, gAbsad, Math.max(8, BUDGET.fdCheck / (2 * tF)));
    row.checks.gradVsFd = c.err;
    row.checks.fdCoords = c.coords;
    row.checks.fdTol = c.tol;
  }

  const t = (name) => row.times[name]?.median;
  row.ratios = {
    gradOverF: t('grad') / t('f'),
    fGenOverF: t('fGen') / t('f'),
    handOverF: hand ? t('hand') / t('f') : undefined,
    absadOverHand: hand ? t('grad') / t('hand') : undefined,
    tfjsOverAbsad: hasTfjs ? t('tfjs') / t('grad') : undefined,
    tfjsOverF: hasTfjs ? t('tfjs') / t('f') : undefined,
  };
  results.push(row);
  process.stderr.write(` f ${fmtTime(t('f'))}, grad ${row.times.grad?.error ? 'n/a' : fmtTime(t('grad'))}\n`);
}

/** The check column: the generated gradient against hand-written or finite differences. */
function checkCell(r) {
  if (r.times.grad?.error) return 'n/a';
  const parts = [];
  let ok = true;
  if (r.checks.gradValue !== undefined && r.checks.gradValue > 1e-12) {
    ok = false;
    parts.push(`value ${fmtErr(r.checks.gradValue)}`);
  }
  if (r.checks.gradVsHand !== undefined) {
    if (r.checks.gradVsHand > 1e-6) ok = false;
    parts.push(`hand ${fmtErr(r.checks.gradVsHand)}`);
  } else if (r.checks.gradVsFd !== undefined) {
    if (!(r.checks.gradVsFd <= r.checks.fdTol)) ok = false;
    parts.push(`fd${r.checks.fdCoords < r.n ? `[${r.checks.fdCoords} coords]` : ''} ${fmtErr(r.checks.gradVsFd)}`);
  } else parts.push('unchecked');
  if (r.checks.tfjsGradVsHand !== undefined && !(r.checks.tfjsGradVsHand <= 1e-3 && r.checks.tfjsValue <= 1e-3)) {
    parts.push(`TF.js MISMATCH ${fmtErr(r.checks.tfjsGradVsHand)}`);
  }
  r.checks.ok = ok;
  return `${ok ? 'ok' : 'MISMATCH'} ${parts.join(' ')}`;
}

const header = ['function', 'n', 'grad', 'f', 'grad time', 'grad/f', 'hand/f', 'absad/hand', 'tfjs grad', 'tfjs/absad', 'f(gen)/f', 'check'];
const rows = results.map((r) => {
  const tm = (name) => (r.times[name]?.error ? 'n/a' : fmtTime(r.times[name]?.median));
  return [
    r.fn,
    r.size,
    r.source === 'stand-in' ? 'STAND-IN' : 'absad',
    tm('f'),
    tm('grad'),
    fmtRatio(r.ratios.gradOverF),
    fmtRatio(r.ratios.handOverF),
    fmtRatio(r.ratios.absadOverHand),
    r.times.tfjs ? tm('tfjs') : '-',
    fmtRatio(r.ratios.tfjsOverAbsad),
    fmtRatio(r.ratios.fGenOverF),
    checkCell(r),
  ];
});
console.log(table(header, rows, [true, true, true]));

const finite = (xs) => xs.filter((v) => v !== undefined && Number.isFinite(v));
const summary = {
  medianGradOverF: median(finite(results.map((r) => r.ratios.gradOverF))),
  medianHandOverF: median(finite(results.map((r) => r.ratios.handOverF))),
  medianAbsadOverHand: median(finite(results.map((r) => r.ratios.absadOverHand))),
  medianTfjsOverAbsad: median(finite(results.map((r) => r.ratios.tfjsOverAbsad))),
  medianTfjsOverF: median(finite(results.map((r) => r.ratios.tfjsOverF))),
  casesTimed: finite(results.map((r) => r.ratios.gradOverF)).length,
  cases: results.length,
  mismatches: results.filter((r) => r.checks.ok === false).map((r) => `${r.fn} ${r.size}`),
};
const tag = anyStandin ? '  [includes STAND-IN rows: finite differences, not absad]' : '';
console.log('');
console.log(`median grad/f over the suite: ${fmtRatio(summary.medianGradOverF)} (${summary.casesTimed} of ${summary.cases} cases)${tag}`);
console.log(`median hand/f (5 functions): ${fmtRatio(summary.medianHandOverF)}; median absad/hand: ${fmtRatio(summary.medianAbsadOverHand)}; median speedup absad vs TF.js: ${fmtRatio(summary.medianTfjsOverAbsad)}; median TF.js grad/f: ${fmtRatio(summary.medianTfjsOverF)}`);
if (summary.mismatches.length) console.log(`GRADIENT MISMATCHES (timings of these rows are meaningless): ${summary.mismatches.join(', ')}`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
if (anyStandin) {
  console.log('!!! WARNING: the absad columns of STAND-IN rows time FINITE DIFFERENCES (bench/fixtures/standin.mjs), not generated code.');
}

const json = {
  date: new Date().toISOString(),
  mode: opts.quick ? 'quick' : 'full',
  machine,
  tfjs: TFJS_VERSION,
  budget: BUDGET,
  sources: Object.fromEntries([...compiled].map(([file, c]) => [file, c.note ? { source: c.source, note: c.note } : { source: c.source }])),
  summary,
  results,
  sink,
};
const out = path.resolve(opts.json);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(json, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
console.log(`results: ${path.relative(REPO, out) || out}`);
