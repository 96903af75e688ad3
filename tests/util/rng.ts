/**
 * Seeded pseudo-random numbers for tests: mulberry32 (runtime/rng.ts, the one generator absad
 * uses everywhere). Tests must be reproducible, so every random point comes from a named seed.
 */
import { mulberry32, type Rng } from '../../runtime/rng.js';

export { mulberry32, type Rng };

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

export function randomArray(rng: Rng, length: number, lo = -1, hi = 1): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = uniform(rng, lo, hi);
  return out;
}
