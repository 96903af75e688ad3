// fuzz false alarm: the "primal" check failed on this program (shrunk), though absad was right.
// why: the values overflow to Infinity and NaN, where kink counts mean nothing (Infinity === Infinity is a tie, NaN counts as a zero sign): the counts are now compared at finite points only
// found by: npm run fuzz -- --seed 2024 (program 5491, program seed 1970902706); shrunk in 15 steps
// message:
//   the trace has 18 exactly zero switching variables, f_kinks() = 0 at x = [0, -0.11353282816708088, -1.648654142394662, -0.026283614337444305, 0.6025264319032431, -0.8954282309859991]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":6},{"name":"m","kind":"int","value":6}],"output":"scalar","seed":1970902706,"literals":[0,1]}
export function f(x: Float64Array, m: number): number {
  let s3 = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < x.length; j++) {
      const t10 = s3;
      s3 += (s3 + x[x.length - 1 - i]) * (1 > x[(j + 0) % 6] * t10 ? 1 : x[(j + 0) % 6] * t10);
    }
  }
  return s3;
}
