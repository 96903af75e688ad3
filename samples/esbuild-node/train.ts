/// <reference types="absad/client" />
// L1 regression fitted by subgradient descent; the loss (../l1-regression.ts) is compiled by
// the absad esbuild plugin through the `?absad` import.
import { l1Loss_grad } from '../l1-regression.ts?absad';

const m = 20;
const n = 3;
const wTrue = [1.5, -2, 0.5];
const A = new Float64Array(m * n);
const b = new Float64Array(m);
for (let i = 0; i < m; i++) {
  for (let j = 0; j < n; j++) A[i * n + j] = Math.cos(0.9 * (i + 1) * (j + 1));
  b[i] = wTrue.reduce((s, wj, j) => s + wj * A[i * n + j], 0);
}
const w = new Float64Array(n);
const g = new Float64Array(n);
for (let k = 0; k < 400; k++) {
  const loss = l1Loss_grad(w, A, b, m, g);
  if (k % 80 === 0) console.log(`step ${k}: loss ${loss.toFixed(6)}`);
  for (let j = 0; j < n; j++) w[j] -= (0.02 / Math.sqrt(k + 1)) * g[j];
}
console.log(`w = [${Array.from(w, (v) => v.toFixed(3)).join(', ')}], true w = [${wTrue.join(', ')}]`);
