// fuzz false alarm: the "gradient" check failed on this program (shrunk), though absad was right.
// why: a chaotic iteration with derivative 1e14: differences settle only below h = 1e-9 (the check now skips differences that never settle; the anf check still compares the gradient with the ANF)
// found by: npm run fuzz -- --seed 2024 (program 4510, program seed 2839855328); shrunk in 16 steps
// message:
//   d/dx[0] at x = [-1.3322240505367517, -1.1534622488543391, 1.4213867858052254, 1.2622230276465416, -0.3869471438229084, -1.767136624082923]: generated 112308209735.55028, finite differences 667244944.1492658 (h 0.00011044603900518269) and 1076423097.412354 (h 0.00044178415602073076), tolerance 4091894261.6058125
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":6}],"output":"scalar","seed":2839855328,"literals":[1]}
export function f(x: Float64Array): number {
  let s1 = x[0];
  let s2 = 1;
  for (let i = 0; i <= 4 - 1; i++) {
    for (let k = 1; k < x.length; k++) {
      s2 += Math.expm1(Math.cos(s1)) * s1;
    }
    for (const v6 of x) {
      s1 += s2;
    }
  }
  return s1;
}
