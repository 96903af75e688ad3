// fuzz false alarm: the "kink" check failed on this program (shrunk), though absad was right.
// why: the certified gradient equals a sampled one to 4e-9, but the NNLS of tests/util/hull.ts stalled at 2e-4 (the hull distance is now the least of the nearest sample, NNLS and Frank-Wolfe)
// found by: npm run fuzz -- --seed 1 (program 164, program seed 2571139604); shrunk in 24 steps
// message:
//   certified gradient [6, -0.24] (completion) is 0.00019608953297786766 from the hull of 5 sampled gradients [[6, -0.12000002278537703], [6, 0], [-6, 0], [-6.000000000178211, -0.2400000408525588], [6.000000023927683, -0.24000000142042746]] at x = [0, 0] (3 active switches)
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"scalar","seed":2571139604,"literals":[0,0.1,-2]}
const K = 0;
export function f(x: Float64Array): number {
  let s0 = 0;
  const t5 = Math.max(s0, x[0] < 0 ? -x[0] : x[0]);
  for (let k = 0; k < 4; k++) {
    s0 += t5;
    s0 += s0 + 0.1;
  }
  s0 /= 1 + ((K <= x[1] ? K : x[1]) - -2) ** 2;
  return s0;
}
