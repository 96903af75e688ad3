// fuzz false alarm: the "kink" check failed on this program (shrunk), though absad was right.
// why: max(sin(pi), s) = max(1.2e-16, s) with s = 0 in the first iteration: a switch 1e-16 from zero whose pieces the samples cannot see (such kink points are now skipped)
// found by: npm run fuzz -- --seed 1 (program 8397, program seed 1756247540); shrunk in 13 steps
// message:
//   certified gradient [-6, 0, 2] (completion) is 0.05478321552253918 from the hull of 8 sampled gradients [[-14, 0, 8], [14, 0, 8], [7, 0, 4], [-7, 0, 4], [-4, 0, 2], [4, 0, 2]] at x = [0, 0, 0] (4 active switches)
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":3},{"name":"m","kind":"int","value":3}],"output":"scalar","seed":1756247540,"literals":[]}
export function f(x: Float64Array, m: number): number {
  let s0 = x[2];
  for (let i = 0; i < m; i++) {
    s0 += -(x[0] >= 0 ? x[0] : -x[0]);
    s0 += Math.max(Math.sin(Math.PI), s0);
  }
  return s0;
}
