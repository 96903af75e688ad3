// absad fuzz reproducer: the "wgsl" check failed on this program (shrunk).
// found by: npm run fuzz -- --seed 1 (program 3193, program seed 376436316); shrunk in 9 steps
// message:
//   f32 value 4.141592979431152, JavaScript 1 at x = [-1.8122286796569824, 0]
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"scalar","seed":376436316,"literals":[1]}
export function f(x: Float64Array): number {
  let s1 = 1;
  s1 += Math.atan2(x[1] * x[0], 2 + Math.cos(1));
  return s1;
}
