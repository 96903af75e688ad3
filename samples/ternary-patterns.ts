// A robust asymmetric loss with a range penalty, written the way people write it with ternaries
// instead of Math.abs / Math.max. Only the value patterns absad recognizes appear:
//   r < 0 ? -r : r   (abs),   r > 0 ? r : 0   (relu),
//   a > b ? a : b    (max),   a < b ? a : b   (min),  plus >= / <= and mirrored spellings.
//
// ternaryLoss: sum_i (|r_i| + 0.5 relu(r_i)) + 0.1 (max_i x_i - min_i x_i), r_i = x_i - y_i.
// ternaryVariants: the same kind of objective spelled with the other accepted forms:
//   sum_i (|x_i - y_i| + relu(y_i - x_i)) + 0.1 max_i x_i - 0.1 min_i x_i
//   + 0.5 sum_i max(x_i, y_i) - 0.5 sum_i min(x_i, y_i).

export function ternaryLoss(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let hi = x[0];
  let lo = x[0];
  let f = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const r = xi - y[i];
    const absR = r < 0 ? -r : r;
    const over = r > 0 ? r : 0;
    f += absR + 0.5 * over;
    // Skip i = 0: comparing x[0] with itself would be a switch that is identically zero.
    if (i > 0) {
      hi = xi > hi ? xi : hi;
      lo = xi < lo ? xi : lo;
    }
  }
  return f + 0.1 * (hi - lo);
}

export function ternaryVariants(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let hi = x[0];
  let lo = x[0];
  let f = 0;
  for (let i = 1; i < n; i++) {
    hi = hi >= x[i] ? hi : x[i];
    lo = lo <= x[i] ? lo : x[i];
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    const d = yi - xi;
    f += x[i] - y[i] < 0 ? -(x[i] - y[i]) : x[i] - y[i];
    f += d > 0 ? d : 0;
    const top = yi < xi ? xi : yi;
    const bottom = xi > yi ? yi : xi;
    f += 0.5 * (top - bottom);
  }
  return f + 0.1 * (hi - lo);
}
