// absad fuzz reproducer: the "gradient" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 306; shrunk in 24 steps
// message:
//   d/dx[1] at x = [-0.2739946227520704, 1.9320584377273917]: generated 0, finite differences 0.9153816248290573 (h 0.0009660292188636959) and 0.9153816248290956 (h 0.0019320584377273918), tolerance 0.0000010004612928133007
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"vector","seed":306,"literals":[0,1]}
const h0 = (a: Float64Array, u: number): number => a[1];
export function f(x: Float64Array): Float64Array {
  const out = new Float64Array(1);
  let s2 = 0;
  s2 -= h0(x, 1);
  for (let i = 0; i < 1; i += 2) {
    s2 -= 1;
    out[i] += s2;
  }
  return out;
}
