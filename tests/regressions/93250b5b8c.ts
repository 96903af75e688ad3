// absad fuzz reproducer: the "compile" check failed on this program (shrunk).
// found by the fuzzer's generator, program seed 60; shrunk in 31 steps
// message:
//   absad rejected a program of the subset:
//   fuzz/case142.ts:7:13 error ABS1402 float-index: parameter 'u' of 'h3' is used as an integer (an index, size or bound), but this argument is floating-point data
//      6 |   const t9 = v;
//    > 7 |   return h3(t9);
//        |             ^^
// tests/regressions.test.ts compiles it and runs every differential check on it.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":1}],"output":"scalar","seed":60,"literals":[-1,1.5,1,0,0.12]}
function h3(u: number): number {
  const a5 = new Float64Array([u, 0]);
  return 0.12;
}
function h8(u: number, v: number): number {
  const t9 = v;
  return h3(t9);
}
export function f(x: Float64Array): number {
  let s10 = -1;
  s10 += h8(1.5, 1);
  return 1;
}
