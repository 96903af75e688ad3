// fuzz false alarm: the "anf" check failed on this program (shrunk), though absad was right.
// why: s += atan2(s, 1) twenty times has slope 2^20 at 0: the model's quadratic regime starts near h = 1e-6 (the check now goes down to 1e-7)
// found by: npm run fuzz -- --seed 2024 (program 3075, program seed 508692638); shrunk in 24 steps
// message:
//   model error / h^2 grows: 6509306.942600226 (h 0.1), 64936025.21336339 (h 0.01), 638142218.2450532 (h 0.001), 5697223960.090199 (h 0.0001), d = [0.11083739238288678, 0.33249410926771283, 0.6209958049440564, 0.24547669041728556, 0.6567100916353366] at x = [0, 0, 0, 0, 0]
// tests/fuzz.test.ts runs every differential check on it: none may fail.
// fuzz-case: {"params":[{"name":"x","kind":"wrt","length":5},{"name":"m","kind":"int","value":4}],"output":"scalar","seed":508692638,"literals":[0.5]}
export function f(x: Float64Array, m: number): number {
  let s0 = x[2];
  for (let i = m - 1; i >= 0; i--) {
    for (let j = x.length - 1; j > -1; j--) {
      s0 += Math.atan2(s0, Math.abs(0.5) + 0.5);
    }
  }
  return s0;
}
