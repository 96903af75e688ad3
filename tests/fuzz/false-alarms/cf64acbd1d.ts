// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: cbrt(2 + cos(1215 x0)) is in the quadratic regime of the model only for h well below 1e-3 (the check now goes down to h = 1e-7)
// found by: npm run fuzz -- --seed 1 (program 660, program seed 3120925761); shrunk in 8 steps
// message:
//   model error / h^2 grows: 312.56805426228306 (h 1e-1), 347.4156466495515 (1e-2), 5924.337401211233 (1e-3), d = [-0.2391301456913161, 0.4752915547092176, 0.497516012460837, 0.6849962402329465, 0.013140763126255261] at x = [1.3077524779364467, -0.610791090875864, 1.0066949725151062, 1.6974625354632735, -0.3095890851691365]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":5}],"output":"scalar","seed":3120925761,"literals":[0]}
export function f(x: Float64Array): number {
  let s4 = 0;
  for (const v5 of x) {
    s4 += x[0];
  }
  for (const v6 of x) {
    s4 += s4 + s4;
  }
  s4 += Math.cbrt(2 + Math.cos(s4));
  return s4;
}
