// Cost of the certified gradient (theory.md §8 policy, issue "certificates on every gradient"):
// at random (smooth) points the certificate comes from f_grad's own count of exact zeros, so
// certified / plain should be ~1 (target <= 1.2); at kink points it takes the evaluation trace,
// LIKQ and, where LIKQ fails, the completion: reported in function evaluations.
// Usage: node bench/certified.mjs   (after `npm run build`; part of `npm run bench`)
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCompiled, median, fmtTime, table } from './util.mjs';
import { mulberry32, randomArray } from './args.mjs';

const { certify } = await import(pathToFileURL(path.resolve('dist/runtime/anf.js')).href);

const now = () => Number(process.hrtime.bigint()) / 1e9;
/** Median seconds per call of fn, interleaving is done by the caller. */
function time(fn, minSeconds = 0.2) {
  for (let i = 0; i < 3; i++) fn();
  const samples = [];
  const start = now();
  while (now() - start < minSeconds || samples.length < 5) {
    const t0 = now();
    let k = 0;
    do {
      fn();
      k++;
    } while (now() - t0 < 2e-3);
    samples.push((now() - t0) / k);
  }
  return median(samples);
}

const CASES = [
  // [sample, function, n, smooth point, kink point]
  ['samples/chained-lq.ts', 'chainedLQ', 200, (n) => randomArray(mulberry32(1), n, -2, 2), (n) => Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0))],
  ['samples/nesterov-chebyshev-rosenbrock.ts', 'ncrSecond', 1000, (n) => randomArray(mulberry32(2), n, -2, 2), (n) => new Float64Array(n).fill(1)],
  ['samples/maxq.ts', 'maxq', 100, (n) => randomArray(mulberry32(3), n, -2, 2), (n) => new Float64Array(n)],
  ['samples/chained-crescent.ts', 'chainedCrescentII', 1000, (n) => randomArray(mulberry32(4), n, -2, 2), (n) => new Float64Array(n)],
];

const compiled = await loadCompiled([...new Set(CASES.map((c) => c[0]))], { log: () => {} });
const rows = [];
for (const [file, fn, n, smoothPoint, kinkPoint] of CASES) {
  const mod = compiled.get(file).mod;
  const f = mod[fn];
  const grad = mod[`${fn}_grad`];
  const kinks = mod[`${fn}_kinks`];
  const trace = mod[`${fn}_trace`];
  const g = new Float64Array(n);
  const certified = (x) => () => {
    grad(x, g);
    if (kinks() > 0) g.set(certify(trace(x)).gradient);
  };
  const xs = smoothPoint(n);
  const xk = kinkPoint(n);
  const tf = time(() => f(xs));
  const tg = time(() => grad(xs, g));
  const tcs = time(certified(xs));
  grad(xk, g);
  const cert = certify(trace(xk));
  // One call at the kink point (the trace, LIKQ's QR and any completion are not cheap).
  certified(xk)();
  const t0 = now();
  certified(xk)();
  const tck = now() - t0;
  rows.push([fn, String(n), fmtTime(tf), fmtTime(tg), (tcs / tg).toFixed(2), String(kinks()), cert.certificate, fmtTime(tck), (tck / tf).toFixed(0)]);
}
console.log(table(['function', 'n', 'f', 'plain grad', 'certified/plain (smooth point)', 'active at kink point', 'certificate', 'certified at kink', 'in f evaluations'], rows, [0]));
console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}`);
