#!/usr/bin/env node
// Checks the hand-written adjoints (bench/handwritten.mjs) and the TF.js gradients
// (bench/tfjs.mjs) against central finite differences of the original sample functions at
// seeded random points, and the hand-written ones at kink points against absad's convention.
//   hand-written: value equal to the sample's, gradient relative error <= 1e-6
//   TF.js (float32): value and gradient relative error <= 1e-3
// With --absad, also compiles the samples with `absad compile` and checks the generated
// f_grad against the hand-written adjoints (random and kink points), when compile works.
// Usage: node bench/verify.mjs [--absad] [--seeds K]
// Exit code 1 when any check fails.
import { parseArgs } from 'node:util';
import { kinkPoints, verifyPoints } from './args.mjs';
import { HANDWRITTEN } from './handwritten.mjs';
import { initTfjs, makeTfjs, TFJS_VERSION } from './tfjs.mjs';
import { cloneArgs, fdGradient, fmtErr, loadCompiled, loadOriginals, relErr, relErrScalar, table } from './util.mjs';

const { values: opts } = parseArgs({
  options: { absad: { type: 'boolean', default: false }, seeds: { type: 'string', default: '3' } },
});
const SEEDS = Array.from({ length: Number(opts.seeds) }, (_, i) => 1000 + i);

const HAND_TOL = 1e-6;
const TFJS_TOL = 1e-3;

const FILES = {
  l1Loss: 'samples/l1-regression.ts',
  mlpLoss: 'samples/relu-mlp.ts',
  chainedLQ: 'samples/chained-lq.ts',
  ncrFirst: 'samples/nesterov-chebyshev-rosenbrock.ts',
  ncrSecond: 'samples/nesterov-chebyshev-rosenbrock.ts',
};

await initTfjs();
const originals = await loadOriginals(Object.values(FILES));
const compiled = opts.absad ? await loadCompiled(Object.values(FILES)) : undefined;

let failures = 0;
const rows = [];
const verdict = (ok) => {
  if (!ok) failures++;
  return ok ? 'ok' : 'FAIL';
};

for (const [fn, file] of Object.entries(FILES)) {
  const f = originals.get(file)[fn];
  const hand = HANDWRITTEN[fn];
  const absad = compiled?.get(file);
  const absadGrad = absad?.source === 'absad' ? absad.mod[`${fn}_grad`] : undefined;
  for (const seed of SEEDS) {
    for (const [size, args] of verifyPoints(fn, seed)) {
      const x = args[0];
      const fd = fdGradient(f, cloneArgs(args), 1e-6);
      const value = f(...args);

      const gh = new Float64Array(x.length);
      const vh = hand(...cloneArgs(args), gh);
      const handValErr = relErrScalar(vh, value);
      const handGradErr = relErr(gh, fd);

      const tfm = makeTfjs(fn, args);
      const gt = new Float64Array(x.length);
      const vt = tfm.grad(x, gt);
      const tfValErr = relErrScalar(vt, value);
      const tfGradErr = relErr(gt, fd);
      tfm.dispose();

      const row = [
        fn,
        size,
        String(seed),
        fmtErr(handValErr),
        fmtErr(handGradErr),
        verdict(vh === value && handGradErr <= HAND_TOL),
        fmtErr(tfValErr),
        fmtErr(tfGradErr),
        verdict(tfValErr <= TFJS_TOL && tfGradErr <= TFJS_TOL),
      ];
      if (compiled) {
        if (absadGrad) {
          const ga = new Float64Array(x.length);
          const va = absadGrad(...cloneArgs(args), ga);
          const e = relErr(ga, gh);
          row.push(fmtErr(e), verdict(va === value && e <= 1e-12));
        } else row.push('-', 'n/a');
      }
      rows.push(row);
    }
  }
}

const header = ['function', 'size', 'seed', 'hand |dv|', 'hand grad err', 'hand', 'tfjs val err', 'tfjs grad err', 'tfjs'];
if (compiled) header.push('absad vs hand', 'absad');
console.log(`Finite-difference checks (central differences, h = 1e-6 max(1, |x_i|); errors are ||g - g_fd||_inf / max(1, ||g_fd||_inf))`);
console.log(`tolerances: hand-written value exact and gradient <= ${HAND_TOL.toExponential()}; TF.js ${TFJS_VERSION} (CPU, float32) <= ${TFJS_TOL.toExponential()}`);
console.log(table(header, rows, [true, true]));

// Kink points: the hand-written adjoints follow absad's convention exactly.
const kinkRows = [];
for (const kp of kinkPoints()) {
  const file = FILES[kp.fn];
  const f = originals.get(file)[kp.fn];
  const value = f(...kp.args);
  const gh = new Float64Array(kp.args[0].length);
  const vh = HANDWRITTEN[kp.fn](...cloneArgs(kp.args), gh);
  const e = kp.expected ? relErr(gh, kp.expected) : undefined;
  const row = [kp.fn, kp.note, vh === value ? 'equal' : `differs ${fmtErr(relErrScalar(vh, value))}`, `[${[...gh].map((v) => +v.toPrecision(6)).join(', ')}]`];
  row.push(kp.expected ? verdict(vh === value && e === 0) : vh === value ? 'ok (no exact expectation)' : verdict(false));
  if (compiled) {
    const absad = compiled.get(file);
    const absadGrad = absad.source === 'absad' ? absad.mod[`${kp.fn}_grad`] : undefined;
    if (absadGrad) {
      const ga = new Float64Array(gh.length);
      const va = absadGrad(...cloneArgs(kp.args), ga);
      const ea = relErr(ga, gh);
      row.push(fmtErr(ea), verdict(va === value && ea <= 1e-12));
    } else row.push('-', 'n/a');
  }
  kinkRows.push(row);
}
console.log('\nKink points (absad convention: abs\'(0) = 0, max/min ties 1/2-1/2, relu\'(0) = 1/2)');
const kinkHeader = ['function', 'point', 'hand value', 'hand gradient', 'hand'];
if (compiled) kinkHeader.push('absad vs hand', 'absad');
console.log(table(kinkHeader, kinkRows, [true, true, true, true, true]));

console.log(`\n${failures === 0 ? 'all checks passed' : `${failures} check(s) FAILED`} (${rows.length} random points x 2 + ${kinkRows.length} kink points)`);
process.exitCode = failures === 0 ? 0 : 1;
