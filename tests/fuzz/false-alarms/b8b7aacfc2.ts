// fuzz false alarm: the "vjp" check failed on this program (shrunk), though absad was right.
// why: a chaotic iteration: differences at h = 2e-9 and 7e-9 differ by 1%, both off (the check now uses the finest steps that agree to 1e-6, or none)
// found by: npm run fuzz -- --seed 1 (program 3523, program seed 1063678654); shrunk in 7 steps
// message:
//   g . d at x = [1.4317180253565311, -1.0371695971116424, -1.8676944375038147], d = [-0.7028421034729161, -0.7103950454654893, 0.03676760753506055]: generated 35253314713.68911, finite differences 28112599738.336586 (h 1.781172215942206e-9) and 28332018966.01904 (h 7.124688863768824e-9), tolerance 2247808114.1823807
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":3}],"output":"scalar","seed":1063678654,"literals":[0]}
export function f(x: Float64Array): number {
  let s0 = 0;
  for (let i = 0; i < x.length; i += 2) {
    for (let j = 0; j < x.length; j++) {
      const t1 = Math.acosh(1 + Math.exp(Math.sin(s0))) * (s0 >= x[0] ? s0 : x[0]);
      for (let k = 0; k < 3; k++) {
        s0 += t1;
      }
    }
    s0 += Math.sqrt(Math.exp(Math.sin(s0)));
  }
  return s0;
}
