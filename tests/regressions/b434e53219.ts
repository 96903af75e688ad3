// absad fuzz reproducer: the "wgsl" check failed on this program (shrunk).
// found by: npm run fuzz -- --seed 1 (program 6548, program seed 3674967213); shrunk in 22 steps
// message:
//   the kernel's value or gradient is not finite at x = [0.04067040607333183, 0.7736048698425293, 1.1763243675231934]; JavaScript: 32094956151764705000, [28403557905858855000, 0, 0]
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":3}],"output":"scalar","seed":3674967213,"literals":[1,-1.53]}
function h0(a: Float64Array): number {
  return -1.53 < 0 ? -(-1.53) : -1.53;
}
export function f(x: Float64Array): number {
  let s2 = 1;
  for (let i = 0; i < 4; i++) {
    s2 += 1 / (2 + Math.cos(s2));
    for (let j = 0; j < x.length; j++) {
      for (let k = 0; k < 4; k++) {
        s2 += h0(x) * (x[0] + s2);
      }
    }
  }
  return s2;
}
