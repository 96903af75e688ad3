// fuzz false alarm: the "gradient" check failed on this program (shrunk), though absad was right.
// why: at h = 7e-11 f's quantized values gave identical differences, -4.9999925 at two steps, which looked settled (steps where rounding could fake agreement are no longer used)
// found by: npm run fuzz -- --seed 8 (program 108, program seed 870137981); shrunk in 14 steps
// message:
//   d/dx[3] at x = [-0.31756123807281256, -0.40890187956392765, 1.1942881280556321, -0.33539373334497213, 0.0908912867307663]: generated -5, finite differences -4.999992541079311 (h 7.118511963222219e-11) and -4.999992541079311 (h 2.8474047852888876e-10), tolerance 0.0000049999999999999996
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":5}],"output":"scalar","seed":870137981,"literals":[0]}
export function f(x: Float64Array): number {
  let s1 = 0;
  for (const v7 of x) {
    for (let j = 0; j < x.length; j++) {
      s1 += j - x[j];
    }
  }
  return s1;
}
