/**
 * mulberry32: a tiny seeded 32-bit pseudo-random generator, uniform in [0, 1). Everything in
 * absad that draws random numbers (completion directions, `absad report --sample`, tests,
 * benchmarks) uses this one, so a seed means the same numbers everywhere.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
