// absad fuzz reproducer: the "primal" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 70; shrunk in 29 steps
// message:
//   threw TypeError: Assignment to constant variable.
//       at Object.f_grad (<anonymous>:126:15)
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":1}],"output":"scalar","seed":70,"literals":[0,0.75,2.52,0.1]}
const W = [0.75, 2.52, 0, 0.1];
export function f(x: Float64Array): number {
  let s1 = 0;
  for (let i = 0; i < 1; i += 2) {
    for (const v7 of W) {
      const t10 = s1;
      s1 = W[W.length - 1 - i] * t10;
      s1 = s1 - x[0];
    }
  }
  return s1;
}
