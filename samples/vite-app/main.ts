/// <reference types="absad/client" />
// The loss is plain TypeScript (../chained-lq.ts); `?absad` makes the build plugin compile it
// into f, f_grad and f_active at build time.
import { chainedLQ_grad } from '../chained-lq.ts?absad';

const n = 8;
const x = new Float64Array(n).fill(-0.5);
const g = new Float64Array(n);
const step = 0.01;
const losses: number[] = [];
for (let k = 0; k < 50; k++) {
  losses.push(chainedLQ_grad(x, g));
  for (let i = 0; i < n; i++) x[i] -= step * g[i];
}
const out = document.getElementById('out')!;
out.textContent = losses.map((f, k) => `${k}\t${f.toFixed(6)}`).join('\n');
out.dataset.done = 'true';
