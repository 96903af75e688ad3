// fuzz false alarm: the "wgsl" check failed on this program (shrunk), though absad was right.
// why: gradients near 1e10 that move by 20% when x moves by an f32 ulp: f32 cannot reproduce them (such points are no longer compared with the kernel)
// found by: npm run fuzz -- --seed 1 (program 9695, program seed 662081409); shrunk in 20 steps
// message:
//   f32 gradient [5480749056, 0, 0, 0], JavaScript [6340647826.369904, 0, 0, 0] (entry 0, tolerance 415502601.39854646) at x = [-0.9799256920814514, -0.4082213342189789, 1.0758014917373657, -1.2904318571090698]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":4}],"output":"scalar","seed":662081409,"literals":[0,0.5]}
export function f(x: Float64Array): number {
  let s2 = 0;
  for (let i = x.length - 1; i > -1; i--) {
    s2 += 0.5 / (2 + Math.cos(s2));
    for (let j = 0; j < 2; j++) {
      for (const v3 of x) {
        s2 += s2 + x[0];
      }
    }
  }
  return s2;
}
