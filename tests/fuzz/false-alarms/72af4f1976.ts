// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: an exactly zero z whose model value carries the rounding of earlier rows: the tolerance was relative to |z| + sum |L z| = 0 (now to what the substitution adds up)
// found by: npm run fuzz -- --seed 2024 (program 699, program seed 413432876); shrunk in 19 steps
// message:
//   model at dx = 0: z[5] = 2.220446049250313e-16, trace 0 at x = [-0.2432692451402545, -0.08728090114891529, 1.664212865754962, -0.005048771388828754]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":4}],"output":"scalar","seed":413432876,"literals":[1,0]}
function h0(u: number): number {
  return Math.max(u, 0);
}
export function f(x: Float64Array): number {
  let s1 = 1;
  for (let i = 0; i < 3; i++) {
    s1 -= 0 < s1 ? s1 : -s1;
    s1 /= 1 + h0(0 > s1 / Math.hypot(1, 1) ? -(s1 / Math.hypot(1, 1)) : s1 / Math.hypot(1, 1)) ** 2;
    s1 += x[(i + 1) % 5];
  }
  return s1;
}
