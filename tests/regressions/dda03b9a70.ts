// absad fuzz reproducer: the "wgsl" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 1986553040; shrunk in 16 steps
// message:
//   the kernel's value or gradient is not finite at x = [-0.453725665807724, -0.35812583565711975, -1.7803599834442139]; JavaScript: 896.9294552045462, [0, 0, -2978.056135263566]
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":3},{"name":"m","kind":"int","value":3}],"output":"scalar","seed":1986553040,"literals":[]}
export function f(x: Float64Array, m: number): number {
  let s1 = x[2];
  for (let i = 0; i < m; i++) {
    s1 -= s1 * s1;
  }
  s1 *= Math.tanh(s1);
  return s1;
}
