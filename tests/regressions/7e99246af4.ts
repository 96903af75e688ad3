// absad fuzz reproducer: the "compile" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 0; shrunk in 27 steps
// message:
//   absad rejected a program of the subset:
//   fuzz/case51.ts:2:25 error ABS1308 object-literal: object literals are not supported
//      1 | const h0 = (u: number): number => {
//    > 2 |   const a4 = Array.from({ length: 4 }, (_, q5) => u);
//        |                         ^^^^^^^^^^^^^
//    hint: pass numbers and arrays as separate parameters
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":1}],"output":"scalar","seed":0,"literals":[1]}
const h0 = (u: number): number => {
  const a4 = Array.from({ length: 4 }, (_, q5) => u);
  return 1;
};
export function f(x: Float64Array): number {
  return 1;
}
