// fuzz false alarm: the "gradient" check failed on this program (shrunk), though absad was right.
// why: atanh(0.9 cos(s)) with s ~ 1e7: coarse differences agree on the average slope over the oscillations, which is half the derivative (the check now uses the finest steps that agree)
// found by: npm run fuzz -- --seed 1 (program 1483, program seed 2845885564); shrunk in 35 steps
// message:
//   d/dx[1] at x = [1.4028811072930694, 1.4705101335421205, 1.7177329016849399, 0.2522256141528487, -0.6165455495938659, -1.2276728516444564]: generated 82119417.8034115, finite differences 42825570.4579404 (h 0.00042943322542123496) and 42826316.61766287 (h 0.0017177329016849398), tolerance 7544.089768366138
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":6}],"output":"scalar","seed":2845885564,"literals":[1]}
export function f(x: Float64Array): number {
  let s6 = 1;
  for (let j = 0; j <= 3 - 1; j++) {
    for (let k = x.length - 1; k >= 0; k--) {
      s6 *= 1 + x[j];
    }
  }
  s6 += Math.atanh(0.9 * Math.cos(s6));
  return s6;
}
