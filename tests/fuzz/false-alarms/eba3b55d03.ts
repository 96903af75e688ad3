// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: a gradient entry that cancels to 0 in one sweep and to 1.7e-18 in the other: the tolerance was relative to the cancelled partials (now to the sum over paths)
// found by: npm run fuzz -- --seed 2024 (program 201, program seed 4026251618); shrunk in 22 steps
// message:
//   J + Y Sigma (I - L Sigma)^-1 Z = 0, generated gradient -1.734723475976807e-18 in entry 1 at x = [-1.3476847251877189, -0.140219503082335]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":2}],"output":"vector","seed":4026251618,"literals":[1,0.1]}
export function f(x: Float64Array): Float64Array {
  const out = new Float64Array(3);
  let s2 = 1;
  for (let i = 0; i < x.length; i++) {
    out[2] += x[i];
  }
  s2 *= 0.1 * (x[1] - out[2]);
  for (const v11 of out) {
    s2 -= v11;
  }
  out[2] += s2;
  return out;
}
