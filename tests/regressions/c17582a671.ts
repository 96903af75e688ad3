// absad fuzz reproducer: the "wgsl" check failed on this program (shrunk).
// found by: npm run fuzz -- --seed 1 (program 240, program seed 1738934177); shrunk in 11 steps
// message:
//   f32 value 7.652275085449219, JavaScript 7.654764280896589 at x = [-1.1019452810287476, 0.07244659215211868, 1.9904475212097168, -0.22134999930858612]
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":4}],"output":"scalar","seed":1738934177,"literals":[1,-1]}
const K = -1;
export function f(x: Float64Array): number {
  let s0 = 1 - K;
  const t2 = s0 * x[(1 - 1 + 2) % 4] * (1 + x[2]);
  s0 -= Math.asinh(x[0] - Math.pow(t2, 2));
  return s0;
}
