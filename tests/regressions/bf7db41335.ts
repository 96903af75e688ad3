// absad fuzz reproducer: the "wgsl" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 897770885; shrunk in 18 steps
// message:
//   the kernel's value or gradient is not finite at x = [-1.7539761066436768, 1.957713007926941, -1.4640395641326904, -0.676609456539154, 0.8709319233894348, -0.4750498831272125]; JavaScript: 1.1752011936438014, [0, 0, 0, 0, 0, 0]
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":6}],"output":"scalar","seed":897770885,"literals":[0]}
export function f(x: Float64Array): number {
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    s2 += s2 - x[0];
  }
  return Math.sinh(Math.tanh(s2));
}
