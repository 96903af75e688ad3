// fuzz false alarm: the "vjp" check failed on this program (shrunk), though absad was right.
// why: iterating s -= log2(exp(sin(s))) + x0 36 times has second derivatives near 1e7: differences at h = 1e-3 settle on a wrong value (the check now takes the step where they settle)
// found by: npm run fuzz -- --seed 1 (program 34, program seed 1947062629); shrunk in 19 steps
// message:
//   g . d at x = [1.8357502184808254, -1.2020179806277156, 1.4701098538935184, -1.0880424175411463, -1.3462035171687603, 0.9819715199992061], d = [-0.2904943379692161, -0.3288096127877594, -0.5695159667647468, -0.5593934861898905, 0.3825228629949813, -0.15460927734340477]: generated -2179.704598608628, finite differences 2325.36348935633 (h 0.0009178751092404127) and 2366.6070799805725 (h 0.0018357502184808254), tolerance 416.98810266914046
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":6}],"output":"scalar","seed":1947062629,"literals":[0]}
export function f(x: Float64Array): number {
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) {
      s2 -= Math.log2(Math.exp(Math.sin(s2)));
      s2 -= x[0];
    }
  }
  return s2;
}
