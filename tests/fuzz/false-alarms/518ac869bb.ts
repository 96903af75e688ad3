// fuzz false alarm: the "kink" check failed on this program (shrunk), though absad was right.
// why: min(|x1|, sinh(sin(pi))) = min(|x1|, 1.2e-16): the piece where |x1| is the smaller is too small for samples at distance 1e-9 (kink points with a switch that could change sign within 100 sampling radii are now skipped)
// found by: npm run fuzz -- --seed 1 (program 3915, program seed 1118794746); shrunk in 15 steps
// message:
//   LIKQ holds, yet the gradient with abs'(0) = -1, [0, -1], is 1 from the sampled Clarke hull at x = [-1.0231148479506373, 0] (1 active switches)
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"scalar","seed":1118794746,"literals":[1]}
function h0(u: number, v: number, w: number): number {
  return Math.min(u, Math.sinh(Math.sin(Math.PI)));
}
export function f(x: Float64Array): number {
  return h0(x[1] <= 0 ? -x[1] : x[1], 1, 1);
}
