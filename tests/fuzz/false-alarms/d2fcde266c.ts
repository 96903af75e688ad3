// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: acosh(1 + exp(sin(s))) iterated: f is linear only below h = 1e-11, so the model error grows down to 1e-7 (the check now asks finite differences for f's slope at such smooth points)
// found by: npm run fuzz -- --seed 1 (program 3523, program seed 1063678654); shrunk in 7 steps
// message:
//   model error / h^2 grows: 130222850586647.7 (h 0.1), 1302873305607136.2 (h 0.01), 13078234539101532 (h 0.001), 130780708158802420 (h 0.0001), 1307407769455697400 (h 0.00001), 13086429510315164000 (h 0.000001), 133766889704222460000 (h 1e-7), d = [-0.7772261926989288, 0.6207842707765217, -0.10269534818671204] at x = [-1.751382797025144, 1.4758626520633698, -1.283499008975923]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":3}],"output":"scalar","seed":1063678654,"literals":[0]}
export function f(x: Float64Array): number {
  let s0 = 0;
  for (let i = 0; i < x.length; i += 2) {
    for (let j = 0; j < x.length; j++) {
      const t1 = Math.acosh(1 + Math.exp(Math.sin(s0))) * (s0 >= x[(i + 1) % 3] ? s0 : x[(i + 1) % 3]);
      for (let k = 0; k < 3; k++) {
        s0 += t1;
      }
    }
    s0 += s0;
  }
  return s0;
}
