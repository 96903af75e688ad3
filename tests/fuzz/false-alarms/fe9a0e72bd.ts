// fuzz false alarm: the "kink" check failed on this program (shrunk), though absad was right.
// why: the piece (0.9, 0) of min(0.9 max(x0, x1), x1) at 0 is a wedge 3 degrees wide that 150 random samples missed (samples now cover the circle every quarter degree)
// found by: npm run fuzz -- --seed 2024 (program 5618, program seed 2878387088); shrunk in 8 steps
// message:
//   certified gradient [0.225, 0.725] (likq) is 0.28504384548386613 from the hull of 2 sampled gradients [[0, 1], [0, 0.9]] at x = [0, 0] (2 active switches)
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"scalar","seed":2878387088,"literals":[]}
export function f(x: Float64Array): number {
  const t4 = x[1] < x[0] ? x[0] : x[1];
  return Math.min(Math.asin(0.9 * (t4 / (1 + t4 * t4))), x[1]);
}
