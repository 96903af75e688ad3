/**
 * Constructed kink points: inputs chosen so that some switching argument is likely exactly
 * zero: all zeros (relu(x_i), |x_i|, max(x_i, 0)), one coordinate zero, two coordinates equal
 * (max(x_i, x_j), |x_i - x_j|), a coordinate at one of the program's literals or its negative
 * (|x_i - 0.5|, min(x_i, 2)), and mixtures. Which of them really are kinks is decided by the
 * trace (an exactly zero switching variable), not assumed.
 */
import type { Rng } from '../../util/rng.js';
import { randomPoint } from './common.js';

export function constructedPoints(rng: Rng, n: number, literals: number[], count: number): Float64Array[] {
  const lits = literals.length > 0 ? literals : [0];
  const lit = () => {
    const v = lits[Math.floor(rng() * lits.length)];
    return rng() < 0.3 ? -v : v;
  };
  const out: Float64Array[] = [new Float64Array(n)];
  for (let k = 0; out.length < count && k < 4 * count; k++) {
    const x = randomPoint(rng, n);
    const i = Math.floor(rng() * n);
    const j = Math.floor(rng() * n);
    switch (k % 5) {
      case 0:
        x[i] = 0;
        break;
      case 1:
        x[i] = x[j];
        if (i === j) x[i] = 0;
        break;
      case 2:
        x[i] = lit();
        break;
      case 3:
        x[i] = lit();
        x[j] = x[i];
        break;
      default:
        x.fill(lit());
        break;
    }
    out.push(x);
  }
  return out;
}
