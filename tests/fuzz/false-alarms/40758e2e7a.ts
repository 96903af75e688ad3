// fuzz false alarm: the "vjp" check failed on this program (shrunk), though absad was right.
// why: s /= 1 + sinh(cos(s))^2 iterated: a gradient near 1e6 that finite differences only see below h = 1e-7 (the check now goes down to 1e-9)
// found by: npm run fuzz -- --seed 2024 (program 1119, program seed 2197768166); shrunk in 22 steps
// message:
//   g . d at x = [-1.6366117261350155, -1.2518605729565024, -1.9559074314311147, -0.7505453126505017], d = [0.6325502784409313, -0.6054004954867985, 0.4720232736106958, -0.10278333755274442]: generated 859619.864224652, finite differences -45631.48319060555 (h 0.00012224421446444466) and -87636.33588194614 (h 0.0004889768578577786), tolerance 420049.41975554865
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":4}],"output":"scalar","seed":2197768166,"literals":[0,-2,1]}
export function f(x: Float64Array): number {
  let s0 = 0;
  s0 += -2 - 1;
  s0 += x[0];
  s0 -= 1;
  s0 += s0;
  for (let i = 0; i < x.length; i++) {
    s0 += s0;
    s0 /= 1 + Math.sinh(Math.cos(s0)) ** 2;
    s0 += x[1];
  }
  return s0;
}
