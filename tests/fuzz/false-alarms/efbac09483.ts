// fuzz false alarm: the "kink" check failed on this program (shrunk), though absad was right.
// why: s += s * s nine times reaches 1e208: no sample or hull means anything there (points with values beyond 1e12 are now skipped)
// found by: npm run fuzz -- --seed 1 (program 3281, program seed 566424151); shrunk in 18 steps
// message:
//   certified gradient [2.739245030860303e+208] (completion) is 1 from the hull of 1 sampled gradients [[3.50283149867777e+116]] at x = [0] (9 active switches)
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":1}],"output":"vector","seed":566424151,"literals":[1]}
function h0(u: number, lo: number, hi: number): number {
  return Math.max(u, lo);
}
export function f(x: Float64Array): Float64Array {
  const out = new Float64Array(1);
  let s1 = 1;
  for (let i = 3 - 1; i > -1; i--) {
    for (let j = 0; j < 3; j++) {
      s1 += s1 * s1;
      let s3 = s1 * x[0];
      s1 *= 1 + Math.tanh(h0(x[0], s3, 1));
    }
  }
  out[0] += s1;
  return out;
}
