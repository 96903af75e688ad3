// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: |x2 / c| at 0 is its own model: errors of 1e-24 at h = 1e-7 are rounding of values of size h, while the rounding allowance was taken at x = 0, where every value is 0 (it is now taken at x + h d)
// found by: npm run fuzz -- --seed 1 (program 4100, program seed 774470835); shrunk in 4 steps
// message:
//   model error / h^2 grows: 1.7347234759768068e-16 (h 0.1), 2.168404344971009e-15 (h 0.01), 0 (h 0.001), 1.6940658945086007e-13 (h 0.0001), 0 (h 0.00001), 2.6469779601696886e-11 (h 0.000001), 1.6543612251060556e-10 (h 1e-7), d = [0.12027830117483405, -0.0059610623246501475, 0.22404248547683253, 0.9671104180515382] at x = [0, 0, 0, 0]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":4}],"output":"scalar","seed":774470835,"literals":[1.5]}
const K = 1.5;
export function f(x: Float64Array): number {
  return Math.abs(x[2] / Math.hypot(K, 1));
}
