// absad fuzz reproducer: the "gradient" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 295; shrunk in 22 steps
// message:
//   d/dx[0] at x = [-0.6662371214479208]: generated 0.8250779882073402, finite differences 4.950467929242919 (h 0.0005) and 4.950467929243881 (h 0.001), tolerance 0.000004951521760979504
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":1},{"name":"m","kind":"int","value":6}],"output":"vector","seed":295,"literals":[1]}
export function f(x: Float64Array, m: number): Float64Array {
  const out = new Float64Array(4);
  let s2 = 1;
  for (let j = m - 1; j > -1; j--) {
    s2 += x[0];
    out[0] = s2;
  }
  return out;
}
