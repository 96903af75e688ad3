// fuzz false alarm: the "vjp" check failed on this program (shrunk), though absad was right.
// why: the same as 3865ec2727: identical, rounding-quantized differences at h = 1e-10 looked settled
// found by: npm run fuzz -- --seed 8 (program 212, program seed 3587046850); shrunk in 11 steps
// message:
//   g . d at x = [-0.36791818868368864, 1.7713670590892434, -0.9900221647694707, -1.810277445241809, -1.8044060925021768], d = [-0.2834214174853035, 0.4482359059844293, 0.3493138758342453, -0.6719771023573106, -0.3810294775395588]: generated -6.984347601843036, finite differences -6.984335818620084 (h 1.0790094406853968e-10) and -6.984335818620084 (h 4.316037762741587e-10), tolerance 0.000006984347601843036
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":5}],"output":"scalar","seed":3587046850,"literals":[0,0.5,1.5,2]}
function h0(u: number): number {
  return Math.abs(u - 2);
}
export function f(x: Float64Array): number {
  let s1 = 0;
  for (let i = 1; i < x.length; i++) {
    s1 -= -0.5;
  }
  s1 /= 1 + 0.5 ** 2;
  s1 += h0(x[2]);
  s1 += x[3] + 0.5;
  const t3 = x[4] - h0(x[1]);
  for (const v4 of x) {
    s1 -= (1.5 >= s1 ? 1.5 : s1) / (Math.abs(t3 + x[1]) + 0.5);
    for (let j = 0; j <= 3 - 1; j++) {
      s1 += t3;
    }
  }
  return s1 - t3 + Math.atan(0.5);
}
